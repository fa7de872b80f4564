"""Identity's first cut as a newcomer meets it: sign-up, the command line, sign-in, keys."""

import json
import os
import secrets
import subprocess
import sys

import httpx
from sqlalchemy import text

from omni_common.testing.plugin import PASSWORD, login, unique_email


def cli(stack, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "identity", *args],
        env={**os.environ, **stack.environment, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


def test_the_command_line_creates_an_organization_whose_admin_can_sign_in(stack):
    email = unique_email("cli")
    done = cli(
        stack,
        "create-org",
        "--name",
        "Harbour Hotel",
        "--domain",
        "hospitality",
        "--admin-email",
        email,
        "--admin-name",
        "Hana Host",
        "--timezone",
        "Europe/Lisbon",
        OMNI_ADMIN_PASSWORD=PASSWORD,
    )
    created = json.loads(done.stdout.strip().splitlines()[-1])
    client, tokens = login(stack.gateway, email)
    assert tokens["user"]["role"] == "admin" and tokens["user"]["id"] == created["admin_user_id"]
    org = client.get("/api/organizations/current").json()
    assert org == {
        "id": created["organization_id"],
        "name": "Harbour Hotel",
        "timezone": "Europe/Lisbon",
        "domains": ["hospitality"],
        "session_inactivity_minutes": 30,
        "attendance_threshold_percent": 90,
        "require_admin_two_factor": False,
        # Presence data kept for ever, report files REPORTING_RETENTION_DAYS, until an admin says else.
        "presence_retention_days": None,
        "report_retention_days": 30,
    }


def test_sign_up_can_be_switched_off(stack):
    with stack.private(["identity"], extra_env={"IDENTITY_SIGNUP_ENABLED": "false"}) as private:
        answer = httpx.post(
            f"{private.config.url('identity')}/api/organizations",
            json={
                "name": "Closed",
                "domain": "workplace",
                "admin_email": unique_email("x"),
                "admin_password": PASSWORD,
                "admin_name": "X",
            },
        )
        assert answer.status_code == 403
        assert answer.json()["detail"] == "Sign-up is switched off on this installation."


def test_passwords_are_stored_as_argon2id_and_emails_compared_case_insensitively(stack, org):
    with stack.engine("identity").connect() as conn:
        stored = conn.execute(
            text("SELECT password_hash FROM user_account WHERE id = :id"), {"id": org.manager.id}
        ).scalar()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    _, tokens = login(stack.gateway, org.manager.email.upper())
    assert tokens["user"]["email"] == org.manager.email


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(anonymous, org):
    def attempt(email):
        answer = anonymous.post("/api/auth/login", json={"email": email, "password": "wrong-password!"})
        body = answer.json()
        return answer.status_code, {k: v for k, v in body.items() if k not in ("request_id",)}

    assert attempt(org.manager.email) == attempt(f"nobody-{secrets.token_hex(4)}@example.com")
    assert attempt(org.manager.email)[0] == 401


def test_sign_in_sets_the_refresh_cookie_the_spa_uses(anonymous, org):
    answer = anonymous.post("/api/auth/login", json={"email": org.admin.email, "password": PASSWORD})
    cookie = answer.headers["set-cookie"].lower()
    assert (
        "omni_refresh=" in cookie
        and "httponly" in cookie
        and "samesite=strict" in cookie
        and "path=/api/auth" in cookie
    )
    # Plain HTTP to 127.0.0.1 (make run): not Secure, or the browser would never send it back.
    assert "secure" not in cookie
    refreshed = anonymous.post("/api/auth/refresh", json={})
    assert refreshed.status_code == 200 and refreshed.json()["user"]["id"] == org.admin.id


def test_rotating_keys_publishes_the_new_one_and_keeps_tokens_of_the_old_one_working(stack, org, anonymous):
    before = {k["kid"] for k in anonymous.get("/.well-known/jwks.json").json()["keys"]}
    new_kid = json.loads(cli(stack, "rotate-keys").stdout.strip().splitlines()[-1])["kid"]
    after = {k["kid"] for k in anonymous.get("/.well-known/jwks.json").json()["keys"]}
    assert new_kid in after and before <= after
    assert org.admin.get("/api/participants").status_code == 200  # signed by the retired key
