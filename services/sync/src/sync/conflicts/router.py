from fastapi import APIRouter, Depends

from omni_common.auth.dependencies import managers
from omni_common.auth.principal import Principal
from omni_common.db.database import Database
from omni_common.kit import get_database
from omni_common.pagination import LimitQuery, Page
from sync.conflicts import service
from sync.conflicts.schemas import ConflictOut, ConflictStatus

router = APIRouter(prefix="/api/admin/sync-conflicts", tags=["sync conflicts"])


@router.get("", response_model=Page[ConflictOut])
def list_conflicts(
    status: ConflictStatus | None = None,
    session_id: str | None = None,
    cursor: str | None = None,
    limit: int = LimitQuery,
    principal: Principal = Depends(managers),
    db: Database = Depends(get_database),
):
    """The conflict queue: records changed differently by two parties, oldest first."""
    return db.read(service.list_conflicts, principal, status=status, session_id=session_id, cursor=cursor, limit=limit)
