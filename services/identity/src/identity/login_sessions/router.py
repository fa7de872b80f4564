"""Login sessions: the internal state check every service's cache asks (never via the gateway), and
the user's own list of sessions with sign-out."""

from dataclasses import asdict

from fastapi import APIRouter, Depends, Response, status
from pydantic import BaseModel, ConfigDict

from identity.context import Ctx
from identity.login_sessions import service
from identity.login_sessions.schemas import LoginSessionList, SignedOutCount, SignOutSession
from omni_common.auth.dependencies import AnyUser
from omni_common.errors import NotFound
from omni_common.internal import require_service
from omni_common.kit import Db

router = APIRouter(prefix="/internal/login-sessions", dependencies=[Depends(require_service)], include_in_schema=False)


class StateQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    last_seen: float | None = None
    touch: bool = False


@router.post("/{sid}/state")
def session_state(sid: str, body: StateQuery, ctx: Ctx) -> dict:
    state = ctx.sessions.fetch(sid, last_seen=body.last_seen, touch=body.touch)
    if state is None:
        raise NotFound()
    return asdict(state)


# --- the user's own sessions, through the gateway ------------------------------------------

sessions_router = APIRouter(prefix="/api/auth/sessions", tags=["auth"])


@sessions_router.get("", response_model=LoginSessionList, summary="My login sessions")
def list_my_sessions(db: Db, ctx: Ctx, principal: AnyUser):
    """My active sessions: device, address, when started, when last active; `current` is this one."""
    return LoginSessionList(items=db.read(service.my_sessions, principal, cache=ctx.cache))


@sessions_router.post("/sign-out", status_code=status.HTTP_204_NO_CONTENT, summary="End one of my login sessions")
def sign_out_one(body: SignOutSession, db: Db, ctx: Ctx, principal: AnyUser):
    """End one of my sessions (for example on a lost phone); it is refused everywhere from the next request."""
    db.transaction(service.sign_out_session, principal, body.session_id, audit=ctx.audit, cache=ctx.cache)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@sessions_router.post("/sign-out-others", response_model=SignedOutCount, summary="End my other login sessions")
def sign_out_the_others(db: Db, ctx: Ctx, principal: AnyUser):
    """End every session of mine except this one."""
    return SignedOutCount(ended=db.transaction(service.sign_out_others, principal, audit=ctx.audit, cache=ctx.cache))
