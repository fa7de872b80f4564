"""Argon2id password hashing (OWASP's parameters: 19 MiB, 2 passes, 1 lane).

Hashing is bounded to a few at a time so a burst of logins cannot take the process's memory."""

import contextlib
import ctypes
import ctypes.util
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# glibc's malloc serves a block this big with mmap at first, but raises its threshold when one is
# freed; from then on each thread's arena keeps a 19 MiB block of its own, and 40 threads hold about
# 300 MB for good. A fixed threshold keeps such blocks mmapped, given back as each hash ends.
M_MMAP_THRESHOLD = -3


def _give_hash_memory_back() -> None:
    with contextlib.suppress(OSError, AttributeError):  # not glibc (musl, macOS): nothing to set
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt(M_MMAP_THRESHOLD, 1 << 20)


_give_hash_memory_back()
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
