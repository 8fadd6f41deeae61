"""asyncio peer of the 1,000,000 concurrent sleepers: one TaskGroup, each task sleeps.

Usage: asyncio_sleepers.py COUNT MILLIS. Prints RESULT wall_s=... and RESULT rss_mb=... (VmHWM).
"""
import asyncio
import sys
import time


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


async def main(count, seconds):
    async with asyncio.TaskGroup() as tg:
        for _ in range(count):
            tg.create_task(asyncio.sleep(seconds))


if __name__ == "__main__":
    count, millis = int(sys.argv[1]), int(sys.argv[2])
    t0 = time.perf_counter()
    asyncio.run(main(count, millis / 1000.0))
    print("RESULT wall_s=%.6f" % (time.perf_counter() - t0))
    print("RESULT rss_mb=%.6f" % peak_rss_mb())
