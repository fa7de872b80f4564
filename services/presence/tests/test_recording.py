"""Recording presence online (SPEC §4.1): versions, stale edits, idempotent retries, bad input."""

import uuid

import pytest

from classroom import make_classroom, ok
from omni_common.testing.plugin import login


def record(member, classroom, participant=0, state="present", **extra):
    body = {
        "session_id": classroom.session["id"],
        "participant_id": classroom.ids[participant],
        "state": state,
        **extra,
    }
    return member.post("/api/presence", json=body)


def test_a_new_record_is_201_version_1_and_a_change_is_200_with_the_next_version(org, classroom):
    first = record(org.frontline, classroom)
    assert first.status_code == 201
    assert first.json()["version"] == 1 and first.json()["state"] == "present" and first.json()["source"] == "online"
    assert first.json()["recorded_by"] == org.frontline.id
    changed = record(org.frontline, classroom, state="late", note="Bus was late", expected_version=1)
    assert changed.status_code == 200
    assert (changed.json()["version"], changed.json()["state"], changed.json()["note"]) == (2, "late", "Bus was late")
    assert changed.json()["id"] == first.json()["id"]


def test_a_change_that_leaves_the_note_out_keeps_the_note(org, classroom):
    ok(record(org.frontline, classroom, note="Allergy: nuts"))
    changed = ok(record(org.frontline, classroom, state="late"))
    assert (changed["state"], changed["note"]) == ("late", "Allergy: nuts")
    cleared = ok(record(org.frontline, classroom, state="late", note=None))
    assert cleared["note"] is None


def test_the_same_data_again_changes_nothing(org, classroom):
    ok(record(org.frontline, classroom))
    again = record(org.frontline, classroom)
    assert again.status_code == 200 and again.json()["version"] == 1


def test_a_stale_expected_version_is_refused_with_the_current_record(org, classroom):
    ok(record(org.frontline, classroom))
    ok(record(org.admin, classroom, state="absent", expected_version=1))  # a colleague, meanwhile
    stale = record(org.frontline, classroom, state="late", expected_version=1)
    assert stale.status_code == 409
    assert stale.headers["content-type"].startswith("application/problem+json")
    assert stale.json()["current"]["state"] == "absent" and stale.json()["current"]["version"] == 2
    assert [e["field"] for e in stale.json()["errors"]] == ["expected_version"]
    # Nothing was overwritten.
    roster = ok(org.frontline.get(f"/api/sessions/{classroom.session['id']}/roster"))
    assert roster["items"][0]["record"]["state"] == "absent"


def test_expecting_no_record_when_a_colleague_made_one_is_a_409_too(org, classroom):
    ok(record(org.admin, classroom, state="absent"))
    assert record(org.frontline, classroom, expected_version=0).status_code == 409


def test_a_mutation_sent_again_returns_the_first_answer_and_changes_nothing(org, classroom):
    mutation = str(uuid.uuid4())
    first = record(org.frontline, classroom, mutation_id=mutation)
    assert first.status_code == 201
    ok(record(org.admin, classroom, state="absent"))  # a colleague changes it afterwards
    replay = record(org.frontline, classroom, mutation_id=mutation)
    assert replay.status_code == 201
    assert replay.json() == first.json()  # the first answer, word for word
    roster = ok(org.admin.get(f"/api/sessions/{classroom.session['id']}/roster"))
    assert roster["items"][0]["record"]["state"] == "absent"  # the colleague's mark stands
    assert roster["items"][0]["record"]["version"] == 2


