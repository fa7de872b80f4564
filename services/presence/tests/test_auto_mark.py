"""Auto-mark at close (SPEC §2): closing a session — by staff, or by presence's worker a group's
`close_after_minutes` after its end — marks everyone still unmarked, provisionally."""

import time
import uuid
from datetime import UTC, datetime, timedelta

from classroom import make_classroom, ok, wait_for_batch
from presence.sessions.closing import closes_at


def roster(member, room) -> dict:
    return {
        i["participant"]["id"]: i["record"]
        for i in ok(member.get(f"/api/sessions/{room.session['id']}/roster"))["items"]
    }


def test_closing_marks_the_unmarked_with_the_groups_state_and_a_human_mark_replaces_one(org):
    room = make_classroom(org, 3, settings={"close_marks_unmarked_as": "absent"})
    ok(
        org.frontline.post(
            "/api/presence", json={"session_id": room.session["id"], "participant_id": room.ids[0], "state": "present"}
        )
    )
    ok(org.frontline.patch(f"/api/sessions/{room.session['id']}", json={"status": "closed"}))
    records = roster(org.frontline, room)
    assert records[room.ids[0]]["state"] == "present"
    assert [(records[p]["state"], records[p]["source"], records[p]["recorded_by"]) for p in room.ids[1:]] == [
        ("absent", "auto_mark", org.frontline.id)
    ] * 2
    audit = ok(
        org.admin.get("/api/audit-logs", params={"entity": "presence_record", "entity_id": records[room.ids[1]]["id"]})
    )
    assert [(e["action"], e["source"]) for e in audit["items"]] == [("create", "auto_mark")]
    # Reopening keeps them; a teacher's mark replaces one like any change.
    ok(org.frontline.patch(f"/api/sessions/{room.session['id']}", json={"status": "open"}))
    assert roster(org.frontline, room)[room.ids[1]]["source"] == "auto_mark"
    changed = ok(
        org.frontline.post(
            "/api/presence", json={"session_id": room.session["id"], "participant_id": room.ids[1], "state": "late"}
        )
    )
    assert (changed["state"], changed["version"], changed["source"]) == ("late", 2, "online")


def test_an_offline_change_replaces_an_auto_mark_without_a_conflict(org):
    room = make_classroom(org, 1, settings={"close_marks_unmarked_as": "absent"})
    ok(org.frontline.patch(f"/api/sessions/{room.session['id']}", json={"status": "closed"}))
    auto = roster(org.admin, room)[room.ids[0]]
    now = datetime.now(UTC).isoformat()
    sent = ok(
        org.frontline.post(
            "/api/sync",
            json={
                "device_id": "tablet",
                "sent_at": now,
                "mutations": [
                    {
                        "mutation_id": str(uuid.uuid4()),
                        "session_id": room.session["id"],
                        "participant_id": room.ids[0],
                        "state": "present",
                        "client_time": now,
                        "base_version": None,  # the device never saw the auto-mark
                    }
                ],
            },
        ),
        202,
    )
    batch = wait_for_batch(org.frontline, sent["batch_id"])
    assert [r["outcome"] for r in batch["results"]] == ["applied"]
    assert (roster(org.admin, room)[room.ids[0]]["state"], auto["version"]) == ("present", 1)


def test_without_the_setting_closing_marks_nobody(org, classroom):
    ok(org.frontline.patch(f"/api/sessions/{classroom.session['id']}", json={"status": "closed"}))
    assert set(roster(org.admin, classroom).values()) == {None}


