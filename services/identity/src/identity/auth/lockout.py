"""Failed sign-ins (SPEC §3.2): per (email, client address) and per address, counted in Redis.

The pair is keyed by the email as typed (lower-cased), never by whether an account has it, so an
unknown email is counted, blocked and answered exactly like a known one. A blocked caller gets 429
with Retry-After at once: no password is checked and nothing sleeps. If Redis cannot be reached,
sign-in keeps working (logged): an outage of the cache must not lock every user out.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from dataclasses import dataclass

import redis

from identity.config import Settings
from omni_common.errors import TooManyRequests
from omni_common.ratelimit import Limiter

log = logging.getLogger(__name__)

BLOCKED = "Too many failed sign-in attempts. Please wait before trying again."


@dataclass
class Failure:
    count: int
    blocked_now: bool


class LoginThrottle:
    def __init__(self, client: redis.Redis, settings: Settings):
        self.limiter = Limiter(client)
        self.settings = settings

    @staticmethod
    def _pair(email: str, address: str | None) -> str:
        digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
        return f"{digest}:{address or '-'}"

    def _keys(self, email: str, address: str | None) -> tuple[str, str, str, str]:
        pair, addr = self._pair(email, address), address or "-"
        return (f"omni:lf:pair:{pair}", f"omni:lb:pair:{pair}", f"omni:lf:addr:{addr}", f"omni:lb:addr:{addr}")

    def check(self, email: str, address: str | None) -> None:
        """Refuse with 429 while the pair or the address is blocked."""
        _, pair_block, _, addr_block = self._keys(email, address)
        try:
            left = self.limiter.blocked(pair_block, addr_block)
        except redis.RedisError:
            log.warning("Redis is unreachable; failed sign-ins are not being limited")
            return
        if left:
            raise TooManyRequests(left, BLOCKED)

    def failed(self, email: str, address: str | None) -> Failure:
        s = self.settings
        pair_count, pair_block, addr_count, addr_block = self._keys(email, address)
        try:
            count, pair_left = self.limiter.hit(
                pair_count,
                pair_block,
                window=s.login_failure_window_seconds,
                limit=s.login_failures_per_account,
                block=s.login_block_seconds,
            )
            addr_total, addr_left = self.limiter.hit(
                addr_count,
                addr_block,
                window=s.login_failure_window_seconds,
                limit=s.login_failures_per_address,
                block=s.login_block_seconds,
            )
        except redis.RedisError:
            log.warning("Redis is unreachable; a failed sign-in was not counted")
            return Failure(0, False)
        blocked_now = (count == s.login_failures_per_account and pair_left > 0) or (
            addr_total == s.login_failures_per_address and addr_left > 0
        )
        return Failure(count, blocked_now)

    def succeeded(self, email: str, address: str | None) -> None:
        """A right password (and code) clears the pair's count; the address's stays."""
        pair_count, _, _, _ = self._keys(email, address)
        with contextlib.suppress(redis.RedisError):
            self.limiter.clear(pair_count)
