from fastapi import APIRouter

from omni_common.auth.dependencies import Admin, Manager
from omni_common.kit import Db
from omni_common.pagination import LimitQuery, Page
from sync.conflicts import service
from sync.conflicts.schemas import ConflictOut, ConflictStatus, Resolve, ResolvedMany, ResolveMany
from sync.context import Ctx

router = APIRouter(prefix="/api/admin/sync-conflicts", tags=["sync conflicts"])


@router.get("", response_model=Page[ConflictOut], summary="List sync conflicts")
def list_conflicts(
    principal: Manager,
    db: Db,
    status: ConflictStatus | None = None,
    session_id: str | None = None,
    cursor: str | None = None,
    limit: int = LimitQuery,
):
    """The conflict queue, oldest first, each conflict with the server's and every device's version."""
    return db.read(service.list_conflicts, principal, status=status, session_id=session_id, cursor=cursor, limit=limit)


@router.post("/resolve", response_model=ResolvedMany, summary="Resolve many sync conflicts at once")
def resolve_many(body: ResolveMany, principal: Admin, db: Db, ctx: Ctx):
    """Resolve many at once, each on its own: keep the server's value, or take each one's latest
    device version. Each item answers with its own status (200, 409); an id that names none of the
    organization's conflicts is a 422 naming it (`ids.N`), and nothing is resolved."""
    return service.resolve_many(db, ctx, principal, body)


@router.get("/{conflict_id}", response_model=ConflictOut, summary="A sync conflict")
def get_conflict(conflict_id: str, principal: Manager, db: Db):
    return db.read(service.show, principal, conflict_id)


@router.post("/{conflict_id}/resolve", response_model=ConflictOut, summary="Resolve a sync conflict")
def resolve(conflict_id: str, body: Resolve, principal: Admin, db: Db, ctx: Ctx):
    """Apply the server's value, one device's version, or a value of your own: at once, refused with
    409 if the conflict was resolved already or the record moved on since it was shown."""
    return service.resolve(db, ctx, principal, conflict_id, body)
