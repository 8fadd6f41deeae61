"""aiofiles peer: read every file of a directory concurrently, one task per file.

Usage: aiofiles_read.py DIR REPEATS. Prints RESULT ms=... (median of REPEATS runs after a warm-up run).
"""
import asyncio
import os
import statistics
import sys
import time

import aiofiles


async def read_one(path):
    async with aiofiles.open(path, "rb") as f:
        return len(await f.read())


async def read_all(paths):
    t0 = time.perf_counter()
    sizes = await asyncio.gather(*[read_one(p) for p in paths])
    elapsed = time.perf_counter() - t0
    assert sum(sizes) == 4096 * len(paths), sum(sizes)
    return elapsed


async def main(directory, repeats):
    paths = sorted(os.path.join(directory, n) for n in os.listdir(directory))
    await read_all(paths)
    times = [await read_all(paths) for _ in range(repeats)]
    return statistics.median(times) * 1e3


if __name__ == "__main__":
    print("RESULT ms=%.6f" % asyncio.run(main(sys.argv[1], int(sys.argv[2]))))
