from fastapi import APIRouter, Query, Request, status

from omni_common.auth.dependencies import Admin, AnyUser, Recorder
from omni_common.idempotency import Fingerprint
from omni_common.kit import Db
from omni_common.pagination import LimitQuery, Page
from omni_common.schemas import Day
from presence.context import Ctx
from presence.sessions import service
from presence.sessions.schemas import SessionCreate, SessionCreated, SessionOut, SessionPatch, Status

router = APIRouter(prefix="/api/sessions", tags=["sessions"])


@router.get("", response_model=Page[SessionOut], summary="List sessions")
def list_sessions(
    *,
    group_id: str | None = Query(None, max_length=36),
    from_: Day | None = Query(None, alias="from", description="First day, in the organization's timezone."),
    to: Day | None = Query(None, description="Last day, in the organization's timezone."),
    status: Status | None = None,
    cursor: str | None = None,
    limit: int = LimitQuery,
    principal: AnyUser,
    db: Db,
):
    """Sessions by start time: a frontline user sees those of their groups on their assigned days, a
    participant those of the groups they belonged to at the time."""
    return db.read(
        service.list_sessions,
        principal,
        group_id=group_id,
        from_=from_,
        to=to,
        status=status,
        cursor=cursor,
        limit=limit,
    )


@router.post(
    "", response_model=SessionCreated, status_code=status.HTTP_201_CREATED, summary="Add a session or a series"
)
def create_session(
    body: SessionCreate,
    request: Request,
    fingerprint: Fingerprint,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    """A session, or with `repeat` a series (administrators); answers the first with how many were made."""
    return ctx.idempotency.respond(
        db, request, fingerprint, principal, lambda s: (201, service.create_session(s, ctx, principal, body))
    )


@router.get("/{session_id}", response_model=SessionOut, summary="A session")
def get_session(session_id: str, principal: AnyUser, db: Db):
    return db.read(lambda s: SessionOut.model_validate(service.get_session(s, principal, session_id)))


@router.patch("/{session_id}", response_model=SessionOut, summary="Change, open or close a session")
def update_session(
    session_id: str,
    body: SessionPatch,
    principal: Recorder,
    db: Db,
    ctx: Ctx,
):
    """Change a session, or with `scope: following` it and the rest of its series (administrators);
    open or close it (its frontline staff too)."""
    return db.transaction(service.update_session, ctx, principal, session_id, body)
