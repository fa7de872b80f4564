"""A slow presence slows only the merge (CONVENTIONS 16): while presence takes its time over a chunk,
sync's API answers as usual and sync holds no row lock and no open transaction; the batch completes
once presence answers.

Presence is stalled by a proxy in front of the stack's presence, which holds each chunk for
STALL_SECONDS before passing it on; a private sync API and worker (on a Redis of their own) talk
to presence through it. Presence itself is not changed for the test.
"""

import threading
import time
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import psutil
import pytest
from sqlalchemy import make_url, text
from sqlalchemy.exc import OperationalError

from omni_stack.stack import free_port

STALL_SECONDS = 5.0
# What "answers as usual" means while presence stalls: well under the stall.
PROMPT_SECONDS = 2.0
# One worker process: the one that waits on presence is the one looked at.
WORKER_ENV = {"OMNI_WORKER_CONCURRENCY": "1"}


class StallingPresence:
    """Presence as sync sees it: every request passed on to ``upstream``, a chunk to merge
    (/internal/sync/apply) only after ``stall`` seconds. ``stalling`` is set while one is held."""

    def __init__(self, upstream: str, stall: float):
        self.upstream = httpx.Client(base_url=upstream, timeout=120)
        self.stall = stall
        self.stalling = threading.Event()
        self.held = 0
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self._forward()

            def do_POST(self):
                self._forward()

            def _forward(self):
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                if self.path.startswith("/internal/sync/apply"):
                    proxy.hold()
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                answer = proxy.upstream.request(self.command, self.path, content=body, headers=headers)
                self.send_response(answer.status_code)
                for key in ("content-type", "retry-after"):
                    if key in answer.headers:
                        self.send_header(key, answer.headers[key])
                self.send_header("content-length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def hold(self):
        with self.lock:
            self.held += 1
            self.stalling.set()
        time.sleep(self.stall)
        with self.lock:
            self.held -= 1
            if not self.held:
                self.stalling.clear()

    def close(self):
        self.server.shutdown()
        self.upstream.close()


@pytest.fixture
def stalling_presence(stack):
    proxy = StallingPresence(stack.urls["presence"], STALL_SECONDS)
    yield proxy
    proxy.close()


def changes(classroom, state: str) -> list[dict]:
    now = datetime.now(UTC).isoformat()
    return [
        {
            "mutation_id": str(uuid.uuid4()),
            "session_id": classroom.session["id"],
            "participant_id": pupil,
            "state": state,
            "client_time": now,
            "base_version": None,
        }
        for pupil in classroom.ids
    ]


def timed(call):
    started = time.monotonic()
    answer = call()
    return answer, time.monotonic() - started


def open_transactions(stack, pids: list[int]) -> list[tuple]:
    """Transactions open right now (the database server's view) on the database connections of
    these processes."""
    server_port = make_url(stack.environment["OMNI_MYSQL_URL"]).port or 3306
    ports = {
        c.laddr.port
        for pid in pids
        for c in psutil.Process(pid).net_connections(kind="tcp")
        if c.raddr and c.raddr.port == server_port
    }
    assert ports, "no database connection to look at (the pool keeps the ones it opened)"
    with stack.admin_engine().connect() as conn:
        rows = conn.execute(
            text(
                "SELECT p.HOST, p.USER, t.trx_state, t.trx_rows_locked, t.trx_started"
                " FROM information_schema.INNODB_TRX t"
                " JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id"
            )
        ).all()
    return [r for r in rows if int(r.HOST.rpartition(":")[2] or 0) in ports]


def lock_now(stack, batch_id: str) -> None:
    """Lock the batch's row at once, or fail: nobody else may hold it."""
    with stack.engine("sync").begin() as conn:
        conn.execute(text("SELECT id FROM sync_batch WHERE id = :id FOR UPDATE NOWAIT"), {"id": batch_id})


def test_while_presence_stalls_sync_answers_and_holds_nothing_and_the_batch_completes_after(
    stack, org, classroom, stalling_presence
):
    env = {**WORKER_ENV, "OMNI_PRESENCE_URL": stalling_presence.url}
    with stack.private(["sync", "sync-worker"], redis_port=free_port(), extra_env=env) as private:
        api = httpx.Client(
            base_url=private.config.url("sync"), headers={"Authorization": f"Bearer {org.frontline.token}"}, timeout=30
        )
        sent = time.monotonic()
        first = api.post(
            "/api/sync",
            json={
                "device_id": "tablet",
                "sent_at": datetime.now(UTC).isoformat(),
                "mutations": changes(classroom, "present"),
            },
        )
        assert first.status_code == 202, first.text
        batch_id = first.json()["batch_id"]
        assert stalling_presence.stalling.wait(30), "the worker never asked presence"

        # Meanwhile sync's API answers as usual: a new batch is accepted, a batch is read.
        second, took = timed(
            lambda: api.post(
                "/api/sync",
                json={
                    "device_id": "phone",
                    "sent_at": datetime.now(UTC).isoformat(),
                    "mutations": changes(classroom, "late"),
                },
            )
        )
        assert second.status_code == 202 and took < PROMPT_SECONDS, (second.text, took)
        read, took = timed(lambda: api.get(f"/api/sync/batches/{batch_id}"))
        assert read.status_code == 200 and took < PROMPT_SECONDS, (read.text, took)
        assert read.json()["status"] == "running" and read.json()["progress"] < 100

        # And sync holds nothing while it waits: the merging process has no transaction open (its
        # pooled connections are idle), and nobody holds the batch's row.
        assert stalling_presence.stalling.is_set(), "presence answered before the checks were done"
        (merging,) = psutil.Process(private.processes["sync-worker"].pid).children()
        assert open_transactions(stack, [merging.pid]) == []
        try:
            lock_now(stack, batch_id)
        except OperationalError as exc:  # pragma: no cover - the message is the point
            pytest.fail(f"the batch's row is locked while presence is asked: {exc}")
        assert stalling_presence.stalling.is_set()

        # Once presence answers, the batch completes with every change applied; so does the second.
        done = wait_for(api, batch_id)
        assert time.monotonic() - sent >= STALL_SECONDS
        assert done["status"] == "completed" and done["counts"]["applied"] == len(classroom.ids)
        later = wait_for(api, second.json()["batch_id"])
        assert later["status"] == "completed" and sum(later["counts"].values()) == len(classroom.ids)
        api.close()


def wait_for(api: httpx.Client, batch_id: str, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        batch = api.get(f"/api/sync/batches/{batch_id}").json()
        if batch["status"] in ("completed", "failed"):
            return batch
        assert time.monotonic() < deadline, f"batch {batch_id} stuck at {batch['status']} {batch['progress']}%"
        time.sleep(0.1)
