"""Notification rules (SPEC §4.7, §8): each fires once at its crossing and not again until it is
uncrossed; they run on presence's worker, which follows the change feed after the marks commit.
Each test waits for the worker to have followed the organization's feed before it asserts."""

import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from classroom import make_classroom, ok, wait_for_batch


def followed(org):
    """Wait until presence's worker has acted on every change of the organization so far."""
    engine = org.stack.engine("presence")
    deadline = time.monotonic() + 30
    while True:
        with engine.connect() as db:
            last = db.execute(
                text("SELECT last_seq FROM feed_counter WHERE organization_id = :o"), {"o": org.id}
            ).scalar()
            done = db.execute(
                text("SELECT position FROM feed_cursor WHERE organization_id = :o"), {"o": org.id}
            ).scalar()
        if last is not None and done is not None and done >= last:
            return
        assert time.monotonic() < deadline, "the worker did not follow the feed in time"
        time.sleep(0.1)


def notes(member, kind):
    return [n for n in ok(member.get("/api/notifications"))["items"] if n["kind"] == kind]


def lessons(org, room, count, *, hours_ago=48):
    """Past sessions of the room's group, oldest first (members joined before them)."""
    start = datetime.now(UTC) - timedelta(hours=hours_ago)
    ok(
        org.admin.post(
            f"/api/groups/{room.group['id']}/members",
            json={"participant_ids": room.ids, "starts_at": (start - timedelta(days=1)).isoformat()},
        )
    )
    made = []
    for n in range(count):
        begins = start + timedelta(hours=n)
        made.append(
            ok(
                org.admin.post(
                    "/api/sessions",
                    json={
                        "group_id": room.group["id"],
                        "title": f"Lesson {n}",
                        "starts_at": begins.isoformat(),
                        "ends_at": (begins + timedelta(minutes=50)).isoformat(),
                    },
                )
            )
        )
    return made


def mark(org, session, participant, state):
    return ok(
        org.frontline.post(
            "/api/presence", json={"session_id": session["id"], "participant_id": participant, "state": state}
        )
    )


def test_the_rules_start_as_pinned_and_only_administrators_change_them(org):
    assert ok(org.manager.get("/api/notification-rules")) == {
        "below_threshold": True,
        "absent_in_a_row": 3,
        "register_not_taken_after_minutes": 15,
        "absent_to_contact": False,
        "email": True,
    }
    assert org.manager.patch("/api/notification-rules", json={"email": False}).status_code == 403
    assert org.frontline.get("/api/notification-rules").status_code == 403
    changed = ok(org.admin.patch("/api/notification-rules", json={"absent_in_a_row": None, "email": False}))
    assert (changed["absent_in_a_row"], changed["email"], changed["below_threshold"]) == (None, False, True)
    bad = org.admin.patch("/api/notification-rules", json={"absent_in_a_row": 0})
    assert [e["field"] for e in bad.json()["errors"]] == ["absent_in_a_row"]


def test_each_person_chooses_the_kinds_that_come_by_email(org):
    mine = ok(org.frontline.get("/api/notification-preferences"))["email"]
    assert mine["register_not_taken"] is True and set(mine) >= {"below_threshold", "sync_conflict"}
    ok(org.frontline.patch("/api/notification-preferences", json={"email": {"register_not_taken": False}}))
    assert ok(org.frontline.get("/api/notification-preferences"))["email"]["register_not_taken"] is False
    assert ok(org.manager.get("/api/notification-preferences"))["email"]["register_not_taken"] is True
    unknown = org.frontline.patch("/api/notification-preferences", json={"email": {"weather": False}})
    assert [e["field"] for e in unknown.json()["errors"]] == ["email.weather"]


def test_below_the_threshold_fires_once_at_its_crossing_and_again_after_it_recovered(org):
    room = make_classroom(org, 1)
    pupil = room.ids[0]
    held = lessons(org, room, 12)
    for session in held[:5]:
        mark(org, session, pupil, "present")
    followed(org)
    assert notes(org.manager, "below_threshold") == []
    mark(org, held[5], pupil, "absent")  # 5 of 6: 83 %, below 90 %
    followed(org)
    (crossed,) = notes(org.manager, "below_threshold")
    assert "83%" in crossed["title"] and crossed["link"] == f"/participants/{pupil}"
    assert len(notes(org.admin, "below_threshold")) == 1  # administrators are told too
    mark(org, held[6], pupil, "absent")  # still below: nothing more
    followed(org)
    assert len(notes(org.manager, "below_threshold")) == 1
    for session in held[7:12]:  # 10 of 12 is 83 % again... mark the absences present instead
        mark(org, session, pupil, "present")
    mark(org, held[5], pupil, "present")
    mark(org, held[6], pupil, "present")  # back to 100 %: uncrossed
    followed(org)
    mark(org, held[6], pupil, "absent")  # 11 of 12: 92 %, above
    mark(org, held[5], pupil, "absent")  # 10 of 12: 83 %, crossed again
    followed(org)
    assert len(notes(org.manager, "below_threshold")) == 2


