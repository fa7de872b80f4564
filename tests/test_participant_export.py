"""A participant's export (subject access, SPEC §8: GET /api/participants/{id}/export): one document
from every service with everything about them — and nothing about anyone else."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from classroom import ok
from omni_common.testing.plugin import login
from subject import make_subject


@pytest.fixture
def subject(org, stack):
    return make_subject(org, stack.gateway, with_reports=False)


def test_the_export_holds_their_data_from_every_service_and_nothing_of_anyone_else(subject, other_org, stack):
    admin, values, pid = subject.org.admin, subject.values, subject.id
    # A report limited to them (reporting's part), and a stranger in another organization.
    now = datetime.now(UTC)
    period = {"from": (now - timedelta(days=1)).date().isoformat(), "to": now.date().isoformat()}
    report = ok(
        admin.post(
            "/api/reports",
            json={
                "type": "participant_summary",
                "format": "csv",
                "params": {"group_id": subject.group_id, **period, "participant_ids": [pid]},
            },
        ),
        202,
    )
    stranger = ok(other_org.admin.post("/api/participants", json={"name": "Stranger Elsewhere"}))

    answer = admin.get(f"/api/participants/{pid}/export")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-disposition"] == f'attachment; filename="participant-{pid}.json"'
    doc = answer.json()

    # presence: who they are, their groups, every record with its full history, notices, the door.
    assert doc["participant"]["name"] == values["name"] and doc["participant"]["email"] == values["email"]
    assert doc["participant"]["attributes"]["guardian"] == values["attribute"]
    assert [m["group_id"] for m in doc["memberships"]] == [subject.group_id]
    assert sorted(r["session"]["id"] for r in doc["records"]) == sorted(s["id"] for s in subject.sessions)
    first = next(r for r in doc["records"] if r["session"]["id"] == subject.sessions[0]["id"])
    assert [v["note"] for v in first["history"]] == subject.notes[:2] and first["version"] == 2
    assert [n["note"] for n in doc["advance_notices"]] == [f"Notice note {subject.tok}"]
    assert doc["kiosk_attempts"][0]["badge"] == values["external_ref"]
    # sync: the offline change as the tablet sent it, and the conflict with both sides.
    assert [i["note"] for i in doc["sync_items"]] == [f"Device note {subject.tok}"]
    assert doc["sync_items"][0]["outcome"] == "conflict" and doc["sync_items"][0]["batch_id"] == subject.batch_id
    assert [c["id"] for c in doc["conflicts"]] == [subject.conflict_id]
    assert doc["conflicts"][0]["versions"][0]["note"] == f"Device note {subject.tok}"
    # identity: the linked login and its sign-ins, never its secrets.
    assert (doc["user"]["email"], doc["user"]["full_name"]) == (values["login email"], values["login name"])
    assert doc["user"]["sessions"] and "password_hash" not in json.dumps(doc) and "totp_secret" not in json.dumps(doc)
    # reporting: the report limited to them.
    assert [r["id"] for r in doc["reports"]] == [report["id"]]
    # Every service's audit entries about them, newest first.
    assert {e["service"] for e in doc["audit"]} == {"presence", "identity", "sync", "reporting"}
    times = [e["created_at"] for e in doc["audit"]]
    assert times == sorted(times, reverse=True)

    text = answer.text
    for trace in (
        subject.classmate["id"],
        subject.classmate["name"],
        subject.classmate_note,
        subject.classmate["email"],
        other_org.id,
        stranger["id"],
    ):
        assert trace not in text, f"the export mentions someone else: {trace}"


def test_the_participant_exports_themselves_and_no_one_else(subject, stack):
    pid = subject.id
    own, _ = login(stack.gateway, subject.login_email)
    try:
        mine = own.get(f"/api/participants/{pid}/export")
        assert mine.status_code == 200 and mine.json()["participant"]["id"] == pid
        classmate = own.get(f"/api/participants/{subject.classmate['id']}/export")
        unknown = own.get(f"/api/participants/{uuid.uuid4()}/export")
        assert classmate.status_code == unknown.status_code == 404
        assert classmate.json()["detail"] == unknown.json()["detail"]
    finally:
        own.close()


def test_who_may_not_export_is_told_as_spec_1_says(subject, other_org):
    pid = subject.id
    # A manager and the group's teacher see the participant: 403. Another organization: 404, as unknown.
    for member in (subject.org.manager, subject.org.frontline):
        refused = member.get(f"/api/participants/{pid}/export")
        assert refused.status_code == 403, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
    foreign = other_org.admin.get(f"/api/participants/{pid}/export")
    unknown = other_org.admin.get(f"/api/participants/{uuid.uuid4()}/export")
    assert foreign.status_code == unknown.status_code == 404
    assert {k: v for k, v in foreign.json().items() if k not in ("instance", "request_id")} == {
        k: v for k, v in unknown.json().items() if k not in ("instance", "request_id")
    }
    assert subject.tok not in foreign.text
