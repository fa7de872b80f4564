from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal
from omni_common.tenancy import select_scoped
from sync.conflicts.models import SyncConflict


def list_conflicts(
    session: Session,
    principal: Principal,
    *,
    status: str | None,
    session_id: str | None,
    after_id: str | None,
    limit: int,
) -> list[SyncConflict]:
    stmt = select_scoped(SyncConflict, principal)
    if status:
        stmt = stmt.where(SyncConflict.status == status)
    if session_id:
        stmt = stmt.where(SyncConflict.session_id == session_id)
    if after_id:
        stmt = stmt.where(SyncConflict.id > after_id)
    return list(session.scalars(stmt.order_by(SyncConflict.id).limit(limit + 1)))
