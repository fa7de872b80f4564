from fastapi import APIRouter, Depends

from omni_common.auth.dependencies import Manager
from omni_common.internal import require_service
from omni_common.kit import Db
from presence.context import Ctx
from presence.lifecycle import repository, service
from presence.lifecycle.schemas import PresenceRetention, SessionEnds, SessionEndsIn

router = APIRouter(prefix="/api/retention", tags=["retention"])
internal = APIRouter(prefix="/internal/lifecycle", dependencies=[Depends(require_service)], include_in_schema=False)


@router.get("/presence", response_model=PresenceRetention, summary="Presence data held")
def presence_retention(principal: Manager, db: Db, ctx: Ctx):
    """What presence holds against the organization's `presence_retention_days` (administrators and
    managers): the end of the oldest session whose records are still held, how many sessions hold
    records and how many of them the next purge removes (their counts stay in the statistics), and
    how many were purged so far."""
    days = ctx.directory.organization(principal.organization_id).get("presence_retention_days")
    return db.read(service.overview, principal, days)


@internal.post("/session-ends", response_model=SessionEnds)
def session_ends(body: SessionEndsIn, db: Db):
    """When each of these sessions of the organization ends (sync's retention keeps offline changes
    until their session's records go)."""
    return SessionEnds(ends=db.read(repository.session_ends, body.organization_id, body.session_ids))
