"""A forged or stale access token gets 401 from every service, directly and through the gateway."""

import base64
import hashlib
import hmac
import json
import time

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import text

# One authenticated route per service that an administrator may call.
PROBES = {
    "identity": "/api/auth/me",
    "presence": "/api/participants",
    "sync": "/api/admin/sync-conflicts",
    "reporting": "/api/reports",
}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture
def signing_key(stack):
    """Identity's current private key, read the way only its migrator could (the tests mint with it)."""
    settings = stack.settings("identity")
    with stack.engine("identity", "migrate").connect() as conn:
        kid, pem = conn.execute(
            text(
                "SELECT kid, private_key_pem FROM signing_key WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1"
            )
        ).one()
    key = serialization.load_pem_private_key(pem.encode(), settings.derive("signing-key-encryption").encode())
    return kid, key


def _claims(member, **changes):
    """The member's own claims, fresh: only what a test changes differs from a genuine token."""
    now = int(time.time())
    claims = jwt.decode(member.token, options={"verify_signature": False})
    claims.update(iat=now, nbf=now, exp=now + 300, **changes)
    return claims


def _answers(stack, token: str) -> dict[str, int]:
    headers = {"Authorization": f"Bearer {token}"}
    statuses = {}
    for service, path in PROBES.items():
        statuses[f"{service} direct"] = httpx.get(stack.urls[service] + path, headers=headers).status_code
        statuses[f"{service} via gateway"] = httpx.get(stack.gateway + path, headers=headers).status_code
    return statuses


def test_a_token_minted_with_identitys_key_works_so_the_refusals_below_mean_something(stack, org, signing_key):
    kid, key = signing_key
    token = jwt.encode(_claims(org.admin), key, algorithm="EdDSA", headers={"kid": kid})
    assert set(_answers(stack, token).values()) == {200}


def forgeries(member, kid, key):
    claims = _claims(member)
    header = {"alg": "EdDSA", "kid": kid, "typ": "JWT"}
    real = member.token
    head, payload, signature = real.split(".")
    tampered = json.loads(base64.urlsafe_b64decode(payload + "=="))
    tampered["role"] = "admin"
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    hs_header = _b64(json.dumps({"alg": "HS256", "kid": kid, "typ": "JWT"}).encode())
    hs_body = _b64(json.dumps(claims).encode())
    hs_signature = _b64(hmac.new(public_pem, f"{hs_header}.{hs_body}".encode(), hashlib.sha256).digest())
    stranger = Ed25519PrivateKey.generate()
    return {
        "alg none": f"{_b64(json.dumps({'alg': 'none', 'kid': kid}).encode())}.{_b64(json.dumps(claims).encode())}.",
        "changed payload": f"{head}.{_b64(json.dumps(tampered).encode())}.{signature}",
        "another key, real kid": jwt.encode(claims, stranger, algorithm="EdDSA", headers={"kid": kid}),
        "unknown kid": jwt.encode(claims, stranger, algorithm="EdDSA", headers={"kid": "20990101-forged"}),
        "HS256 signed with the public key": f"{hs_header}.{hs_body}.{hs_signature}",
        "expired": jwt.encode(
            {**claims, "iat": claims["iat"] - 900, "exp": claims["iat"] - 600}, key, algorithm="EdDSA", headers=header
        ),
        "wrong issuer": jwt.encode({**claims, "iss": "urn:someone:else"}, key, algorithm="EdDSA", headers=header),
        "wrong audience": jwt.encode({**claims, "aud": "urn:someone:else"}, key, algorithm="EdDSA", headers=header),
        "not an access token": jwt.encode({**claims, "typ": "refresh"}, key, algorithm="EdDSA", headers=header),
        "session that does not exist": jwt.encode(
            {**claims, "sid": "01a21a00-0000-7000-8000-000000000000"}, key, algorithm="EdDSA", headers=header
        ),
        "garbage": "not-a-token",
    }


def test_every_forgery_is_refused_by_every_service(stack, org, signing_key):
    kid, key = signing_key
    for name, token in forgeries(org.frontline, kid, key).items():
        answers = _answers(stack, token)
        assert set(answers.values()) == {401}, f"{name}: {answers}"


def test_a_token_of_a_user_who_no_longer_exists_is_refused_everywhere(stack, org, signing_key):
    """Deactivation ends sessions (see test_login_sessions); here the user's rows are gone
    altogether, as after an erasure: a token still inside its lifetime, genuinely signed, is refused."""
    from omni_common.testing.plugin import login, unique_email

    email = unique_email("erased")
    created = org.admin.post(
        "/api/users",
        json={"email": email, "full_name": "Erin Erased", "role": "manager", "password": "correct-horse-battery"},
    )
    _, tokens = login(stack.gateway, email)
    assert set(_answers(stack, tokens["access_token"]).values()) == {200}
    user_id = created.json()["id"]
    with stack.engine("identity").begin() as conn:
        for statement in (
            "DELETE FROM refresh_token WHERE session_id IN (SELECT id FROM login_session WHERE user_id = :u)",
            "DELETE FROM login_session WHERE user_id = :u",
            "DELETE FROM user_account WHERE id = :u",
        ):
            conn.execute(text(statement), {"u": user_id})
    stack.redis().delete(f"omni:ls:{jwt.decode(tokens['access_token'], options={'verify_signature': False})['sid']}")
    assert set(_answers(stack, tokens["access_token"]).values()) == {401}

    # Nor can a token be minted for an id that has no user, on someone else's live session.
    kid, key = signing_key
    ghost = jwt.encode(
        _claims(org.frontline, sub="01a21a00-0000-7000-8000-00000000dead"), key, algorithm="EdDSA", headers={"kid": kid}
    )
    assert set(_answers(stack, ghost).values()) == {401}
