"""Notifications and webhooks (issue 14): recording one presence with three webhook targets and every
rule on costs no more than 10 % over the plain figure (the worker acts after the commit, never in
the mark's request), and the deliveries per second presence's worker sends to a local receiver."""

from __future__ import annotations

import asyncio
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
from sqlalchemy import create_engine, text


class _Receiver:
    def __init__(self):
        self.count = 0
        self.first = self.last = None
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                self.rfile.read(int(self.headers.get("content-length", 0)))
                receiver.count += 1
                now = time.perf_counter()
                receiver.first = receiver.first or now
                receiver.last = now
                self.send_response(204)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *_):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


def run(config, world, row, header, one_record_load, sessions) -> None:
    gateway = config.url("gateway")
    world.sign_in_again()
    receiver = _Receiver()
    print("\nRecording one presence with three webhook targets and every notification rule on")
    print(header)
    chosen = [next(sessions) for _ in range(50)]
    asyncio.run(one_record_load(gateway, world, users=50, seconds=5, sessions=chosen))
    plain = asyncio.run(one_record_load(gateway, world, users=50, seconds=20, sessions=chosen, first=500))
    row(f"plain, through the gateway ({len(plain)} records)", plain, "")
    admin = httpx.Client(base_url=gateway, headers={"Authorization": f"Bearer {world.admin}"}, timeout=30)
    hooks = []
    for n in range(3):
        url = f"http://receiver.test:{receiver.port}/hook-{n}"
        answer = admin.post("/api/webhooks", json={"url": url, "events": ["presence.recorded", "presence.changed"]})
        assert answer.status_code == 201, answer.text
        hooks.append(answer.json()["id"])
    # The worker acts on every earlier change of the benchmark first (rules and webhooks follow one
    # feed): its deliveries per second are measured once it has caught up, and the catching up said.
    caught_up = _follower_caught_up(config)
    label = "presence's worker caught up with the earlier changes in"
    print(f"  {label:<62}{caught_up:>8.1f} s")
    before = receiver.count
    # Other marks than the plain run's: the same mark again would change nothing and send nothing.
    hooked = asyncio.run(one_record_load(gateway, world, users=50, seconds=20, sessions=chosen, first=1000))
    row(f"with 3 webhooks and the rules ({len(hooked)} records)", hooked, "<= plain + 10 %")
    expected = before + 3 * len(hooked)
    deadline = time.monotonic() + 300
    while receiver.count < expected and time.monotonic() < deadline:
        time.sleep(0.2)
    sent = receiver.count - before
    seconds = (receiver.last or 0) - (receiver.first or 0)
    rate = sent / seconds if seconds else float("nan")
    label = "deliveries one presence worker sent to a local receiver"
    print(f"  {label:<62}{rate:>8.0f} per second ({sent} of {3 * len(hooked)})")
    # The later figures are measured without webhooks: three targets would turn each of their
    # changes into three deliveries the worker sends meanwhile.
    world.sign_in_again()
    admin.headers["Authorization"] = f"Bearer {world.admin}"
    for hook in hooks:
        assert admin.delete(f"/api/webhooks/{hook}").status_code == 204
    admin.close()
    receiver.stop()


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
