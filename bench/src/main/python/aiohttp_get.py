"""aiohttp peer: REQUESTS GETs of URL through one ClientSession, at most CONCURRENCY in flight.

Usage: aiohttp_get.py URL REQUESTS CONCURRENCY REPEATS. Prints RESULT requests_per_s=... (median of
REPEATS runs after a warm-up run of at most 1,000 requests).
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
        for _ in range(repeats):
            t0 = time.perf_counter()
            await get_all(session, url, requests, concurrency)
            rates.append(requests / (time.perf_counter() - t0))
    return statistics.median(rates)


if __name__ == "__main__":
    url, requests, concurrency, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    print("RESULT requests_per_s=%.6f" % asyncio.run(main(url, requests, concurrency, repeats)))
