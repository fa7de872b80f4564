"""The short codes of a self-check-in session (SPEC §4.4): six characters that rotate every 30
seconds, shown as a QR code and as text.

A code is an HMAC of the session's id and the current time step, so nothing is stored: everyone
asking within one step sees the same code, a code of another session or organization never
matches, and no code can be guessed from an earlier one. The previous step's code is still
accepted for a grace period after it rotates, for slow typers. The clock is a parameter.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

# No 0/O, 1/I: a code is read off a projector and typed on a phone.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 6


class Codes:
    def __init__(self, key: str, period_seconds: int = 30, grace_seconds: int = 15):
        self.key = key.encode()
        self.period = period_seconds
        self.grace = grace_seconds

    def _step(self, at: datetime) -> int:
        return int(at.timestamp() // self.period)

    def _code(self, session_id: str, step: int) -> str:
        digest = hmac.new(self.key, f"{session_id}:{step}".encode(), hashlib.sha256).digest()
        number = int.from_bytes(digest[:8], "big")
        return "".join(ALPHABET[(number >> (5 * i)) & 31] for i in range(LENGTH))

    def current(self, session_id: str, now: datetime) -> tuple[str, datetime]:
        """The code shown now, and when it stops being accepted (its step's end plus the grace)."""
        step = self._step(now)
        expires_at = datetime.fromtimestamp((step + 1) * self.period, UTC) + timedelta(seconds=self.grace)
        return self._code(session_id, step), expires_at

    def accepts(self, session_id: str, code: str, now: datetime) -> bool:
        step = self._step(now)
        valid = [self._code(session_id, step)]
        if now.timestamp() - step * self.period < self.grace:
            valid.append(self._code(session_id, step - 1))
        return any(hmac.compare_digest(code, v) for v in valid)


def normalise(typed: str) -> str:
    """What a person typed, as a code: upper case, without spaces or dashes."""
    return "".join(ch for ch in typed.upper() if ch not in " -\t")
