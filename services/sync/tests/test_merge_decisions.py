"""Offline changes merged by the worker: one outcome each, decided by SPEC 4.5's ordered table."""

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from classroom import make_classroom, ok, wait_for_batch


def mutation(room, participant=0, state="present", base_version=None, at=None, **extra) -> dict:
    return {
        "mutation_id": str(uuid.uuid4()),
        "session_id": room.session["id"],
        "participant_id": room.ids[participant],
        "state": state,
        "client_time": (at or datetime.now(UTC)).isoformat(),
        "base_version": base_version,
        **extra,
    }


def sync(member, mutations, device="tablet-1", sent_at=None, headers=None) -> dict:
    sent = (sent_at or datetime.now(UTC)).isoformat()
    accepted = member.post(
        "/api/sync", json={"device_id": device, "sent_at": sent, "mutations": mutations}, headers=headers or {}
    )
    assert accepted.status_code == 202, accepted.text
    assert accepted.json()["status"] in ("queued", "running", "completed")
    return wait_for_batch(member, accepted.json()["batch_id"])


def record(member, room, participant=0) -> dict | None:
    items = ok(member.get(f"/api/sessions/{room.session['id']}/roster"))["items"]
    return next(i["record"] for i in items if i["participant"]["id"] == room.ids[participant])


def outcomes(batch) -> list[str]:
    return [r["outcome"] for r in batch["results"]]


def test_new_records_are_applied_with_their_origin(org, classroom):
    batch = sync(org.frontline, [mutation(classroom, 0), mutation(classroom, 1, "late", note="Bus")])
    assert batch["status"] == "completed" and batch["progress"] == 100
    assert outcomes(batch) == ["applied", "applied"]
    assert batch["counts"] == {"applied": 2, "duplicate": 0, "unchanged": 0, "conflict": 0, "rejected": 0}
    saved = record(org.admin, classroom, 1)
    assert (saved["state"], saved["note"], saved["version"], saved["source"], saved["device_id"]) == (
        "late",
        "Bus",
        1,
        "offline_sync",
        "tablet-1",
    )
    assert saved["recorded_by"] == org.frontline.id


def test_sending_the_same_mutations_again_changes_nothing(org, classroom):
    changes = [mutation(classroom, 0), mutation(classroom, 1, "absent")]
    first = sync(org.frontline, changes)
    again = sync(org.frontline, changes)  # a new batch, without an idempotency key
    assert outcomes(again) == ["duplicate", "duplicate"]
    assert [r["version"] for r in again["results"]] == [r["version"] for r in first["results"]] == [1, 1]
    assert record(org.admin, classroom, 0)["version"] == 1  # no version bumped


def test_an_idempotency_key_answers_with_the_original_batch(org, classroom):
    body = {"device_id": "tablet-1", "sent_at": datetime.now(UTC).isoformat(), "mutations": [mutation(classroom)]}
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = ok(org.frontline.post("/api/sync", json=body, headers=key), 202)
    again = org.frontline.post("/api/sync", json=body, headers=key)
    assert again.status_code == 202 and again.json()["batch_id"] == first["batch_id"]
    other = org.frontline.post("/api/sync", json={**body, "device_id": "tablet-2"}, headers=key)
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "Idempotency-Key"
    wait_for_batch(org.frontline, first["batch_id"])
    assert record(org.admin, classroom)["version"] == 1


def test_two_devices_with_different_data_make_one_conflict_with_both_versions(org, classroom):
    first = sync(org.frontline, [mutation(classroom, state="present")], device="tablet-A")
    second = sync(org.admin, [mutation(classroom, state="absent")], device="tablet-B")
    assert outcomes(first) == ["applied"] and outcomes(second) == ["conflict"]
    conflict_id = second["results"][0]["conflict_id"]
    kept = record(org.admin, classroom)
    assert (kept["state"], kept["version"]) == ("present", 1)  # nothing overwritten
    conflict = ok(org.admin.get(f"/api/admin/sync-conflicts/{conflict_id}"))
    assert conflict["status"] == "open"
    assert (conflict["server"]["state"], conflict["server"]["device_id"]) == ("present", "tablet-A")
    assert [(v["state"], v["device_id"], v["user_id"]) for v in conflict["versions"]] == [
        ("absent", "tablet-B", org.admin.id)
    ]
    # A third device changing the same record joins the same conflict.
    third = sync(org.frontline, [mutation(classroom, state="late")], device="tablet-C")
    assert outcomes(third) == ["conflict"] and third["results"][0]["conflict_id"] == conflict_id
    assert len(ok(org.admin.get(f"/api/admin/sync-conflicts/{conflict_id}"))["versions"]) == 2
    assert [c["id"] for c in ok(org.admin.get("/api/admin/sync-conflicts", params={"status": "open"}))["items"]] == [
        conflict_id
    ]


