"""asyncio peers of the 100,000 no-op tasks: asyncio.gather and asyncio.TaskGroup.

Usage: asyncio_gather.py gather|taskgroup COUNT REPEATS. Prints RESULT us_per_task=... (median of
REPEATS runs after three warm-up runs, each in one event loop). With REPEATS 0 it gathers once, with
no warm-up, and exits: the bench times that whole process and subtracts the same process with
COUNT 0 (the interpreter's start-up).
"""
import asyncio
import statistics
import sys
import time


async def noop():
    return 1


async def with_gather(count):
    t0 = time.perf_counter()
    results = await asyncio.gather(*[noop() for _ in range(count)])
    elapsed = time.perf_counter() - t0
    assert len(results) == count
    return elapsed


async def with_taskgroup(count):
    t0 = time.perf_counter()
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(noop()) for _ in range(count)]
    results = [t.result() for t in tasks]
    elapsed = time.perf_counter() - t0
    assert len(results) == count
    return elapsed


async def main(mode, count, repeats):
    run = with_gather if mode == "gather" else with_taskgroup
    if repeats == 0:
        return await run(count) / max(count, 1) * 1e6
    for _ in range(3):
        await run(count)
    times = [await run(count) for _ in range(repeats)]
    return statistics.median(times) / count * 1e6


if __name__ == "__main__":
    mode, count, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    print("RESULT us_per_task=%.6f" % asyncio.run(main(mode, count, repeats)))
