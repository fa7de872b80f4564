"""The demo organization's people, groups and sessions, made through the public API the way an
administrator would make them, so a newcomer who runs `make run` finds a school worth opening:
a class with three weeks of registers, a science club taken by self check-in, a parents' evening
with a check-in desk, staff who clock in — and Eli, the demo participant, a pupil of the class.

Idempotent: an organization that already has groups is left as it is. Deterministic: the same
marks every time (a seeded random generator), so screenshots and walkthroughs stay true.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx

PUPILS = [
    "Aisha Khan",
    "Ben Carter",
    "Chloe Evans",
    "Daniel Okafor",
    "Ella Murphy",
    "Finn O'Brien",
    "Grace Liu",
    "Harry Patel",
    "Isla Thompson",
    "Jack Wilson",
    "Katie Nowak",
    "Leo Fischer",
    "Maya Singh",
    "Noah Brown",
    "Olivia Davies",
    "Priya Sharma",
    "Quinn Walsh",
    "Ruby Hughes",
    "Sam Green",
    "Tomás García",
    "Una Kelly",
    "Victor Dubois",
    "Willow Clarke",
    "Xander Price",
    "Yasmin Ali",
    "Zoe Martin",
    "Łukasz Zieliński",
    "Şule Yılmaz",  # noqa: RUF001 (a Turkish name is the point)
    "Дмитрий Иванов",
]
PARENTS = [
    "Mr and Mrs Khan",
    "Ms Carter",
    "Dr Evans",
    "Mrs Okafor",
    "Mr Murphy",
    "Ms O'Brien",
    "Mr Liu",
    "Mrs Patel",
    "Mr Thompson",
    "Ms Wilson",
    "Mrs Nowak",
    "Mr Fischer",
]
# The demo logins `python -m identity seed-demo` makes (identity's DEMO_USERS; a test keeps them equal).
DEMO_PASSWORD = "omnipresence-demo"
DEMO_EMAILS = {
    "admin": "admin@example.com",
    "manager": "manager@example.com",
    "frontline": "frontline@example.com",
    "external": "external@example.com",
}
STAFF = ["Sophie Reid", "Tom Baker", "Nadia Haddad", "Oscar Lindqvist", "Pat Quinn"]
EXTERNAL_PUPIL = "Eli Evans"


class Api:
    def __init__(self, gateway: str, email: str, password: str):
        self.http = httpx.Client(base_url=gateway, timeout=60)
        answer = self.http.post("/api/auth/login", json={"email": email, "password": password})
        answer.raise_for_status()
        self.http.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"

    def __call__(self, method: str, path: str, **kw) -> dict:
        answer = self.http.request(method, path, **kw)
        if answer.status_code >= 400:
            raise RuntimeError(f"{method} {path}: {answer.status_code} {answer.text[:500]}")
        return answer.json() if answer.content else {}

    def close(self) -> None:
        self.http.close()


def _school_days(today: date, back: int, ahead: int) -> list[date]:
    days = [today + timedelta(days=n) for n in range(-back, ahead + 1)]
    return [d for d in days if d.weekday() < 5]


def seed(gateway: str, emails: dict[str, str], password: str) -> bool:
    """Fill the organization of ``emails['admin']``; False if it had groups already."""
    api = Api(gateway, emails["admin"], password)
    try:
        if api("GET", "/api/groups")["items"]:
            return False
        _fill(api, emails)
        return True
    finally:
        api.close()


def _fill(api: Api, emails: dict[str, str]) -> None:
    org = api("GET", "/api/organizations/current")
    tz = ZoneInfo(org["timezone"])
    api(
        "PATCH",
        "/api/organizations/current",
        json={"domains": sorted({*org["domains"], "education", "hospitality", "workplace"})},
    )
    users = {u["email"]: u for u in api("GET", "/api/users", params={"limit": 1000})["items"]}
    frontline = users[emails["frontline"]]["id"]
    rng = random.Random(7)
    now = datetime.now(tz)
    today = now.date()

    def at(day: date, hour: int, minute: int = 0) -> str:
        return datetime.combine(day, time(hour, minute), tz).isoformat()

    def people(names: list[str], prefix: str) -> list[str]:
        return [
            api("POST", "/api/participants", json={"name": n, "external_ref": f"{prefix}-{i + 1:03d}"})["id"]
            for i, n in enumerate(names)
        ]

    def group(name: str, domain: str, ids: list[str], since: date, **settings) -> str:
        gid = api("POST", "/api/groups", json={"name": name, "domain": domain, "settings": settings})["id"]
        api("POST", f"/api/groups/{gid}/members", json={"participant_ids": ids, "starts_at": at(since, 0)})
        api("POST", f"/api/groups/{gid}/staff", json={"user_ids": [frontline]})
        return gid

    # The class: three weeks of lessons marked and closed, today's open, two weeks ahead.
    pupils = people([*PUPILS, EXTERNAL_PUPIL], "P")
    eli = pupils[-1]
    maths = group("Year 9 Maths", "education", pupils, today - timedelta(days=40), close_marks_unmarked_as="absent")
    for day in _school_days(today, 21, 14):
        status = "closed" if day < today else ("open" if day == today else "scheduled")
        lesson = api(
            "POST",
            "/api/sessions",
            json={
                "group_id": maths,
                "title": "Maths",
                "starts_at": at(day, 9),
                "ends_at": at(day, 10),
                "location": "Room 12",
                "status": "open" if day <= today else "scheduled",
            },
        )["id"]
        if day < today:
            marks = [
                {"participant_id": p, "state": rng.choices(["present", "late", "absent", "excused"], [86, 6, 5, 3])[0]}
                for p in pupils
                if rng.random() > 0.02  # a few left unmarked: closing marks them absent
            ]
            api("POST", "/api/presence/bulk", json={"session_id": lesson, "records": marks})
        if status == "closed":
            api("PATCH", f"/api/sessions/{lesson}", json={"status": "closed"})

    # The club: self check-in, this week's meeting open now.
    club = group("Science club", "education", [*pupils[:12], eli], today - timedelta(days=30))
    api(
        "POST",
        "/api/sessions",
        json={
            "group_id": club,
            "title": "Science club",
            "mode": "self_check_in",
            "status": "open",
            "starts_at": (now - timedelta(minutes=10)).isoformat(),
            "ends_at": (now + timedelta(hours=2)).isoformat(),
            "location": "Lab 2",
        },
    )

    # Parents' evening: guests with badges checked in and out at the door.
    parents = people(PARENTS, "G")
    evening = group("Parents' evening", "hospitality", parents, today - timedelta(days=7), late_after_minutes=15)
    api(
        "POST",
        "/api/sessions",
        json={
            "group_id": evening,
            "title": "Year 9 parents' evening",
            "mode": "check_in_out",
            "status": "open",
            "starts_at": (now - timedelta(hours=1)).isoformat(),
            "ends_at": (now + timedelta(hours=3)).isoformat(),
            "location": "Main hall",
        },
    )

    # Staff clock in and out of their shifts.
    staff = people(STAFF, "E")
    office = group("School office", "workplace", staff, today - timedelta(days=60), late_after_minutes=10)
    api(
        "POST",
        "/api/sessions",
        json={
            "group_id": office,
            "title": "Day shift",
            "mode": "check_in_out",
            "status": "open",
            "starts_at": (now - timedelta(hours=2)).isoformat(),
            "ends_at": (now + timedelta(hours=6)).isoformat(),
        },
    )

    # Eli is the demo participant: their login sees their lessons, marks and attendance.
    external = users[emails["external"]]["id"]
    api("PATCH", f"/api/users/{external}", json={"participant_id": eli})
