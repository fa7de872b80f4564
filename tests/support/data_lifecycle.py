"""Helpers of the data-lifecycle tests: a register of past sessions with data in every service, each
service's lifecycle task run at a given time, and the rows an organization has in every schema."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import inspect, text

from classroom import ok, wait_for_batch
from omni_common.internal import SERVICE_TOKEN_HEADER

SERVICES = ("identity", "presence", "sync", "reporting")
BACKGROUND = {"X-Omni-Background": "1"}


def run_lifecycle(stack, service: str, organization_id: str, now: datetime, timeout: float = 120.0) -> None:
    """Run one service's lifecycle task for one organization as if the clock said ``now``, through
    its outbox and worker, and wait until the worker has finished it."""
    headers = {SERVICE_TOKEN_HEADER: stack.service_token}
    base = stack.urls[service]
    queued = httpx.post(
        f"{base}/internal/lifecycle/run",
        json={"now": now.isoformat(), "organization_id": organization_id},
        headers=headers,
        timeout=30.0,
    )
    assert queued.status_code == 202, queued.text
    deadline = time.monotonic() + timeout
    while True:
        answer = httpx.get(f"{base}/internal/lifecycle/runs/{queued.json()['id']}", headers=headers)
        assert answer.status_code == 200, answer.text
        if answer.json()["done_at"]:
            return
        assert time.monotonic() < deadline, f"{service}'s lifecycle task did not finish within {timeout} s"
        time.sleep(0.1)


def run_everywhere(stack, organization_id: str, now: datetime) -> None:
    for service in SERVICES:
        run_lifecycle(stack, service, organization_id, now)


def wait_job(member, path: str, timeout: float = 150.0) -> dict:
    """Poll a job (a report, an export) until it completed or failed; its progress stays 0-100."""
    deadline = time.monotonic() + timeout
    while True:
        job = ok(member.get(path, headers=BACKGROUND))
        assert 0 <= job["progress"] <= 100
        if job["status"] in ("completed", "failed"):
            return job
        assert time.monotonic() < deadline, f"{path} not finished within {timeout} s: {job}"
        time.sleep(0.2)


def sql(stack, service: str, statement: str, **params) -> list:
    """Rows as named tuples; JSON columns (``before``, ``after``) read back as JSON."""
    engine = stack.engine(service)
    with engine.connect() as conn:
        rows = conn.execute(text(statement), params).all()
    engine.dispose()
    return [Row({k: _json(k, v) for k, v in zip(row._fields, row, strict=True)}) for row in rows]


def assert_counts_match_records(stack, organization_id: str) -> None:
    """The per-session counts statistics read are exactly the organization's records, counted."""
    counted = sql(
        stack,
        "presence",
        "SELECT session_id, state, marks FROM session_state_count WHERE organization_id = :o AND marks <> 0 "
        "ORDER BY session_id, state",
        o=organization_id,
    )
    records = sql(
        stack,
        "presence",
        "SELECT session_id, state, COUNT(*) AS marks FROM presence_record WHERE organization_id = :o "
        "GROUP BY session_id, state ORDER BY session_id, state",
        o=organization_id,
    )
    assert records, "the organization holds no records to count"
    assert counted == records


class Row(dict):
    """A row by column name (``row.after``) or position (``row[0]``)."""

    def __getattr__(self, name: str):
        return self[name]

    def __getitem__(self, key):
        return list(self.values())[key] if isinstance(key, int) else super().__getitem__(key)


def _json(name: str, value):
    if name in ("before", "after") and isinstance(value, str):
        return json.loads(value)
    return value


