"""A participant with something in every corner of every service, for the export and erasure tests:
records with notes and history, an offline change that opened a conflict, an advance notice, a kiosk
attempt with their badge, a linked login that signed in and was mailed, notifications and contact
mails naming them, webhook deliveries, stored idempotent answers, an invitation code, and report
files — beside a classmate who must come out of it untouched.

Every personal value carries a token of random letters found nowhere else, and the name is written
in three scripts (Şule, Иванова, 陈伟), so a search of every column cannot mistake anything for it."""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx

from classroom import ok, wait_for_batch
from omni_common.testing.plugin import PASSWORD, Org, login

# Letters no UUID or hex digest holds: a token made of them is found only where it was put.
LETTERS = "ghjkmnpqrstvwxyz"


def token() -> str:
    return "zq" + "".join(random.choice(LETTERS) for _ in range(10))


def wait_until(check, what: str, timeout: float = 90.0):
    """Poll ``check()`` until it answers something true; fail with ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        assert time.monotonic() < deadline, f"{what}: not within {timeout} s"
        time.sleep(0.2)


@dataclass
class Subject:
    org: Org
    tok: str
    participant: dict
    classmate: dict
    group_id: str
    sessions: list[dict]
    login_email: str
    login_tokens: dict
    values: dict[str, str]
    notes: list[str]
    classmate_note: str
    conflict_id: str
    batch_id: str
    reports: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.participant["id"]

    def personal_values(self) -> dict[str, str]:
        """Every personal value of theirs, by what it is."""
        return {**self.values, **{f"note {i}": note for i, note in enumerate(self.notes)}}


def _session(admin, group_id: str, title: str, start: datetime, minutes: int, **extra) -> dict:
    return ok(
        admin.post(
            "/api/sessions",
            json={
                "group_id": group_id,
                "title": title,
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(minutes=minutes)).isoformat(),
                **extra,
            },
        )
    )


def _mark(admin, session_id: str, participant_id: str, state: str, note: str, key: str | None = None) -> dict:
    headers = {"Idempotency-Key": key} if key else {}
    body = {"session_id": session_id, "participant_id": participant_id, "state": state, "note": note}
    return ok(admin.post("/api/presence", json=body, headers=headers))


def make_subject(org: Org, gateway: str, *, with_reports: bool = True) -> Subject:
    admin, tok, other = org.admin, token(), token()
    values = {
        "name": f"Şule Иванова 陈伟 {tok}",
        "external_ref": f"REF-{tok}",
        "email": f"sule.{tok}@example.org",
        "phone": f"+44 7700 9{random.randint(10000, 99999)}",
        "attribute": f"Guardian {tok}",
        "login email": f"login.{tok}@example.org",
        "login name": f"Şule Login {tok}",
        "code name": f"Code Name {tok}",
    }
    ok(
        admin.post(
            "/api/webhooks",
            json={"url": "http://receiver.test:9/erasure", "events": ["presence.recorded", "presence.changed"]},
        )
    )
    group = ok(
        admin.post(
            "/api/groups",
            json={"name": "Erasure class", "domain": "education", "settings": {"absent_to_contact": True}},
        )
    )
    participant = ok(
        admin.post(
            "/api/participants",
            headers={"Idempotency-Key": str(uuid.uuid4())},
            json={
                "name": values["name"],
                "external_ref": values["external_ref"],
                "email": values["email"],
                "phone": values["phone"],
                "attributes": {"guardian": values["attribute"], "year": "9"},
            },
        )
    )
    classmate = ok(
        admin.post("/api/participants", json={"name": f"Quinn Classmate {other}", "email": f"q.{other}@example.org"})
    )
    pid = participant["id"]
    now = datetime.now(UTC)
    since = (now - timedelta(days=1)).isoformat()
    ok(
        admin.post(
            f"/api/groups/{group['id']}/members", json={"participant_ids": [pid, classmate["id"]], "starts_at": since}
        )
    )
    ok(admin.post(f"/api/groups/{group['id']}/staff", json={"user_ids": [org.frontline.id]}))
    ok(admin.patch(f"/api/participants/{pid}", json={"pin": "4321"}))

    # Three lessons today, each missed (absent three times in a row: the rule names them to the
    # managers; each absence mails their contact address), the classmate present with a note.
    sessions = [_session(admin, group["id"], f"Lesson {i}", now - timedelta(hours=3 - i), 30) for i in range(3)]
    notes = [f"First note {tok}", f"Second note {tok} ünïcödé", f"Third note {tok}", f"Idempotent note {tok}"]
    classmate_note = f"Classmate note {other}"
    _mark(admin, sessions[0]["id"], pid, "absent", notes[0])
    _mark(admin, sessions[0]["id"], pid, "absent", notes[1])  # a second version: history
    _mark(admin, sessions[1]["id"], pid, "absent", notes[2])
    _mark(admin, sessions[2]["id"], pid, "absent", notes[3], key=str(uuid.uuid4()))  # a stored answer
    for session in sessions:
        _mark(admin, session["id"], classmate["id"], "present", classmate_note)
    # Presence's worker follows the marks: absent three times in a row, the rule names them.
    wait_until(
        lambda: any(tok in n["title"] for n in ok(admin.get("/api/notifications"))["items"]),
        "the absent-in-a-row notification naming them",
    )

    # The teacher's tablet, offline since before the office's marks: a conflict with the server.
    device_note = f"Device note {tok}"
    notes.append(device_note)
    batch = ok(
        org.frontline.post(
            "/api/sync",
            json={
                "device_id": f"tablet-{tok}",
                "sent_at": now.isoformat(),
                "mutations": [
                    {
                        "mutation_id": str(uuid.uuid4()),
                        "session_id": sessions[1]["id"],
                        "participant_id": pid,
                        "state": "present",
                        "note": device_note,
                        "client_time": (now - timedelta(hours=2)).isoformat(),
                        "base_version": None,
                    }
                ],
            },
        ),
        202,
    )
    merged = wait_for_batch(org.frontline, batch["batch_id"])
    conflict_id = merged["results"][0]["conflict_id"]
    assert merged["results"][0]["outcome"] == "conflict", merged

    notice_note = f"Notice note {tok}"
    notes.append(notice_note)
    tomorrow = (now + timedelta(days=1)).date().isoformat()
    ok(
        admin.post(
            "/api/advance-notices",
            json={"participant_id": pid, "from": tomorrow, "to": tomorrow, "state": "excused", "note": notice_note},
        )
    )

    # At the door: a kiosk for a drop-in session, their badge and PIN.
    drop_in = _session(
        admin, group["id"], "Drop-in", now - timedelta(minutes=5), 60, mode="check_in_out", status="open"
    )
    kiosk = ok(org.frontline.post("/api/kiosks", json={"name": "Door", "session_ids": [drop_in["id"]]}), 201)
    with httpx.Client(base_url=gateway, headers={"Authorization": f"Kiosk {kiosk['token']}"}, timeout=30) as device:
        ok(device.post("/api/kiosk/scan", json={"badge": values["external_ref"], "pin": "4321"}))

    # Their own login: it signs in, and is mailed (a password reset); an invitation code names them.
    ok(
        admin.post(
            "/api/users",
            json={
                "email": values["login email"],
                "full_name": values["login name"],
                "role": "external",
                "password": PASSWORD,
                "participant_id": pid,
            },
        ),
        201,
    )
    client, login_tokens = login(gateway, values["login email"])
    client.close()
    ok(httpx.post(f"{gateway}/api/auth/password-reset", json={"email": values["login email"]}, timeout=30), 202)
    ok(admin.post("/api/invitation-codes", json={"full_name": values["code name"], "participant_id": pid}), 201)

    subject = Subject(
        org=org,
        tok=tok,
        participant=participant,
        classmate=classmate,
        group_id=group["id"],
        sessions=[*sessions, drop_in],
        login_email=values["login email"],
        login_tokens=login_tokens,
        values=values,
        notes=notes,
        classmate_note=classmate_note,
        conflict_id=conflict_id,
        batch_id=batch["batch_id"],
    )
    if with_reports:
        subject.reports = [_report(admin, "attendance_register", {"group_id": group["id"], **_today(now)})]
        subject.reports.append(_report(admin, "session_roll", {"session_id": sessions[0]["id"]}))
    _wait_for_the_workers(subject)
    return subject


def _today(now: datetime) -> dict:
    return {"from": (now - timedelta(days=1)).date().isoformat(), "to": now.date().isoformat()}


def _report(admin, kind: str, params: dict) -> str:
    report_id = ok(admin.post("/api/reports", json={"type": kind, "format": "csv", "params": params}), 202)["id"]
    done = wait_until(
        lambda: (r := ok(admin.get(f"/api/reports/{report_id}")))["status"] in ("completed", "failed") and r,
        f"report {report_id}",
        150,
    )
    assert done["status"] == "completed", done
    return report_id


def _wait_for_the_workers(subject: Subject) -> None:
    """What presence's worker does after the marks: webhook deliveries."""
    admin = subject.org.admin
    webhook = ok(admin.get("/api/webhooks"))["items"][0]["id"]
    wait_until(lambda: ok(admin.get(f"/api/webhooks/{webhook}/deliveries"))["items"], "webhook deliveries")
