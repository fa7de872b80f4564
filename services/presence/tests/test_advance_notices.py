"""Advance notices (SPEC §3.3, §8): staff record a known absence, a participant requests one that an
administrator approves or rejects; approval pre-fills the unmarked records of the range's sessions,
present and future, and of sessions made later, never overwriting a mark."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from classroom import make_classroom, ok
from omni_common.testing.plugin import PASSWORD, login, unique_email

TODAY = datetime.now(UTC).date()


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def lesson(org, group, offset_days: int, title="Lesson") -> dict:
    start = datetime.now(UTC).replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=offset_days)
    return ok(
        org.admin.post(
            "/api/sessions",
            json={
                "group_id": group["id"],
                "title": title,
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=1)).isoformat(),
            },
        )
    )


def record_of(member, session, participant_id):
    items = ok(member.get(f"/api/sessions/{session['id']}/roster"))["items"]
    return next(i["record"] for i in items if i["participant"]["id"] == participant_id)


@pytest.fixture
def school(org):
    room = make_classroom(org, 2)
    return org, room, [lesson(org, room.group, d) for d in (1, 2, 3)]


def notice(member, participant_id, first, last, state="excused", **extra):
    return member.post(
        "/api/advance-notices",
        json={"participant_id": participant_id, "from": first, "to": last, "state": state, **extra},
    )


def test_staff_record_a_notice_approved_and_it_prefills_the_sessions_of_its_days(school):
    org, room, (tomorrow, after, third) = school
    made = notice(org.frontline, room.ids[0], day(1), day(2), note="Dentist")
    assert made.status_code == 201, made.text
    assert (made.json()["status"], made.json()["decided_by"], made.json()["prefilled"]) == (
        "approved",
        org.frontline.id,
        2,
    )
    for session in (tomorrow, after):
        record = record_of(org.frontline, session, room.ids[0])
        assert (record["state"], record["source"], record["note"]) == ("excused", "advance_notice", "Dentist")
    assert record_of(org.frontline, third, room.ids[0]) is None
    # A later human mark replaces it like any change.
    changed = ok(
        org.frontline.post(
            "/api/presence", json={"session_id": tomorrow["id"], "participant_id": room.ids[0], "state": "present"}
        )
    )
    assert (changed["state"], changed["version"]) == ("present", 2)


def test_a_participant_requests_one_and_an_administrator_approves_it(school):
    org, room, (tomorrow, *_rest) = school
    learner = linked(org, room.ids[1])
    asked = notice(learner, room.ids[1], day(1), day(1), note="Hospital appointment")
    assert asked.status_code == 201 and asked.json()["status"] == "requested"
    assert record_of(org.admin, tomorrow, room.ids[1]) is None  # nothing until approved
    listed = ok(org.admin.get("/api/advance-notices", params={"status": "requested"}))
    assert listed["pending"] == 1 and listed["items"][0]["participant_name"] == "Pupil 0001"
    approved = org.admin.post(f"/api/advance-notices/{asked.json()['id']}/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "approved" and approved.json()["prefilled"] == 1
    assert record_of(org.admin, tomorrow, room.ids[1])["source"] == "advance_notice"
    again = org.admin.post(f"/api/advance-notices/{asked.json()['id']}/reject")
    assert again.status_code == 409
    # The participant sees their own, and its decision.
    mine = ok(learner.get("/api/advance-notices"))["items"]
    assert [(n["id"], n["status"]) for n in mine] == [(asked.json()["id"], "approved")]


def test_a_rejected_request_changes_nothing(school):
    org, room, (tomorrow, *_rest) = school
    learner = linked(org, room.ids[1])
    asked = ok(notice(learner, room.ids[1], day(1), day(1)))
    assert ok(org.admin.post(f"/api/advance-notices/{asked['id']}/reject"))["status"] == "rejected"
    assert record_of(org.admin, tomorrow, room.ids[1]) is None


def test_a_participant_asks_only_for_themselves_and_only_for_an_excused_absence(school):
    org, room, _ = school
    learner = linked(org, room.ids[1])
    someone_else = notice(learner, room.ids[0], day(1), day(1))
    assert [(e["field"], e["code"]) for e in someone_else.json()["errors"]] == [("participant_id", "not_found")]
    absent = notice(learner, room.ids[1], day(1), day(1), state="absent")
    assert [(e["field"], e["code"]) for e in absent.json()["errors"]] == [("state", "not_an_absence")]
    assert notice(org.frontline, room.ids[0], day(1), day(1), state="absent").status_code == 201
    present = notice(org.frontline, room.ids[0], day(1), day(1), state="present")
    assert [(e["field"], e["code"]) for e in present.json()["errors"]] == [("state", "not_an_absence")]
    backwards = notice(org.frontline, room.ids[0], day(2), day(1))
    assert [e["field"] for e in backwards.json()["errors"]] == ["to"]


def test_a_notice_never_overwrites_a_mark_and_overlapping_notices_leave_the_first(school):
    org, room, (tomorrow, after, _third) = school
    ok(
        org.frontline.post(
            "/api/presence", json={"session_id": tomorrow["id"], "participant_id": room.ids[0], "state": "present"}
        )
    )
    first = ok(notice(org.admin, room.ids[0], day(1), day(2), note="Trip"))
    assert first["prefilled"] == 1  # only the second day: the first was marked
    overlapping = ok(notice(org.admin, room.ids[0], day(2), day(3), state="absent"))
    assert overlapping["prefilled"] == 1  # the third day; the second stays as the first notice made it
    assert record_of(org.admin, tomorrow, room.ids[0])["state"] == "present"
    assert (record_of(org.admin, after, room.ids[0])["state"], record_of(org.admin, after, room.ids[0])["note"]) == (
        "excused",
        "Trip",
    )


def test_a_session_closed_before_it_ended_keeps_its_register_as_it_was_closed(school):
    """The notice asks the rulebook like any writer: a closed session takes no one's change but an
    administrator's, and a notice is the system's."""
    org, room, (tomorrow, after, _third) = school
    ok(org.admin.patch(f"/api/sessions/{tomorrow['id']}", json={"status": "closed"}))
    made = ok(notice(org.admin, room.ids[0], day(1), day(2)))
    assert made["prefilled"] == 1
    assert record_of(org.admin, tomorrow, room.ids[0]) is None
    assert record_of(org.admin, after, room.ids[0])["source"] == "advance_notice"


def test_a_state_limited_to_administrators_is_theirs_in_a_notice_too(school):
    org, room, _ = school
    code = f"leave{uuid.uuid4().hex[:6]}"
    ok(
        org.admin.post(
            "/api/presence-states",
            json={
                "domain": "education",
                "code": code,
                "label": "Authorised leave",
                "color": "#0b7285",
                "category": "excused",
                "roles": ["admin"],
            },
        )
    )
    refused = notice(org.frontline, room.ids[0], day(1), day(1), state=code)
    assert refused.status_code == 422 and [e["field"] for e in refused.json()["errors"]] == ["state"]
    assert ok(notice(org.admin, room.ids[0], day(1), day(1), state=code))["prefilled"] == 1


def test_sessions_made_after_approval_are_prefilled_too(school):
    org, room, _ = school
    ok(notice(org.admin, room.ids[0], day(5), day(6)))
    later = lesson(org, room.group, 5, "Made later")
    record = record_of(org.admin, later, room.ids[0])
    assert (record["state"], record["source"]) == ("excused", "advance_notice")


def test_a_domain_without_the_code_gets_its_first_state_of_the_same_category(org):
    """A pupil in a class (education: 'excused') and a club (community: 'apologies')."""
    room = make_classroom(org, 1)
    org.admin.patch("/api/organizations/current", json={"domains": ["education", "community"]})
    club = ok(org.admin.post("/api/groups", json={"name": "Chess club", "domain": "community"}))
    ok(org.admin.post(f"/api/groups/{club['id']}/members", json={"participant_ids": [room.ids[0]]}))
    chess, maths = lesson(org, club, 1, "Chess"), lesson(org, room.group, 1, "Maths")
    ok(notice(org.admin, room.ids[0], day(1), day(1)))
    assert record_of(org.admin, chess, room.ids[0])["state"] == "apologies"
    assert record_of(org.admin, maths, room.ids[0])["state"] == "excused"


def linked(org, participant_id):
    email = unique_email("external")
    ok(
        org.admin.post(
            "/api/users",
            json={
                "email": email,
                "full_name": "Pat Pupil",
                "role": "external",
                "password": PASSWORD,
                "participant_id": participant_id,
            },
        ),
        201,
    )
    return login(org.stack.gateway, email)[0]
