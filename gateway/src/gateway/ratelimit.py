"""Fair-use request rates (SPEC §3.1): per user and per organization, per kiosk, and per address for
callers without a valid token, counted in Redis over one-minute windows; past them, 429 with
Retry-After. A kiosk at a busy door is its own subject — a whole queue of guests scans from one
address, and must never be refused for it — known by its token's signature (a made-up kiosk token
counts against its address like any caller without a token).

The user and organization come from the access token, verified here with identity's published keys
exactly as the services verify it. Decoding without verifying would be cheaper, but anyone could
then write another organization's id into a token of their own making and spend that organization's
allowance: a way to starve a tenant. Verified claims are cached by token until the token expires,
so a busy client costs one signature check per token, not per request. The login-session check
stays with the services. When Redis cannot be reached, requests pass (logged): limits protect the
system, they must not take it down.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict

import anyio.to_thread
import redis.asyncio as aioredis
from fastapi import Request
from redis.exceptions import RedisError

from gateway.config import Settings
from omni_common.auth import kiosk
from omni_common.auth.dependencies import bearer_token
from omni_common.auth.tokens import CachedKeySet, TokenVerifier, remote_jwks
from omni_common.errors import Problem, TooManyRequests
from omni_common.ratelimit import AsyncLimiter

log = logging.getLogger(__name__)

WINDOW = 60
USER_LIMITED = "Too many requests from your account; please slow down and try again shortly."
ORG_LIMITED = "Your organization is making too many requests; please try again shortly."
ADDRESS_LIMITED = "Too many requests from your address; please try again shortly."
KIOSK_LIMITED = "Too many scans at this kiosk; please try again shortly."


class FairUse:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.redis = aioredis.Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)
        self.limiter = AsyncLimiter(self.redis)
        self.verifier = TokenVerifier(
            CachedKeySet(remote_jwks(settings.identity_url.rstrip("/") + "/.well-known/jwks.json")),
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
        )
        self.kiosk_key = settings.derive(kiosk.KEY_PURPOSE)
        self._claims: OrderedDict[str, tuple[float, dict]] = OrderedDict()
        self._redis_down_until = 0.0

    @property
    def enabled(self) -> bool:
        s = self.settings
        return bool(
            s.user_requests_per_minute
            or s.organization_requests_per_minute
            or s.address_requests_per_minute
            or s.kiosk_requests_per_minute
        )

    async def _claims_of(self, token: str) -> dict | None:
        cached = self._claims.get(token)
        now = time.time()
        if cached is not None and cached[0] > now:
            self._claims.move_to_end(token)
            return cached[1]
        try:
            # A thread: an unknown kid may make the key set ask identity (synchronously).
            claims = await anyio.to_thread.run_sync(self.verifier.verify, token)
        except Problem:
            return None
        self._claims[token] = (float(claims["exp"]), claims)
        while len(self._claims) > 10_000:
            self._claims.popitem(last=False)
        return claims

    async def check(self, request: Request, client_address: str | None) -> None:
        """Count this request; 429 when a limit is passed."""
        if not self.enabled or time.monotonic() < self._redis_down_until:
            return
        s = self.settings
        token = bearer_token(request)
        claims = await self._claims_of(token) if token else None
        kiosk_token = kiosk.kiosk_token(request) if claims is None else None
        kiosk_id = kiosk.kiosk_id_of(self.kiosk_key, kiosk_token) if kiosk_token else None
        if claims is not None:
            limits = [
                (f"omni:rl:user:{claims['sub']}", s.user_requests_per_minute, USER_LIMITED),
                (f"omni:rl:org:{claims['org']}", s.organization_requests_per_minute, ORG_LIMITED),
            ]
        elif kiosk_id is not None:
            limits = [(f"omni:rl:kiosk:{kiosk_id}", s.kiosk_requests_per_minute, KIOSK_LIMITED)]
        else:
            limits = [(f"omni:rl:addr:{client_address or '-'}", s.address_requests_per_minute, ADDRESS_LIMITED)]
        limits = [limit for limit in limits if limit[1]]  # 0: no limit
        if not limits:
            return
        try:
            counted = await self.limiter.count(*(key for key, _, _ in limits), window=WINDOW)
        except RedisError:
            log.warning("Redis is unreachable; fair-use limits are not being applied")
            self._redis_down_until = time.monotonic() + 5.0
            return
        for (_, limit, detail), (count, ttl) in zip(limits, counted, strict=True):
            if count > limit:
                raise TooManyRequests(ttl, detail)

    async def aclose(self) -> None:
        await self.redis.aclose()
