"""The session modes' figures (issue 11), each beside the single-record figure measured before them:
kiosk scans — one door scanning badge after badge (each checked in, then out, no think time: its
p95 is the kiosk target, <= 50 ms), then eight doors at once for the most scans per second — and
self check-ins of 500 participants arriving within a minute (each their own login, typing the
code shown at that moment)."""

from __future__ import annotations

import asyncio
import random
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx

PASSWORD = "bench-password-123"


def _ok(answer: httpx.Response) -> dict:
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def _session(http: httpx.Client, group: str, mode: str, title: str) -> str:
    start = datetime.now(UTC) - timedelta(minutes=1)
    return _ok(
        http.post(
            "/api/sessions",
            json={
                "group_id": group,
                "title": title,
                "mode": mode,
                "status": "open",
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=2)).isoformat(),
            },
        )
    )["id"]


async def _kiosk_scans(base: str, tokens: list[str], badges: list[str]) -> tuple[list[float], float]:
    """Every badge scanned twice (in, then out) by as many doors as there are tokens, flat out."""
    samples: list[float] = []
    queue = list(badges)
    started_all = time.perf_counter()

    async def door(token: str) -> None:
        async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Kiosk {token}"}, timeout=30) as http:
            while queue:
                badge = queue.pop()
                for expected in ("checked_in", "checked_out"):
                    started = time.perf_counter()
                    answer = await http.post("/api/kiosk/scan", json={"badge": badge})
                    samples.append(time.perf_counter() - started)
                    assert answer.status_code == 200 and answer.json()["action"] == expected, answer.text

    await asyncio.gather(*(door(t) for t in tokens))
    return samples, len(samples) / (time.perf_counter() - started_all)


def _learners(gateway: str, world, participants: list[str]) -> list[str]:
    """A login per participant (external role, linked): their e-mail addresses. Made 100 at a time
    with the administrator signed in again before each hundred: on a busy machine 500 sign-ups
    (each hashing a password) can take longer than an access token lives."""
    suffix = random.randrange(16**6)

    def make(n_pid: tuple[int, str]) -> str:
        n, pid = n_pid
        email = f"learner-{suffix:06x}-{n}@example.com"
        with httpx.Client(base_url=gateway, timeout=60) as http:
            _ok(
                http.post(
                    "/api/users",
                    headers={"Authorization": f"Bearer {world.admin}"},
                    json={
                        "email": email,
                        "full_name": f"Learner {n}",
                        "role": "external",
                        "password": PASSWORD,
                        "participant_id": pid,
                    },
                )
            )
        return email

    emails: list[str] = []
    numbered = list(enumerate(participants))
    with ThreadPoolExecutor(8) as pool:
        for first in range(0, len(numbered), 100):
            world.sign_in_again()
            emails += pool.map(make, numbered[first : first + 100])
    return emails


async def _arrivals(base: str, world, session: str, emails: list[str], seconds: float) -> list[float]:
    """Every learner signs in first; then each arrives at a random moment within ``seconds`` and
    types the code shown then. Only the check-in is timed (one whose token expired meanwhile, on a
    busy machine, signs in again untimed and checks in)."""
    samples: list[float] = []
    shown: dict[str, str | datetime] = {}
    signing_in = asyncio.Semaphore(8)
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:

        async def sign_in(email: str) -> str:
            async with signing_in:
                answer = await http.post("/api/auth/login", json={"email": email, "password": PASSWORD})
            return _ok(answer)["access_token"]

        async def code() -> str:
            now = datetime.now(UTC)
            if not shown or now >= shown["until"]:
                answer = await http.post(
                    f"/api/sessions/{session}/check-in-code", headers={"Authorization": f"Bearer {world.frontline}"}
                )
                if answer.status_code == 401:
                    world.sign_in_again()
                    return await code()
                body = _ok(answer)
                shown.update(
                    code=body["code"], until=datetime.fromisoformat(body["expires_at"]) - timedelta(seconds=10)
                )
            return shown["code"]

        async def learner(email: str, token: str) -> None:
            await asyncio.sleep(random.uniform(0, seconds))
            for _attempt in range(2):
                typed = await code()
                started = time.perf_counter()
                answer = await http.post(
                    "/api/presence/self-check-in", json={"code": typed}, headers={"Authorization": f"Bearer {token}"}
                )
                if answer.status_code != 401:
                    break
                token = await sign_in(email)
            samples.append(time.perf_counter() - started)
            assert answer.status_code == 201, answer.text

        tokens = await asyncio.gather(*(sign_in(e) for e in emails))
        await asyncio.gather(*(learner(e, t) for e, t in zip(emails, tokens, strict=True)))
    return samples


def _beside(single: tuple[float, float, float]) -> None:
    """The single-record figure measured earlier, repeated under a mode's rows to compare with."""
    p50, p95, p99 = single
    print(f"  {'beside: one record through the gateway, measured above':<62}{p50:>8.1f}{p95:>8.1f}{p99:>8.1f}")


def run(config, world, row, header, single: tuple[float, float, float]) -> None:
    gateway, presence = config.url("gateway"), config.url("presence")
    badges = [f"P{i:03d}" for i in range(500)]
    with httpx.Client(base_url=gateway, headers={"Authorization": f"Bearer {world.admin}"}, timeout=60) as http:
        kiosks = {}
        for label in ("gateway", "presence"):
            session = _session(http, world.group, "check_in_out", f"Drop-in ({label})")
            kiosks[label] = [
                _ok(http.post("/api/kiosks", json={"name": f"Door {n}", "session_ids": [session]}))["token"]
                for n in range(8)
            ]
        lecture = _session(http, world.group, "self_check_in", "Lecture")

    print("\nKiosk scans: each badge checked in then out, no think time (kiosk p95 <= 50 ms at one door)")
    print(header)
    for label, base, target in (
        ("one door, 100 badges, through the gateway", gateway, "<= 50"),
        ("  floor: straight to the presence service", presence, ""),
    ):
        tokens = kiosks["gateway" if base == gateway else "presence"]
        samples, rate = asyncio.run(_kiosk_scans(base, tokens[:1], badges[:100]))
        row(f"{label} ({rate:.0f} scans/s)", samples, target)
    for label, base in (
        ("eight doors at once, 400 badges, through the gateway", gateway),
        ("  floor: straight to the presence service", presence),
    ):
        tokens = kiosks["gateway" if base == gateway else "presence"]
        samples, rate = asyncio.run(_kiosk_scans(base, tokens, badges[100:]))
        row(f"{label} ({rate:.0f} scans/s)", samples)
    _beside(single)

    print("\nSelf check-in: 500 participants arriving within a minute, each with their own login")
    emails = _learners(gateway, world, world.participants)
    world.sign_in_again()
    print(header)
    samples = asyncio.run(_arrivals(gateway, world, lecture, emails, seconds=60))
    row(f"self check-in, through the gateway ({len(samples)} check-ins)", samples)
    _beside(single)
