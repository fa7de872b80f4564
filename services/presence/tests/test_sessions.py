"""Sessions and series: expanded in the organization's timezone, 09:00 staying 09:00 across DST."""

from datetime import datetime
from zoneinfo import ZoneInfo

from classroom import ok

LONDON = ZoneInfo("Europe/London")


def local(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(LONDON).strftime("%a %Y-%m-%d %H:%M")


def test_a_weekly_series_keeps_its_local_time_across_the_clock_change(make_org):
    org = make_org(timezone="Europe/London")
    group = ok(org.admin.post("/api/groups", json={"name": "Choir", "domain": "education"}))
    # Mondays and Wednesdays 09:00-10:00 from 16 March 2026; the clocks go forward on 29 March.
    created = ok(
        org.admin.post(
            "/api/sessions",
            json={
                "group_id": group["id"],
                "title": "Rehearsal",
                "starts_at": "2026-03-16T09:00:00",
                "ends_at": "2026-03-16T10:00:00",
                "repeat": {"freq": "weekly", "by_weekday": ["mo", "we"], "until": "2026-04-08"},
            },
        )
    )
    assert created["occurrences"] == 8
    sessions = ok(org.admin.get("/api/sessions", params={"group_id": group["id"], "limit": 100}))["items"]
    assert [local(s["starts_at"]) for s in sessions] == [
        "Mon 2026-03-16 09:00",
        "Wed 2026-03-18 09:00",
        "Mon 2026-03-23 09:00",
        "Wed 2026-03-25 09:00",
        "Mon 2026-03-30 09:00",
        "Wed 2026-04-01 09:00",
        "Mon 2026-04-06 09:00",
        "Wed 2026-04-08 09:00",
    ]
    assert sessions[0]["starts_at"] == "2026-03-16T09:00:00Z"  # GMT
    assert sessions[4]["starts_at"] == "2026-03-30T08:00:00Z"  # BST: still 09:00 on the wall
    assert {s["series_id"] for s in sessions} == {created["series_id"]}


def test_a_series_is_edited_from_a_date_on_and_cancelled_from_another(make_org):
    org = make_org(timezone="Europe/London", domain="community")
    group = ok(org.admin.post("/api/groups", json={"name": "Yoga", "domain": "community"}))
    ok(
        org.admin.post(
            "/api/sessions",
            json={
                "group_id": group["id"],
                "title": "Yoga",
                "starts_at": "2026-05-04T18:00:00",
                "ends_at": "2026-05-04T19:00:00",
                "repeat": {"freq": "weekly", "count": 6},
            },
        )
    )
    sessions = ok(org.admin.get("/api/sessions", params={"group_id": group["id"]}))["items"]
    # From the third one on: 18:30 to 19:45, in a new room.
    ok(
        org.admin.patch(
            f"/api/sessions/{sessions[2]['id']}",
            json={
                "scope": "following",
                "starts_at": "2026-05-18T18:30:00",
                "ends_at": "2026-05-18T19:45:00",
                "location": "Hall",
            },
        )
    )
    # From the fifth one on: cancelled.
    ok(org.admin.patch(f"/api/sessions/{sessions[4]['id']}", json={"scope": "following", "status": "cancelled"}))
    after = ok(org.admin.get("/api/sessions", params={"group_id": group["id"]}))["items"]
    assert [(local(s["starts_at"]), local(s["ends_at"])[-5:], s["location"], s["status"]) for s in after] == [
        ("Mon 2026-05-04 18:00", "19:00", None, "scheduled"),
        ("Mon 2026-05-11 18:00", "19:00", None, "scheduled"),
        ("Mon 2026-05-18 18:30", "19:45", "Hall", "scheduled"),
        ("Mon 2026-05-25 18:30", "19:45", "Hall", "scheduled"),
        ("Mon 2026-06-01 18:30", "19:45", "Hall", "cancelled"),
        ("Mon 2026-06-08 18:30", "19:45", "Hall", "cancelled"),
    ]


def test_dates_filter_by_the_organizations_calendar_day(make_org):
    org = make_org(timezone="Pacific/Auckland", domain="workplace")
    group = ok(org.admin.post("/api/groups", json={"name": "Night shift", "domain": "workplace"}))
    # 23:30 on 1 June in Auckland is 11:30 UTC on 1 June; 00:30 on 2 June is 12:30 UTC on 1 June.
    for start in ("2026-06-01T23:30:00", "2026-06-02T00:30:00"):
        ok(
            org.admin.post(
                "/api/sessions",
                json={
                    "group_id": group["id"],
                    "title": "Shift",
                    "starts_at": start,
                    "ends_at": start.replace("T23:30", "T23:45").replace("T00:30", "T00:45"),
                },
            )
        )
    june_2 = ok(
        org.admin.get("/api/sessions", params={"group_id": group["id"], "from": "2026-06-02", "to": "2026-06-02"})
    )
    assert len(june_2["items"]) == 1 and june_2["items"][0]["starts_at"] == "2026-06-01T12:30:00Z"


def test_series_and_times_are_checked(org):
    group = ok(org.admin.post("/api/groups", json={"name": "Club", "domain": "education"}))
    base = {"group_id": group["id"], "title": "X", "starts_at": "2026-05-04T18:00:00"}
    answer = org.admin.post("/api/sessions", json={**base, "ends_at": "2026-05-04T17:00:00"})
    assert [e["field"] for e in answer.json()["errors"]] == ["ends_at"]
    answer = org.admin.post(
        "/api/sessions", json={**base, "ends_at": "2026-05-04T19:00:00", "repeat": {"freq": "weekly"}}
    )
    assert [e["field"] for e in answer.json()["errors"]] == ["repeat"]
    answer = org.admin.post(
        "/api/sessions",
        json={**base, "ends_at": "2026-05-04T19:00:00", "repeat": {"freq": "daily", "until": "2031-01-01"}},
    )
    assert [e["field"] for e in answer.json()["errors"]] == ["repeat.until"]
    answer = org.admin.post("/api/sessions", json={**base, "ends_at": "2026-05-04T19:00:00", "mode": "telepathy"})
    assert [e["field"] for e in answer.json()["errors"]] == ["mode"]


def test_frontline_users_open_and_close_their_sessions_and_nothing_else(org, classroom):
    path = f"/api/sessions/{classroom.session['id']}"
    assert ok(org.frontline.patch(path, json={"status": "open"}))["status"] == "open"
    assert org.frontline.patch(path, json={"title": "Renamed"}).status_code == 403
    assert org.frontline.patch(path, json={"status": "cancelled"}).status_code == 403
    assert ok(org.frontline.patch(path, json={"status": "closed"}))["status"] == "closed"


def test_a_cover_teacher_sees_the_groups_sessions_only_on_the_assigned_days(make_org):
    org = make_org(timezone="Europe/London")
    group = ok(org.admin.post("/api/groups", json={"name": "7C", "domain": "education"}))
    ok(
        org.admin.post(
            "/api/sessions",
            json={
                "group_id": group["id"],
                "title": "History",
                "starts_at": "2026-09-07T10:00:00",
                "ends_at": "2026-09-07T11:00:00",
                "repeat": {"freq": "daily", "count": 5},
            },
        )
    )
    ok(
        org.admin.post(
            f"/api/groups/{group['id']}/staff",
            json={"user_ids": [org.frontline.id], "from": "2026-09-08", "to": "2026-09-09"},
        )
    )
    seen = ok(org.frontline.get("/api/sessions", params={"group_id": group["id"]}))["items"]
    assert [local(s["starts_at"])[:14] for s in seen] == ["Tue 2026-09-08", "Wed 2026-09-09"]
    staff = ok(org.manager.get(f"/api/groups/{group['id']}/staff"))["items"]
    assert staff == [
        {"user_id": org.frontline.id, "full_name": "Frontline User", "from": "2026-09-08", "to": "2026-09-09"}
    ]


def test_a_timezone_change_applies_at_once_not_when_tokens_are_renewed(make_org):
    """Access tokens carry the timezone they were issued with; dates and series follow the
    organization's settings from the moment an administrator changes them."""
    org = make_org(timezone="UTC")
    group = ok(org.admin.post("/api/groups", json={"name": "Summer school", "domain": "education"}))
    ok(org.admin.post(f"/api/groups/{group['id']}/staff", json={"user_ids": [org.frontline.id]}))
    assert ok(org.admin.patch("/api/organizations/current", json={"timezone": "Europe/London"}))["timezone"] == (
        "Europe/London"
    )
    ok(
        org.admin.post(
            "/api/sessions",
            json={
                "group_id": group["id"],
                "title": "Early start",
                "starts_at": "2026-07-06T00:30:00",
                "ends_at": "2026-07-06T01:30:00",
                "repeat": {"freq": "daily", "count": 2},
            },
        )
    )
    sessions = ok(org.admin.get("/api/sessions", params={"group_id": group["id"]}))["items"]
    # 00:30 in London (BST) is 23:30 UTC the evening before.
    assert [s["starts_at"] for s in sessions] == ["2026-07-05T23:30:00Z", "2026-07-06T23:30:00Z"]
    # A day is a London day for a token issued before the change too.
    day = ok(
        org.frontline.get("/api/sessions", params={"group_id": group["id"], "from": "2026-07-06", "to": "2026-07-06"})
    )
    assert [s["starts_at"] for s in day["items"]] == ["2026-07-05T23:30:00Z"]