def test_the_worker_closes_a_session_on_time_and_auto_marks_it(org):
    """A session that ended ten minutes ago, in a group whose sessions close five minutes after their
    end: presence's worker closes it (its beat looks every second in the test stack)."""
    group = ok(
        org.admin.post(
            "/api/groups",
            json={
                "name": "Swim club",
                "domain": "education",
                "settings": {"close_marks_unmarked_as": "absent", "close_after_minutes": 5},
            },
        )
    )
    member = ok(org.admin.post("/api/participants", json={"name": "Sam Swimmer"}))
    earlier = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    ok(
        org.admin.post(
            f"/api/groups/{group['id']}/members", json={"participant_ids": [member["id"]], "starts_at": earlier}
        )
    )
    ended = datetime.now(UTC) - timedelta(minutes=10)
    session = ok(
        org.admin.post(
            "/api/sessions",
            json={
                "group_id": group["id"],
                "title": "Lengths",
                "starts_at": (ended - timedelta(hours=1)).isoformat(),
                "ends_at": ended.isoformat(),
            },
        )
    )
    deadline = time.monotonic() + 60
    while ok(org.admin.get(f"/api/sessions/{session['id']}"))["status"] != "closed":
        assert time.monotonic() < deadline, "the worker did not close the session"
        time.sleep(0.2)
    record = ok(org.admin.get("/api/presence", params={"session_id": session["id"]}))["items"][0]
    assert (record["participant_id"], record["state"], record["source"], record["recorded_by"]) == (
        member["id"],
        "absent",
        "auto_mark",
        None,
    )
    closing = ok(
        org.admin.get("/api/audit-logs", params={"entity": "session", "entity_id": session["id"], "action": "update"})
    )
    assert closing["items"][0]["after"]["status"] == "closed" and closing["items"][0]["source"] == "schedule"


def test_when_a_session_closes_on_time_with_the_clock_injected():
    group = type("G", (), {"settings": {"close_after_minutes": 15}})()
    never = type("G", (), {"settings": {}})()
    session = type("S", (), {"ends_at": datetime(2026, 12, 7, 10, 0, tzinfo=UTC)})()
    assert closes_at(session, group) == datetime(2026, 12, 7, 10, 15, tzinfo=UTC)
    assert closes_at(session, never) is None


def test_a_state_that_does_not_exist_cannot_be_the_groups_auto_mark(org):
    answer = org.admin.post(
        "/api/groups", json={"name": "X", "domain": "education", "settings": {"close_marks_unmarked_as": "asleep"}}
    )
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "settings.close_marks_unmarked_as"


def test_group_settings_change_key_by_key(org, classroom):
    group = classroom.group
    ok(org.admin.patch(f"/api/groups/{group['id']}", json={"settings": {"close_after_minutes": 30}}))
    ok(org.admin.patch(f"/api/groups/{group['id']}", json={"settings": {"late_after_minutes": 10}}))
    settings = ok(org.admin.get(f"/api/groups/{group['id']}"))["settings"]
    assert (settings["close_after_minutes"], settings["late_after_minutes"]) == (30, 10)
    ok(org.admin.patch(f"/api/groups/{group['id']}", json={"settings": {"close_after_minutes": None}}))
    assert ok(org.admin.get(f"/api/groups/{group['id']}"))["settings"]["close_after_minutes"] is None


def test_a_state_retired_since_the_setting_was_made_marks_nobody(org):
    """The rulebook's word on the auto-mark's state: one retired since is no state to mark with."""
    code = f"gone{uuid.uuid4().hex[:6]}"
    state = ok(
        org.admin.post(
            "/api/presence-states",
            json={
                "domain": "education",
                "code": code,
                "label": "Gone home",
                "color": "#0b7285",
                "category": "absent",
                "weight": 0,
            },
        )
    )
    room = make_classroom(org, 2, settings={"close_marks_unmarked_as": code})
    assert org.admin.delete(f"/api/presence-states/{state['id']}").status_code == 204
    ok(org.frontline.patch(f"/api/sessions/{room.session['id']}", json={"status": "closed"}))
    assert roster(org.frontline, room) == dict.fromkeys(room.ids)


def test_a_mark_made_on_a_roster_read_before_the_auto_mark_replaces_it_without_a_conflict(org):
    """Provisional: the teacher's screen still shows the person unmarked (version 0), the auto-mark
    came meanwhile; their mark replaces it, where a colleague's mark would have been a conflict."""
    room = make_classroom(org, 1, settings={"close_marks_unmarked_as": "absent"})
    ok(org.admin.patch(f"/api/sessions/{room.session['id']}", json={"status": "closed"}))
    ok(org.admin.patch(f"/api/sessions/{room.session['id']}", json={"status": "open"}))
    assert roster(org.frontline, room)[room.ids[0]]["source"] == "auto_mark"
    mark = {"session_id": room.session["id"], "participant_id": room.ids[0], "state": "present", "expected_version": 0}
    changed = ok(org.frontline.post("/api/presence", json=mark))
    assert (changed["state"], changed["version"], changed["source"]) == ("present", 2, "online")
    # The teacher's mark is no guess: a stale version against it is a conflict again.
    stale = org.frontline.post("/api/presence", json={**mark, "state": "late", "expected_version": 1})
    assert stale.status_code == 409
