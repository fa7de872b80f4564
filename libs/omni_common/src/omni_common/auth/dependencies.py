"""FastAPI dependencies: authenticated by default, then the role a route needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, NoReturn

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from omni_common.auth.principal import Principal, Role
from omni_common.auth.sessions import LoginSessions
from omni_common.auth.tokens import TokenVerifier
from omni_common.errors import Forbidden, NotFound, Unauthorized

# Requests a client makes on its own (polling, live streams) say so; they are not user activity
# and do not keep a login session alive (SPEC §3.2).
BACKGROUND_HEADER = "X-Omni-Background"


@dataclass
class Authenticator:
    verifier: TokenVerifier
    sessions: LoginSessions
    # The organization's timezone by its id, read when a request needs it (omni_common.orgcache).
    timezones: Callable[[str], str] | None = None

    def authenticate(self, token: str, *, touch: bool) -> Principal:
        claims = self.verifier.verify(token)
        self.sessions.check(claims["sid"], claims, touch=touch)
        return Principal.from_claims(claims, self.timezones)


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


async def get_principal(request: Request) -> Principal:
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    token = bearer_token(request)
    if token is None:
        raise Unauthorized()
    authenticator: Authenticator = request.app.state.kit.authenticator
    # The check is blocking I/O (Redis, and identity over HTTP when the cache misses): in a thread,
    # never on the event loop, where it would stall every other request of the process meanwhile.
    principal = await run_in_threadpool(
        authenticator.authenticate, token, touch=request.headers.get(BACKGROUND_HEADER) != "1"
    )
    request.state.principal = principal
    return principal


async def refuse(request: Request, principal: Principal) -> NoReturn:
    """A role the route never allows: 403 for what the caller can see, 404 for an id in the path that
    they cannot (SPEC §1, visibility first; omni_common.auth.visibility)."""
    visibility = getattr(request.app.state, "visibility", None)
    if visibility is not None and request.path_params:
        database = request.app.state.kit.database
        if not await run_in_threadpool(visibility.sees, database, principal, dict(request.path_params)):
            raise NotFound()
    raise Forbidden()


def require_roles(*roles: Role | str) -> Callable[..., Principal]:
    allowed = frozenset(Role(r) for r in roles)

    async def dependency(request: Request, principal: Principal = Depends(get_principal)) -> Principal:
        if principal.role not in allowed:
            await refuse(request, principal)
        return principal

    dependency.__name__ = "require_" + "_or_".join(sorted(allowed))
    return dependency


# The common cases, named once.
any_user = get_principal
staff = require_roles(Role.admin, Role.manager, Role.frontline)
managers = require_roles(Role.admin, Role.manager)
admins = require_roles(Role.admin)

recorders = require_roles(Role.admin, Role.frontline)

# The same as annotations: `principal: Admin` in a route's signature.
AnyUser = Annotated[Principal, Depends(any_user)]
Staff = Annotated[Principal, Depends(staff)]
Manager = Annotated[Principal, Depends(managers)]
Admin = Annotated[Principal, Depends(admins)]
Recorder = Annotated[Principal, Depends(recorders)]
