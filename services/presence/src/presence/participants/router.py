from fastapi import APIRouter, Depends, Query

from omni_common.auth.dependencies import managers
from omni_common.auth.principal import Principal
from omni_common.db.database import Database
from omni_common.kit import get_database
from omni_common.pagination import LimitQuery, Page
from presence.participants import service
from presence.participants.schemas import ParticipantOut

router = APIRouter(prefix="/api/participants", tags=["participants"])


@router.get("", response_model=Page[ParticipantOut])
def list_participants(
    cursor: str | None = None,
    limit: int = LimitQuery,
    q: str | None = Query(None, max_length=200, description="Searches name and external reference."),
    principal: Principal = Depends(managers),
    db: Database = Depends(get_database),
):
    """Participants of the organization (managers and administrators)."""
    return db.read(service.list_participants, principal, cursor=cursor, limit=limit, q=q)
