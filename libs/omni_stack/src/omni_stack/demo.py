"""The demo organizations' people, groups and sessions, made through the public API the way an
administrator would make them (services never write each other's tables), so a newcomer who runs
`make run` finds something real on every screen:

- Riverside School (education, Europe/London): three classes of 25-30 pupils whose names come from
  many languages, each with its teacher, a term of lessons with plausible marks (a pupil in Year 9
  whose attendance has fallen below the threshold), today's lessons open; a science club taken by
  self check-in; a parents' evening checked in at the door; office staff who clock in; one sync
  conflict waiting for an administrator; a register ready to download. Eli, the demo participant,
  is a pupil of Year 9 Maths.
- Harbour Hotel (hospitality): tonight's dinner sitting and a conference, guests with badges.

The first run builds it; every run tops it up, so there is a lesson today whatever day the demo is
opened. Deterministic marks (a seeded generator), so walkthroughs stay true.
"""

from __future__ import annotations

import random
import time as clock
import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx

# The demo logins `python -m identity seed-demo` makes (identity's DEMO_USERS; a test keeps them equal).
DEMO_PASSWORD = "omnipresence-demo"
DEMO_EMAILS = {
    "admin": "admin@example.com",
    "manager": "manager@example.com",
    "frontline": "frontline@example.com",
    "external": "external@example.com",
}
HOTEL_ADMIN = "hotel@example.com"
TEACHERS = [("amara.teacher@example.com", "Amara Osei"), ("jonas.teacher@example.com", "Jonas Berg")]
FIRST = [
    "Aisha",
    "Ben",
    "Chloe",
    "Daniel",
    "Ella",
    "Finn",
    "Grace",
    "Harry",
    "Isla",
    "Jack",
    "Katie",
    "Leo",
    "Maya",
    "Noah",
    "Olivia",
    "Priya",
    "Quinn",
    "Ruby",
    "Sam",
    "Tomás",
    "Una",
    "Victor",
    "Willow",
    "Yasmin",
    "Zoe",
    "Łukasz",
    "Şule",
    "Дмитрий",
    "陈伟",
    "Nguyễn",
    "Aroha",
    "Kofi",
    "Ingrid",
    "Mateo",
    "Sofía",
    "Amir",
]
LAST = [
    "Khan",
    "Carter",
    "Evans",
    "Okafor",
    "Murphy",
    "O'Brien",
    "Liu",
    "Patel",
    "Thompson",
    "Wilson",
    "Nowak",
    "Fischer",
    "Singh",
    "Brown",
    "Davies",
    "Sharma",
    "Walsh",
    "Hughes",
    "García",
    "Kelly",
    "Dubois",
    "Clarke",
    "Yılmaz",
    "Иванов",
    "Zieliński",
    "Tanaka",
    "Haddad",
    "Lindqvist",
    "Mensah",
    "Rossi",
]
CLASSES = [("Year 9 Maths", "Room 12", 9), ("Year 10 English", "Room 4", 11), ("Year 8 Science", "Lab 1", 13)]
PARENTS = ["Mr and Mrs Khan", "Ms Carter", "Dr Evans", "Mrs Okafor", "Mr Murphy", "Ms O'Brien", "Mr Liu", "Mrs Patel"]
STAFF = ["Sophie Reid", "Tom Baker", "Nadia Haddad", "Oscar Lindqvist", "Pat Quinn"]
GUESTS = ["Anna Schmidt", "Luca Bianchi", "Mei Tanaka", "Omar Haddad", "Siobhán Byrne", "Juan Pérez", "Eva Novák"]
EXTERNAL_PUPIL = "Eli Evans"
BELOW_THRESHOLD = "Finn Walsh"  # absent often: the dashboards and the summary report flag them
TERM_WEEKS = 8


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


def seed(
    gateway: str,
    emails: dict[str, str],
    password: str,
    *,
    weeks: int = TERM_WEEKS,
    teachers: list[tuple[str, str]] = TEACHERS,
    hotel: bool = True,
) -> bool:
    """Build the school of ``emails['admin']`` (and the hotel) if it has no groups yet, and top it up;
    whether it was built now. ``teachers``: logins made for the classes after the first (none: the
    frontline user teaches them all)."""
    api = Api(gateway, emails["admin"], password)
    try:
        school = School(api, emails, password, weeks=weeks, teachers=teachers)
        built = not api("GET", "/api/groups")["items"]
        if built:
            school.build()
        school.top_up()
    finally:
        api.close()
    if hotel:
        seed_hotel(gateway, password)
    return built


