"""Rate limits and lockouts in Redis, counted by the `limits` library's moving window.

Two shapes of limit:

- a **rate**: at most ``amount`` hits in any ``seconds`` (fair use at the gateway, token refreshes of
  a login session, password-reset mails of an address): ``hit`` lets one through or answers how many
  seconds until one may pass; a refused hit is not counted.
- a **lockout**: ``failures`` within a window block the subject for ``block_seconds`` (failed
  sign-ins, wrong self-check-in codes): ``fail`` counts one and sets the block when the window is
  full; ``blocked`` answers how many seconds the longest of some blocks has left. A block is itself
  a rate of one hit per ``block_seconds``, taken once.

A moving window has no edge to game (a fixed window lets twice its limit through around its edge),
and the library's own Lua scripts keep each window atomic in Redis, whichever process counts. Keys
name the limit and its numbers (``omni:limits:<name>/<subject>/<amount>/<seconds>/second``), so
changing a setting starts it afresh. The services count with the synchronous client, the gateway
with the asyncio one; both see the same windows.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import redis
import redis.asyncio as aioredis
from limits import RateLimitItem, RateLimitItemPerSecond
from limits.aio.storage import RedisStorage as AsyncRedisStorage
from limits.aio.strategies import MovingWindowRateLimiter as AsyncMovingWindow
from limits.storage import RedisStorage
from limits.strategies import MovingWindowRateLimiter

KEY_PREFIX = "omni:limits"


@dataclass(frozen=True)
class Rate:
    """At most ``amount`` hits in any ``seconds``; ``name`` keeps one limit's counts apart from another's."""

    name: str
    amount: int
    seconds: int

    @property
    def item(self) -> RateLimitItem:
        return RateLimitItemPerSecond(self.amount, self.seconds, namespace=self.name)


@dataclass(frozen=True)
class Lockout:
    """``failures`` within ``window_seconds`` block the subject for ``block_seconds``."""

    name: str
    failures: int
    window_seconds: int
    block_seconds: int

    @property
    def counted(self) -> Rate:
        return Rate(self.name, self.failures, self.window_seconds)

    @property
    def block(self) -> Rate:
        return Rate(f"{self.name}-block", 1, self.block_seconds)


@dataclass(frozen=True)
class Failure:
    count: int  # failures in the window now, this one included
    blocked_now: bool  # this failure set the block


def _seconds_until(reset_time: float) -> int:
    return max(1, math.ceil(reset_time - time.time()))


class Limiter:
    """Synchronous, on a redis.Redis client's connection pool (the services)."""

    def __init__(self, client: redis.Redis):
        self.redis = client
        storage = RedisStorage("redis://", connection_pool=client.connection_pool, key_prefix=KEY_PREFIX)
        self.window = MovingWindowRateLimiter(storage)

    def hit(self, rate: Rate, *subject: str) -> int:
        """0 when this hit may pass (and is counted); otherwise the seconds until one may."""
        if self.window.hit(rate.item, *subject):
            return 0
        return _seconds_until(self.window.get_window_stats(rate.item, *subject).reset_time)

    def used(self, rate: Rate, *subject: str) -> int:
        """Hits counted in the window now."""
        return rate.amount - self.window.get_window_stats(rate.item, *subject).remaining

    def fail(self, lockout: Lockout, *subject: str) -> Failure:
        self.window.hit(lockout.counted.item, *subject)
        count = self.used(lockout.counted, *subject)
        blocked_now = count >= lockout.failures and self.window.hit(lockout.block.item, *subject)
        return Failure(count, blocked_now)

    def blocked(self, *locks: tuple[Lockout, tuple[str, ...]]) -> int:
        """Seconds left of the longest of these blocks, each a lockout and its subject (0: none)."""
        left = 0
        for lockout, subject in locks:
            if not self.window.test(lockout.block.item, *subject):
                left = max(left, _seconds_until(self.window.get_window_stats(lockout.block.item, *subject).reset_time))
        return left

    def clear(self, lockout: Lockout, *subject: str) -> None:
        """Forget the failures counted (a block set stays)."""
        self.window.clear(lockout.counted.item, *subject)


class AsyncLimiter:
    """The same rates for redis.asyncio (the gateway)."""

    def __init__(self, client: aioredis.Redis):
        storage = AsyncRedisStorage(
            "async+redis://", implementation="redispy", connection_pool=client.connection_pool, key_prefix=KEY_PREFIX
        )
        self.window = AsyncMovingWindow(storage)

    async def hit(self, rate: Rate, *subject: str) -> int:
        """0 when this hit may pass (and is counted); otherwise the seconds until one may."""
        if await self.window.hit(rate.item, *subject):
            return 0
        return _seconds_until((await self.window.get_window_stats(rate.item, *subject)).reset_time)
