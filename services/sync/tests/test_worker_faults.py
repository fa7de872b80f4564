"""A batch is merged exactly once in effect, whatever happens to the worker (SPEC 4.5 step 7 and 6.3).

Each test runs its own sync API and worker on a Redis of its own (the shared ones are never
touched), merges 2,000 changes, disturbs the worker mid-batch, and checks the end is what an
undisturbed run gives: every record once, at version 1, with one history entry each.
"""

import os
import signal
import time
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import psutil
import pytest
from sqlalchemy import text

from classroom import ok
from omni_stack.stack import free_port

SESSIONS, PUPILS = 10, 200
WORKER_ENV = {
    "SYNC_LEASE_SECONDS": "4",
    "SYNC_STALL_CHECK_SECONDS": "1",
    "SYNC_CHUNK_SIZE": "100",
    "OMNI_WORKER_CONCURRENCY": "1",
}


@pytest.fixture
def big_class(org):
    """200 pupils in ten lessons happening now, and one offline change for each pupil in each."""
    admin = org.admin
    group = ok(admin.post("/api/groups", json={"name": "Big class", "domain": "education"}))
    csv = "name,external_ref\n" + "\n".join(f"Pupil {i:03d},B{i:03d}" for i in range(PUPILS))
    ok(admin.post("/api/participants/import", files={"file": ("class.csv", csv.encode())}))
    pupils = [p["id"] for p in ok(admin.get("/api/participants", params={"limit": 1000}))["items"]]
    ok(admin.post(f"/api/groups/{group['id']}/members", json={"participant_ids": pupils}))
    ok(admin.post(f"/api/groups/{group['id']}/staff", json={"user_ids": [org.frontline.id]}))
    now = datetime.now(UTC)
    sessions = [
        ok(
            admin.post(
                "/api/sessions",
                json={
                    "group_id": group["id"],
                    "title": f"Lesson {n}",
                    "starts_at": (now - timedelta(minutes=5)).isoformat(),
                    "ends_at": (now + timedelta(minutes=55)).isoformat(),
                },
            )
        )["id"]
        for n in range(SESSIONS)
    ]
    mutations = [
        {
            "mutation_id": str(uuid.uuid4()),
            "session_id": s,
            "participant_id": p,
            "state": ("present", "late", "absent")[i % 3],
            "client_time": now.isoformat(),
            "base_version": None,
        }
        for s in sessions
        for i, p in enumerate(pupils)
    ]
    return {"sessions": sessions, "mutations": mutations}


def post_batch(base: str, member, mutations) -> str:
    answer = httpx.post(
        f"{base}/api/sync",
        headers={"Authorization": f"Bearer {member.token}"},
        timeout=60,
        json={"device_id": "field-tablet", "sent_at": datetime.now(UTC).isoformat(), "mutations": mutations},
    )
    assert answer.status_code == 202, answer.text
    return answer.json()["batch_id"]


def batch_state(base: str, member, batch_id: str) -> dict:
    return ok(httpx.get(f"{base}/api/sync/batches/{batch_id}", headers={"Authorization": f"Bearer {member.token}"}))


def wait_until(base, member, batch_id, predicate, timeout=180.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        state = batch_state(base, member, batch_id)
        if predicate(state):
            return state
        assert time.monotonic() < deadline, f"batch stuck at {state['status']} {state['progress']}%"
        time.sleep(0.05)


def assert_merged_once(stack, big_class, state: dict) -> None:
    assert state["status"] == "completed"
    assert state["counts"]["applied"] == SESSIONS * PUPILS
    assert sum(state["counts"].values()) == SESSIONS * PUPILS
    with stack.engine("presence").connect() as conn:
        marks = {"s": tuple(big_class["sessions"])}
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
    assert versions == [(1, SESSIONS * PUPILS)]  # every record made exactly once
    assert history == SESSIONS * PUPILS  # and never written twice


def test_a_worker_child_killed_mid_batch_is_replaced_and_the_batch_finishes(stack, org, big_class):
    with stack.private(["sync", "sync-worker"], redis_port=free_port(), extra_env=WORKER_ENV) as private:
        base = private.config.url("sync")
        batch_id = post_batch(base, org.frontline, big_class["mutations"])
        wait_until(base, org.frontline, batch_id, lambda s: 10 <= s["progress"] < 90)
        parent = psutil.Process(private.processes["sync-worker"].pid)
        children = parent.children()
        assert children, "the worker runs its tasks in child processes"
        for child in children:
            os.kill(child.pid, signal.SIGKILL)
        state = wait_until(base, org.frontline, batch_id, lambda s: s["status"] in ("completed", "failed"))
    assert_merged_once(stack, big_class, state)


def test_the_whole_worker_killed_mid_batch_is_resumed_by_the_next_one(stack, org, big_class):
    with stack.private(["sync", "sync-worker"], redis_port=free_port(), extra_env=WORKER_ENV) as private:
        base = private.config.url("sync")
        batch_id = post_batch(base, org.frontline, big_class["mutations"])
        wait_until(base, org.frontline, batch_id, lambda s: 10 <= s["progress"] < 90)
        private.stop("sync-worker", sig=signal.SIGKILL)
        stopped_at = batch_state(base, org.frontline, batch_id)
        assert stopped_at["status"] == "running" and stopped_at["progress"] < 100
        private.start("sync-worker")
        state = wait_until(base, org.frontline, batch_id, lambda s: s["status"] in ("completed", "failed"))
    assert_merged_once(stack, big_class, state)


def test_a_crash_after_presence_committed_but_before_the_outcomes_were_kept(stack, org, big_class):
    """The worst moment: presence applied a chunk, the worker died before recording the outcomes.
    Played here by applying the first chunk the way a worker would, with no worker running."""
    with stack.private(["sync"], redis_port=free_port(), extra_env=WORKER_ENV) as private:
        base = private.config.url("sync")
        batch_id = post_batch(base, org.frontline, big_class["mutations"])
        first_chunk = [{**m, "has_open_conflict": False} for m in big_class["mutations"][:100]]
        applied = httpx.post(
            f"{stack.urls['presence']}/internal/sync/apply",
            timeout=60,
            headers={"X-Omni-Service-Token": stack.service_token},
            json={
                "actor": {"organization_id": org.id, "user_id": org.frontline.id, "role": "frontline"},
                "device_id": "field-tablet",
                "batch_id": batch_id,
                "mutations": first_chunk,
            },
        )
        assert applied.status_code == 200
        assert {r["outcome"] for r in applied.json()["results"]} == {"applied"}
        private.start("sync-worker")
        state = wait_until(base, org.frontline, batch_id, lambda s: s["status"] in ("completed", "failed"))
    assert_merged_once(stack, big_class, state)
    assert all(r["outcome"] == "applied" for r in state["results"][:100])  # the first answers, kept
