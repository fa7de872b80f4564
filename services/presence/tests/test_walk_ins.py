"""Walk-ins (SPEC §3.3, §8): someone not on the list added to one session's roster, and merged by an
administrator into the participant they are."""

from datetime import UTC, datetime, timedelta

from classroom import ok


def walk_in(member, room, name="Gita Guest", state="present", **extra):
    return member.post(f"/api/sessions/{room.session['id']}/walk-ins", json={"name": name, "state": state, **extra})


def test_a_walk_in_is_on_that_sessions_roster_only_and_listed_for_admins(org, classroom):
    made = walk_in(org.frontline, classroom, note="Visiting from Year 6")
    assert made.status_code == 201, made.text
    guest, record = made.json()["participant"], made.json()["record"]
    assert guest["walk_in"] is True and (record["state"], record["note"]) == ("present", "Visiting from Year 6")
    roster = ok(org.frontline.get(f"/api/sessions/{classroom.session['id']}/roster"))
    assert guest["id"] in [i["participant"]["id"] for i in roster["items"]]
    members = ok(org.admin.get(f"/api/groups/{classroom.group['id']}/members"))["items"]
    assert guest["id"] not in [m["participant"]["id"] for m in members]
    assert [p["id"] for p in ok(org.admin.get("/api/participants", params={"walk_in": "true"}))["items"]] == [
        guest["id"]
    ]


def test_an_administrator_keeps_a_walk_in_as_a_new_participant(org, classroom):
    guest = ok(walk_in(org.frontline, classroom))["participant"]
    kept = ok(org.admin.patch(f"/api/participants/{guest['id']}", json={"walk_in": False}))
    assert (kept["id"], kept["walk_in"], kept["name"]) == (guest["id"], False, "Gita Guest")
    assert ok(org.admin.get("/api/participants", params={"walk_in": "true"}))["items"] == []
    roster = ok(org.frontline.get(f"/api/sessions/{classroom.session['id']}/roster"))
    assert guest["id"] in [i["participant"]["id"] for i in roster["items"]]  # their record stays theirs
    entries = ok(org.admin.get("/api/audit-logs", params={"entity": "participant", "entity_id": guest["id"]}))
    assert [(e["before"]["walk_in"], e["after"]["walk_in"]) for e in entries["items"] if e["action"] == "update"] == [
        (True, False)
    ]
    # Nobody becomes a walk-in afterwards.
    again = org.admin.patch(f"/api/participants/{guest['id']}", json={"walk_in": True})
    assert again.status_code == 422 and [e["field"] for e in again.json()["errors"]] == ["walk_in"]


def test_the_same_walk_in_sent_twice_with_its_key_arrives_once(org, classroom):
    key = {"Idempotency-Key": "walk-in-1"}
    first = org.frontline.post(
        f"/api/sessions/{classroom.session['id']}/walk-ins", json={"name": "Once", "state": "present"}, headers=key
    )
    again = org.frontline.post(
        f"/api/sessions/{classroom.session['id']}/walk-ins", json={"name": "Once", "state": "present"}, headers=key
    )
    assert (first.status_code, again.status_code) == (201, 201) and first.json() == again.json()
    assert len(ok(org.admin.get("/api/participants", params={"walk_in": "true"}))["items"]) == 1


def test_a_frontline_user_cannot_add_a_walk_in_to_a_closed_session(org, classroom):
    ok(org.frontline.patch(f"/api/sessions/{classroom.session['id']}", json={"status": "closed"}))
    refused = walk_in(org.frontline, classroom)
    assert refused.status_code == 422
    assert [(e["field"], e["code"]) for e in refused.json()["errors"]] == [("session_id", "session_closed")]
    assert walk_in(org.admin, classroom).status_code == 201
    unknown = walk_in(org.admin, classroom, state="flying")
    assert [(e["field"], e["code"]) for e in unknown.json()["errors"]] == [("state", "no_such_state")]


