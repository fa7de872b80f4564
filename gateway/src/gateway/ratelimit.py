"""Fair-use request rates (SPEC §3.1): per user and per organization, per kiosk, and per address for
callers without a valid token, counted in Redis over a moving window of a minute (omni_common.ratelimit);
past them, 429 with Retry-After. A kiosk at a busy door is its own subject — a whole queue of guests
scans from one address, and must never be refused for it — known by its token's signature (a made-up
kiosk token counts against its address like any caller without a token).

Signing in and refreshing a token (routes marked ``sign_in``) have a budget of their own per address,
apart from the address's other requests without a token: one noisy client (or everyone behind a proxy
the gateway was not told to trust) cannot block every sign-in and refresh of an address. That budget
is generous — a school behind one NAT never reaches it — because identity limits both finely: failed
sign-ins per account and address (SPEC §3.2), refreshes per login session.

The user and organization come from the access token, verified here with identity's published keys
exactly as the services verify it. Decoding without verifying would be cheaper, but anyone could
then write another organization's id into a token of their own making and spend that organization's
allowance: a way to starve a tenant. Verified claims are cached by token until the token expires,
so a busy client costs one signature check per token, not per request. The login-session check
stays with the services. A user's request is counted against the organization only once the user's
own rate let it through, so one user hammering cannot spend their colleagues' allowance. When Redis
cannot be reached, requests pass (logged): limits protect the system, they must not take it down.
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
from gateway.routes import Route
from omni_common.auth import kiosk
from omni_common.auth.dependencies import bearer_token
from omni_common.auth.tokens import CachedKeySet, TokenVerifier, remote_jwks
from omni_common.errors import Problem, TooManyRequests
from omni_common.ratelimit import AsyncLimiter, Rate

log = logging.getLogger(__name__)

# The budgets, each counted per its subject over a minute.
USER, ORGANIZATION, KIOSK, ADDRESS, SIGN_IN = "user", "organization", "kiosk", "address", "address-sign-in"
USER_LIMITED = "Too many requests from your account; please slow down and try again shortly."
ORG_LIMITED = "Your organization is making too many requests; please try again shortly."
ADDRESS_LIMITED = "Too many requests from your address; please try again shortly."
KIOSK_LIMITED = "Too many scans at this kiosk; please try again shortly."
SIGN_IN_LIMITED = "Too many sign-ins from your address; please try again shortly."


def per_minute(budget: str, amount: int) -> Rate:
    return Rate(f"requests-{budget}", amount, 60)


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
            or s.address_sign_in_requests_per_minute
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

    async def check(self, request: Request, client_address: str | None, route: Route) -> None:
        """Count this request; 429 when a limit is passed."""
        if not self.enabled or time.monotonic() < self._redis_down_until:
            return
        limits = await self._limits(request, client_address or "-", route)
        try:
            for rate, subject, detail in limits:
                if not rate.amount:  # 0: no limit
                    continue
                wait = await self.limiter.hit(rate, subject)
                if wait:
                    raise TooManyRequests(wait, detail)
        except RedisError:
            log.warning("Redis is unreachable; fair-use limits are not being applied")
            self._redis_down_until = time.monotonic() + 5.0

    async def _limits(self, request: Request, address: str, route: Route) -> list[tuple[Rate, str, str]]:
        """Whose budgets this request counts against, in order: (rate, subject, what a 429 says)."""
        s = self.settings
        token = bearer_token(request)
        claims = await self._claims_of(token) if token else None
        if claims is not None:
            return [
                (per_minute(USER, s.user_requests_per_minute), claims["sub"], USER_LIMITED),
                (per_minute(ORGANIZATION, s.organization_requests_per_minute), claims["org"], ORG_LIMITED),
            ]
        kiosk_token = kiosk.kiosk_token(request)
        kiosk_id = kiosk.kiosk_id_of(self.kiosk_key, kiosk_token) if kiosk_token else None
        if kiosk_id is not None:
            return [(per_minute(KIOSK, s.kiosk_requests_per_minute), kiosk_id, KIOSK_LIMITED)]
        if route.sign_in:
            return [(per_minute(SIGN_IN, s.address_sign_in_requests_per_minute), address, SIGN_IN_LIMITED)]
        return [(per_minute(ADDRESS, s.address_requests_per_minute), address, ADDRESS_LIMITED)]

    async def aclose(self) -> None:
        await self.redis.aclose()
