"""Kiosk tokens (SPEC §4.4): what a shared device at a door holds instead of anyone's login.

A token is ``<kiosk id>.<random>.<signature>``: the signature (an HMAC with a key derived from
``OMNI_SECRET_KEY``) lets the gateway tell a kiosk's own token from a made-up one without a
database — so a busy door gets its own fair-use budget and made-up tokens share the anonymous
one — while presence, which issued it, also compares its hash and checks it is neither revoked
nor expired. Requests carry it as ``Authorization: Kiosk <token>``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from fastapi import Request

SCHEME = "kiosk"
KEY_PURPOSE = "kiosk-token"


def _signature(key: str, kiosk_id: str, nonce: str) -> str:
    mac = hmac.new(key.encode(), f"{kiosk_id}.{nonce}".encode(), hashlib.sha256).digest()[:18]
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def issue(key: str, kiosk_id: str) -> str:
    nonce = secrets.token_urlsafe(24)
    return f"{kiosk_id}.{nonce}.{_signature(key, kiosk_id, nonce)}"


def kiosk_id_of(key: str, token: str) -> str | None:
    """The kiosk a token was issued for, if its signature is right (not whether it still works)."""
    parts = token.split(".")
    if len(parts) != 3 or not all(parts) or len(token) > 200:
        return None
    kiosk_id, nonce, signature = parts
    return kiosk_id if hmac.compare_digest(signature, _signature(key, kiosk_id, nonce)) else None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def kiosk_token(request: Request) -> str | None:
    """The token of an ``Authorization: Kiosk <token>`` header."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != SCHEME or not token.strip():
        return None
    return token.strip()
