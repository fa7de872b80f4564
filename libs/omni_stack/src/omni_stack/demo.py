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
        school = School(api, emails)
        pupils = school.maths_class()
        eli = pupils[-1]
        school.science_club([*pupils[:12], eli])
        school.parents_evening()
        school.office()
        # Eli is the demo participant: their login sees their lessons, marks and attendance.
        api("PATCH", f"/api/users/{school.users[emails['external']]['id']}", json={"participant_id": eli})
        return True
    finally:
        api.close()


class School:
    """The demo organization's parts, each made as an administrator would make it."""

    def __init__(self, api: Api, emails: dict[str, str]):
        self.api = api
        org = api("GET", "/api/organizations/current")
        self.tz = ZoneInfo(org["timezone"])
        domains = sorted({*org["domains"], "education", "hospitality", "workplace"})
        api("PATCH", "/api/organizations/current", json={"domains": domains})
        self.users = {u["email"]: u for u in api("GET", "/api/users", params={"limit": 1000})["items"]}
        self.frontline = self.users[emails["frontline"]]["id"]
        self.rng = random.Random(7)
        self.now = datetime.now(self.tz)
        self.today = self.now.date()

    def at(self, day: date, hour: int) -> str:
        return datetime.combine(day, time(hour), self.tz).isoformat()

    def people(self, names: list[str], prefix: str) -> list[str]:
        return [
            self.api("POST", "/api/participants", json={"name": n, "external_ref": f"{prefix}-{i + 1:03d}"})["id"]
            for i, n in enumerate(names)
        ]

    def group(self, name: str, domain: str, ids: list[str], days_ago: int, **settings) -> str:
        """A group with its members (since ``days_ago``) and the frontline user as its staff."""
        gid = self.api("POST", "/api/groups", json={"name": name, "domain": domain, "settings": settings})["id"]
        since = self.at(self.today - timedelta(days=days_ago), 0)
        self.api("POST", f"/api/groups/{gid}/members", json={"participant_ids": ids, "starts_at": since})
        self.api("POST", f"/api/groups/{gid}/staff", json={"user_ids": [self.frontline]})
        return gid

    def open_now(self, group: str, title: str, mode: str, before: timedelta, after: timedelta, **extra) -> None:
        self.api(
            "POST",
            "/api/sessions",
            json={
                "group_id": group,
                "title": title,
                "mode": mode,
                "status": "open",
                "starts_at": (self.now - before).isoformat(),
                "ends_at": (self.now + after).isoformat(),
                **extra,
            },
        )

    def maths_class(self) -> list[str]:
        """Three weeks of lessons marked and closed, today's open, two weeks ahead; its pupils (Eli
        last)."""
        pupils = self.people([*PUPILS, EXTERNAL_PUPIL], "P")
        maths = self.group("Year 9 Maths", "education", pupils, 40, close_marks_unmarked_as="absent")
        for day in _school_days(self.today, 21, 14):
            lesson = self.api(
                "POST",
                "/api/sessions",
                json={
                    "group_id": maths,
                    "title": "Maths",
                    "starts_at": self.at(day, 9),
                    "ends_at": self.at(day, 10),
                    "location": "Room 12",
                    "status": "open" if day <= self.today else "scheduled",
                },
            )["id"]
            if day < self.today:
                self._mark(lesson, pupils)
                # Closing marks the few left unmarked absent (the group's setting).
                self.api("PATCH", f"/api/sessions/{lesson}", json={"status": "closed"})
        return pupils

    def _mark(self, lesson: str, pupils: list[str]) -> None:
        states, weights = ["present", "late", "absent", "excused"], [86, 6, 5, 3]
        marks = [
            {"participant_id": p, "state": self.rng.choices(states, weights)[0]}
            for p in pupils
            if self.rng.random() > 0.02
        ]
        self.api("POST", "/api/presence/bulk", json={"session_id": lesson, "records": marks})

    def science_club(self, members: list[str]) -> None:
        """Self check-in: this week's meeting open now."""
        club = self.group("Science club", "education", members, 30)
        self.open_now(
            club, "Science club", "self_check_in", timedelta(minutes=10), timedelta(hours=2), location="Lab 2"
        )

    def parents_evening(self) -> None:
        """Guests with badges, checked in and out at the door."""
        parents = self.people(PARENTS, "G")
        evening = self.group("Parents' evening", "hospitality", parents, 7, late_after_minutes=15)
        self.open_now(
            evening,
            "Year 9 parents' evening",
            "check_in_out",
            timedelta(hours=1),
            timedelta(hours=3),
            location="Main hall",
        )

    def office(self) -> None:
        """Staff clock in and out of their shifts."""
        staff = self.people(STAFF, "E")
        office = self.group("School office", "workplace", staff, 60, late_after_minutes=10)
        self.open_now(office, "Day shift", "check_in_out", timedelta(hours=2), timedelta(hours=6))
