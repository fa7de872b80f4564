"""The faults of SPEC 6.3 that the other tests do not play: a report worker killed in the middle of
the big register, Redis restarted under a sync merge and report builds, and a service killed in the
middle of writes through the gateway. Each runs on processes of its own (`stack.private`): a Redis
of their own, and for the report builds schemas of their own, so the shared workers never take a
hand. The shared stack's presence and identity serve the data.

What a user would notice is what is asserted: the work finishes, each report once with one file,
every change and every mark exactly once.
"""

from __future__ import annotations

import dataclasses
import signal
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, pool, text

from classroom import ok
from omni_common.testing.plugin import PASSWORD, login, unique_email
from omni_stack.stack import free_port, start_redis

# One worker runs them all, one after another: they share the register (50,000 marks to make).
pytestmark = pytest.mark.xdist_group("faults")

PEOPLE, LESSONS = 500, 100
STATES = ("present", "present", "late", "absent", "present", "excused")
# A dead build is taken over within seconds; beat looks for them every lease / 2.
REPORTS_ENV = {"REPORTING_LEASE_SECONDS": "3", "OMNI_WORKER_CONCURRENCY": "1"}
SYNC_ENV = {"SYNC_LEASE_SECONDS": "4", "SYNC_STALL_CHECK_SECONDS": "1", "SYNC_CHUNK_SIZE": "100"}


@dataclasses.dataclass
class Register:
    """An organization with a 500-person class, 100 lessons all marked, and its frontline teacher."""

    gateway: str
    org_id: str
    admin_email: str
    frontline_email: str
    group_id: str
    participants: list[str]
    period: dict

    def _token(self, email: str) -> str:
        # Signed in afresh: an access token lives five minutes, the module's tests longer.
        client, tokens = login(self.gateway, email)
        client.close()
        return tokens["access_token"]

    @property
    def admin_token(self) -> str:
        return self._token(self.admin_email)

    @property
    def frontline_token(self) -> str:
        return self._token(self.frontline_email)


@pytest.fixture(scope="module")
def register(stack) -> Register:
    admin_email = unique_email("admin")
    created = httpx.post(
        f"{stack.gateway}/api/organizations",
        timeout=30,
        json={
            "name": "Faults school",
            "domain": "education",
            "admin_email": admin_email,
            "admin_password": PASSWORD,
            "admin_name": "Ada Admin",
            "timezone": "UTC",
        },
    )
    assert created.status_code == 201, created.text
    admin, _ = login(stack.gateway, admin_email)
    teacher_email = unique_email("frontline")
    teacher = ok(
        admin.post(
            "/api/users",
            json={"email": teacher_email, "full_name": "Tess Teacher", "role": "frontline", "password": PASSWORD},
        )
    )

    group = ok(admin.post("/api/groups", json={"name": "Whole year", "domain": "education"}))["id"]
    csv = "name,external_ref\n" + "\n".join(f"Pupil {i:03d},F{i:03d}" for i in range(PEOPLE))
    ok(admin.post("/api/participants/import", files={"file": ("year.csv", csv.encode())}))
    people = [p["id"] for p in ok(admin.get("/api/participants", params={"limit": 1000}))["items"]]
    assert len(people) == PEOPLE
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=LESSONS + 1)
    ok(admin.post(f"/api/groups/{group}/members", json={"participant_ids": people, "starts_at": start.isoformat()}))
    ok(admin.post(f"/api/groups/{group}/staff", json={"user_ids": [teacher["id"]]}))
    ok(
        admin.post(
            "/api/sessions",
            json={
                "group_id": group,
                "title": "Register lesson",
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=1)).isoformat(),
                "repeat": {"freq": "daily", "count": LESSONS},
            },
        )
    )
    lessons = ok(admin.get("/api/sessions", params={"group_id": group, "limit": 1000}))["items"]
    assert len(lessons) == LESSONS
    for n, lesson in enumerate(lessons):
        records = [{"participant_id": p, "state": STATES[(i + n) % len(STATES)]} for i, p in enumerate(people)]
        ok(admin.post("/api/presence/bulk", json={"session_id": lesson["id"], "records": records}))
    period = {"group_id": group, "from": str(start.date()), "to": str((start + timedelta(days=LESSONS)).date())}
    admin.close()
    return Register(
        gateway=stack.gateway,
        org_id=created.json()["organization"]["id"],
        admin_email=admin_email,
        frontline_email=teacher_email,
        group_id=group,
        participants=people,
        period=period,
    )