class School:
    """The school's parts, each made as an administrator would make it."""

    def __init__(self, api: Api, emails: dict[str, str], password: str, *, weeks: int, teachers: list):
        self.api, self.emails, self.password = api, emails, password
        self.weeks, self.teacher_logins = weeks, teachers
        org = api("GET", "/api/organizations/current")
        self.tz = ZoneInfo(org["timezone"])
        domains = sorted({*org["domains"], "education", "hospitality", "workplace"})
        if domains != sorted(org["domains"]):
            api("PATCH", "/api/organizations/current", json={"domains": domains})
        self.rng = random.Random(7)
        self.now = datetime.now(self.tz)
        self.today = self.now.date()

    @property
    def users(self) -> dict[str, dict]:
        return {u["email"]: u for u in self.api("GET", "/api/users", params={"limit": 1000})["items"]}

    def at(self, day: date, hour: int) -> str:
        return datetime.combine(day, time(hour), self.tz).isoformat()

    def people(self, names: list[str], prefix: str) -> list[str]:
        return [
            self.api("POST", "/api/participants", json={"name": n, "external_ref": f"{prefix}-{i + 1:03d}"})["id"]
            for i, n in enumerate(names)
        ]

    def group(self, name: str, domain: str, ids: list[str], days_ago: int, staff: list[str], **settings) -> str:
        gid = self.api("POST", "/api/groups", json={"name": name, "domain": domain, "settings": settings})["id"]
        since = self.at(self.today - timedelta(days=days_ago), 0)
        self.api("POST", f"/api/groups/{gid}/members", json={"participant_ids": ids, "starts_at": since})
        self.api("POST", f"/api/groups/{gid}/staff", json={"user_ids": staff})
        return gid

    def session(self, group: str, title: str, start: datetime, end: datetime, **extra) -> str:
        body = {"group_id": group, "title": title, "starts_at": start.isoformat(), "ends_at": end.isoformat(), **extra}
        return self.api("POST", "/api/sessions", json=body)["id"]

    # --- the first run ----------------------------------------------------------------------------

    def build(self) -> None:
        frontline = self.users[self.emails["frontline"]]["id"]
        teachers = [frontline, *self._teachers()]
        teachers += [frontline] * (len(CLASSES) - len(teachers))
        names = [f"{f} {last}" for f in FIRST for last in LAST]
        self.rng.shuffle(names)
        classes = []
        for n, (title, room, hour) in enumerate(CLASSES):
            pupils = names[n * 28 : n * 28 + 26 + n]
            if n == 0:
                pupils = [*pupils, BELOW_THRESHOLD, EXTERNAL_PUPIL]
            ids = self.people(pupils, f"P{n + 1}")
            gid = self.group(
                title, "education", ids, 7 * self.weeks + 7, [teachers[n]], close_marks_unmarked_as="absent"
            )
            self._term(gid, title.split()[-1], room, hour, dict(zip(pupils, ids, strict=True)))
            classes.append((gid, ids))
        maths, pupils = classes[0]
        self.extras(maths, pupils, teachers[0])

    def _teachers(self) -> list[str]:
        made = []
        for email, name in self.teacher_logins:
            user = self.users.get(email) or self.api(
                "POST",
                "/api/users",
                json={"email": email, "full_name": name, "role": "frontline", "password": self.password},
            )
            made.append(user["id"])
        return made

    def _term(self, group: str, title: str, room: str, hour: int, pupils: dict[str, str]) -> None:
        """A lesson every school day of the term so far, marked and closed; today's open."""
        first = self.today - timedelta(weeks=self.weeks)
        days = [first + timedelta(days=n) for n in range((self.today - first).days)]
        for day in [d for d in days if d.weekday() < 5]:
            start = datetime.combine(day, time(hour), self.tz)
            lesson = self.session(group, title, start, start + timedelta(hours=1), location=room, status="open")
            self._mark(lesson, pupils)
            self.api("PATCH", f"/api/sessions/{lesson}", json={"status": "closed"})  # marks the rest absent

    def _mark(self, lesson: str, pupils: dict[str, str]) -> None:
        states, weights = ["present", "late", "absent", "excused"], [86, 6, 5, 3]
        marks = []
        for name, pid in pupils.items():
            if self.rng.random() < 0.02:
                continue  # left unmarked: closing marks them absent
            state = self.rng.choices(["present", "absent"], [55, 45])[0] if name == BELOW_THRESHOLD else None
            marks.append({"participant_id": pid, "state": state or self.rng.choices(states, weights)[0]})
        self.api("POST", "/api/presence/bulk", json={"session_id": lesson, "records": marks})

    def extras(self, maths: str, pupils: list[str], frontline: str) -> None:
        """The club, the evening, the office, Eli's login, a conflict and a report."""
        club = self.group("Science club", "education", [*pupils[:12], pupils[-1]], 30, [frontline])
        self.session(
            club,
            "Science club",
            self.now - timedelta(minutes=10),
            self.now + timedelta(hours=2),
            mode="self_check_in",
            status="open",
            location="Lab 2",
        )
        evening = self.group(
            "Parents' evening", "hospitality", self.people(PARENTS, "G"), 7, [frontline], late_after_minutes=15
        )
        self.session(
            evening,
            "Year 9 parents' evening",
            self.now - timedelta(hours=1),
            self.now + timedelta(hours=3),
            mode="check_in_out",
            status="open",
            location="Main hall",
        )
        office = self.group(
            "School office", "workplace", self.people(STAFF, "E"), 60, [frontline], late_after_minutes=10
        )
        self.session(
            office,
            "Day shift",
            self.now - timedelta(hours=2),
            self.now + timedelta(hours=6),
            mode="check_in_out",
            status="open",
        )
        self.api(
            "PATCH", f"/api/users/{self.users[self.emails['external']]['id']}", json={"participant_id": pupils[-1]}
        )
        self._conflict(maths, pupils)
        report = {
            "type": "participant_summary",
            "format": "pdf",
            "params": {"group_id": maths, "from": str(self.today - timedelta(weeks=self.weeks)), "to": str(self.today)},
        }
        self.api("POST", "/api/reports", json=report)

    def _conflict(self, maths: str, pupils: list[str]) -> None:
        """The last lesson: the teacher's tablet, offline, marked a pupil late over the present it
        had seen; the office had changed it to excused meanwhile. Both versions wait for an
        administrator."""
        lessons = self.api("GET", "/api/sessions", params={"group_id": maths, "status": "closed", "limit": 1000})
        lesson = lessons["items"][-1]
        pupil = pupils[0]
        mine = self.api("GET", "/api/presence", params={"session_id": lesson["id"], "participant_id": pupil})["items"]
        seen = mine[0]["version"] if mine else None
        self.api(
            "POST",
            "/api/presence",
            json={
                "session_id": lesson["id"],
                "participant_id": pupil,
                "state": "excused",
                "note": "Dentist (phoned in)",
            },
        )
        teacher = Api(str(self.api.http.base_url), self.emails["frontline"], self.password)
        try:
            made = (datetime.fromisoformat(lesson["starts_at"]) + timedelta(minutes=10)).isoformat()
            change = {
                "mutation_id": str(uuid.uuid4()),
                "session_id": lesson["id"],
                "participant_id": pupil,
                "state": "late",
                "client_time": made,
                "base_version": seen,
            }
            sent = datetime.now(self.tz).isoformat()
            batch = teacher(
                "POST", "/api/sync", json={"device_id": "demo-tablet", "sent_at": sent, "mutations": [change]}
            )
            for _ in range(100):  # the sync worker merges it in a moment
                if teacher("GET", f"/api/sync/batches/{batch['batch_id']}")["status"] in ("completed", "failed"):
                    break
                clock.sleep(0.1)
        finally:
            teacher.close()

    # --- every run ----------------------------------------------------------------------------------

    def top_up(self) -> None:
        """A lesson today for each class, open, whatever day it is."""
        for group in self.api("GET", "/api/groups")["items"]:
            title = group["name"]
            match = next((c for c in CLASSES if c[0] == title), None)
            if match is not None:
                self._today_lesson(group["id"], match)

    def _today_lesson(self, group: str, klass: tuple | None = None) -> str:
        title, room, hour = klass or next(c for c in CLASSES if c[0] == "Year 9 Maths")
        found = self.api(
            "GET", "/api/sessions", params={"group_id": group, "from": str(self.today), "to": str(self.today)}
        )
        if found["items"]:
            return found["items"][0]["id"]
        start = datetime.combine(self.today, time(hour), self.tz)
        return self.session(group, title.split()[-1], start, start + timedelta(hours=1), location=room, status="open")