def organization_rows(stack, organization_id: str) -> dict[str, int]:
    """``schema.table`` -> how many rows of the organization it holds, for every table of every
    schema that has an ``organization_id`` column (read from the database, not a hand list)."""
    found = {}
    for service in SERVICES:
        engine = stack.engine(service)
        with engine.connect() as conn:
            for table in inspect(conn).get_table_names():
                columns = {c["name"] for c in inspect(conn).get_columns(table)}
                if "organization_id" in columns:
                    n = conn.execute(
                        text(f"SELECT COUNT(*) FROM {table} WHERE organization_id = :o"), {"o": organization_id}
                    ).scalar()
                    found[f"{service}.{table}"] = n
        engine.dispose()
    return found


@dataclass
class PastRegister:
    """A class of three, its teacher assigned since two months ago, and two past lessons — one
    that ended ``old_days`` ago, one ``recent_days`` ago — each fully marked online (one mark
    changed, so records have history; one written with a mutation id), and an offline batch per
    lesson from the teacher's tablet that conflicts with the marks."""

    org: object
    now: datetime
    old_days: int = 10
    recent_days: int = 2
    group: str = ""
    people: list[str] = field(default_factory=list)
    sessions: dict[str, dict] = field(default_factory=dict)
    records: dict[str, list[str]] = field(default_factory=dict)
    batches: dict[str, str] = field(default_factory=dict)

    def build(self) -> PastRegister:
        admin = self.org.admin
        since = (self.now - timedelta(days=60)).isoformat()
        self.group = ok(admin.post("/api/groups", json={"name": "Year 7 Green", "domain": "education"}))["id"]
        self.people = [
            ok(admin.post("/api/participants", json={"name": name, "external_ref": f"P-{i}"}))["id"]
            for i, name in enumerate(["Ada Lovelace", "Şule Yılmaz", "陈伟"])
        ]
        ok(admin.post(f"/api/groups/{self.group}/members", json={"participant_ids": self.people, "starts_at": since}))
        staff = {"user_ids": [self.org.frontline.id], "from": (self.now - timedelta(days=60)).date().isoformat()}
        ok(admin.post(f"/api/groups/{self.group}/staff", json=staff))
        for name, days, states in (
            ("old", self.old_days, ["present", "absent", "late"]),
            ("recent", self.recent_days, ["present", "present", "absent"]),
        ):
            ends = self.now - timedelta(days=days)
            session = ok(
                admin.post(
                    "/api/sessions",
                    json={
                        "group_id": self.group,
                        "title": f"History ({name})",
                        "starts_at": (ends - timedelta(hours=1)).isoformat(),
                        "ends_at": ends.isoformat(),
                    },
                )
            )
            self.sessions[name] = session
            self.records[name] = [
                ok(
                    admin.post(
                        "/api/presence",
                        json={
                            "session_id": session["id"],
                            "participant_id": person,
                            "state": state,
                            "note": f"Note about {person}",
                            "mutation_id": str(uuid.uuid4()),
                        },
                    )
                )["id"]
                for person, state in zip(self.people, states, strict=True)
            ]
            # A second version of the first mark: the record has history.
            ok(
                admin.post(
                    "/api/presence",
                    json={"session_id": session["id"], "participant_id": self.people[0], "state": "late"},
                )
            )
            self.batches[name] = self._offline_batch(session)
        return self

    def _offline_batch(self, session: dict) -> str:
        """The teacher's tablet marked the second pupil excused without having seen the admin's mark."""
        at = datetime.fromisoformat(session["starts_at"]) + timedelta(minutes=10)
        batch = ok(
            self.org.frontline.post(
                "/api/sync",
                json={
                    "device_id": "tablet-7g",
                    "sent_at": datetime.now(UTC).isoformat(),
                    "mutations": [
                        {
                            "mutation_id": str(uuid.uuid4()),
                            "session_id": session["id"],
                            "participant_id": self.people[1],
                            "state": "excused",
                            "client_time": at.isoformat(),
                            "base_version": None,
                        }
                    ],
                },
            ),
            202,
        )
        merged = wait_for_batch(self.org.frontline, batch["batch_id"])
        assert merged["results"][0]["outcome"] == "conflict", merged
        return batch["batch_id"]
