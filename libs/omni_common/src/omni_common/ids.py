"""Identifiers: opaque strings, not sequential, yet ordered by creation so indexes stay compact."""

from __future__ import annotations

import os
import time
import uuid


def new_id() -> str:
    """A UUID version 7 (RFC 9562): 48 bits of milliseconds, then 74 random bits."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | (rand >> 68 & 0xFFF) << 64 | 0b10 << 62 | rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))
