"""The mixed load of SPEC §6.1: 10 organizations x 50 users, each acting about every 2 s.

`make bench` runs it headless in a process of its own (gevent patches the whole interpreter, so it
must stay out of the rest of the benchmark) against its throwaway stack. Ops can point it at a
real deployment (sign-up must be open there: it creates its own 10 organizations):

    locust -f bench/locustfile.py -H https://staging.example.org --headless -u 500 -r 50 -t 2m

`make bench` builds the organizations first (`python bench/locustfile.py prepare HOST FILE`) and
hands them over in OMNI_BENCH_WORLD, so neither the set-up's time nor its memory (sign-ups and
sign-ins hash passwords) falls into the measured window; without it they are built when the test
starts. OMNI_BENCH_ORGANIZATIONS (default 10) sets how many organizations share the users.

Each organization gets a class of 30 participants, four lessons today and five teachers' logins
(ten users share a login, so no login passes the gateway's 600 requests a minute). Of its 50 users,
one keeps a live-updates stream of a lesson open (a coordinator's screen, reopened every 20 s);
the others act: mark a participant (most often), open a lesson's roster, open today's overview,
read a record's history, take a whole roll call in one request, send a small offline batch, and
now and then ask for a lesson's sign-in sheet.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta

import gevent
from gevent.lock import Semaphore
from locust import FastHttpUser, HttpUser, between, events, task

# isort: split
# After locust, which lets gevent patch ssl and sockets first (run as a script, too).
import requests

ORGANIZATIONS = int(os.environ.get("OMNI_BENCH_ORGANIZATIONS", "10"))
CLASS_SIZE = 30
LESSONS = 4
LOGINS = 5
PASSWORD = "bench-password-123"
STATES = ("present", "present", "present", "late", "absent")

WORLD: list[dict] = []
_numbers = itertools.count()


def _ok(answer: requests.Response) -> dict:
    if answer.status_code not in (200, 201, 202):
        raise RuntimeError(f"{answer.request.method} {answer.request.url}: {answer.status_code} {answer.text[:500]}")
    return answer.json()


def _login(base: str, email: str) -> str:
    answer = requests.post(f"{base}/api/auth/login", json={"email": email, "password": PASSWORD}, timeout=60)
    return _ok(answer)["access_token"]


def _organization(base: str, n: int) -> dict:
    """An organization with its class, today's lessons and its teachers' logins."""
    tag = uuid.uuid4().hex[:8]
    admin = f"load-{tag}@example.com"
    _ok(
        requests.post(
            f"{base}/api/organizations",
            json={
                "name": f"Load school {n} {tag}",
                "domain": "education",
                "timezone": "UTC",
                "admin_email": admin,
                "admin_password": PASSWORD,
                "admin_name": "Load admin",
            },
            timeout=60,
        )
    )
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {_login(base, admin)}"
    group = _ok(http.post(f"{base}/api/groups", json={"name": "Class", "domain": "education"}, timeout=60))["id"]
    csv = "name,external_ref\n" + "\n".join(f"Pupil {i:02d},L{i:02d}" for i in range(CLASS_SIZE))
    _ok(http.post(f"{base}/api/participants/import", files={"file": ("class.csv", csv.encode())}, timeout=60))
    listed = _ok(http.get(f"{base}/api/participants", params={"limit": 100}, timeout=60))
    participants = [p["id"] for p in listed["items"]]
    _ok(http.post(f"{base}/api/groups/{group}/members", json={"participant_ids": participants}, timeout=60))
    logins, teachers = [], []
    for k in range(LOGINS):
        email = f"teacher-{k}-{tag}@example.com"
        user = {"email": email, "full_name": f"Teacher {k}", "role": "frontline", "password": PASSWORD}
        teachers.append(_ok(http.post(f"{base}/api/users", json=user, timeout=60))["id"])
        logins.append({"email": email, "token": None})
    _ok(http.post(f"{base}/api/groups/{group}/staff", json={"user_ids": teachers}, timeout=60))
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
    for k in range(LESSONS):
        lesson = {
            "group_id": group,
            "title": f"Lesson {k + 1}",
            "starts_at": (start + timedelta(minutes=k)).isoformat(),
            "ends_at": (start + timedelta(minutes=k, hours=2)).isoformat(),
        }
        _ok(http.post(f"{base}/api/sessions", json=lesson, timeout=60))
    sessions = [s["id"] for s in _ok(http.get(f"{base}/api/sessions", params={"group_id": group}, timeout=60))["items"]]
    for login in logins:
        login["token"] = _login(base, login["email"])
    return {"participants": participants, "sessions": sessions, "logins": logins, "records": []}


def build(base: str) -> list[dict]:
    jobs = [gevent.spawn(_organization, base.rstrip("/"), n) for n in range(ORGANIZATIONS)]
    gevent.joinall(jobs, raise_error=True)
    return [job.value for job in jobs]


def _settle(world: list[dict]) -> None:
    for org in world:
        for login in org["logins"]:
            login["lock"] = Semaphore()
    WORLD[:] = world


@events.test_start.add_listener
def build_world(environment, **_kwargs) -> None:
    if WORLD:
        return
    prepared = os.environ.get("OMNI_BENCH_WORLD")
    if prepared:
        with open(prepared) as file:
            _settle(json.load(file))
    else:
        _settle(build(environment.host))


class Member:
    """What both kinds of user share: an organization, a login, a token kept fresh."""

    def _join(self) -> None:
        n = next(_numbers)
        self.org = WORLD[n % len(WORLD)]
        self.login = self.org["logins"][(n // len(WORLD)) % LOGINS]

    def _headers(self) -> dict:
        return {"Authorization": f"Bearer {self.login['token']}"}

    def _renew(self, stale: str) -> None:
        """A new access token when the one in use expired (every user of the login shares it)."""
        with self.login["lock"]:
            if self.login["token"] == stale:
                self.login["token"] = _login(self.host.rstrip("/"), self.login["email"])


class Teacher(Member, FastHttpUser):
    wait_time = between(1.5, 2.5)

    def on_start(self) -> None:
        self._join()

    def _send(self, method: str, path: str, name: str, **kwargs) -> dict | None:
        for _attempt in range(2):
            token = self.login["token"]
            with self.client.request(
                method, path, name=name, headers=self._headers(), catch_response=True, **kwargs
            ) as answer:
                if answer.status_code == 401:
                    answer.success()  # an expired token: not the system's failure; sign in again
                    self._renew(token)
                    continue
                if answer.status_code not in (200, 201, 202):
                    answer.failure(f"{answer.status_code}: {(answer.text or '')[:200]}")
                    return None
                return answer.json()
        return None

    @task(20)
    def mark(self) -> None:
        body = {
            "session_id": random.choice(self.org["sessions"]),
            "participant_id": random.choice(self.org["participants"]),
            "state": random.choice(STATES),
        }
        record = self._send("POST", "/api/presence", "mark one participant", json=body)
        if record:
            records = self.org["records"]
            records.append(record["id"])
            del records[:-200]

    @task(8)
    def roster(self) -> None:
        session = random.choice(self.org["sessions"])
        self._send("GET", f"/api/sessions/{session}/roster", "open a roster")

    @task(4)
    def today(self) -> None:
        self._send("GET", "/api/stats/today", "open today")

    @task(4)
    def history(self) -> None:
        if not self.org["records"]:
            return self.mark()
        record = random.choice(self.org["records"])
        self._send("GET", f"/api/presence/{record}/history", "read a record's history")

    @task(2)
    def roll_call(self) -> None:
        body = {
            "session_id": random.choice(self.org["sessions"]),
            "records": [{"participant_id": p, "state": random.choice(STATES)} for p in self.org["participants"]],
        }
        self._send("POST", "/api/presence/bulk", f"roll call of {CLASS_SIZE} in one request", json=body)

    @task(2)
    def sync(self) -> None:
        now = datetime.now(UTC).isoformat()
        mutations = [
            {
                "mutation_id": str(uuid.uuid4()),
                "session_id": random.choice(self.org["sessions"]),
                "participant_id": random.choice(self.org["participants"]),
                "state": random.choice(STATES),
                "client_time": now,
            }
            for _ in range(5)
        ]
        body = {"device_id": f"tablet-{id(self) % 10_000}", "sent_at": now, "mutations": mutations}
        self._send("POST", "/api/sync", "send an offline batch of 5", json=body)

    @task(1)
    def report(self) -> None:
        params = {"session_id": random.choice(self.org["sessions"])}
        # A teacher prints a lesson's sign-in sheet (the report a frontline user may ask for).
        body = {"type": "sign_in_sheet", "format": "csv", "params": params}
        self._send("POST", "/api/reports", "ask for a report", json=body)


class Watcher(Member, HttpUser):
    """One user per organization keeps a lesson's live updates open (a coordinator's screen)."""

    fixed_count = ORGANIZATIONS
    wait_time = between(0.5, 1.5)
    stream_seconds = 20

    def on_start(self) -> None:
        self._join()

    @task
    def watch(self) -> None:
        session = random.choice(self.org["sessions"])
        token = self.login["token"]
        with self.client.get(
            "/api/events",
            params={"session_id": session},
            headers=self._headers(),
            name="open a live stream",
            stream=True,
            catch_response=True,
            timeout=60,
        ) as answer:
            if answer.status_code == 401:
                answer.success()
                self._renew(token)
                return
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code}")
                return
            answer.success()  # timed to its headers: how long opening the stream takes
            deadline = time.monotonic() + self.stream_seconds
            for _line in answer.iter_lines():  # heartbeats keep this turning
                if time.monotonic() > deadline:
                    break


if __name__ == "__main__" and sys.argv[1:2] == ["prepare"]:
    # python bench/locustfile.py prepare HOST FILE: the organizations, written for OMNI_BENCH_WORLD.
    with open(sys.argv[3], "w") as out:
        json.dump(build(sys.argv[2]), out)
