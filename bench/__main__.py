"""`make bench`: boots a throwaway stack on MySQL and Redis and prints each figure of SPEC §6.1
beside its target and its floor (the same request straight to the service, not through the
gateway). The load comes from this process (asyncio + httpx), on the same machine; the mixed load
of 10 organizations from Locust in a process of its own (bench/locustfile.py). Throughput figures
come with the CPU milliseconds each process spent per record (from /proc), and a warning whenever
the machine is busy with other work, so a noisy run is not mistaken for a regression.
"""

from __future__ import annotations

import asyncio
import secrets
import statistics
import time
from datetime import UTC, datetime, timedelta

import httpx
import psutil

from bench import live as live_figures
from bench import machine
from bench import mixed as mixed_load
from bench import modes as mode_figures
from bench import processes as process_figures
from bench import reports as report_figures
from bench import scroll as scroll_figures
from bench import sync as sync_figures
from bench import webhooks as webhook_figures
from omni_stack.stack import throwaway_stack

PASSWORD = "bench-password-123"


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return q[49] * 1000, q[94] * 1000, q[98] * 1000


def row(label: str, samples: list[float], target: str = "") -> tuple[float, float, float]:
    p50, p95, p99 = percentiles(samples)
    print(f"  {label:<62}{p50:>8.1f}{p95:>8.1f}{p99:>8.1f}   {target}")
    return p50, p95, p99


def ok(answer: httpx.Response) -> dict:
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


class World:
    """An organization with a 500-member class, its frontline teacher and plenty of sessions."""

    def __init__(self, gateway: str, sessions: int):
        self.gateway = gateway
        admin_email = f"bench-{secrets.token_hex(4)}@example.com"
        http = httpx.Client(base_url=gateway, timeout=60)
        ok(
            http.post(
                "/api/organizations",
                json={
                    "name": "Bench school",
                    "domain": "education",
                    "timezone": "UTC",
                    "admin_email": admin_email,
                    "admin_password": PASSWORD,
                    "admin_name": "Bench admin",
                },
            )
        )
        self.emails = {"admin": admin_email}
        self.admin = self._token(http, admin_email)
        http.headers["Authorization"] = f"Bearer {self.admin}"
        teacher = f"teacher-{secrets.token_hex(4)}@example.com"
        teacher_id = ok(
            http.post(
                "/api/users", json={"email": teacher, "full_name": "Teacher", "role": "frontline", "password": PASSWORD}
            )
        )["id"]
        self.emails["frontline"] = teacher
        self.frontline = self._token(http, teacher)
        self.group = ok(http.post("/api/groups", json={"name": "Year 9", "domain": "education"}))["id"]
        csv = "name,external_ref\n" + "\n".join(f"Pupil {i:03d},P{i:03d}" for i in range(500))
        ok(http.post("/api/participants/import", files={"file": ("class.csv", csv.encode())}))
        self.participants = [p["id"] for p in ok(http.get("/api/participants", params={"limit": 1000}))["items"]]
        ok(http.post(f"/api/groups/{self.group}/members", json={"participant_ids": self.participants}))
        ok(http.post(f"/api/groups/{self.group}/staff", json={"user_ids": [teacher_id]}))
        start = datetime.now(UTC) - timedelta(minutes=5)
        ok(
            http.post(
                "/api/sessions",
                json={
                    "group_id": self.group,
                    "title": "Lesson",
                    "starts_at": start.isoformat(),
                    "ends_at": (start + timedelta(hours=1)).isoformat(),
                    "repeat": {"freq": "daily", "count": sessions},
                },
            )
        )
        self.sessions = [
            s["id"] for s in ok(http.get("/api/sessions", params={"group_id": self.group, "limit": 1000}))["items"]
        ]
        http.close()

    def sign_in_again(self) -> None:
        with httpx.Client(base_url=self.gateway, timeout=60) as http:
            self.admin = self._token(http, self.emails["admin"])
            self.frontline = self._token(http, self.emails["frontline"])

    @staticmethod
    def _token(http: httpx.Client, email: str) -> str:
        return ok(http.post("/api/auth/login", json={"email": email, "password": PASSWORD}))["access_token"]


