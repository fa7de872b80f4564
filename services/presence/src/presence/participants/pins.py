"""Kiosk PINs: hashed with Argon2id, never stored or shown in the clear.

The parameters are lighter than a password's (about 5 ms here, not 200): a PIN of four to eight
digits would fall to an offline search whatever the cost, so what protects it is the lock after
five wrong tries (kiosks/service.py), and a kiosk at a busy door must answer at once.
"""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)


def hash_pin(pin: str) -> str:
    return _hasher.hash(pin)


def pin_matches(pin_hash: str, pin: str) -> bool:
    try:
        return _hasher.verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False
