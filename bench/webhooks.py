"""Notifications and webhooks (issue 14): recording one presence with three webhook targets and every
rule on costs no more than 10 % over the plain figure (the worker acts after the commit, never in
the mark's request), and the deliveries per second presence's worker sends to a local receiver.

Plain and hooked are measured in turns (the targets switched off, then on, six times), each plain
turn once the worker has delivered everything: a machine that gets busier or quieter during the
minute shows in both figures alike instead of in the difference. The receiver runs in a process of
its own — it stands for another system, and its threads in this interpreter would delay the timing
of the marks — and the CPU each part spent per mark is printed under the figures."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import psutil
from sqlalchemy import create_engine, text

from bench import machine

TURNS = 6
SECONDS = 10


def _serve(count, first, last, ready) -> None:
    """The receiver's process: answers every POST 204 and counts it (monotonic times, which every
    process of the machine shares). It stands for another system, on another machine: at the lowest
    CPU priority it takes only what the marks and this process's timing of them leave (it shares
    this process's scheduling group), and the CPU it spent is printed all the same."""
    os.nice(19)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            self.rfile.read(int(self.headers.get("content-length", 0)))
            now = time.monotonic()
            with count.get_lock():
                count.value += 1
                first.value = first.value or now
                last.value = now
            self.send_response(204)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *_):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    ready.put(server.server_address[1])
    server.serve_forever()


class _Receiver:
    def __init__(self):
        context = multiprocessing.get_context("spawn")
        self._count, self._first, self._last = context.Value("q", 0), context.Value("d", 0.0), context.Value("d", 0.0)
        ready = context.Queue()
        self.process = context.Process(target=_serve, args=(self._count, self._first, self._last, ready), daemon=True)
        self.process.start()
        self.port = ready.get(timeout=30)

    @property
    def count(self) -> int:
        return self._count.value

    def since(self) -> float:
        """Seconds from the first delivery received to the last."""
        return self._last.value - self._first.value

    def restart_clock(self) -> None:
        with self._count.get_lock():
            self._first.value = 0.0

    def stop(self) -> None:
        self.process.terminate()
        self.process.join(10)