# --- reports -------------------------------------------------------------------------------------


class Reports:
    """The private reporting API, called as the register's administrator."""

    def __init__(self, private, register: Register):
        self.private, self.register = private, register
        self.http = httpx.Client(
            base_url=private.config.url("reporting"),
            headers={"Authorization": f"Bearer {register.admin_token}"},
            timeout=30,
        )

    def request(self, fmt: str) -> str:
        body = {"type": "attendance_register", "format": fmt, "params": self.register.period}
        return ok(self.http.post("/api/reports", json=body), 202)["id"]

    def get(self, report_id: str) -> dict:
        return ok(self.http.get(f"/api/reports/{report_id}"))

    def wait(self, report_id: str, predicate, timeout: float = 300) -> dict:
        deadline = time.monotonic() + timeout
        while not predicate(report := self.get(report_id)):
            assert time.monotonic() < deadline, f"report stuck at {report['status']} {report['progress']}%"
            time.sleep(0.05)
        return report

    def finished(self, report_id: str) -> dict:
        return self.wait(report_id, lambda r: r["status"] in ("completed", "failed"))

    def files(self, report_id: str) -> list[str]:
        """Every file of the report in the store, finished or half written."""
        root = Path(self.private.config.data_dir) / "reports" / self.register.org_id
        return sorted(p.name for p in root.glob(f"{report_id}-*"))

    def audit(self, report_id: str) -> list[str]:
        with private_engine(self.private, "reporting").connect() as conn:
            return list(
                conn.execute(
                    text(
                        "SELECT action FROM audit_log WHERE entity = 'report' AND entity_id = :id ORDER BY created_at"
                    ),
                    {"id": report_id},
                ).scalars()
            )

    def assert_built_once(self, report_id: str, magic: bytes) -> None:
        report = self.get(report_id)
        assert report["status"] == "completed", report
        assert len(self.files(report_id)) == 1, self.files(report_id)  # one file, no leftovers
        assert self.audit(report_id) == ["request", "complete"]
        download = self.http.get(f"/api/reports/{report_id}/download")
        assert download.status_code == 200 and download.content.startswith(magic)
        assert len(download.content) == report["size_bytes"]


def private_engine(private, service: str):
    from omni_common.settings import CommonSettings

    env = private.config.environment()
    settings = type("PrivateSettings", (CommonSettings,), {"service_name": service})(
        mysql_url=env["OMNI_MYSQL_URL"], db_prefix=env["OMNI_DB_PREFIX"], secret_key=env["OMNI_SECRET_KEY"]
    )
    return create_engine(settings.database_url("app"), poolclass=pool.NullPool)


def private_prefix(stack, letter: str) -> str:
    return f"{stack.environment['OMNI_DB_PREFIX']}{letter}"


def restart_redis(private, port: int, down_for: float = 3.0) -> None:
    """Redis dies (SIGKILL, nothing saved: every queued and unacknowledged task is gone), stays
    down for a few seconds as a restarting server does, and comes back empty."""
    private.stop(f"redis-{port}", sig=signal.SIGKILL)
    time.sleep(down_for)  # the outage itself, not a wait for a result
    start_redis(private, port, private.log_dir / "redis", durable=False)


