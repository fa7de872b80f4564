"""Every field error any service answers carries a known, stable `code` (SPEC §8), and the web app's
catalogue has a sentence for each: bad input walked through identity, presence, sync, reporting and
the gateway's audit log."""

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from classroom import make_classroom
from omni_common.errors import FIELD_CODES

CATALOGUE = json.loads((Path(__file__).parents[1] / "frontend/src/locales/en.json").read_text(encoding="utf-8"))
SENTENCES = CATALOGUE["fieldCodes"]

NOW = datetime.now(UTC)
LONG = "x" * 5000


def codes(answer) -> list[tuple[str, str]]:
    assert answer.status_code == 422, answer.text
    return [(e["field"], e["code"]) for e in answer.json()["errors"]]


def test_every_code_has_a_sentence_in_the_catalogue():
    assert set(FIELD_CODES) <= set(SENTENCES), set(FIELD_CODES) - set(SENTENCES)


def test_bad_input_across_the_services_gets_known_codes(org, anonymous):
    room = make_classroom(org, size=2)
    admin = org.admin
    seen: list[tuple[str, str]] = []

    def refused(answer):
        found = codes(answer)
        seen.extend(found)
        return dict(found)

    # identity
    assert refused(admin.post("/api/users", json={"email": "nope", "role": "boss", "colour": "red"})) == {
        "email": "not_an_email",
        "full_name": "required",
        "role": "not_a_choice",
        "colour": "unknown_field",
    }
    assert refused(admin.post("/api/users", json={"email": org.manager.email, "full_name": "Twin", "role": "manager"}))[
        "email"
    ] == ("duplicate")
    assert refused(admin.patch("/api/organizations/current", json={"timezone": "Mars/Base"})) == {
        "timezone": "not_a_timezone"
    }
    assert refused(admin.patch("/api/organizations/current", json={"name": None})) == {"name": "required"}
    assert refused(admin.patch("/api/organizations/current", json={"attendance_threshold_percent": 101})) == {
        "attendance_threshold_percent": "out_of_range"
    }
    refused(anonymous.post("/api/organizations", json={"name": "X", "domain": "space", "admin_password": "short"}))
    refused(admin.get("/api/users", params={"limit": "many", "cursor": "not-ours"}))
    refused(admin.post("/api/users", content=b"{not json", headers={"content-type": "application/json"}))

    # presence
    answer = refused(admin.post("/api/participants", json={"name": LONG, "email": "x@", "phone": "call me"}))
    assert answer["name"] == "too_long" and answer["email"] == "not_an_email" and answer["phone"] == "bad_format"
    assert answer_limit(admin.post("/api/participants", json={"name": LONG}), "name") == 200
    refused(admin.post("/api/participants", json={"name": ""}))
    outsider = admin.post("/api/participants", json={"name": "Outsider"}).json()
    assert refused(
        admin.post(
            "/api/presence",
            json={"session_id": room.session["id"], "participant_id": outsider["id"], "state": "present"},
        )
    ) == {"participant_id": "not_a_member"}
    assert refused(
        admin.post(
            "/api/presence", json={"session_id": room.session["id"], "participant_id": room.ids[0], "state": "flying"}
        )
    ) == {"state": "no_such_state"}
    refused(
        admin.post(
            "/api/sessions",
            json={
                "group_id": room.group["id"],
                "title": "Backwards",
                "mode": "roll_call",
                "starts_at": NOW.isoformat(),
                "ends_at": (NOW - timedelta(hours=1)).isoformat(),
            },
        )
    )
    refused(admin.post("/api/sessions", json={"group_id": "nope", "starts_at": "tomorrow", "mode": "dance"}))
    refused(admin.post("/api/groups", json={"name": "G", "domain": "nowhere", "settings": {"late_after_minutes": -1}}))
    refused(admin.post(f"/api/groups/{room.group['id']}/members", json={"participant_ids": ["no-such-one"]}))
    refused(admin.post(f"/api/groups/{room.group['id']}/staff", json={"user_ids": [org.manager.id]}))
    refused(
        admin.post(
            "/api/advance-notices",
            json={"participant_id": room.ids[0], "from": "2026-02-10", "to": "2026-02-01", "state": "absent"},
        )
    )
    refused(admin.get("/api/stats/attendance", params={"from": "2026-03-01", "to": "2026-01-01"}))
    refused(admin.post("/api/webhooks", json={"url": "http://127.0.0.1/hook", "events": ["presence.recorded"]}))
    csv = "name,email\n,not-an-email\nAda," + "y" * 300 + "@example.com\n"
    imported = admin.post(
        "/api/participants/import",
        params={"dry_run": "true"},
        files={"file": ("p.csv", io.BytesIO(csv.encode()), "text/csv")},
    )
    rows = imported.json()["errors"]
    assert rows and all(row["code"] in FIELD_CODES for row in rows), rows

    # sync
    refused(admin.post("/api/sync", json={"device_id": "d", "sent_at": "now", "mutations": [{"mutation_id": "x"}]}))
    refused(admin.get("/api/admin/sync-conflicts", params={"status": "bogus"}))

    # reporting
    refused(admin.post("/api/reports", json={"type": "attendance_register", "format": "pdf", "params": {}}))
    refused(
        admin.post(
            "/api/reports",
            json={"type": "participant_summary", "format": "docx", "params": {"group_id": room.group["id"]}},
        )
    )

    # the gateway's audit log
    refused(admin.get("/api/audit-logs", params={"from": "yesterday"}))

    unknown = [(field, code) for field, code in seen if code not in FIELD_CODES]
    assert not unknown, unknown
    assert "invalid" not in {code for _, code in seen}, [pair for pair in seen if pair[1] == "invalid"]


def answer_limit(answer, field: str):
    assert answer.status_code == 422, answer.text
    return next(e for e in answer.json()["errors"] if e["field"] == field).get("limit")
