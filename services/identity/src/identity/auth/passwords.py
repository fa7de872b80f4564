"""Argon2id password hashing (OWASP's parameters: 19 MiB, 2 passes, 1 lane).

Hashing is bounded to a few at a time so a burst of logins cannot take the process's memory."""

import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_slots = threading.BoundedSemaphore(4)
# Verified against when the email is unknown, so both answers take the same time.
_DUMMY_HASH = _hasher.hash("omnipresence-dummy-password")


def hash_password(password: str) -> str:
    with _slots:
        return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    with _slots:
        try:
            return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
        except (VerificationError, InvalidHashError):
            return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
