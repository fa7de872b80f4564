"""Kiosks (SPEC §4.4, §8): made by staff for check-in sessions, unlocked with a token only the device
holds, scanning badges with optional PINs that lock after five wrong tries; every attempt logged."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import text

from classroom import make_classroom, ok
from presence.kiosks.service import lock_until


@pytest.fixture
def door(make_org):
    """A hotel with a sitting open for check-in and out, four guests with badges B-0000 …"""
    org = make_org(domain="hospitality")
    sitting = make_classroom(org, 4, domain="hospitality", mode="check_in_out", status="open", badges=True)
    kiosk = ok(
        org.frontline.post("/api/kiosks", json={"name": "Front door", "session_ids": [sitting.session["id"]]}), 201
    )
    device = httpx.Client(base_url=org.stack.gateway, headers={"Authorization": f"Kiosk {kiosk['token']}"}, timeout=30)
    yield org, sitting, kiosk, device
    device.close()


def scan(device, badge, pin=None):
    return device.post("/api/kiosk/scan", json={"badge": badge, **({"pin": pin} if pin else {})})


def outcomes(org, kiosk) -> list[str]:
    return [a["outcome"] for a in ok(org.admin.get(f"/api/kiosks/{kiosk['id']}/attempts"))["items"]]


def test_a_badge_checks_in_then_out_and_the_kiosk_knows_its_sessions(door):
    org, sitting, kiosk, device = door
    assert kiosk["status"] == "active" and kiosk["session_ids"] == [sitting.session["id"]]
    assert kiosk["expires_at"] == sitting.session["ends_at"]  # by default, the end of its last session
    info = ok(device.get("/api/kiosk"))
    assert info["name"] == "Front door" and info["terminology"]["check_in"] == "Check in"
    assert info["timezone"] == "UTC"
    hello = ok(scan(device, "B-0001"))
    assert (hello["action"], hello["participant"]["name"], hello["record"]["source"]) == (
        "checked_in",
        "Pupil 0001",
        "kiosk",
    )
    assert hello["record"]["state"] == "checked_in" and hello["session"]["id"] == sitting.session["id"]
    bye = ok(scan(device, "B-0001"))
    assert bye["action"] == "checked_out" and bye["record"]["duration_minutes"] == 0
    assert outcomes(org, kiosk) == ["checked_out", "checked_in"]


def test_unknown_and_unexpected_badges_are_answered_and_logged(door):
    org, _sitting, kiosk, device = door
    unknown = scan(device, "NOPE-42")
    assert unknown.status_code == 404
    stranger = ok(org.admin.post("/api/participants", json={"name": "Walk Past", "external_ref": "W-1"}))
    unexpected = scan(device, "W-1")
    assert unexpected.status_code == 422
    assert [(e["field"], e["code"]) for e in unexpected.json()["errors"]] == [("badge", "not_expected")]
    attempts = ok(org.frontline.get(f"/api/kiosks/{kiosk['id']}/attempts"))["items"]
    assert [(a["outcome"], a["badge"], a["participant_id"]) for a in attempts] == [
        ("not_expected", "W-1", stranger["id"]),
        ("unknown_badge", "NOPE-42", None),
    ]


def test_five_wrong_pins_lock_the_badge_and_a_new_pin_unlocks_it(door):
    org, sitting, kiosk, device = door
    ok(org.admin.patch(f"/api/participants/{sitting.ids[2]}", json={"pin": "2468"}))
    guest = ok(org.admin.get(f"/api/participants/{sitting.ids[2]}"))
    assert guest["has_pin"] is True and "pin" not in guest and "pin_hash" not in guest
    missing = scan(device, "B-0002")
    assert [(e["field"], e["code"]) for e in missing.json()["errors"]] == [("pin", "wrong_pin")]
    assert missing.json()["pin_required"] is True  # asked for, not a wrong try
    wrong = [scan(device, "B-0002", "1111").status_code for _ in range(5)]
    assert wrong == [422] * 5  # the fifth wrong PIN still a 422
    locked = scan(device, "B-0002", "2468")
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 14 * 60
    assert locked.json()["code"] == "locked"
    assert outcomes(org, kiosk)[:2] == ["locked", "wrong_pin"] and outcomes(org, kiosk)[-1] == "pin_required"
    # The lock is the badge's, whichever kiosk: another kiosk of the organization is refused too.
    other = ok(org.admin.post("/api/kiosks", json={"name": "Side door", "session_ids": [sitting.session["id"]]}), 201)
    side = httpx.Client(base_url=org.stack.gateway, headers={"Authorization": f"Kiosk {other['token']}"})
    assert scan(side, "B-0002", "2468").status_code == 429
    # An administrator sets a new PIN: the lock lifts.
    ok(org.admin.patch(f"/api/participants/{sitting.ids[2]}", json={"pin": "97531"}))
    assert ok(scan(side, "B-0002", "97531"))["action"] == "checked_in"
    side.close()


def test_a_right_pin_starts_the_count_again(door):
    org, sitting, _kiosk, device = door
    ok(org.admin.patch(f"/api/participants/{sitting.ids[3]}", json={"pin": "1357"}))
    for _ in range(4):
        assert scan(device, "B-0003", "0000").status_code == 422
    assert ok(scan(device, "B-0003", "1357"))["action"] == "checked_in"
    for _ in range(4):
        assert scan(device, "B-0003", "0000").status_code == 422
    assert ok(scan(device, "B-0003", "1357"))["action"] == "checked_out"


def test_the_lock_lifts_fifteen_minutes_after_the_fifth_wrong_pin():
    t0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    window = timedelta(minutes=15)
    wrong = [t0 + timedelta(minutes=m) for m in (0, 1, 2, 3, 4)]
    assert lock_until(wrong, 5, window) == t0 + timedelta(minutes=19)
    assert lock_until(wrong[:4], 5, window) is None
    spread = [t0 + timedelta(minutes=m) for m in (0, 5, 10, 15, 20)]  # never five within 15 minutes
    assert lock_until(spread, 5, window) is None


def test_a_revoked_or_expired_kiosk_is_refused_and_its_token_opens_nothing_else(door):
    org, sitting, kiosk, device = door
    assert device.get("/api/sessions").status_code == 401
    assert device.get(f"/api/sessions/{sitting.session['id']}/roster").status_code == 401
    assert device.post("/api/presence", json={}).status_code == 401
    assert device.get("/api/kiosks").status_code == 401
    assert httpx.post(f"{org.stack.gateway}/api/kiosk/scan", json={"badge": "B-0000"}).status_code == 401
    forged = kiosk["token"][:-3] + "AAA"
    assert (
        httpx.post(
            f"{org.stack.gateway}/api/kiosk/scan",
            json={"badge": "B-0000"},
            headers={"Authorization": f"Kiosk {forged}"},
        ).status_code
        == 401
    )
    assert org.frontline.delete(f"/api/kiosks/{kiosk['id']}").status_code == 204
    assert scan(device, "B-0000").status_code == 401
    revoked = next(k for k in ok(org.admin.get("/api/kiosks"))["items"] if k["id"] == kiosk["id"])
    assert revoked["status"] == "revoked"
    past = org.admin.post(
        "/api/kiosks",
        json={"name": "Late", "session_ids": [sitting.session["id"]], "expires_at": "2020-01-01T00:00:00Z"},
    )
    assert [(e["field"], e["code"]) for e in past.json()["errors"]] == [("expires_at", "in_past")]
    # A kiosk whose time is up (its expiry moved into the past underneath, rather than waited for).
    short = ok(org.admin.post("/api/kiosks", json={"name": "Brief", "session_ids": [sitting.session["id"]]}), 201)
    with org.stack.engine("presence").begin() as db:
        db.execute(
            text("UPDATE kiosk SET expires_at = :t WHERE id = :id"), {"t": datetime(2026, 1, 1), "id": short["id"]}
        )
    with httpx.Client(base_url=org.stack.gateway, headers={"Authorization": f"Kiosk {short['token']}"}) as expired:
        assert scan(expired, "B-0000").status_code == 401


def test_kiosks_serve_check_in_sessions_a_frontline_user_may_record(door, make_org):
    org, sitting, kiosk, _device = door
    roll_call = make_classroom(org, 1, domain="hospitality")
    refused = org.frontline.post(
        "/api/kiosks", json={"name": "Class", "session_ids": [sitting.session["id"], roll_call.session["id"]]}
    )
    assert [(e["field"], e["code"]) for e in refused.json()["errors"]] == [("session_ids.1", "roll_call")]
    elsewhere = make_org(domain="hospitality")
    theirs = make_classroom(elsewhere, 1, domain="hospitality", mode="check_in_out", status="open")
    foreign = org.admin.post("/api/kiosks", json={"name": "X", "session_ids": [theirs.session["id"]]})
    assert [(e["field"], e["code"]) for e in foreign.json()["errors"]] == [("session_ids.0", "not_found")]
    # A frontline user sees the kiosks they made; an administrator's are not theirs to see or revoke.
    admins = ok(org.admin.post("/api/kiosks", json={"name": "Office", "session_ids": [sitting.session["id"]]}), 201)
    assert [k["id"] for k in ok(org.frontline.get("/api/kiosks"))["items"]] == [kiosk["id"]]
    assert org.frontline.delete(f"/api/kiosks/{admins['id']}").status_code == 404
    assert org.frontline.get(f"/api/kiosks/{admins['id']}/attempts").status_code == 404
    assert org.manager.get("/api/kiosks").status_code == 403


def test_in_a_self_check_in_session_a_second_scan_changes_nothing(make_org):
    org = make_org(domain="community")
    meeting = make_classroom(org, 1, domain="community", mode="self_check_in", status="open", badges=True)
    token = ok(org.admin.post("/api/kiosks", json={"name": "Hall", "session_ids": [meeting.session["id"]]}), 201)[
        "token"
    ]
    with httpx.Client(base_url=org.stack.gateway, headers={"Authorization": f"Kiosk {token}"}) as device:
        first = ok(scan(device, "B-0000"))
        again = ok(scan(device, "B-0000"))
    assert (first["action"], again["action"]) == ("checked_in", "checked_in")
    assert again["record"]["version"] == first["record"]["version"] == 1