async def one_record_load(
    base: str, world: World, users: int, seconds: float, sessions: list[str], first: int = 0
) -> list[float]:
    """``users`` teachers, each recording one pupil about once a second in a session of their own.
    Mark ``first`` onwards: a later run from a further ``first`` changes the marks an earlier one
    made (the same mark again changes nothing and is no event)."""
    samples: list[float] = []
    headers = {"Authorization": f"Bearer {world.frontline}"}
    async with httpx.AsyncClient(
        base_url=base, headers=headers, timeout=30, limits=httpx.Limits(max_connections=users)
    ) as client:

        async def user(n: int) -> None:
            await asyncio.sleep(n / users)
            session, i = sessions[n], first
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                participant = world.participants[i % 500]
                state = ("present", "late", "absent")[(i // 500) % 3]
                started = time.perf_counter()
                answer = await client.post(
                    "/api/presence", json={"session_id": session, "participant_id": participant, "state": state}
                )
                samples.append(time.perf_counter() - started)
                assert answer.status_code in (200, 201), answer.text
                i += 1
                await asyncio.sleep(max(0.0, 1.0 - (time.perf_counter() - started)))

        await asyncio.gather(*(user(n) for n in range(users)))
    return samples


async def flat_out(base: str, world: World, concurrency: int, seconds: float, sessions: list[str]) -> float:
    """Records per second with no think time."""
    done = 0
    headers = {"Authorization": f"Bearer {world.frontline}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as client:
        deadline = time.monotonic() + seconds

        async def worker(n: int) -> None:
            nonlocal done
            i = 0
            while time.monotonic() < deadline:
                answer = await client.post(
                    "/api/presence",
                    json={
                        "session_id": sessions[n],
                        "participant_id": world.participants[i % 500],
                        "state": ("present", "absent")[(i // 500) % 2],
                    },
                )
                assert answer.status_code in (200, 201), answer.text
                done += 1
                i += 1

        await asyncio.gather(*(worker(n) for n in range(concurrency)))
    return done / seconds


def timed(client: httpx.Client, method: str, path: str, times: int, body=None) -> list[float]:
    samples = []
    for n in range(times):
        started = time.perf_counter()
        answer = client.request(method, path, json=body(n) if callable(body) else body)
        samples.append(time.perf_counter() - started)
        assert answer.status_code == 200, answer.text
    return samples


def rss_mb(port: int) -> float:
    for conn in psutil.net_connections("tcp"):
        if conn.laddr and conn.laddr.port == port and conn.status == psutil.CONN_LISTEN and conn.pid:
            return psutil.Process(conn.pid).memory_info().rss / 2**20
    return float("nan")


def main() -> None:
    started = []
    with throwaway_stack(on_ready=started.append) as (config, _state):
        stack = started[0]
        gateway, presence, identity = config.url("gateway"), config.url("presence"), config.url("identity")
        world = World(gateway, sessions=400)
        print(
            f"\nOmnipresence benchmark — MySQL at {config.mysql_url.split('@')[-1]}, Redis {config.redis_url}, "
            f"{psutil.cpu_count()} cores; p50 / p95 / p99 in ms\n"
        )
        machine.warn_if_busy("as the benchmark starts")
        header = f"  {'measure':<62}{'p50':>8}{'p95':>8}{'p99':>8}   target"
        sessions = iter(world.sessions)

        print(
            "Recording one presence, 50 users each acting about once a second, after 5 s of the same load "
            "to open connections (SPEC 6.1: p95 <= 20 ms)"
        )
        print(header)
        single = []
        for label, base in (("through the gateway", gateway), ("  floor: straight to the presence service", presence)):
            chosen = [next(sessions) for _ in range(50)]
            asyncio.run(one_record_load(base, world, users=50, seconds=5, sessions=chosen))
            samples = asyncio.run(one_record_load(base, world, users=50, seconds=20, sessions=chosen))
            single.append(row(f"{label} ({len(samples)} records)", samples, "<= 20" if base == gateway else ""))
        added = single[0][0] - single[1][0]
        print(f"  {'what the gateway adds, p50':<62}{added:>8.1f}{'':>16}   <= 1")
        machine.warn_if_busy("during this measurement")

        auth = {"Authorization": f"Bearer {world.frontline}"}
        with (
            httpx.Client(base_url=gateway, headers=auth, timeout=60) as via,
            httpx.Client(base_url=presence, headers=auth, timeout=60) as direct,
        ):
            print("\nA 500-participant roll call in one request (SPEC 6.1: p95 <= 250 ms)")
            print(header)
            for label, client in (
                ("bulk of 500 new records, through the gateway", via),
                ("  floor: straight to the presence service", direct),
            ):
                bulk_sessions = [next(sessions) for _ in range(20)]
                samples = timed(
                    client,
                    "POST",
                    "/api/presence/bulk",
                    20,
                    lambda n, s=bulk_sessions: {
                        "session_id": s[n],
                        "records": [{"participant_id": p, "state": "present"} for p in world.participants],
                    },
                )
                row(label, samples, "<= 250" if client is via else "")
            roster_session = bulk_sessions[0]
            print("\nOpening a 500-participant roster (SPEC 6.1: p95 <= 50 ms)")
            print(header)
            for label, client in (
                ("GET roster, through the gateway", via),
                ("  floor: straight to the presence service", direct),
            ):
                row(
                    label,
                    timed(client, "GET", f"/api/sessions/{roster_session}/roster", 100),
                    "<= 50" if client is via else "",
                )
            print("\nAn authenticated read, for scale")
            print(header)
            row("GET /api/auth/me, through the gateway", timed(via, "GET", "/api/auth/me", 200))
            with httpx.Client(base_url=identity, headers=auth) as straight:
                row("  floor: straight to the identity service", timed(straight, "GET", "/api/auth/me", 200))

        machine.warn_if_busy("during these measurements")
        print("\nThe most records per second, no think time (32 at once; SPEC 6.1: >= 300 through the gateway)")
        for label, base in (("through the gateway", gateway), ("  floor: straight to the presence service", presence)):
            chosen = [next(sessions) for _ in range(32)]
            meter = machine.Meter.of_stack(config)
            meter.start()
            rate = asyncio.run(flat_out(base, world, concurrency=32, seconds=15, sessions=chosen))
            spent, busy = meter.stop()
            print(f"  {label:<62}{rate:>8.0f} records/s")
            machine.print_cpu_per_record(spent, busy, int(rate * 15))
        machine.warn_if_busy("during these measurements")

        mixed_load.run(config, "one process of each API service")
        machine.warn_if_busy("during the mixed load")
        world.sign_in_again()
        process_figures.run(stack, config, world, flat_out, sessions)
        world.sign_in_again()

        mode_figures.run(config, world, row, header, single[0])
        webhook_figures.run(config, world, row, header, one_record_load, sessions)
        sync_figures.run(config, world)
        register = report_figures.run(config, world)
        live_figures.run(config, world, row, header, rss_mb, register)
        scroll_figures.run(config, world)

        print("\nMemory after the load (RSS, MB; SPEC 6.1: <= 200 per API process)")
        for name in ("gateway", "identity", "presence", "sync", "reporting"):
            print(f"  {name:<62}{rss_mb(config.ports[name]):>8.0f}")


if __name__ == "__main__":
    main()