def seed_hotel(gateway: str, password: str) -> None:
    """Harbour Hotel, a second organization in another domain (signed up if it is not there yet)."""
    with httpx.Client(base_url=gateway, timeout=60) as http:
        signed_in = http.post("/api/auth/login", json={"email": HOTEL_ADMIN, "password": password})
        if signed_in.status_code != 200:
            body = {
                "name": "Harbour Hotel",
                "domain": "hospitality",
                "timezone": "Europe/Lisbon",
                "admin_email": HOTEL_ADMIN,
                "admin_password": password,
                "admin_name": "Hana Hotel",
            }
            if http.post("/api/organizations", json=body).status_code != 201:
                return  # sign-up is switched off here: the school alone is the demo
    api = Api(gateway, HOTEL_ADMIN, password)
    try:
        if api("GET", "/api/groups")["items"]:
            return
        tz = ZoneInfo(api("GET", "/api/organizations/current")["timezone"])
        now = datetime.now(tz)
        guests = [
            api("POST", "/api/participants", json={"name": n, "external_ref": f"ROOM-{101 + i}"})["id"]
            for i, n in enumerate(GUESTS)
        ]
        for name, mode, offset in (("Dinner sitting", "check_in_out", 1), ("Harbour conference", "roll_call", 3)):
            gid = api("POST", "/api/groups", json={"name": name, "domain": "hospitality"})["id"]
            api("POST", f"/api/groups/{gid}/members", json={"participant_ids": guests})
            start = now + timedelta(hours=offset)
            api(
                "POST",
                "/api/sessions",
                json={
                    "group_id": gid,
                    "title": name,
                    "mode": mode,
                    "status": "open",
                    "starts_at": start.isoformat(),
                    "ends_at": (start + timedelta(hours=2)).isoformat(),
                },
            )
    finally:
        api.close()
