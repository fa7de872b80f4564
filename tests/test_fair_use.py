"""Fair-use request rates at the gateway (SPEC §3.1): per user, per organization, per address, with
sign-ins and token refreshes in a budget of their own; and refreshes per login session (identity)."""

import secrets

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gateway.ratelimit import ORGANIZATION, per_minute
from omni_common.ratelimit import Limiter
from omni_common.testing.plugin import PASSWORD


@pytest.fixture
def strict_gateway(stack):
    env = {
        "GATEWAY_USER_REQUESTS_PER_MINUTE": "5",
        "GATEWAY_ORGANIZATION_REQUESTS_PER_MINUTE": "8",
        "GATEWAY_ADDRESS_REQUESTS_PER_MINUTE": "12",
        "GATEWAY_TRUSTED_PROXIES": "127.0.0.1",
    }
    with stack.private(["gateway"], extra_env=env) as private:
        yield private.config.url("gateway")


# Each test calls from an address of its own (through a trusted ingress), so the per-address
# counts of one test, or of an earlier run on the same Redis, never reach another's.
ADDRESS = f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.1"


def get(gateway, path, token=None, address=ADDRESS):
    headers = {"X-Forwarded-For": address}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.get(gateway + path, headers=headers)


def test_a_user_past_their_rate_gets_429_with_retry_after_and_the_organization_has_its_own(
    stack, strict_gateway, make_org
):
    org = make_org(roles=("admin", "manager", "frontline"))
    other = make_org(roles=("admin",))
    # The counts live in Redis, shared by every gateway: the manager has made no request yet.
    assert [get(strict_gateway, "/api/auth/me", org.manager.token).status_code for _ in range(5)] == [200] * 5
    limited = get(strict_gateway, "/api/auth/me", org.manager.token)
    assert limited.status_code == 429
    assert limited.headers["content-type"].startswith("application/problem+json")
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert "your account" in limited.json()["detail"]

    # A colleague has their own allowance, until the organization's (8 in all) runs out. The
    # manager's refused requests did not spend it: only what their own rate let through counts.
    spent = Limiter(stack.redis()).used(per_minute(ORGANIZATION, 8), org.id)
    assert spent == 5
    allowed = [get(strict_gateway, "/api/auth/me", org.frontline.token).status_code for _ in range(8 - spent)]
    assert allowed == [200] * (8 - spent)
    org_limited = get(strict_gateway, "/api/auth/me", org.frontline.token)
    assert org_limited.status_code == 429 and "organization" in org_limited.json()["detail"]
    # Another organization is not affected.
    assert get(strict_gateway, "/api/auth/me", other.admin.token).status_code == 200


def test_a_forged_token_cannot_spend_another_organizations_allowance(strict_gateway, make_org):
    victim = make_org(roles=("admin",))
    claims = jwt.decode(victim.admin.token, options={"verify_signature": False})
    header = jwt.get_unverified_header(victim.admin.token)
    forged = jwt.encode(
        {**claims, "sub": "someone"}, Ed25519PrivateKey.generate(), algorithm="EdDSA", headers={"kid": header["kid"]}
    )
    address = f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.2"
    answers = [get(strict_gateway, "/api/auth/me", forged, address).status_code for _ in range(10)]
    # Counted against the sender's address (12 a minute), refused by identity all the same.
    assert set(answers) == {401}
    assert get(strict_gateway, "/api/auth/me", victim.admin.token).status_code == 200


def test_callers_without_a_token_are_limited_by_address(stack):
    env = {"GATEWAY_ADDRESS_REQUESTS_PER_MINUTE": "3", "GATEWAY_TRUSTED_PROXIES": "127.0.0.1"}
    with stack.private(["gateway"], extra_env=env) as private:
        gateway = private.config.url("gateway")
        address = f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.3"
        answers = [get(gateway, "/.well-known/jwks.json", address=address).status_code for _ in range(4)]
        assert answers == [200, 200, 200, 429]


