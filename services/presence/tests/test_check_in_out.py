"""Check-in and check-out (SPEC §2 `check_in_out`, §8): lateness by the group's grace, duration, and
the pinned answers of issue 11."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from classroom import make_classroom, ok


def check(member, classroom, participant=0, out=False, **body):
    path = f"/api/sessions/{classroom.session['id']}/check-{'out' if out else 'in'}"
    return member.post(path, json={"participant_id": classroom.ids[participant], **body})


def at(classroom, **delta) -> str:
    return (datetime.fromisoformat(classroom.session["starts_at"]) + timedelta(**delta)).isoformat()


@pytest.fixture
def shift(make_org):
    """A workplace team with a shift that started 30 minutes ago, checked in and out, grace 5 minutes."""
    org = make_org(domain="workplace")
    return org, make_classroom(org, 4, domain="workplace", mode="check_in_out", status="open", started_minutes_ago=30)


def test_a_check_in_exactly_at_the_grace_minute_is_on_time_and_one_second_later_is_late(shift):
    org, team = shift
    on_time = check(org.frontline, team, 0, at=at(team, minutes=5))
    assert on_time.status_code == 201, on_time.text
    assert on_time.json()["state"] == "on_site"
    assert datetime.fromisoformat(on_time.json()["check_in_at"]) == datetime.fromisoformat(at(team, minutes=5))
    late = ok(check(org.frontline, team, 1, at=at(team, minutes=5, seconds=1)), 201)
    assert late["state"] == "late"
    assert late["check_out_at"] is None and late["duration_minutes"] is None


def test_the_group_grace_setting_decides_lateness(make_org):
    org = make_org(domain="workplace")
    team = make_classroom(
        org,
        2,
        domain="workplace",
        mode="check_in_out",
        status="open",
        started_minutes_ago=30,
        settings={"late_after_minutes": 20},
    )
    assert ok(check(org.frontline, team, 0, at=at(team, minutes=20)))["state"] == "on_site"
    assert ok(check(org.frontline, team, 1, at=at(team, minutes=21)))["state"] == "late"


def test_a_domain_without_a_late_state_checks_a_late_guest_in_with_its_present_state(make_org):
    org = make_org(domain="hospitality")
    dinner = make_classroom(org, 1, domain="hospitality", mode="check_in_out", status="open", started_minutes_ago=40)
    record = ok(check(org.frontline, dinner, 0, at=at(dinner, minutes=30)), 201)
    assert record["state"] == "checked_in"
    assert datetime.fromisoformat(record["check_in_at"]) == datetime.fromisoformat(at(dinner, minutes=30))


def test_checking_in_someone_already_in_changes_nothing_and_coming_back_keeps_the_first_check_in(shift):
    org, team = shift
    first = ok(check(org.frontline, team, at=at(team, minutes=1)), 201)
    again = check(org.frontline, team, at=at(team, minutes=10))
    assert again.status_code == 200 and again.json()["version"] == 1
    out = ok(check(org.frontline, team, out=True, at=at(team, minutes=20)))
    assert (out["version"], out["duration_minutes"]) == (2, 19)
    back = ok(check(org.frontline, team, at=at(team, minutes=25)))
    assert back["check_in_at"] == first["check_in_at"] and back["check_out_at"] is None
    assert back["state"] == "on_site" and back["version"] == 3


def test_checking_out_without_checking_in_names_the_participant_and_before_the_check_in_names_at(shift):
    org, team = shift
    never = check(org.frontline, team, 0, out=True)
    assert never.status_code == 422
    assert [(e["field"], e["code"]) for e in never.json()["errors"]] == [("participant_id", "not_checked_in")]
    ok(check(org.frontline, team, 1, at=at(team, minutes=10)))
    early = check(org.frontline, team, 1, out=True, at=at(team, minutes=9))
    assert [(e["field"], e["code"]) for e in early.json()["errors"]] == [("at", "before_check_in")]


def test_times_outside_the_session_or_in_the_future_are_refused_naming_at(shift):
    org, team = shift
    future = check(org.frontline, team, at=(datetime.now(UTC) + timedelta(hours=1)).isoformat())
    assert [(e["field"], e["code"]) for e in future.json()["errors"]] == [("at", "in_future")]
    long_before = check(org.frontline, team, at=at(team, hours=-5))
    assert [(e["field"], e["code"]) for e in long_before.json()["errors"]] == [("at", "outside_window")]


def test_someone_not_on_the_list_cannot_be_checked_in(shift, make_org):
    org, team = shift
    stranger = ok(org.admin.post("/api/participants", json={"name": "Not in the team"}))
    answer = org.frontline.post(f"/api/sessions/{team.session['id']}/check-in", json={"participant_id": stranger["id"]})
    assert answer.status_code == 422
    assert [(e["field"], e["code"]) for e in answer.json()["errors"]] == [("participant_id", "not_a_member")]


def test_a_closed_session_takes_check_ins_from_administrators_only_and_a_cancelled_one_from_nobody(shift):
    org, team = shift
    ok(org.frontline.patch(f"/api/sessions/{team.session['id']}", json={"status": "closed"}))
    closed = check(org.frontline, team)
    assert closed.status_code == 409 and closed.json()["code"] == "session_closed"
    assert ok(check(org.admin, team), 201)["state"] == "late"  # half an hour in
    ok(org.admin.patch(f"/api/sessions/{team.session['id']}", json={"status": "cancelled"}))
    assert check(org.admin, team, 1).status_code == 409


def test_the_same_mutation_id_again_returns_the_first_answer(shift):
    org, team = shift
    door = str(uuid.uuid4())
    first = check(org.frontline, team, mutation_id=door, at=at(team, minutes=2))
    assert first.status_code == 201
    again = check(org.frontline, team, mutation_id=door, at=at(team, minutes=2))
    assert again.status_code == 201 and again.json() == first.json()


def test_check_in_works_in_roll_call_sessions_too_and_duration_shows_everywhere(org, classroom):
    ok(check(org.frontline, classroom, at=at(classroom, minutes=1)), 201)
    ok(check(org.frontline, classroom, out=True, at=at(classroom, minutes=4, seconds=59)))
    roster = ok(org.frontline.get(f"/api/sessions/{classroom.session['id']}/roster"))
    assert roster["group"]["late_after_minutes"] == 5
    record = next(i["record"] for i in roster["items"] if i["record"])
    assert record["duration_minutes"] == 3  # whole minutes, rounded down
    listed = ok(org.frontline.get("/api/presence", params={"session_id": classroom.session["id"]}))
    assert listed["items"][0]["duration_minutes"] == 3
    feed = ok(org.frontline.get("/api/sync/changes"))
    assert feed["items"][-1]["duration_minutes"] == 3


def test_duration_across_midnight_and_a_change_of_clocks(make_org):
    """A night shift in London from 22:00 on 24 October 2026 to 06:00: the clocks go back at 02:00."""
    org = make_org(domain="workplace", timezone="Europe/London")
    admin = org.admin
    team = ok(admin.post("/api/groups", json={"name": "Nights", "domain": "workplace"}))
    nurse = ok(admin.post("/api/participants", json={"name": "Noor Night"}))
    ok(
        admin.post(
            f"/api/groups/{team['id']}/members",
            json={"participant_ids": [nurse["id"]], "starts_at": "2026-10-01T00:00:00"},
        )
    )
    shift = ok(
        admin.post(
            "/api/sessions",
            json={
                "group_id": team["id"],
                "title": "Night shift",
                "mode": "check_in_out",
                "starts_at": "2026-10-24T22:00:00",
                "ends_at": "2026-10-25T06:00:00",
            },
        )
    )
    path = f"/api/sessions/{shift['id']}"
    ok(admin.post(f"{path}/check-in", json={"participant_id": nurse["id"], "at": "2026-10-24T23:50:00+01:00"}))
    out = ok(admin.post(f"{path}/check-out", json={"participant_id": nurse["id"], "at": "2026-10-25T02:30:00+00:00"}))
    # 23:50 BST to 02:30 GMT: 3 h 40 min of real time, although the wall clock moved 2 h 40 min.
    assert out["duration_minutes"] == 220


def test_managers_and_participants_may_not_check_anyone_in(org, classroom):
    assert check(org.manager, classroom).status_code == 403
    # Visibility first (SPEC §1): a login linked to nobody sees no session (404); a member of the
    # class sees it, and may still not check anyone in (403).
    assert check(org.external, classroom).status_code == 404
    ok(org.admin.patch(f"/api/users/{org.external.id}", json={"participant_id": classroom.ids[0]}))
    tokens = ok(org.external.post("/api/auth/refresh", json={"refresh_token": org.external.tokens["refresh_token"]}))
    org.external.client.headers["Authorization"] = f"Bearer {tokens['access_token']}"
    assert check(org.external, classroom).status_code == 403
