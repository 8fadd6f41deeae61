"""aiohttp peer: REQUESTS GETs of URL through one ClientSession, at most CONCURRENCY in flight.

Usage: aiohttp_get.py URL REQUESTS CONCURRENCY REPEATS. Prints ROUND i aiohttp=... for each of REPEATS
runs after a warm-up run of at most 1,000 requests, then RESULT requests_per_s=... (their median).
"""
import asyncio
import statistics
import sys
import time

import aiohttp


async def get_all(session, url, requests, concurrency):
    sem = asyncio.Semaphore(concurrency)

    async def one():
        async with sem:
            async with session.get(url) as resp:
                if resp.status != 200:
                    raise RuntimeError("status %d" % resp.status)
                return len(await resp.read())

    sizes = await asyncio.gather(*[one() for _ in range(requests)])
    assert sum(sizes) == 1024 * requests, sum(sizes)


async def main(url, requests, concurrency, repeats):
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        await get_all(session, url, min(requests, 1000), concurrency)
        rates = []
        for i in range(repeats):
            t0 = time.perf_counter()
            await get_all(session, url, requests, concurrency)
            rates.append(requests / (time.perf_counter() - t0))
            print("ROUND %d aiohttp=%.3f" % (i + 1, rates[-1]))
    return statistics.median(rates)


if __name__ == "__main__":
    url, requests, concurrency, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    print("RESULT requests_per_s=%.6f" % asyncio.run(main(url, requests, concurrency, repeats)))
