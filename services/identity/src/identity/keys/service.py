"""Identity's signing keys: sign with the current one, publish the JWKS, rotate."""

from __future__ import annotations

import secrets
import threading
import time
from datetime import timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session

from identity.config import Settings
from identity.keys import repository
from identity.keys.models import SigningKey
from omni_common.auth.tokens import ALGORITHM
from omni_common.db.base import utcnow
from omni_common.db.database import Database


def _new_key(settings: Settings) -> SigningKey:
    private = Ed25519PrivateKey.generate()
    kid = f"{utcnow():%Y%m%d}-{secrets.token_hex(4)}"
    jwk = jwt.algorithms.OKPAlgorithm.to_jwk(private.public_key(), as_dict=True)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(_key_password(settings)),
    )
    return SigningKey(
        kid=kid,
        algorithm=ALGORITHM,
        private_key_pem=pem.decode(),
        public_jwk={**jwk, "kid": kid, "alg": ALGORITHM, "use": "sig"},
    )


def _key_password(settings: Settings) -> bytes:
    return settings.derive("signing-key-encryption").encode()


def ensure_key(session: Session, settings: Settings) -> None:
    """Make the first key if there is none (idempotent; run at start-up)."""
    if not repository.current(session):
        session.add(_new_key(settings))


def rotate(session: Session, settings: Settings) -> str:
    """A new key signs from now on; the old ones stay published until their tokens expire."""
    now = utcnow()
    for key in repository.current(session):
        key.retired_at = now
    key = _new_key(settings)
    session.add(key)
    return key.kid


def published(session: Session, settings: Settings) -> list[SigningKey]:
    grace = timedelta(seconds=max(settings.retired_key_grace_seconds, settings.access_token_ttl_seconds + 60))
    return repository.published_since(session, utcnow() - grace)


class KeyRing:
    """The current signing key, cached and re-read now and then so a rotation done by the
    command line in another process is picked up."""

    def __init__(self, database: Database, settings: Settings, reload_seconds: float = 30.0):
        self.database = database
        self.settings = settings
        self.reload_seconds = reload_seconds
        self._current: tuple[str, Any] | None = None
        self._loaded_at = 0.0
        self._lock = threading.Lock()

    def jwks(self) -> dict[str, Any]:
        keys = self.database.read(published, self.settings)
        return {"keys": [k.public_jwk for k in keys]}

    def current(self) -> tuple[str, Any]:
        with self._lock:
            if self._current is None or time.monotonic() - self._loaded_at > self.reload_seconds:
                self._current = self.database.read(self._load_current)
                self._loaded_at = time.monotonic()
            return self._current

    def _load_current(self, session: Session) -> tuple[str, Any]:
        key = repository.newest_current(session)
        try:
            private = serialization.load_pem_private_key(key.private_key_pem.encode(), _key_password(self.settings))
        except ValueError:
            raise RuntimeError(
                f"the signing key {key.kid} cannot be opened: OMNI_SECRET_KEY is not the one it was sealed with. "
                "Restore that secret, or start signing with a new key: python -m identity rotate-keys"
            ) from None
        return key.kid, private

    def sign(self, claims: dict[str, Any]) -> str:
        kid, private = self.current()
        return jwt.encode(claims, private, algorithm=ALGORITHM, headers={"kid": kid})