def run(config, world, row, header, one_record_load, sessions) -> None:
    gateway = config.url("gateway")
    world.sign_in_again()
    receiver = _Receiver()
    print(
        f"\nRecording one presence with three webhook targets and every notification rule on "
        f"({TURNS} turns of {SECONDS} s each, plain then hooked)"
    )
    print(header)
    chosen = [next(sessions) for _ in range(50)]
    asyncio.run(one_record_load(gateway, world, users=50, seconds=5, sessions=chosen))
    admin = httpx.Client(base_url=gateway, headers={"Authorization": f"Bearer {world.admin}"}, timeout=30)
    hooks = []
    for n in range(3):
        url = f"http://receiver.test:{receiver.port}/hook-{n}"
        answer = admin.post(
            "/api/webhooks", json={"url": url, "events": ["presence.recorded", "presence.changed"], "active": False}
        )
        assert answer.status_code == 201, answer.text
        hooks.append(answer.json()["id"])
    # The worker acts on every earlier change of the benchmark first (rules and webhooks follow one
    # feed); the catching up is said, and every turn starts with nothing left to do.
    caught_up = _follower_caught_up(config)
    label = "presence's worker caught up with the earlier changes in"
    print(f"  {label:<62}{caught_up:>8.1f} s")

    meter = machine.Meter.of_stack(config, names=("gateway", "presence"))
    meter.groups["presence's worker"] = machine.worker_processes("presence", config.db_prefix)
    meter.groups["the receiver"] = [psutil.Process(receiver.process.pid)]
    samples = {"plain": [], "hooked": []}
    spent = {"plain": {}, "hooked": {}}
    expected, delivering, sent = receiver.count, 0.0, 0
    for turn in range(TURNS):
        for kind in ("plain", "hooked"):
            _switch(admin, hooks, on=kind == "hooked")
            _follower_caught_up(config)
            _wait_for(receiver, expected)
            if kind == "hooked":
                receiver.restart_clock()
            versions = _versions(config)
            meter.start()
            # Each turn changes the marks the one before made: the same mark again is no event.
            first = 500 * (2 * turn + (kind == "hooked") + 1)
            marks = asyncio.run(
                one_record_load(gateway, world, users=50, seconds=SECONDS, sessions=chosen, first=first)
            )
            if kind == "hooked":
                # A delivery per target for each new version; a mark that found its record as it
                # was three turns ago (a user who marked one more pupil than in the turns between)
                # changed nothing and sends none.
                delivered = 3 * (_versions(config) - versions)
                expected, sent = expected + delivered, sent + delivered
                _wait_for(receiver, expected)
                delivering += receiver.since()
            used, _ = meter.stop()
            spent[kind] = {name: spent[kind].get(name, 0.0) + seconds for name, seconds in used.items()}
            samples[kind] += marks
    plain = row(f"plain, through the gateway ({len(samples['plain'])} records)", samples["plain"], "")
    hooked = row(
        f"with 3 webhooks and the rules ({len(samples['hooked'])} records)", samples["hooked"], "<= plain + 10 %"
    )
    print(
        f"  {'hooked against plain, p50 / p95':<62}{100 * (hooked[0] / plain[0] - 1):>+7.0f}%"
        f"{100 * (hooked[1] / plain[1] - 1):>+7.0f}%"
    )
    for kind in ("plain", "hooked"):
        machine.print_cpu_per_record(spent[kind], 0.0, len(samples[kind]), indent=f"    {kind}: ")
    label = "deliveries sent meanwhile, the load's own pace"
    print(f"  {label:<62}{sent / delivering if delivering else float('nan'):>8.0f} per second ({sent})")
    # The worker's own pace: two roll calls of the 500 at once, 3,000 deliveries queued together.
    _follower_caught_up(config)
    receiver.restart_clock()
    frontline = {"Authorization": f"Bearer {world.frontline}"}
    for session in (next(sessions), next(sessions)):
        records = [{"participant_id": p, "state": "present"} for p in world.participants]
        answer = admin.post("/api/presence/bulk", headers=frontline, json={"session_id": session, "records": records})
        assert answer.status_code == 200, answer.text
    expected += 3 * 2 * len(world.participants)
    _wait_for(receiver, expected)
    label = "deliveries one presence worker sent to a local receiver, 3,000 at once"
    print(f"  {label:<62}{3 * 2 * len(world.participants) / receiver.since():>8.0f} per second")
    # The later figures are measured without webhooks: three targets would turn each of their
    # changes into three deliveries the worker sends meanwhile.
    world.sign_in_again()
    admin.headers["Authorization"] = f"Bearer {world.admin}"
    for hook in hooks:
        assert admin.delete(f"/api/webhooks/{hook}").status_code == 204
    admin.close()
    receiver.stop()


def _switch(admin: httpx.Client, hooks: list[str], *, on: bool) -> None:
    for hook in hooks:
        answer = admin.patch(f"/api/webhooks/{hook}", json={"active": on})
        assert answer.status_code == 200, answer.text


def _wait_for(receiver: _Receiver, count: int, limit: float = 300.0) -> None:
    deadline = time.monotonic() + limit
    while receiver.count < count:
        assert time.monotonic() < deadline, f"the receiver got {receiver.count} of {count} deliveries"
        time.sleep(0.1)


def _versions(config) -> int:
    """Versions of presence records written so far: one event each."""
    engine = create_engine(config.mysql_url)
    try:
        with engine.connect() as conn:
            return conn.execute(
                text(f"SELECT COUNT(*) FROM `{config.db_prefix}_presence`.presence_record_history")  # noqa: S608 (our schema)
            ).scalar()
    finally:
        engine.dispose()


def _follower_caught_up(config, limit: float = 600.0) -> float:
    """Seconds until presence's worker has acted on every change so far, in every organization."""
    engine = create_engine(config.mysql_url)
    schema = f"{config.db_prefix}_presence"
    started = time.monotonic()
    try:
        while time.monotonic() - started < limit:
            with engine.connect() as conn:
                behind = conn.execute(
                    text(
                        f"SELECT COUNT(*) FROM `{schema}`.feed_counter c LEFT JOIN `{schema}`.feed_cursor f "  # noqa: S608 (our schema)
                        "ON f.organization_id = c.organization_id WHERE c.last_seq > COALESCE(f.position, 0)"
                    )
                ).scalar()
            if not behind:
                break
            time.sleep(0.5)
        return time.monotonic() - started
    finally:
        engine.dispose()
