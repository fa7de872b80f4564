"""Self check-in (SPEC §4.4): staff open a session's rotating code, a participant checks themselves in
with it, once; wrong, foreign and closed codes are refused naming `code`."""

from datetime import UTC, datetime

import pytest

from classroom import make_classroom, ok
from omni_common.testing.plugin import PASSWORD, login, unique_email


def linked_participant(org, participant_id: str):
    """A new external login linked to the participant: the client it signs in with."""
    email = unique_email("external")
    ok(
        org.admin.post(
            "/api/users",
            json={
                "email": email,
                "full_name": "Linked Learner",
                "role": "external",
                "password": PASSWORD,
                "participant_id": participant_id,
            },
        ),
        201,
    )
    client, _ = login(org.stack.gateway, email)
    return client


@pytest.fixture
def lecture(org):
    return make_classroom(org, 3, mode="self_check_in", status="open", started_minutes_ago=1)


def code_of(member, session) -> dict:
    return ok(member.post(f"/api/sessions/{session['id']}/check-in-code"))


def test_staff_see_one_code_with_its_qr_and_a_participant_checks_in_once(org, lecture):
    shown = code_of(org.frontline, lecture.session)
    assert shown["rotates_every_s"] == 30 and len(shown["code"]) == 6 and shown["server_time"]
    assert shown["qr_svg"].startswith("<svg") and shown["url"].endswith(f"/check-in?code={shown['code']}")
    seen_by_admin = code_of(org.admin, lecture.session)
    if seen_by_admin["expires_at"] == shown["expires_at"]:  # the same 30-second step: the same code
        assert seen_by_admin["code"] == shown["code"]
    learner = linked_participant(org, lecture.ids[0])
    first = learner.post("/api/presence/self-check-in", json={"code": shown["code"].lower()})
    assert first.status_code == 201, first.text
    record = first.json()
    assert (record["participant_id"], record["source"], record["state"]) == (lecture.ids[0], "self_check_in", "present")
    assert record["session"]["title"] == "Maths" and record["check_in_at"] is not None and record["late"] is False
    again = learner.post("/api/presence/self-check-in", json={"code": shown["code"]})
    assert again.status_code == 200 and again.json()["version"] == 1
    roster = ok(org.frontline.get(f"/api/sessions/{lecture.session['id']}/roster"))
    assert [i["record"]["source"] for i in roster["items"] if i["record"]] == ["self_check_in"]


def test_a_participant_staff_already_marked_keeps_that_mark(org, lecture):
    ok(
        org.frontline.post(
            "/api/presence",
            json={"session_id": lecture.session["id"], "participant_id": lecture.ids[1], "state": "excused"},
        )
    )
    learner = linked_participant(org, lecture.ids[1])
    answer = learner.post("/api/presence/self-check-in", json={"code": code_of(org.frontline, lecture.session)["code"]})
    assert answer.status_code == 200
    assert (answer.json()["state"], answer.json()["source"], answer.json()["version"]) == ("excused", "online", 1)


def test_wrong_foreign_and_closed_codes_name_code(org, other_org, lecture):
    learner = linked_participant(org, lecture.ids[0])
    wrong = learner.post("/api/presence/self-check-in", json={"code": "AAAAAA"})
    assert wrong.status_code == 422
    assert [(e["field"], e["code"]) for e in wrong.json()["errors"]] == [("code", "wrong_code")]
    theirs = make_classroom(other_org, 1, mode="self_check_in", status="open")
    foreign = learner.post(
        "/api/presence/self-check-in", json={"code": code_of(other_org.admin, theirs.session)["code"]}
    )
    assert (foreign.status_code, foreign.json()["errors"][0]["code"]) == (422, "wrong_code")
    code = code_of(org.frontline, lecture.session)["code"]
    ok(org.frontline.patch(f"/api/sessions/{lecture.session['id']}", json={"status": "closed"}))
    closed = learner.post("/api/presence/self-check-in", json={"code": code})
    assert (closed.status_code, closed.json()["errors"][0]["code"]) == (422, "wrong_code")
    # And the code screen says the session is no longer open.
    assert org.frontline.post(f"/api/sessions/{lecture.session['id']}/check-in-code").status_code == 409


def test_someone_not_on_the_list_is_refused_naming_code(org, lecture):
    outsider = ok(org.admin.post("/api/participants", json={"name": "Out Sider"}))
    learner = linked_participant(org, outsider["id"])
    answer = learner.post("/api/presence/self-check-in", json={"code": code_of(org.frontline, lecture.session)["code"]})
    assert answer.status_code == 422
    assert [(e["field"], e["code"]) for e in answer.json()["errors"]] == [("code", "not_a_member")]


def test_a_login_with_no_participant_may_not_check_in(org, lecture):
    answer = org.external.post(
        "/api/presence/self-check-in", json={"code": code_of(org.frontline, lecture.session)["code"]}
    )
    assert answer.status_code == 403


def test_the_code_route_is_for_staff_who_record_and_for_open_self_check_in_sessions(org, classroom, lecture):
    assert org.manager.post(f"/api/sessions/{lecture.session['id']}/check-in-code").status_code == 403
    roll_call = org.admin.post(f"/api/sessions/{classroom.session['id']}/check-in-code")
    assert roll_call.status_code == 409
    not_open = make_classroom(org, 1, mode="self_check_in", status="scheduled")
    assert org.admin.post(f"/api/sessions/{not_open.session['id']}/check-in-code").status_code == 409


def test_guessing_codes_is_stopped_per_user(org, lecture):
    learner = linked_participant(org, lecture.ids[2])
    answers = [learner.post("/api/presence/self-check-in", json={"code": f"ZZZZZ{i}"}).status_code for i in range(2, 9)]
    answers += [
        learner.post("/api/presence/self-check-in", json={"code": f"ZZZZY{i}"}).status_code for i in range(2, 6)
    ]
    assert answers[:10] == [422] * 10
    blocked = learner.post(
        "/api/presence/self-check-in", json={"code": code_of(org.frontline, lecture.session)["code"]}
    )
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0


def test_a_late_arrival_is_late_and_a_provisional_mark_gives_way_to_the_check_in(org):
    """Lateness as for a check-in (past the group's grace); an advance notice's mark is provisional,
    so the participant's own check-in replaces it (201), where a staff mark would stay."""
    room = make_classroom(
        org, 2, mode="self_check_in", status="open", started_minutes_ago=20, settings={"late_after_minutes": 10}
    )
    today = datetime.now(UTC).date().isoformat()
    notice = {"participant_id": room.ids[1], "from": today, "to": today, "state": "excused"}
    assert ok(org.admin.post("/api/advance-notices", json=notice))["prefilled"] == 1
    code = code_of(org.frontline, room.session)["code"]
    late = linked_participant(org, room.ids[0]).post("/api/presence/self-check-in", json={"code": code})
    assert late.status_code == 201 and (late.json()["state"], late.json()["late"]) == ("late", True)
    replaced = linked_participant(org, room.ids[1]).post("/api/presence/self-check-in", json={"code": code})
    assert replaced.status_code == 201, replaced.text
    assert (replaced.json()["source"], replaced.json()["state"], replaced.json()["version"]) == (
        "self_check_in",
        "late",
        2,
    )
