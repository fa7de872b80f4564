"""Internal: the terms every service's lifecycle task purges by (never through the gateway)."""

from fastapi import APIRouter, Depends, Query
from pydantic import AwareDatetime

from identity.context import Ctx
from identity.lifecycle import service
from omni_common.db.base import utcnow
from omni_common.errors import Invalid
from omni_common.internal import require_service
from omni_common.kit import Db
from omni_common.lifecycle.schemas import TermsPage
from omni_common.pagination import MAX_LIMIT, decode_cursor

router = APIRouter(prefix="/internal/lifecycle", dependencies=[Depends(require_service)], include_in_schema=False)


@router.get("/organizations", response_model=TermsPage)
def organization_terms(
    db: Db,
    ctx: Ctx,
    now: AwareDatetime | None = None,
    organization_id: str | None = Query(None, max_length=36),
    cursor: str | None = Query(None, max_length=1024),
    limit: int = Query(500, ge=1, le=MAX_LIMIT),
) -> TermsPage:
    """Organizations with a retention set or closed: their retention, and whether their purge is due
    at ``now`` (default: the clock; tests pass another)."""
    after = None
    if cursor:
        try:
            after = str(decode_cursor(cursor)[0])
        except (ValueError, IndexError):
            raise Invalid.field("cursor", "Not a cursor this list gave out.", "bad_cursor") from None
    return db.read(
        service.terms, ctx.settings, now=now or utcnow(), organization_id=organization_id, after=after, limit=limit
    )
