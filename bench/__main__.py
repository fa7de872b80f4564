"""Boots a throwaway stack on MySQL and Redis and prints each figure beside its floor.

Figures so far: the cost of an authenticated read through the gateway (token verification and the
login-session check in the service, proxying in the gateway) beside the same request straight to
the service, at a steady load and flat out; and each process's memory afterwards.
"""

from __future__ import annotations

import asyncio
import statistics
import time

import httpx
import psutil

from omni_stack.stack import throwaway_stack

PASSWORD = "omnipresence-demo"


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return q[49] * 1000, q[94] * 1000, q[98] * 1000


async def steady(url: str, token: str, users: int, seconds: float) -> list[float]:
    """``users`` clients, each acting about once a second."""
    samples: list[float] = []
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(headers=headers, timeout=10) as client:

        async def user(offset: float) -> None:
            await asyncio.sleep(offset)
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                started = time.perf_counter()
                answer = await client.get(url)
                samples.append(time.perf_counter() - started)
                assert answer.status_code == 200, answer.text
                await asyncio.sleep(max(0.0, 1.0 - (time.perf_counter() - started)))

        await asyncio.gather(*(user(i / users) for i in range(users)))
    return samples


async def flat_out(url: str, token: str, concurrency: int, seconds: float) -> float:
    done = 0
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(headers=headers, timeout=10) as client:
        deadline = time.monotonic() + seconds

        async def worker() -> None:
            nonlocal done
            while time.monotonic() < deadline:
                answer = await client.get(url)
                assert answer.status_code == 200
                done += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return done / seconds


def main() -> None:
    with throwaway_stack() as (config, _state), httpx.Client() as http:
        gateway, identity = config.url("gateway"), config.url("identity")
        token = http.post(
            f"{gateway}/api/auth/login", json={"email": "admin@example.com", "password": PASSWORD}
        ).json()["access_token"]
        print("\nOmnipresence benchmark — MySQL", config.mysql_url.split("@")[-1], "and Redis", config.redis_url)
        print(f"{'measure':<58}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
        for label, base in (
            ("GET /api/auth/me, 50 users ~1/s, through the gateway", gateway),
            ("  floor: the same, straight to the identity service", identity),
        ):
            samples = asyncio.run(steady(f"{base}/api/auth/me", token, users=50, seconds=10))
            p50, p95, p99 = percentiles(samples)
            print(f"{label:<58}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}")
        for label, base in (
            ("GET /api/auth/me flat out (32 at once), through the gateway", gateway),
            ("  floor: the same, straight to the identity service", identity),
        ):
            rate = asyncio.run(flat_out(f"{base}/api/auth/me", token, concurrency=32, seconds=8))
            print(f"{label:<58}{rate:>9.0f} requests/s")
        print("\nMemory after the load (RSS, MB; target ≤ 200 per API process)")
        for name, process in sorted(config_processes(config).items()):
            print(f"  {name:<20}{process.memory_info().rss / 2**20:>8.0f}")


def config_processes(config) -> dict[str, psutil.Process]:
    found = {}
    for name, port in config.ports.items():
        for conn in psutil.net_connections("tcp"):
            if conn.laddr and conn.laddr.port == port and conn.status == psutil.CONN_LISTEN and conn.pid:
                found[name] = psutil.Process(conn.pid)
    return found


if __name__ == "__main__":
    main()
