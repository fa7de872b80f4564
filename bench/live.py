"""Live updates and statistics (issue 13): 1,000 open event streams held by one gateway, presence's
memory and the gateway's beside them, the time from a committed mark to its event at a client
watching the session (p95 <= 250 ms with the 1,000 open), and the attendance statistics of a term of
a 500-person group (the register bench's 100 lessons x 500 participants)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from datetime import date, timedelta

import httpx

STREAMS = 1000
MARKS = 200


async def _open_stream(client: httpx.AsyncClient, session_id: str, arrivals: dict, ready: asyncio.Event, opened: list):
    """One stream: records when each event arrives (by record id and version)."""
    async with client.stream("GET", "/api/events", params={"session_id": session_id}) as answer:
        assert answer.status_code == 200, await answer.aread()
        opened.append(1)
        if len(opened) == STREAMS:
            ready.set()
        async for line in answer.aiter_lines():
            if line.startswith("data: {") and '"version"' in line:
                data = json.loads(line[6:])
                arrivals.setdefault((data["id"], data["version"]), time.perf_counter())


async def _marks_to_events(
    gateway: str, token: str, sessions: list[str], participants: list[str], measure_rss: Callable[[], dict]
):
    """1,000 streams spread over the sessions; marks one after another; mark-to-event latencies,
    and the processes' memory while the streams are open."""
    arrivals: dict = {}
    ready, opened = asyncio.Event(), []
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=STREAMS + 10, max_keepalive_connections=20)
    timeout = httpx.Timeout(60, read=None)
    async with (
        httpx.AsyncClient(base_url=gateway, headers=headers, limits=limits, timeout=timeout) as streams,
        httpx.AsyncClient(base_url=gateway, headers=headers, timeout=30) as marker,
    ):
        tasks = [
            asyncio.create_task(_open_stream(streams, sessions[n % len(sessions)], arrivals, ready, opened))
            for n in range(STREAMS)
        ]
        await asyncio.wait_for(ready.wait(), 120)
        latencies = []
        for n in range(MARKS):
            session, participant = sessions[n % len(sessions)], participants[n % len(participants)]
            answer = await marker.post(
                "/api/presence",
                json={"session_id": session, "participant_id": participant, "state": ("late", "absent")[n % 2]},
            )
            committed = time.perf_counter()
            record = answer.json()
            key = (record["id"], record["version"])
            deadline = committed + 10
            while key not in arrivals and time.perf_counter() < deadline:
                await asyncio.sleep(0.002)
            latencies.append(arrivals.get(key, deadline) - committed)
            await asyncio.sleep(0.05)
        rss = measure_rss()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return latencies, rss


def run(config, world, row, header, rss_mb, register: dict) -> None:
    gateway = config.url("gateway")
    world.sign_in_again()  # the earlier figures took longer than an access token lives
    sessions = world.sessions[-20:]  # twenty lessons nobody else marks, 50 streams on each
    print(f"\nLive updates: {STREAMS} open event streams on one gateway, {MARKS} marks one after another")
    print(header)

    def measure_rss():
        return {name: rss_mb(config.ports[name]) for name in ("gateway", "presence")}

    latencies, rss = asyncio.run(_marks_to_events(gateway, world.frontline, sessions, world.participants, measure_rss))
    row("a committed mark to its event at a client watching", latencies, "p95 <= 250")
    print(f"  {'RSS with the streams open, gateway / presence (MB)':<62}{rss['gateway']:>8.0f}{rss['presence']:>8.0f}")

    print("\nAttendance statistics for a term of a 500-person group (100 lessons x 500, by week)")
    print(header)
    with httpx.Client(base_url=gateway, headers={"Authorization": f"Bearer {world.admin}"}, timeout=60) as http:
        params = {"group_id": register["group_id"], "from": register["from"], "interval": "week"}
        params["to"] = str(
            min(date.fromisoformat(register["to"]), date.fromisoformat(register["from"]) + timedelta(days=399))
        )
        samples = []
        for _ in range(30):
            started = time.perf_counter()
            answer = http.get("/api/stats/attendance", params=params)
            samples.append(time.perf_counter() - started)
            assert answer.status_code == 200 and answer.json()["items"], answer.text
        row("GET /api/stats/attendance, through the gateway", samples, "well under 100")
