from fastapi import APIRouter, Depends, Request

from omni_common.auth.dependencies import Recorder, require_roles
from omni_common.auth.principal import Principal, Role
from omni_common.idempotency import Fingerprint
from omni_common.kit import Db
from presence.context import Ctx
from presence.self_check_in import service
from presence.self_check_in.schemas import CheckInCode, SelfCheckedIn, SelfCheckIn

router = APIRouter(tags=["self check-in"])


@router.post(
    "/api/sessions/{session_id}/check-in-code",
    response_model=CheckInCode,
    summary="A self-check-in session's current code",
)
def check_in_code(
    session_id: str,
    principal: Recorder,
    db: Db,
    ctx: Ctx,
):
    """The code of an open self-check-in session now, with its QR code (which opens the web app's
    check-in page): everyone asking within one rotation gets the same code; 409 when the session is
    not a self-check-in session or not open."""
    return db.read(service.open_code, ctx, principal, session_id)


@router.post(
    "/api/presence/self-check-in",
    response_model=SelfCheckedIn,
    responses={201: {"model": SelfCheckedIn}},
    summary="Check myself in with a code",
)
def self_check_in(
    *,
    body: SelfCheckIn,
    request: Request,
    fingerprint: Fingerprint,
    principal: Principal = Depends(require_roles(Role.external)),
    db: Db,
    ctx: Ctx,
):
    """Check yourself in with the code shown for the session: 201 with your new record, 200 when you
    were checked in already or staff marked you; a wrong or expired code → 422 naming `code`."""
    return ctx.idempotency.respond(
        db, request, fingerprint, principal, lambda s: service.check_in(s, ctx, principal, body)
    )