def test_a_report_worker_killed_mid_build_is_taken_over_by_the_next_one_with_one_file(stack, register):
    names = ["reporting", "reporting-worker", "reporting-beat"]
    with stack.private(
        names, redis_port=free_port(), db_prefix=private_prefix(stack, "r"), extra_env=REPORTS_ENV
    ) as private:
        reports = Reports(private, register)
        report_id = reports.request("pdf")
        reports.wait(report_id, lambda r: r["status"] == "running" and r["progress"] >= 10)
        private.stop("reporting-worker", sig=signal.SIGKILL)  # the worker and its children, at once
        held = reports.get(report_id)
        assert held["status"] == "running" and held["progress"] < 100
        private.start("reporting-worker")
        assert reports.finished(report_id)["status"] == "completed"
        reports.assert_built_once(report_id, b"%PDF")


# --- Redis restarted -----------------------------------------------------------------------------


def offline_batch(register: Register, lessons: list[str]) -> list[dict]:
    now = datetime.now(UTC).isoformat()
    return [
        {
            "mutation_id": str(uuid.uuid4()),
            "session_id": lesson,
            "participant_id": person,
            "state": ("present", "late", "absent")[i % 3],
            "client_time": now,
            "base_version": None,
        }
        for lesson in lessons
        for i, person in enumerate(register.participants)
    ]


def lessons_now(register: Register, count: int) -> list[str]:
    now = datetime.now(UTC)
    body = {
        "group_id": register.group_id,
        "title": "Field trip",
        "starts_at": (now - timedelta(minutes=5)).isoformat(),
        "ends_at": (now + timedelta(minutes=55)).isoformat(),
    }
    headers = {"Authorization": f"Bearer {register.admin_token}"}
    with httpx.Client(base_url=register.gateway, headers=headers, timeout=30) as admin:
        return [ok(admin.post("/api/sessions", json={**body, "title": f"Field trip {n}"}))["id"] for n in range(count)]


def test_redis_restarted_under_a_sync_merge_and_report_builds_loses_and_doubles_nothing(stack, register):
    lessons = lessons_now(register, 10)
    mutations = offline_batch(register, lessons)
    assert len(mutations) == 5000
    redis_port = free_port()
    names = ["sync", "sync-worker", "reporting", "reporting-worker", "reporting-beat"]
    env = {**REPORTS_ENV, **SYNC_ENV, "OMNI_WORKER_CONCURRENCY": "2"}
    with stack.private(names, redis_port=redis_port, db_prefix=private_prefix(stack, "s"), extra_env=env) as private:
        sync = httpx.Client(
            base_url=private.config.url("sync"),
            headers={"Authorization": f"Bearer {register.frontline_token}"},
            timeout=60,
        )
        reports = Reports(private, register)
        batch = ok(
            sync.post(
                "/api/sync",
                json={"device_id": "trip-tablet", "sent_at": datetime.now(UTC).isoformat(), "mutations": mutations},
            ),
            202,
        )["batch_id"]
        pdf, xlsx = reports.request("pdf"), reports.request("xlsx")

        def batch_state() -> dict:
            return ok(sync.get(f"/api/sync/batches/{batch}"))

        deadline = time.monotonic() + 120
        while not (10 <= batch_state()["progress"] < 90 and reports.get(pdf)["status"] == "running"):
            assert time.monotonic() < deadline, (batch_state()["progress"], reports.get(pdf)["status"])
            time.sleep(0.05)
        restart_redis(private, redis_port)

        deadline = time.monotonic() + 300
        while (state := batch_state())["status"] not in ("completed", "failed"):
            assert time.monotonic() < deadline, f"batch stuck at {state['status']} {state['progress']}%"
            time.sleep(0.1)
        assert reports.finished(pdf)["status"] == "completed"
        assert reports.finished(xlsx)["status"] == "completed"
        reports.assert_built_once(pdf, b"%PDF")
        reports.assert_built_once(xlsx, b"PK")

        # The same workers take new work from the new Redis: none of them stopped or stalled.
        later = ok(
            sync.post(
                "/api/sync",
                json={
                    "device_id": "trip-tablet",
                    "sent_at": datetime.now(UTC).isoformat(),
                    "mutations": offline_batch(register, lessons_now(register, 1))[:1],
                },
            ),
            202,
        )["batch_id"]
        csv = reports.request("csv")
        assert reports.finished(csv)["status"] == "completed"
        deadline = time.monotonic() + 60
        while ok(sync.get(f"/api/sync/batches/{later}"))["counts"].get("applied") != 1:
            assert time.monotonic() < deadline, "the sync worker took no new batch after Redis came back"
            time.sleep(0.1)
        assert private.exited() == [], private.exited()
        sync.close()

    assert state["status"] == "completed", state
    assert state["counts"]["applied"] == 5000 and sum(state["counts"].values()) == 5000
    with stack.engine("presence").connect() as conn:
        marks = {"s": tuple(lessons)}
        versions = conn.execute(
            text("SELECT version, COUNT(*) FROM presence_record WHERE session_id IN :s GROUP BY version")
            .bindparams(**marks)
            .params(**marks)
        ).all()
        history = conn.execute(
            text("SELECT COUNT(*) FROM presence_record_history WHERE session_id IN :s")
            .bindparams(**marks)
            .params(**marks)
        ).scalar()
    assert versions == [(1, 5000)]  # every record made exactly once
    assert history == 5000  # and never written twice


