"""The services' cache of identity's public keys (no stack needed)."""

import time

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from omni_common.auth.tokens import CachedKeySet


def jwk(kid: str) -> dict:
    public = Ed25519PrivateKey.generate().public_key()
    return {**jwt.algorithms.OKPAlgorithm.to_jwk(public, as_dict=True), "kid": kid, "alg": "EdDSA", "use": "sig"}


def wait_for(check, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not check() and time.monotonic() < deadline:
        time.sleep(0.01)
    return check()


def test_a_key_identity_stops_publishing_is_dropped_by_a_background_refresh():
    published = {"keys": [jwk("old"), jwk("new")]}
    loads = []

    def load():
        loads.append(time.monotonic())
        return published

    keys = CachedKeySet(load, min_reload_seconds=60, max_age_seconds=0.2)
    assert keys.get("old") is not None and len(loads) == 1
    published = {"keys": [published["keys"][1]]}  # "old" retired past its grace
    assert keys.get("old") is not None  # still young: no refresh
    time.sleep(0.25)
    assert keys.get("old") is not None  # served at once while the refresh runs behind
    assert wait_for(lambda: len(loads) == 2)
    assert wait_for(lambda: keys.get("old") is None)
    assert keys.get("new") is not None


def test_unknown_kids_reload_at_most_once_per_interval():
    loads = []
    keys = CachedKeySet(lambda: loads.append(1) or {"keys": [jwk("k")]}, min_reload_seconds=60, max_age_seconds=300)
    for n in range(50):
        assert keys.get(f"forged-{n}") is None
    assert len(loads) == 1
