from fastapi import APIRouter, Request

from omni_common.auth.dependencies import Admin, Recorder
from omni_common.idempotency import Fingerprint
from omni_common.kit import Db
from presence.context import Ctx
from presence.participants.schemas import ParticipantOut
from presence.walk_ins import service
from presence.walk_ins.schemas import MergeIn, WalkInCreate, WalkInCreated

router = APIRouter(tags=["walk-ins"])


@router.post(
    "/api/sessions/{session_id}/walk-ins",
    response_model=WalkInCreated,
    status_code=201,
    summary="Add a walk-in to a session",
)
def add_walk_in(
    *,
    session_id: str,
    body: WalkInCreate,
    request: Request,
    fingerprint: Fingerprint,
    principal: Recorder,
    db: Db,
    ctx: Ctx,
):
    """Someone not on the list, on this session's roster only: a new participant (`walk_in: true`)
    with their record. Send it with an Idempotency-Key so that a retry makes them once."""
    return ctx.idempotency.respond(
        db, request, fingerprint, principal, lambda s: (201, service.add(s, ctx, principal, session_id, body))
    )


@router.post(
    "/api/participants/{participant_id}/merge",
    response_model=ParticipantOut,
    summary="Merge a walk-in into a participant",
)
def merge_walk_in(participant_id: str, body: MergeIn, principal: Admin, db: Db, ctx: Ctx):
    """Merge a walk-in into the participant they are (administrators): their records and history
    move there and the walk-in is removed; 409 naming the sessions where both have a record."""
    return db.transaction(
        lambda s: ParticipantOut.model_validate(service.merge(s, ctx, principal, participant_id, body))
    )
