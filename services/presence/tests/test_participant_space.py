"""The participant's own space (SPEC §1): an `external` login sees its own records, their history, the
sessions of the groups it belonged to at the time, and its own statistics — nobody else's (404)."""

from datetime import UTC, datetime, timedelta

from classroom import make_classroom, ok
from omni_common.testing.plugin import PASSWORD, login, unique_email


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


def test_a_participant_sees_their_sessions_records_and_history_and_nobody_elses(org, classroom):
    me, classmate = classroom.ids[0], classroom.ids[1]
    mine = ok(
        org.frontline.post(
            "/api/presence", json={"session_id": classroom.session["id"], "participant_id": me, "state": "late"}
        )
    )
    ok(
        org.frontline.post(
            "/api/presence", json={"session_id": classroom.session["id"], "participant_id": me, "state": "present"}
        )
    )
    theirs = ok(
        org.frontline.post(
            "/api/presence",
            json={"session_id": classroom.session["id"], "participant_id": classmate, "state": "absent"},
        )
    )
    other_group = make_classroom(org, 1)
    learner = linked(org, me)

    sessions = ok(learner.get("/api/sessions"))["items"]
    assert [s["id"] for s in sessions] == [classroom.session["id"]]
    assert ok(learner.get(f"/api/sessions/{classroom.session['id']}"))["title"] == "Maths"
    assert learner.get(f"/api/sessions/{other_group.session['id']}").status_code == 404
    assert [r["id"] for r in ok(learner.get("/api/presence"))["items"]] == [mine["id"]]
    history = ok(learner.get(f"/api/presence/{mine['id']}/history"))["items"]
    assert [h["state"] for h in history] == ["late", "present"]
    assert learner.get(f"/api/presence/{theirs['id']}/history").status_code == 404
    assert learner.get(f"/api/sessions/{classroom.session['id']}/roster").status_code == 403


def test_a_participant_sees_only_the_sessions_of_their_membership(org):
    room = make_classroom(org, 1)
    now = datetime.now(UTC)
    before_joining = ok(
        org.admin.post(
            "/api/sessions",
            json={
                "group_id": room.group["id"],
                "title": "Before",
                "starts_at": (now - timedelta(days=3)).isoformat(),
                "ends_at": (now - timedelta(days=3, hours=-1)).isoformat(),
            },
        )
    )
    learner = linked(org, room.ids[0])
    assert learner.get(f"/api/sessions/{before_joining['id']}").status_code == 404


def test_attendance_statistics_by_the_states_weights_and_who_may_see_them(org, other_org, make_org):
    room = make_classroom(org, 2)
    now = datetime.now(UTC)
    yesterday = ok(
        org.admin.post(
            "/api/sessions",
            json={
                "group_id": room.group["id"],
                "title": "Yesterday",
                "starts_at": (now - timedelta(days=1)).isoformat(),
                "ends_at": (now - timedelta(days=1, minutes=-50)).isoformat(),
            },
        )
    )
    ok(
        org.admin.post(
            f"/api/groups/{room.group['id']}/members",
            json={"participant_ids": room.ids, "starts_at": (now - timedelta(days=2)).isoformat()},
        )
    )
    marks = [
        (yesterday, 0, "present"),
        (yesterday, 1, "late"),
        (room.session, 0, "absent"),
        (room.session, 1, "excused"),
    ]
    for session, who, state in marks:
        ok(
            org.admin.post(
                "/api/presence", json={"session_id": session["id"], "participant_id": room.ids[who], "state": state}
            )
        )
    cancelled = ok(
        org.admin.post(
            "/api/sessions",
            json={
                "group_id": room.group["id"],
                "title": "Cancelled",
                "starts_at": (now - timedelta(hours=3)).isoformat(),
                "ends_at": (now - timedelta(hours=2)).isoformat(),
            },
        )
    )
    ok(
        org.admin.post(
            "/api/presence", json={"session_id": cancelled["id"], "participant_id": room.ids[0], "state": "present"}
        )
    )
    ok(org.admin.patch(f"/api/sessions/{cancelled['id']}", json={"status": "cancelled"}))

    days = ok(org.manager.get("/api/stats/attendance", params={"group_id": room.group["id"]}))["items"]
    by_day = {d["period"]: d for d in days}
    first = by_day[(now - timedelta(days=1)).date().isoformat()]
    assert (first["rate"], first["counts"]["present"], first["counts"]["late"]) == (90.0, 1, 1)  # (1 + 0.8) / 2
    today = by_day[now.date().isoformat()]
    # Excused is not weighted: only the absence counts, and the cancelled session not at all.
    assert (today["rate"], today["counts"]["absent"], today["counts"]["excused"], today["counts"]["present"]) == (
        0.0,
        1,
        1,
        0,
    )

    learner = linked(org, room.ids[1])
    mine = ok(learner.get("/api/stats/attendance", params={"interval": "month"}))["items"]
    assert sum(p["counts"]["late"] + p["counts"]["excused"] for p in mine) == 2
    assert sum(p["counts"]["present"] for p in mine) == 0
    assert learner.get("/api/stats/attendance", params={"participant_id": room.ids[0]}).status_code == 404
    assert other_org.admin.get("/api/stats/attendance", params={"group_id": room.group["id"]}).status_code == 404
    too_long = org.admin.get("/api/stats/attendance", params={"from": "2025-01-01", "to": "2026-06-01"})
    assert [e["field"] for e in too_long.json()["errors"]] == ["to"]