def test_absent_in_a_row_fires_when_the_run_reaches_three_and_a_present_resets_it(org):
    room = make_classroom(org, 1)
    ok(org.admin.patch("/api/notification-rules", json={"below_threshold": False}))
    pupil = room.ids[0]
    held = lessons(org, room, 7)
    for session in held[:2]:
        mark(org, session, pupil, "absent")
    followed(org)
    assert notes(org.manager, "absent_in_a_row") == []
    mark(org, held[2], pupil, "absent")
    mark(org, held[3], pupil, "absent")  # four in a row: still the one notification
    followed(org)
    (run,) = notes(org.manager, "absent_in_a_row")
    assert run["title"].endswith("was absent 3 times in a row")
    mark(org, held[4], pupil, "present")
    for session in held[5:7]:
        mark(org, session, pupil, "absent")
    followed(org)
    assert len(notes(org.manager, "absent_in_a_row")) == 1  # two since the present
    # A session with no record is skipped, not a break.
    late_lesson = ok(
        org.admin.post(
            "/api/sessions",
            json={
                "group_id": room.group["id"],
                "title": "Later",
                "starts_at": (datetime.now(UTC) - timedelta(hours=2)).isoformat(),
                "ends_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
            },
        )
    )
    mark(org, late_lesson, pupil, "absent")
    followed(org)
    assert len(notes(org.manager, "absent_in_a_row")) == 2


def test_a_register_not_taken_tells_the_sessions_staff_once(org):
    room = make_classroom(org, 2, started_minutes_ago=20)  # the rule: 15 minutes
    deadline = time.monotonic() + 30
    while not (told := notes(org.frontline, "register_not_taken")):
        assert time.monotonic() < deadline, "the staff were not told"
        time.sleep(0.2)
    assert told[0]["link"] == f"/sessions/{room.session['id']}" and "Maths" in told[0]["title"]
    # A register taken in time is not reported; nor is one reported twice.
    taken = make_classroom(org, 1, started_minutes_ago=20)
    mark(org, taken.session, taken.ids[0], "present")
    time_of_check = time.monotonic()
    while time.monotonic() < time_of_check + 3:  # three of the worker's one-second checks
        time.sleep(0.5)
    assert [n["data"]["session_id"] for n in notes(org.frontline, "register_not_taken")] == [room.session["id"]]
    assert notes(org.admin, "register_not_taken") == []  # the session has staff


def test_a_participants_request_and_its_decision_are_told(org):
    room = make_classroom(org, 1)
    from omni_common.testing.plugin import PASSWORD, login, unique_email

    email = unique_email("external")
    ok(
        org.admin.post(
            "/api/users",
            json={
                "email": email,
                "full_name": "Pat",
                "role": "external",
                "password": PASSWORD,
                "participant_id": room.ids[0],
            },
        ),
        201,
    )
    learner, _ = login(org.stack.gateway, email)
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    asked = ok(
        learner.post(
            "/api/advance-notices",
            json={"participant_id": room.ids[0], "from": tomorrow, "to": tomorrow, "state": "excused"},
        )
    )
    (request,) = notes(org.admin, "advance_notice_requested")
    assert request["link"] == "/absences"
    ok(org.admin.post(f"/api/advance-notices/{asked['id']}/approve"))
    decided = [n for n in ok(learner.get("/api/notifications"))["items"] if n["kind"] == "advance_notice_decided"]
    assert decided[0]["title"].endswith("was approved")
    assert decided[0]["link"] == "/my/absences"


def test_a_conflict_rings_the_administrators_bell_and_mark_all_read(org, classroom):
    import uuid

    now = datetime.now(UTC).isoformat()
    for member, device, state in ((org.frontline, "tablet", "present"), (org.admin, "phone", "absent")):
        change = {
            "mutation_id": str(uuid.uuid4()),
            "session_id": classroom.session["id"],
            "participant_id": classroom.ids[0],
            "state": state,
            "client_time": now,
            "base_version": None,
        }
        sent = ok(member.post("/api/sync", json={"device_id": device, "sent_at": now, "mutations": [change]}), 202)
        wait_for_batch(member, sent["batch_id"])
    # The bell rings once the merge has told presence, just after the batch says completed.
    deadline = time.monotonic() + 30
    while not notes(org.admin, "sync_conflict"):
        assert time.monotonic() < deadline, "the administrators were not told of the conflict"
        time.sleep(0.1)
    page = ok(org.admin.get("/api/notifications"))
    (flagged,) = [n for n in page["items"] if n["kind"] == "sync_conflict"]
    assert flagged["link"] == "/admin/sync-conflicts" and page["unread"] >= 1
    assert ok(org.admin.post("/api/notifications/read-all"))["unread"] == 0
    assert ok(org.admin.get("/api/notifications"))["unread"] == 0


@pytest.fixture
def classroom(org):
    return make_classroom(org)