def test_merging_moves_the_records_and_their_history_and_removes_the_walk_in(org, classroom):
    guest = ok(walk_in(org.frontline, classroom, state="late"))["participant"]
    ok(
        org.frontline.post(
            "/api/presence",
            json={"session_id": classroom.session["id"], "participant_id": guest["id"], "state": "present"},
        )
    )
    # Who they really are: a new student, not yet in the class.
    student = ok(org.admin.post("/api/participants", json={"name": "Gita Gupta"}))
    merged = org.admin.post(f"/api/participants/{guest['id']}/merge", json={"into": student["id"]})
    assert merged.status_code == 200 and merged.json()["id"] == student["id"]
    records = ok(org.admin.get("/api/presence", params={"participant_id": student["id"]}))["items"]
    assert [(r["session_id"], r["state"], r["version"]) for r in records] == [(classroom.session["id"], "present", 2)]
    history = ok(org.admin.get(f"/api/presence/{records[0]['id']}/history"))["items"]
    assert [h["state"] for h in history] == ["late", "present"]
    assert org.admin.get(f"/api/participants/{guest['id']}").status_code == 404
    audit = ok(
        org.admin.get("/api/audit-logs", params={"entity": "participant", "entity_id": guest["id"], "action": "merge"})
    )
    assert audit["items"][0]["after"]["into"] == student["id"]


def test_a_merge_where_both_have_a_record_in_a_session_is_refused_naming_the_sessions(org, classroom):
    guest = ok(walk_in(org.frontline, classroom))["participant"]
    ok(
        org.frontline.post(
            "/api/presence",
            json={"session_id": classroom.session["id"], "participant_id": classroom.ids[0], "state": "present"},
        )
    )
    clash = org.admin.post(f"/api/participants/{guest['id']}/merge", json={"into": classroom.ids[0]})
    assert clash.status_code == 409 and clash.json()["sessions"] == [classroom.session["id"]]
    not_a_walk_in = org.admin.post(f"/api/participants/{classroom.ids[1]}/merge", json={"into": classroom.ids[2]})
    assert not_a_walk_in.status_code == 409


def test_another_organizations_participant_is_not_one_to_merge_into(org, other_org, classroom):
    guest = ok(walk_in(org.frontline, classroom))["participant"]
    theirs = ok(other_org.admin.post("/api/participants", json={"name": "Elsewhere"}))
    foreign = org.admin.post(f"/api/participants/{guest['id']}/merge", json={"into": theirs["id"]})
    assert [(e["field"], e["code"]) for e in foreign.json()["errors"]] == [("into", "not_found")]
    assert (
        other_org.admin.post(f"/api/participants/{guest['id']}/merge", json={"into": theirs["id"]}).status_code == 404
    )


def test_members_can_start_in_the_past_so_last_weeks_register_can_be_filled_in(org):
    """A school starts mid-term: the class's members are added from a week ago, and last week's
    lesson lists them and takes their marks."""
    group = ok(org.admin.post("/api/groups", json={"name": "Year 8", "domain": "education"}))
    ok(org.admin.post(f"/api/groups/{group['id']}/staff", json={"user_ids": [org.frontline.id]}))
    late_joiner = ok(org.admin.post("/api/participants", json={"name": "Lena Late"}))
    week_ago = datetime.now(UTC) - timedelta(days=7)
    past = ok(
        org.admin.post(
            "/api/sessions",
            json={
                "group_id": group["id"],
                "title": "Last week",
                "starts_at": week_ago.isoformat(),
                "ends_at": (week_ago + timedelta(hours=1)).isoformat(),
            },
        )
    )
    ok(
        org.admin.post(
            f"/api/groups/{group['id']}/members",
            json={"participant_ids": [late_joiner["id"]], "starts_at": (week_ago - timedelta(days=1)).isoformat()},
        )
    )
    roster = ok(org.frontline.get(f"/api/sessions/{past['id']}/roster"))
    assert [i["participant"]["id"] for i in roster["items"]] == [late_joiner["id"]]
    marked = org.frontline.post(
        "/api/presence", json={"session_id": past["id"], "participant_id": late_joiner["id"], "state": "present"}
    )
    assert marked.status_code == 201
