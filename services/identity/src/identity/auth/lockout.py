"""Failed sign-ins (SPEC §3.2), per (email, client address) and per address, and token refreshes
per login session, counted in Redis (omni_common.ratelimit).

The pair is keyed by the email as typed (lower-cased), never by whether an account has it, so an
unknown email is counted, blocked and answered exactly like a known one. A blocked caller gets 429
with Retry-After at once: no password is checked and nothing sleeps. Refreshes are counted per login
session, so a client looping on refresh is refused alone, never the address it shares with a whole
school. If Redis cannot be reached, sign-in and refresh keep working (logged): an outage of the
cache must not lock every user out.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging

import redis

from identity.config import Settings
from omni_common.errors import TooManyRequests
from omni_common.ratelimit import Failure, Limiter, Lockout, Rate

log = logging.getLogger(__name__)

BLOCKED = "Too many failed sign-in attempts. Please wait before trying again."
REFRESHING_TOO_OFTEN = "This sign-in is refreshing its token too often; please wait a moment."


class LoginThrottle:
    def __init__(self, client: redis.Redis, settings: Settings):
        self.limiter = Limiter(client)
        self.settings = settings
        s = settings
        self.pair = Lockout(
            "login-pair", s.login_failures_per_account, s.login_failure_window_seconds, s.login_block_seconds
        )
        self.address = Lockout(
            "login-address", s.login_failures_per_address, s.login_failure_window_seconds, s.login_block_seconds
        )
        self.refreshes = Rate("refresh-session", s.refreshes_per_session_per_minute, 60)

    @staticmethod
    def _pair(email: str, address: str | None) -> tuple[str, str]:
        return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32], address or "-"

    def check(self, email: str, address: str | None) -> None:
        """Refuse with 429 while the pair or the address is blocked."""
        try:
            left = self.limiter.blocked((self.pair, self._pair(email, address)), (self.address, (address or "-",)))
        except redis.RedisError:
            log.warning("Redis is unreachable; failed sign-ins are not being limited")
            return
        if left:
            raise TooManyRequests(left, BLOCKED)

    def failed(self, email: str, address: str | None) -> Failure:
        try:
            pair = self.limiter.fail(self.pair, *self._pair(email, address))
            by_address = self.limiter.fail(self.address, address or "-")
        except redis.RedisError:
            log.warning("Redis is unreachable; a failed sign-in was not counted")
            return Failure(0, False)
        return Failure(pair.count, pair.blocked_now or by_address.blocked_now)

    def succeeded(self, email: str, address: str | None) -> None:
        """A right password (and code) clears the pair's count; the address's stays."""
        with contextlib.suppress(redis.RedisError):
            self.limiter.clear(self.pair, *self._pair(email, address))

    def refreshing(self, session_id: str) -> None:
        """Count a refresh of this login session; 429 past its rate."""
        if not self.refreshes.amount:
            return
        try:
            wait = self.limiter.hit(self.refreshes, session_id)
        except redis.RedisError:
            log.warning("Redis is unreachable; token refreshes are not being limited")
            return
        if wait:
            raise TooManyRequests(wait, REFRESHING_TOO_OFTEN)
