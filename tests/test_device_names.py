"""Devices have names people recognise (SPEC §8): sent as a batch's `device_name` and as the
`X-Omni-Device-Name` header of online writes, kept by sync with the batch and each conflict
version, and shown in the audit log's entries."""

import uuid
from datetime import UTC, datetime
from urllib.parse import quote

from classroom import make_classroom, ok, wait_for_batch


def _audit(member, **params) -> list[dict]:
    return ok(member.get("/api/audit-logs", params={"limit": 200, **params}))["items"]


def test_an_online_mark_names_its_device_in_the_audit_log(org):
    room = make_classroom(org, size=1)
    name = "Łukasz's tablet"
    headers = {"X-Omni-Device": "tablet-1", "X-Omni-Device-Name": quote(name)}
    body = {"session_id": room.session["id"], "participant_id": room.ids[0], "state": "present"}
    record = ok(org.frontline.post("/api/presence", json=body, headers=headers))
    entries = [e for e in _audit(org.admin, entity_id=record["id"]) if e["service"] == "presence"]
    assert entries and {(e["device_id"], e["device_name"]) for e in entries} == {("tablet-1", name)}


def test_a_batch_names_its_device_in_the_batch_its_conflicts_and_the_audit_log(org):
    room = make_classroom(org, size=1)
    session, person = room.session["id"], room.ids[0]
    # The server holds a version the device never saw: the device's change is a conflict.
    ok(org.admin.post("/api/presence", json={"session_id": session, "participant_id": person, "state": "late"}))
    now = datetime.now(UTC).isoformat()
    mutation = {
        "mutation_id": str(uuid.uuid4()),
        "session_id": session,
        "participant_id": person,
        "state": "absent",
        "client_time": now,
        "base_version": None,
    }
    batch = {"device_id": "phone-frankie", "device_name": "  Frankie's phone ", "sent_at": now, "mutations": [mutation]}
    accepted = ok(org.frontline.post("/api/sync", json=batch), 202)
    merged = wait_for_batch(org.frontline, accepted["batch_id"])
    assert merged["status"] == "completed" and merged["counts"]["conflict"] == 1, merged
    assert merged["device_name"] == "Frankie's phone"

    conflicts = ok(org.admin.get("/api/admin/sync-conflicts", params={"session_id": session}))["items"]
    assert [(v["device_id"], v["device_name"]) for v in conflicts[0]["versions"]] == [
        ("phone-frankie", "Frankie's phone")
    ]
    opened = [e for e in _audit(org.admin, entity="sync_conflict") if e["action"] == "open"]
    assert [e["device_name"] for e in opened] == ["Frankie's phone"]


def test_a_device_name_is_checked_and_a_batch_may_leave_it_out(org):
    now = datetime.now(UTC).isoformat()
    long = {"device_id": "d", "device_name": "x" * 101, "sent_at": now, "mutations": []}
    refused = org.frontline.post("/api/sync", json=long)
    assert refused.status_code == 422
    assert [(e["field"], e["code"]) for e in refused.json()["errors"]] == [("device_name", "too_long")]
    unnamed = ok(org.frontline.post("/api/sync", json={"device_id": "d", "sent_at": now, "mutations": []}), 202)
    assert ok(org.frontline.get(f"/api/sync/batches/{unnamed['batch_id']}"))["device_name"] is None