# --- a service killed mid-writes -----------------------------------------------------------------


def test_presence_killed_mid_writes_through_the_gateway_every_mark_lands_once(stack, register):
    """A teacher's device marks 500 pupils one after another through a gateway whose presence is
    killed (SIGKILL: a write may be committed with its answer lost) and started again; the device
    sends a mark again with the same mutation id until it has an answer, as the app's outbox does."""
    lesson = lessons_now(register, 1)[0]
    with stack.private(["presence", "gateway"]) as private:
        gateway = private.config.url("gateway")
        answers: list[tuple[str, int]] = []
        halfway = threading.Event()

        def teacher() -> None:
            deadline = time.monotonic() + 240
            headers = {"Authorization": f"Bearer {register.frontline_token}"}
            with httpx.Client(base_url=gateway, headers=headers, timeout=30) as http:
                for n, pupil in enumerate(register.participants):
                    body = {
                        "session_id": lesson,
                        "participant_id": pupil,
                        "state": "present",
                        "mutation_id": str(uuid.uuid4()),
                    }
                    while time.monotonic() < deadline:
                        try:
                            status = http.post("/api/presence", json=body).status_code
                        except httpx.TransportError:
                            status = 0  # no answer at all: send it again
                        answers.append((pupil, status))
                        if status in (200, 201):
                            break
                        if status not in (0, 502, 503, 504):
                            return
                        time.sleep(0.05)  # the device's pause between attempts
                    if n == len(register.participants) // 2:
                        halfway.set()

        thread = threading.Thread(target=teacher)
        thread.start()
        try:
            assert halfway.wait(120), "the first half of the marks did not land"
            private.stop("presence", sig=signal.SIGKILL)
            private.start("presence")
        finally:
            thread.join(timeout=300)
        assert not thread.is_alive()

    failures = [(p, s) for p, s in answers if s not in (0, 200, 201, 502, 503, 504)]
    assert not failures, failures
    assert any(s != 201 and s != 200 for _, s in answers), "the kill was never noticed by the device"
    assert {p for p, s in answers if s in (200, 201)} == set(register.participants)
    with stack.engine("presence").connect() as conn:
        versions = conn.execute(
            text("SELECT version, COUNT(*) FROM presence_record WHERE session_id = :s GROUP BY version"), {"s": lesson}
        ).all()
        history = conn.execute(
            text("SELECT COUNT(*) FROM presence_record_history WHERE session_id = :s"), {"s": lesson}
        ).scalar()
    assert versions == [(1, PEOPLE)]
    assert history == PEOPLE