def test_identical_data_is_unchanged_and_the_device_that_saw_the_version_applies(org, classroom):
    sync(org.frontline, [mutation(classroom, state="present")], device="tablet-A")
    same = sync(org.admin, [mutation(classroom, state="present")], device="tablet-B")
    assert outcomes(same) == ["unchanged"]
    informed = sync(org.admin, [mutation(classroom, state="late", base_version=1)], device="tablet-B")
    assert outcomes(informed) == ["applied"] and record(org.admin, classroom)["version"] == 2


def test_a_devices_own_chained_edits_apply_one_after_another(org, classroom):
    batch = sync(
        org.frontline,
        [
            mutation(classroom, state="present"),
            mutation(classroom, state="late"),
            mutation(classroom, state="absent", note="Went home"),
        ],
    )
    assert outcomes(batch) == ["applied", "applied", "applied"]
    assert [r["version"] for r in batch["results"]] == [1, 2, 3]
    later = sync(org.frontline, [mutation(classroom, state="present")])  # still thinks it saw nothing
    assert outcomes(later) == ["applied"] and record(org.admin, classroom)["version"] == 4
    history = ok(org.admin.get(f"/api/presence/{record(org.admin, classroom)['id']}/history"))["items"]
    assert [h["state"] for h in history] == ["present", "late", "absent", "present"]


def test_a_provisional_auto_mark_is_replaced_without_a_conflict(stack, org, classroom):
    ok(
        org.admin.post(
            "/api/presence",
            json={"session_id": classroom.session["id"], "participant_id": classroom.ids[0], "state": "absent"},
        )
    )
    with stack.engine("presence").begin() as conn:  # what closing a session with auto-marking leaves
        conn.execute(
            text("UPDATE presence_record SET source = 'auto_mark' WHERE session_id = :s"),
            {"s": classroom.session["id"]},
        )
    batch = sync(org.frontline, [mutation(classroom, state="present")])
    assert outcomes(batch) == ["applied"] and record(org.admin, classroom)["state"] == "present"


def test_invalid_changes_are_rejected_with_a_reason_and_kept_with_their_batch(org, classroom):
    other = make_classroom(org)
    assert org.admin.delete(f"/api/groups/{other.group['id']}/staff/{org.frontline.id}").status_code == 204
    long_ago = datetime.now(UTC) - timedelta(days=3)
    batch = sync(
        org.frontline,
        [
            {**mutation(classroom), "session_id": "01a21a00-0000-7000-8000-000000000000"},
            {**mutation(classroom), "participant_id": other.ids[0]},
            mutation(classroom, state="sleeping"),
            mutation(classroom, at=long_ago),
            mutation(other, 0),
            mutation(classroom, 1, check_in_at="2026-01-01T10:00:00Z", check_out_at="2026-01-01T09:00:00Z"),
            mutation(classroom, 2),
        ],
    )
    assert outcomes(batch) == ["rejected"] * 6 + ["applied"]
    reasons = [r["reason"] for r in batch["results"][:6]]
    assert reasons[0] == reasons[4] == "No such session, or not one you record for."
    assert reasons[1] == "Not a member of the session's group."
    assert reasons[2].startswith("No state 'sleeping'")
    assert reasons[3] == "Recorded outside the session's time."
    assert reasons[5] == "Check-out is before check-in."


def test_a_slow_device_clock_is_corrected_and_a_closed_session_still_takes_its_changes(org, classroom):
    ok(org.frontline.patch(f"/api/sessions/{classroom.session['id']}", json={"status": "closed"}))
    slow = datetime.now(UTC) - timedelta(hours=3)  # the device thinks it is three hours earlier
    batch = sync(org.frontline, [mutation(classroom, at=slow)], sent_at=slow)
    assert outcomes(batch) == ["applied"]  # made during the lesson, by the server's clock
    assert batch["clock_skew_seconds"] > 3 * 3600 - 60
    # Flagged, on the batch and on the record's history and audit (SPEC §4.5 step 4), with the
    # device's own clock kept beside the corrected time.
    assert batch["clock_skewed"] is True
    saved = record(org.admin, classroom)
    version = ok(org.admin.get(f"/api/presence/{saved['id']}/history"))["items"][-1]
    assert version["clock_skewed"] is True
    device_time = datetime.fromisoformat(version["device_time"])
    assert abs((device_time - slow).total_seconds()) < 1
    assert datetime.fromisoformat(version["client_time"]) - device_time > timedelta(hours=3) - timedelta(minutes=1)
    audit = ok(org.admin.get("/api/audit-logs", params={"entity": "presence_record", "entity_id": saved["id"]}))
    assert audit["items"][0]["after"]["clock_skewed"] is True


