"""TOTP two-factor sign-in with recovery codes, required for administrators by an organization,
and reset by an administrator."""

import time
from urllib.parse import unquote

import httpx
import pyotp

from omni_common.testing.plugin import PASSWORD


def sign_in(stack, email: str, totp: str | None = None) -> httpx.Response:
    body = {"email": email, "password": PASSWORD}
    if totp is not None:
        body["totp"] = totp
    return httpx.post(f"{stack.gateway}/api/auth/login", json=body)


def slug(answer: httpx.Response) -> str:
    return answer.json()["type"].rsplit("/", 1)[1]


def enable(member) -> tuple[pyotp.TOTP, list[str]]:
    setup = member.post("/api/auth/two-factor/setup")
    assert setup.status_code == 200, setup.text
    body = setup.json()
    assert body["otpauth_uri"].startswith("otpauth://totp/Omnipresence:") and body["secret"] in body["otpauth_uri"]
    assert body["qr_code"].startswith("data:image/svg+xml")
    totp = pyotp.TOTP(body["secret"])
    wrong = member.post("/api/auth/two-factor/enable", json={"code": "000000" if totp.now() != "000000" else "111111"})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "code"
    enabled = member.post("/api/auth/two-factor/enable", json={"code": totp.now()})
    assert enabled.status_code == 200, enabled.text
    return totp, enabled.json()["recovery_codes"]


def test_with_two_factor_on_sign_in_wants_a_code_once_each_and_recovery_codes_work_once(stack, org):
    totp, codes = enable(org.manager)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert org.manager.get("/api/auth/me").json()["two_factor_enabled"] is True

    missing = sign_in(stack, org.manager.email)
    assert missing.status_code == 401 and slug(missing) == "two-factor-required"
    wrong = sign_in(stack, org.manager.email, "123456" if totp.now() != "123456" else "654321")
    assert wrong.status_code == 401 and slug(wrong) == "two-factor-invalid"
    # A wrong password with two-factor on is answered as any wrong password is: nothing about a code.
    bad_password = httpx.post(
        f"{stack.gateway}/api/auth/login", json={"email": org.manager.email, "password": "nope-nope-nope"}
    )
    assert bad_password.status_code == 401 and slug(bad_password) == "invalid-credentials"

    # The code of enabling was used; the next time step's code is still in the accepted window.
    next_code = totp.at(time.time() + 30)
    assert sign_in(stack, org.manager.email, next_code).status_code == 200
    replay = sign_in(stack, org.manager.email, next_code)
    assert replay.status_code == 401 and slug(replay) == "two-factor-invalid"  # a code works once

    assert sign_in(stack, org.manager.email, codes[0].lower()).status_code == 200  # recovery code, any case
    assert sign_in(stack, org.manager.email, codes[0]).status_code == 401  # only once

    entries = org.admin.get("/api/audit-logs", params={"entity": "user", "entity_id": org.manager.id}).json()["items"]
    actions = [e["action"] for e in entries]
    assert {"two_factor_setup", "two_factor_enable"} <= set(actions)
    logins = org.admin.get("/api/audit-logs", params={"entity": "login_session", "actor": org.manager.id}).json()[
        "items"
    ]
    assert {"totp", "recovery_code"} <= {e["after"].get("method") for e in logins if e["action"] == "login"}


def test_turning_it_off_needs_the_password(stack, org):
    enable(org.frontline)
    wrong = org.frontline.post("/api/auth/two-factor/disable", json={"password": "not-my-password"})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "password"
    assert org.frontline.post("/api/auth/two-factor/disable", json={"password": PASSWORD}).status_code == 204
    assert sign_in(stack, org.frontline.email).status_code == 200


def test_an_organization_can_require_it_for_admins_who_then_enrol_at_sign_in(stack, make_org):
    org = make_org(roles=("admin", "manager"))
    changed = org.admin.patch("/api/organizations/current", json={"require_admin_two_factor": True})
    assert changed.status_code == 200 and changed.json()["require_admin_two_factor"] is True

    refused = sign_in(stack, org.admin.email)
    assert refused.status_code == 403 and slug(refused) == "two-factor-enrolment-required"
    problem = refused.json()
    assert "access_token" not in problem
    assert problem["qr_code"].startswith("data:image/svg+xml;")
    assert "<svg" in unquote(problem["qr_code"].split(",", 1)[1])
    totp = pyotp.TOTP(problem["secret"])

    wrong = httpx.post(
        f"{stack.gateway}/api/auth/two-factor/enrol",
        json={"enrolment_token": problem["enrolment_token"], "code": "000000" if totp.now() != "000000" else "111111"},
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "code"
    enrolled = httpx.post(
        f"{stack.gateway}/api/auth/two-factor/enrol",
        json={"enrolment_token": problem["enrolment_token"], "code": totp.now()},
    )
    assert enrolled.status_code == 200, enrolled.text
    assert enrolled.json()["user"]["two_factor_enabled"] is True and len(enrolled.json()["recovery_codes"]) == 10
    assert "omni_refresh=" in enrolled.headers["set-cookie"]
    reused = httpx.post(
        f"{stack.gateway}/api/auth/two-factor/enrol",
        json={"enrolment_token": problem["enrolment_token"], "code": totp.now()},
    )
    assert reused.status_code == 401

    assert sign_in(stack, org.admin.email, totp.at(time.time() + 30)).status_code == 200
    # Required: an administrator cannot turn it off; managers are not asked to enrol.
    assert org.admin.post("/api/auth/two-factor/disable", json={"password": PASSWORD}).status_code == 409
    assert sign_in(stack, org.manager.email).status_code == 200


def test_an_administrator_resets_a_users_two_factor(stack, org):
    enable(org.external)
    assert sign_in(stack, org.external.email).status_code == 401
    users = org.admin.get("/api/users", params={"role": "external"}).json()["items"]
    assert users[0]["two_factor_enabled"] is True

    reset = org.admin.post(f"/api/users/{org.external.id}/two-factor/reset")
    assert reset.status_code == 200 and reset.json()["two_factor_enabled"] is False
    assert sign_in(stack, org.external.email).status_code == 200
    entries = org.admin.get("/api/audit-logs", params={"entity": "user", "entity_id": org.external.id}).json()["items"]
    reset_entry = next(e for e in entries if e["action"] == "two_factor_reset")
    assert reset_entry["actor_id"] == org.admin.id and reset_entry["before"] == {"two_factor_enabled": True}


def test_the_secret_is_not_stored_in_the_clear(stack, org):
    from sqlalchemy import text

    setup = org.manager.post("/api/auth/two-factor/setup").json()
    with stack.engine("identity").connect() as conn:
        stored = conn.execute(
            text("SELECT totp_secret FROM user_account WHERE id = :id"), {"id": org.manager.id}
        ).scalar()
    assert stored and setup["secret"] not in stored
