"""Signing keys: JWKS publishes the current and the recently retired keys; a retired key's tokens
work until they expire, and once its grace is over the key is gone from the JWKS."""

import json
import secrets
import time
from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import text

PROBES = {
    "identity": "/api/auth/me",
    "presence": "/api/participants",
    "sync": "/api/admin/sync-conflicts",
    "reporting": "/api/reports",
}


def add_retired_key(stack, retired_ago: timedelta) -> tuple[str, Ed25519PrivateKey]:
    """A key retired ``retired_ago``, as a rotation leaves it (its private half no longer used)."""
    private = Ed25519PrivateKey.generate()
    kid = f"test-{secrets.token_hex(6)}"
    jwk = {
        **jwt.algorithms.OKPAlgorithm.to_jwk(private.public_key(), as_dict=True),
        "kid": kid,
        "alg": "EdDSA",
        "use": "sig",
    }
    now = datetime.now(UTC).replace(tzinfo=None)
    with stack.engine("identity").begin() as conn:
        conn.execute(
            text(
                "INSERT INTO signing_key (kid, algorithm, private_key_pem, public_jwk, created_at, retired_at) "
                "VALUES (:kid, 'EdDSA', 'retired', :jwk, :created, :retired)"
            ),
            {
                "kid": kid,
                "jwk": json.dumps(jwk),
                "created": now - retired_ago - timedelta(days=1),
                "retired": now - retired_ago,
            },
        )
    return kid, private


def token(member, kid, key, *, expires_in: int) -> str:
    now = int(time.time())
    claims = jwt.decode(member.token, options={"verify_signature": False})
    claims.update(iat=now - 60, nbf=now - 60, exp=now + expires_in)
    return jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": kid})


def statuses(stack, tok: str) -> set[int]:
    headers = {"Authorization": f"Bearer {tok}"}
    return {httpx.get(stack.urls[s] + p, headers=headers).status_code for s, p in PROBES.items()} | {
        httpx.get(stack.gateway + PROBES["presence"], headers=headers).status_code
    }


def until(check, timeout: float = 15.0):
    """Services refetch the JWKS for an unknown kid at most every few seconds: allow for that."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.5)


def test_a_recently_retired_key_is_published_and_its_tokens_work_until_they_expire(stack, org, anonymous):
    kid, key = add_retired_key(stack, timedelta(minutes=5))
    assert kid in {k["kid"] for k in anonymous.get("/.well-known/jwks.json").json()["keys"]}
    assert until(lambda: statuses(stack, token(org.admin, kid, key, expires_in=120)) == {200})
    expired = token(org.admin, kid, key, expires_in=-30)
    assert statuses(stack, expired) == {401}
    problem = httpx.get(
        stack.urls["presence"] + PROBES["presence"], headers={"Authorization": f"Bearer {expired}"}
    ).json()
    assert problem["type"].endswith("/token-expired")


def test_a_key_retired_longer_than_the_grace_is_dropped_and_its_tokens_refused(stack, org, anonymous):
    kid, key = add_retired_key(stack, timedelta(hours=2))  # the grace is an hour
    assert kid not in {k["kid"] for k in anonymous.get("/.well-known/jwks.json").json()["keys"]}
    time.sleep(11)  # past every service's minimum refetch interval: they did look, and did not find it
    assert statuses(stack, token(org.admin, kid, key, expires_in=120)) == {401}


@pytest.mark.parametrize("grace", ["60"])
def test_the_grace_is_a_setting(stack, grace):
    with stack.private(
        ["identity"], extra_env={"IDENTITY_RETIRED_KEY_GRACE_SECONDS": grace, "IDENTITY_ACCESS_TOKEN_TTL_SECONDS": "30"}
    ) as private:
        kid, _ = add_retired_key(stack, timedelta(seconds=120))  # grace is max(60, 30 + 60) = 90 s
        recent, _ = add_retired_key(stack, timedelta(seconds=30))
        kids = {k["kid"] for k in httpx.get(private.config.url("identity") + "/.well-known/jwks.json").json()["keys"]}
        assert recent in kids and kid not in kids