def test_a_kiosk_has_its_own_allowance_whatever_its_address(stack, make_org):
    """A queue of guests scanning at one door shares the address with everyone behind the same
    router: the kiosk is counted on its own, and a made-up kiosk token counts against the address."""
    from classroom import make_classroom, ok

    env = {
        "GATEWAY_ADDRESS_REQUESTS_PER_MINUTE": "3",
        "GATEWAY_KIOSK_REQUESTS_PER_MINUTE": "6",
        "GATEWAY_TRUSTED_PROXIES": "127.0.0.1",
    }
    org = make_org(domain="hospitality", roles=("admin", "frontline"))
    sitting = make_classroom(org, 1, domain="hospitality", mode="check_in_out", status="open", badges=True)
    token = ok(org.admin.post("/api/kiosks", json={"name": "Door", "session_ids": [sitting.session["id"]]}))["token"]
    address = f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.4"
    with stack.private(["gateway"], extra_env=env) as private:
        gateway = private.config.url("gateway")

        def scan(kiosk_token):
            headers = {"X-Forwarded-For": address, "Authorization": f"Kiosk {kiosk_token}"}
            return httpx.post(f"{gateway}/api/kiosk/scan", json={"badge": "B-0000"}, headers=headers).status_code

        assert [scan(token) for _ in range(6)] == [200] * 6  # in, out, in, out, …: past the address's 3
        assert scan(token) == 429
        made_up = f"{sitting.session['id']}.nonce.signature"
        assert [scan(made_up) for _ in range(4)] == [401, 401, 401, 429]


def test_a_noisy_client_cannot_block_the_sign_ins_and_refreshes_of_its_address(stack, make_org):
    """Everyone behind one address (a school's NAT) shares its budget of requests without a token;
    sign-ins and refreshes have one of their own, so a client spending the first blocks neither."""
    org = make_org(roles=("admin", "frontline"))
    env = {
        "GATEWAY_ADDRESS_REQUESTS_PER_MINUTE": "3",
        "GATEWAY_ADDRESS_SIGN_IN_REQUESTS_PER_MINUTE": "6",
        "GATEWAY_TRUSTED_PROXIES": "127.0.0.1",
    }
    address = f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.5"
    headers = {"X-Forwarded-For": address}
    with stack.private(["gateway"], extra_env=env) as private:
        gateway = private.config.url("gateway")
        noisy = [get(gateway, "/.well-known/jwks.json", address=address).status_code for _ in range(4)]
        assert noisy == [200, 200, 200, 429]

        def sign_in(email: str, password: str = PASSWORD) -> httpx.Response:
            return httpx.post(f"{gateway}/api/auth/login", json={"email": email, "password": password}, headers=headers)

        signed_in = sign_in(org.frontline.email)
        assert signed_in.status_code == 200, signed_in.text
        refresh = signed_in.json()["refresh_token"]
        for _ in range(2):
            refreshed = httpx.post(f"{gateway}/api/auth/refresh", json={"refresh_token": refresh}, headers=headers)
            assert refreshed.status_code == 200, refreshed.text
            refresh = refreshed.json()["refresh_token"]
        assert sign_in(org.admin.email, "wrong-password!").status_code == 401
        assert [sign_in(org.admin.email).status_code for _ in range(2)] == [200, 200]  # the sixth
        capped = sign_in(org.admin.email)
        assert capped.status_code == 429 and "sign-ins" in capped.json()["detail"]
        assert 1 <= int(capped.headers["retry-after"]) <= 60


def test_refreshes_are_limited_per_login_session(stack, make_org):
    org = make_org(roles=("admin", "manager"))
    with stack.private(["identity"], extra_env={"IDENTITY_REFRESHES_PER_SESSION_PER_MINUTE": "3"}) as private:
        identity = private.config.url("identity")

        def signed_in(email: str) -> str:
            answer = httpx.post(f"{identity}/api/auth/login", json={"email": email, "password": PASSWORD})
            assert answer.status_code == 200, answer.text
            return answer.json()["refresh_token"]

        def refresh(token: str) -> httpx.Response:
            return httpx.post(f"{identity}/api/auth/refresh", json={"refresh_token": token})

        looping = signed_in(org.manager.email)
        for _ in range(3):
            answer = refresh(looping)
            assert answer.status_code == 200, answer.text
            looping = answer.json()["refresh_token"]
        refused = refresh(looping)
        assert refused.status_code == 429 and 1 <= int(refused.headers["retry-after"]) <= 60
        assert refused.json()["type"].endswith("/rate-limited")
        # Refused, not ended: the token was not spent, and other sessions refresh as before.
        other = refresh(signed_in(org.admin.email))
        assert other.status_code == 200, other.text
        assert refresh(signed_in(org.manager.email)).status_code == 200