def test_an_idempotency_key_replays_the_answer_and_refuses_a_different_body(org, classroom):
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    first = org.frontline.post(
        "/api/presence",
        headers=headers,
        json={"session_id": classroom.session["id"], "participant_id": classroom.ids[1], "state": "present"},
    )
    again = org.frontline.post(
        "/api/presence",
        headers=headers,
        json={"session_id": classroom.session["id"], "participant_id": classroom.ids[1], "state": "present"},
    )
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    other = org.frontline.post(
        "/api/presence",
        headers=headers,
        json={"session_id": classroom.session["id"], "participant_id": classroom.ids[1], "state": "absent"},
    )
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "Idempotency-Key"
    history = ok(org.frontline.get(f"/api/presence/{first.json()['id']}/history"))
    assert len(history["items"]) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"state": "asleep"}, "state"),
        ({"participant_id": "01a21a00-0000-7000-8000-000000000000"}, "participant_id"),
        ({"session_id": "01a21a00-0000-7000-8000-000000000000"}, "session_id"),
        ({"check_in_at": "2026-01-01T10:00:00Z", "check_out_at": "2026-01-01T09:00:00Z"}, "check_out_at"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_422_naming_the_field(org, classroom, change, field):
    body = {"session_id": classroom.session["id"], "participant_id": classroom.ids[0], "state": "present", **change}
    answer = org.frontline.post("/api/presence", json=body)
    assert answer.status_code == 422, answer.text
    assert [e["field"] for e in answer.json()["errors"]] == [field]


def test_another_organizations_session_or_participant_is_the_same_422(org, other_org, classroom):
    theirs = make_classroom(other_org)
    for body, field in (
        ({"session_id": theirs.session["id"], "participant_id": classroom.ids[0]}, "session_id"),
        ({"session_id": classroom.session["id"], "participant_id": theirs.ids[0]}, "participant_id"),
    ):
        answer = org.admin.post("/api/presence", json={**body, "state": "present"})
        assert answer.status_code == 422 and [e["field"] for e in answer.json()["errors"]] == [field]


def test_a_retired_state_and_a_state_reserved_for_admins_are_refused(org, classroom):
    states = {s["code"]: s for s in ok(org.admin.get("/api/presence-states", params={"domain": "education"}))["items"]}
    ok(org.admin.patch(f"/api/presence-states/{states['excused']['id']}", json={"roles": ["admin"]}))
    answer = record(org.frontline, classroom, state="excused")
    assert answer.status_code == 422 and answer.json()["errors"][0]["message"] == "Your role may not record this state."
    assert record(org.admin, classroom, state="excused").status_code == 201
    assert org.admin.delete(f"/api/presence-states/{states['late']['id']}").status_code == 204
    assert record(org.admin, classroom, participant=1, state="late").status_code == 422
    # The record that already has a retired state keeps it.
    ok(record(org.admin, classroom, participant=2, state="absent"))


def test_a_closed_session_is_for_administrators_only(org, classroom):
    ok(record(org.frontline, classroom))
    ok(org.frontline.patch(f"/api/sessions/{classroom.session['id']}", json={"status": "closed"}))
    late = record(org.frontline, classroom, participant=1)
    assert late.status_code == 422 and late.json()["errors"][0]["field"] == "session_id"
    assert record(org.admin, classroom, participant=1).status_code == 201


def test_managers_read_but_never_record(org, classroom):
    assert record(org.manager, classroom).status_code == 403
    assert record(org.external, classroom).status_code == 403
    assert org.manager.get(f"/api/sessions/{classroom.session['id']}/roster").status_code == 200


def test_a_frontline_user_records_only_for_their_groups(org, classroom):
    other = make_classroom(org)
    assert org.admin.delete(f"/api/groups/{other.group['id']}/staff/{org.frontline.id}").status_code == 204
    answer = org.frontline.post(
        "/api/presence", json={"session_id": other.session["id"], "participant_id": other.ids[0], "state": "present"}
    )
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "session_id"
    assert org.frontline.get(f"/api/sessions/{other.session['id']}/roster").status_code == 404


def test_an_external_participant_sees_only_their_own_records(stack, org):
    """A participant's own login (linked by an administrator) reads their records and nobody else's,
    in the list and in the change feed."""
    classroom = make_classroom(org, 2)
    me, classmate = classroom.ids
    ok(org.admin.patch(f"/api/users/{org.external.id}", json={"participant_id": me}))
    for pid, state in ((me, "late"), (classmate, "absent")):
        ok(
            org.frontline.post(
                "/api/presence", json={"session_id": classroom.session["id"], "participant_id": pid, "state": state}
            )
        )
    external, _ = login(stack.gateway, org.external.email)  # the link takes effect in a new token
    mine = ok(external.get("/api/presence"))["items"]
    assert [(r["participant_id"], r["state"]) for r in mine] == [(me, "late")]
    fed = ok(external.get("/api/sync/changes"))["items"]
    assert [r["participant_id"] for r in fed] == [me]
    assert external.get(f"/api/sessions/{classroom.session['id']}/roster").status_code == 403
