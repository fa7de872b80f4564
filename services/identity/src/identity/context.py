"""What identity's use cases need besides the database session, and the dependencies a route asks
for by name: ``ctx: Ctx``, ``address: ClientAddress`` (beside the common library's ``db: Db`` and
``principal: Admin`` …)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, Request

from identity.auth.lockout import LoginThrottle
from identity.config import Settings
from identity.keys.service import KeyRing
from identity.login_sessions.source import LocalSessionSource
from identity.participants import Participants
from omni_common.audit import AuditWriter
from omni_common.auth.sessions import LoginSessions
from omni_common.auth.tokens import TokenVerifier
from omni_common.net import client_address as resolve_client_address
from omni_common.net import parse_networks
from omni_common.outbox import Outbox


@dataclass
class IdentityContext:
    settings: Settings
    keyring: KeyRing
    audit: AuditWriter
    # The login-session states every service caches: identity publishes each change to it.
    cache: LoginSessions
    # Failed sign-ins (absent in the command line, which signs nobody in).
    throttle: LoginThrottle | None = None
    # Mail, sent by identity's worker once the transaction that asks for it commits (absent in the
    # command line, which sends none).
    outbox: Outbox | None = None
    # Checks the participant a login is linked to (absent in the command line, which links none).
    participants: Participants | None = None
    # Reads the session an access token names (signing out with one).
    verifier: TokenVerifier | None = None
    # The truth behind the other services' login-session checks.
    sessions: LocalSessionSource | None = None


async def get_ctx(request: Request) -> IdentityContext:
    return request.app.state.identity


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return parse_networks(proxies)


async def client_address(request: Request, ctx: Annotated[IdentityContext, Depends(get_ctx)]) -> str | None:
    """The caller's address: from X-Forwarded-For only when the peer is a trusted proxy (the gateway)."""
    peer = request.client.host if request.client else None
    trusted = _networks(tuple(ctx.settings.trusted_proxies))
    address = resolve_client_address(peer, request.headers.get("x-forwarded-for"), trusted)
    return address[:64] if address else None


Ctx = Annotated[IdentityContext, Depends(get_ctx)]
ClientAddress = Annotated[str | None, Depends(client_address)]