def test_a_device_clock_within_the_allowance_is_not_flagged(org, classroom):
    accepted = org.frontline.post(
        "/api/sync",
        json={
            "device_id": "tablet-2",
            "sent_at": (datetime.now(UTC) - timedelta(seconds=30)).isoformat(),
            "mutations": [mutation(classroom)],
        },
    )
    assert accepted.status_code == 202 and accepted.json()["clock_skewed"] is False
    batch = wait_for_batch(org.frontline, accepted.json()["batch_id"])
    assert batch["clock_skewed"] is False
    version = ok(org.admin.get(f"/api/presence/{record(org.admin, classroom)['id']}/history"))["items"][-1]
    assert version["clock_skewed"] is False and version["device_time"] is not None


def test_the_envelope_is_checked_before_anything_is_stored(org, classroom):
    bad = org.frontline.post("/api/sync", json={"device_id": "", "mutations": [{"mutation_id": "m1"}]})
    assert bad.status_code == 422
    fields = {e["field"] for e in bad.json()["errors"]}
    assert {"device_id", "sent_at", "mutations.0.session_id", "mutations.0.client_time"} <= fields
    too_many = [mutation(classroom) for _ in range(10_001)]
    refused = org.frontline.post(
        "/api/sync", json={"device_id": "t", "sent_at": datetime.now(UTC).isoformat(), "mutations": too_many}
    )
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert org.manager.post("/api/sync", json={}).status_code == 403
    assert org.external.post("/api/sync", json={}).status_code == 403


def test_batches_are_their_senders_and_conflicts_their_organizations(org, other_org, classroom):
    batch = sync(org.frontline, [mutation(classroom, state="present")], device="A")
    conflicting = sync(org.admin, [mutation(classroom, state="absent")], device="B")
    conflict_id = conflicting["results"][0]["conflict_id"]
    assert other_org.admin.get(f"/api/sync/batches/{batch['batch_id']}").status_code == 404
    assert other_org.admin.get(f"/api/admin/sync-conflicts/{conflict_id}").status_code == 404
    assert other_org.admin.get("/api/admin/sync-conflicts").json()["items"] == []
    assert org.manager.get(f"/api/sync/batches/{batch['batch_id']}").status_code == 200
    assert org.frontline.get(f"/api/sync/batches/{conflicting['batch_id']}").status_code == 404  # not theirs


def test_an_offline_check_in_is_decided_by_its_corrected_time_and_never_conflicts(make_org):
    """A steward's phone, two minutes slow, checks people in and out with no network; the server
    corrects the times by the batch's skew and decides present or late itself."""
    org = make_org(domain="workplace")
    shift = make_classroom(org, 3, domain="workplace", mode="check_in_out", status="open", started_minutes_ago=30)
    skew = timedelta(minutes=2)
    start = datetime.fromisoformat(shift.session["starts_at"])
    device_clock = start + timedelta(minutes=4) - skew  # on time by the server's clock (grace 5)
    late_clock = start + timedelta(minutes=4, seconds=30)  # 6 min 30 s by the server's clock
    ok(
        org.admin.post(
            "/api/presence", json={"session_id": shift.session["id"], "participant_id": shift.ids[2], "state": "absent"}
        )
    )
    mutations = [
        mutation(shift, 0, state=None, action="check_in", check_in_at=device_clock.isoformat(), at=device_clock),
        # A state given with a check-in is ignored: the server decides it.
        mutation(shift, 1, state="sick", action="check_in", at=late_clock),
        # Already in.
        mutation(shift, 1, state=None, action="check_in", at=late_clock + timedelta(minutes=1)),
        mutation(shift, 0, state=None, action="check_out", at=device_clock + timedelta(minutes=20)),
        # The admin marked them absent since: a check-in is a fact, not an opinion, so it applies.
        mutation(shift, 2, state=None, action="check_in", at=late_clock),
        # Before their check-in.
        mutation(shift, 1, state=None, action="check_out", at=start - timedelta(minutes=1)),
    ]
    batch = sync(org.frontline, mutations, sent_at=datetime.now(UTC) - skew)
    assert outcomes(batch) == ["applied", "applied", "unchanged", "applied", "applied", "rejected"]
    assert batch["results"][5]["reason"] == "That time is before the check-in."
    first = record(org.admin, shift, 0)
    assert first["state"] == "on_site" and first["source"] == "offline_sync"
    # Corrected by the skew the server saw (two minutes, plus the moment the batch took to arrive).
    assert abs(datetime.fromisoformat(first["check_in_at"]) - (start + timedelta(minutes=4))) < timedelta(seconds=5)
    assert first["duration_minutes"] == 20
    assert record(org.admin, shift, 1)["state"] == "late"
    assert (record(org.admin, shift, 2)["state"], record(org.admin, shift, 2)["version"]) == ("late", 2)


def test_a_mark_without_a_state_or_an_action_is_a_malformed_envelope(org, classroom):
    answer = org.frontline.post(
        "/api/sync",
        json={
            "device_id": "d",
            "sent_at": datetime.now(UTC).isoformat(),
            "mutations": [mutation(classroom, state=None)],
        },
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "mutations.0"
