"""Internal routes of live updates: the gateway holds the streams (gateway/events.py) and asks
presence who may watch what, and what a resuming client missed."""

from fastapi import APIRouter, Depends, Query

from omni_common.auth.dependencies import AnyUser
from omni_common.internal import require_service
from omni_common.kit import Db
from presence.events import service

router = APIRouter(prefix="/internal/events", include_in_schema=False)


@router.get("/authorize", dependencies=[Depends(require_service)])
def authorize(principal: AnyUser, db: Db, session_id: str | None = Query(None, max_length=36)) -> dict:
    """With the caller's own token (and X-Omni-Background: a stream is not activity)."""
    return db.read(service.authorize, principal, session_id)


@router.get("/replay", dependencies=[Depends(require_service)])
def replay(
    db: Db, session_id: str = Query(max_length=36), after: int = Query(ge=0), limit: int = Query(1000, le=5000)
) -> dict:
    return db.read(service.replay, session_id, after, limit)
