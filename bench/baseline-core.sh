#!/bin/sh
# Builds weft-core as it was at a git revision (default: main; the committed results name the
# revision they used) into a temporary directory and prints the jar's path, for ClockHooksBench:
#
#   jar=$(bench/baseline-core.sh)
#   mvn -B -q -pl bench -am -DskipTests package exec:exec -Dbench.args="--clock-hooks --baseline $jar"
#
# Nothing is installed into a Maven repository; the checkout is left untouched.
set -eu
rev=${1:-main}
dir=$(mktemp -d "${TMPDIR:-/tmp}/weft-baseline-XXXXXX")
git -C "$(dirname "$0")/.." archive "$rev" | tar -x -C "$dir"
mvn -B -q -f "$dir/pom.xml" -pl core -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package >&2
ls "$dir"/core/target/weft-core-*.jar | grep -v -e sources -e javadoc -e tests | head -1
