#!/usr/bin/env bash
# Runs every Weft benchmark and writes bench/results/latest.json, bench/results/ratios.svg and
# docs/benchmarks.md (see bench/README.md).
#
#   bench/run.sh            the real run (about 20 minutes on 2 cores)
#   bench/run.sh --quick    a smoke run (a few minutes), written to bench/results/tmp/
#
# Further arguments go to dev.weft.bench.BenchMain: --groups REGEX, --cases REGEX, --process REGEX,
# --no-groups, --no-process, --no-memory, --rounds N, --jvm-arg ARG (see bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=--full
extra=()
for a in "$@"; do
  case "$a" in
    --quick) mode=--quick ;;
    --full) mode=--full ;;
    *) extra+=("$a") ;;
  esac
done

# The peers of the whole-process comparisons come from Debian: nginx, and the asyncio libraries
# for Debian's own python3 (/usr/bin/python3, which is where python3-* packages install).
need=()
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || need+=(nginx-light)
if [ -x /usr/bin/python3 ]; then
  /usr/bin/python3 -c 'import aiohttp' >/dev/null 2>&1 || need+=(python3-aiohttp)
  /usr/bin/python3 -c 'import aiofiles' >/dev/null 2>&1 || need+=(python3-aiofiles)
else
  need+=(python3 python3-aiohttp python3-aiofiles)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "bench/run.sh: installing missing Debian packages: ${need[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
fi

# exec:exec in the same command as a lifecycle phase runs on the toolchain-selected JDK (21+,
# the newest found), not on the default java.
exec mvn -B -q -pl bench -am -DskipTests package exec:exec -Dbench.args="$mode ${extra[*]:-}"
