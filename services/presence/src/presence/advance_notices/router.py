from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from omni_common.auth.dependencies import Admin, AnyUser, require_roles
from omni_common.auth.principal import Principal, Role
from omni_common.idempotency import Fingerprint
from omni_common.kit import Db
from omni_common.pagination import LimitQuery
from presence.advance_notices import service
from presence.advance_notices.schemas import NoticeCreate, NoticeOut, NoticePage, NoticeStatus
from presence.context import Ctx

router = APIRouter(prefix="/api/advance-notices", tags=["advance notices"])
# Staff who record, and participants for themselves; managers only read.
Requester = Annotated[Principal, Depends(require_roles(Role.admin, Role.frontline, Role.external))]


@router.get("", response_model=NoticePage, summary="List advance notices")
def list_notices(
    *,
    status: NoticeStatus | None = None,
    participant_id: str | None = Query(None, max_length=36),
    cursor: str | None = None,
    limit: int = LimitQuery,
    principal: AnyUser,
    db: Db,
):
    """Notices, newest first, with how many requests wait for a decision: all for administrators and
    managers, their groups' members' for frontline users, a participant's own."""
    return db.read(
        service.list_notices, principal, status=status, participant_id=participant_id, cursor=cursor, limit=limit
    )


@router.post("", response_model=NoticeOut, status_code=201, summary="Record or request an advance notice")
def create_notice(
    *, body: NoticeCreate, request: Request, fingerprint: Fingerprint, principal: Requester, db: Db, ctx: Ctx
):
    """An absence known beforehand, for days in the organization's timezone: staff record it
    approved (it pre-fills the unmarked records of those days' sessions at once); a participant
    requests one for themselves (an excused state), for an administrator to approve."""
    return ctx.idempotency.respond(
        db, request, fingerprint, principal, lambda s: (201, service.create(s, ctx, principal, body))
    )


@router.post("/{notice_id}/approve", response_model=NoticeOut, summary="Approve an advance notice")
def approve_notice(notice_id: str, principal: Admin, db: Db, ctx: Ctx):
    """Approve a request (administrators): it pre-fills the participant's unmarked records."""
    return db.transaction(service.decide, ctx, principal, notice_id, True)


@router.post("/{notice_id}/reject", response_model=NoticeOut, summary="Reject an advance notice")
def reject_notice(notice_id: str, principal: Admin, db: Db, ctx: Ctx):
    """Reject a request (administrators)."""
    return db.transaction(service.decide, ctx, principal, notice_id, False)
