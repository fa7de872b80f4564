"""A whole roll call at once, all or nothing; the roster lists everyone with counts; history keeps all."""

from classroom import make_classroom, ok


def test_mark_all_present_then_change_three(org):
    room = make_classroom(org, 500)
    session = room.session["id"]
    marked = ok(
        org.frontline.post(
            "/api/presence/bulk",
            json={"session_id": session, "records": [{"participant_id": p, "state": "present"} for p in room.ids]},
        )
    )
    assert len(marked["items"]) == 500 and {r["version"] for r in marked["items"]} == {1}
    changes = [
        {"participant_id": room.ids[0], "state": "absent"},
        {"participant_id": room.ids[1], "state": "late"},
        {"participant_id": room.ids[2], "state": "absent", "note": "Dentist"},
    ]
    ok(org.frontline.post("/api/presence/bulk", json={"session_id": session, "records": changes}))
    roster = ok(org.frontline.get(f"/api/sessions/{session}/roster"))
    assert roster["counts"] == {"present": 497, "absent": 2, "late": 1, "unmarked": 0}
    assert len(roster["items"]) == 500
    names = [i["participant"]["name"] for i in roster["items"]]
    assert names == sorted(names)
    by_id = {i["participant"]["id"]: i["record"] for i in roster["items"]}
    assert by_id[room.ids[2]]["note"] == "Dentist" and by_id[room.ids[2]]["version"] == 2


def test_one_bad_item_refuses_the_whole_request_and_names_every_bad_item(org, classroom):
    answer = org.frontline.post(
        "/api/presence/bulk",
        json={
            "session_id": classroom.session["id"],
            "records": [
                {"participant_id": classroom.ids[0], "state": "present"},
                {"participant_id": classroom.ids[1], "state": "sleeping"},
                {"participant_id": "01a21a00-0000-7000-8000-000000000000", "state": "present"},
            ],
        },
    )
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["records.1.state", "records.2.participant_id"]
    roster = ok(org.frontline.get(f"/api/sessions/{classroom.session['id']}/roster"))
    assert roster["counts"] == {"unmarked": 3}  # not even the good first item


def test_only_unmarked_never_overwrites_a_colleagues_mark(org, classroom):
    ok(
        org.admin.post(
            "/api/presence",
            json={"session_id": classroom.session["id"], "participant_id": classroom.ids[0], "state": "absent"},
        )
    )
    answer = ok(
        org.frontline.post(
            "/api/presence/bulk",
            json={
                "session_id": classroom.session["id"],
                "only_unmarked": True,
                "records": [{"participant_id": p, "state": "present"} for p in classroom.ids],
            },
        )
    )
    states = {r["participant_id"]: (r["state"], r["version"]) for r in answer["items"]}
    assert states[classroom.ids[0]] == ("absent", 1)
    assert states[classroom.ids[1]] == ("present", 1) and states[classroom.ids[2]] == ("present", 1)


def test_a_stale_item_refuses_the_bulk_with_every_current_record(org, classroom):
    ok(
        org.admin.post(
            "/api/presence",
            json={"session_id": classroom.session["id"], "participant_id": classroom.ids[0], "state": "absent"},
        )
    )
    answer = org.frontline.post(
        "/api/presence/bulk",
        json={
            "session_id": classroom.session["id"],
            "records": [
                {"participant_id": classroom.ids[0], "state": "present", "expected_version": 0},
                {"participant_id": classroom.ids[1], "state": "present", "expected_version": 0},
            ],
        },
    )
    assert answer.status_code == 409
    assert [e["field"] for e in answer.json()["errors"]] == ["records.0.expected_version"]
    assert answer.json()["current"][0]["state"] == "absent"
    assert ok(org.frontline.get(f"/api/sessions/{classroom.session['id']}/roster"))["counts"]["unmarked"] == 2


def test_history_keeps_every_version_oldest_first_with_who(org, classroom):
    first = ok(
        org.frontline.post(
            "/api/presence",
            json={"session_id": classroom.session["id"], "participant_id": classroom.ids[0], "state": "present"},
        )
    )
    ok(
        org.admin.post(
            "/api/presence",
            json={
                "session_id": classroom.session["id"],
                "participant_id": classroom.ids[0],
                "state": "late",
                "note": "Traffic",
            },
        )
    )
    history = ok(org.manager.get(f"/api/presence/{first['id']}/history"))["items"]
    assert [(h["version"], h["state"], h["actor"]) for h in history] == [
        (1, "present", org.frontline.id),
        (2, "late", org.admin.id),
    ]
    assert history[1]["note"] == "Traffic" and history[1]["actor_name"] == "Ada Admin"


def test_a_past_roster_keeps_who_was_a_member_then(org, classroom):
    ok(
        org.frontline.post(
            "/api/presence",
            json={"session_id": classroom.session["id"], "participant_id": classroom.ids[0], "state": "present"},
        )
    )
    assert org.admin.delete(f"/api/groups/{classroom.group['id']}/members/{classroom.ids[1]}").status_code == 204
    roster = ok(org.admin.get(f"/api/sessions/{classroom.session['id']}/roster"))
    # The lesson began before the removal: all three were members while it ran.
    assert {i["participant"]["id"] for i in roster["items"]} == set(classroom.ids)
    members = ok(org.admin.get(f"/api/groups/{classroom.group['id']}/members"))["items"]
    assert {m["participant"]["id"] for m in members} == {classroom.ids[0], classroom.ids[2]}
    everyone = ok(org.admin.get(f"/api/groups/{classroom.group['id']}/members", params={"past": "true"}))["items"]
    ended = [m for m in everyone if m["participant"]["id"] == classroom.ids[1]]
    assert ended and ended[0]["ends_at"] is not None


def test_records_are_listed_by_filter_with_cursor_pages(org, classroom):
    for i, state in enumerate(["present", "absent", "present"]):
        ok(
            org.frontline.post(
                "/api/presence",
                json={"session_id": classroom.session["id"], "participant_id": classroom.ids[i], "state": state},
            )
        )
    present = ok(org.manager.get("/api/presence", params={"session_id": classroom.session["id"], "state": "present"}))
    assert len(present["items"]) == 2
    seen, cursor = [], None
    while True:
        page = ok(
            org.manager.get(
                "/api/presence",
                params={"group_id": classroom.group["id"], "limit": 1, **({"cursor": cursor} if cursor else {})},
            )
        )
        seen += [r["id"] for r in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 3


def test_every_change_is_audited(org, classroom):
    made = ok(
        org.frontline.post(
            "/api/presence",
            json={"session_id": classroom.session["id"], "participant_id": classroom.ids[0], "state": "present"},
        )
    )
    ok(
        org.frontline.post(
            "/api/presence",
            json={"session_id": classroom.session["id"], "participant_id": classroom.ids[0], "state": "late"},
        )
    )
    entries = ok(org.manager.get("/api/audit-logs", params={"entity": "presence_record", "entity_id": made["id"]}))[
        "items"
    ]
    assert [(e["action"], e["after"]["state"], e["service"]) for e in entries] == [
        ("update", "late", "presence"),
        ("create", "present", "presence"),
    ]
    assert entries[0]["before"]["state"] == "present"
