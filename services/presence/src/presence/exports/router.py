"""Internal routes the reporting worker reads from (service token; never via the gateway)."""

from datetime import datetime

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from omni_common.errors import NotFound
from omni_common.internal import require_service
from omni_common.kit import Db
from presence.exports import service
from presence.exports.schemas import ScopeIn, ScopeOut

router = APIRouter(prefix="/internal/exports", dependencies=[Depends(require_service)], include_in_schema=False)

NDJSON = "application/x-ndjson"


@router.post("/scope", response_model=ScopeOut)
def scope(body: ScopeIn, db: Db):
    """The group or session a report is about, its domain's words and every state (retired too)."""
    return db.read(service.scope, body)


@router.get("/register")
def register(
    *,
    organization_id: str = Query(max_length=36),
    group_id: str = Query(max_length=36),
    starts_from: datetime = Query(),
    starts_before: datetime = Query(),
    participant_id: list[str] | None = Query(None),
    db: Db,
):
    """The group's register for sessions starting in [starts_from, starts_before), as NDJSON."""
    return StreamingResponse(
        service.register(
            db,
            organization_id=organization_id,
            group_id=group_id,
            starts_from=starts_from,
            starts_before=starts_before,
            participant_ids=participant_id,
        ),
        media_type=NDJSON,
    )


@router.get("/sessions/{session_id}/roll")
def roll(*, session_id: str, organization_id: str = Query(max_length=36), db: Db):
    """A session's roll: who was on it and their record, as NDJSON."""
    lines = service.roll(db, organization_id=organization_id, session_id=session_id)
    if lines is None:
        raise NotFound()
    return StreamingResponse(lines, media_type=NDJSON)
