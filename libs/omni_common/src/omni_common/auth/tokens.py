"""Access-token verification, local to every service, against identity's published keys.

Only the one asymmetric algorithm identity signs with is accepted, so ``alg: none`` and
algorithm confusion (HS256 "signed" with a public key) are refused before any key is used; the key
is chosen by ``kid`` and an unknown ``kid`` is refused after at most one bounded refetch.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

import httpx
import jwt

from omni_common.errors import Unauthorized

log = logging.getLogger(__name__)

ALGORITHM = "EdDSA"
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub", "sid", "org", "role"]


class KeySource(Protocol):
    def get(self, kid: str) -> Any | None: ...


class CachedKeySet:
    """Public keys by kid, loaded by ``load`` (JWKS over HTTP, or identity's own table).

    An unknown kid triggers a reload, but at most once per ``min_reload_seconds``, so forged tokens
    with random kids cannot turn into a flood of requests to identity. Known keys are refreshed in
    the background once older than ``max_age_seconds``: a key identity stopped publishing (retired
    past its grace) stops being accepted here too, without a request ever waiting for the refresh."""

    def __init__(self, load: Callable[[], dict], min_reload_seconds: float = 10.0, max_age_seconds: float = 300.0):
        self._load = load
        self._min_reload = min_reload_seconds
        self._max_age = max_age_seconds
        self._keys: dict[str, Any] = {}
        self._loaded_at = 0.0
        self._lock = threading.Lock()
        self._refreshing = False

    def get(self, kid: str) -> Any | None:
        key = self._keys.get(kid)
        if key is not None:
            if time.monotonic() - self._loaded_at > self._max_age:
                self._refresh_in_background()
            return key
        with self._lock:
            if kid not in self._keys and time.monotonic() - self._loaded_at >= self._min_reload:
                self._reload()
        return self._keys.get(kid)

    def _refresh_in_background(self) -> None:
        with self._lock:
            if self._refreshing:
                return
            self._refreshing = True

        def refresh() -> None:
            try:
                with self._lock:
                    self._reload()
            finally:
                self._refreshing = False

        threading.Thread(target=refresh, name="jwks-refresh", daemon=True).start()

    def _reload(self) -> None:
        self._loaded_at = time.monotonic()
        try:
            jwks = self._load()
        except Exception:
            log.warning("could not load the signing keys", exc_info=True)
            return
        keys = {}
        for entry in jwks.get("keys", []):
            if entry.get("alg") == ALGORITHM and entry.get("kid"):
                keys[entry["kid"]] = jwt.PyJWK(entry, algorithm=ALGORITHM).key
        self._keys = keys


def remote_jwks(url: str, timeout: float = 3.0) -> Callable[[], dict]:
    def load() -> dict:
        response = httpx.get(url, timeout=timeout)
        response.raise_for_status()
        return response.json()

    return load


class TokenVerifier:
    def __init__(self, keys: KeySource, *, issuer: str, audience: str, leeway: int = 5):
        self.keys = keys
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway

    def verify(self, token: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise Unauthorized("The access token is malformed.") from None
        if header.get("alg") != ALGORITHM:
            raise Unauthorized("The access token is not signed with an accepted algorithm.")
        kid = header.get("kid")
        key = self.keys.get(kid) if isinstance(kid, str) else None
        if key is None:
            raise Unauthorized("The access token is signed with an unknown key.")
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": REQUIRED_CLAIMS},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthorized("The access token has expired.", slug="token-expired") from None
        except jwt.PyJWTError:
            raise Unauthorized("The access token is invalid.") from None
        if claims.get("typ") != "access":
            raise Unauthorized("This is not an access token.")
        return claims
