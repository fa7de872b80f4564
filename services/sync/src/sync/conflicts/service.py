from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal
from omni_common.pagination import Page, cursor_key, page_of
from sync.conflicts import repository
from sync.conflicts.schemas import ConflictOut, ConflictStatus


def list_conflicts(
    session: Session,
    principal: Principal,
    *,
    status: ConflictStatus | None,
    session_id: str | None,
    cursor: str | None,
    limit: int,
) -> Page[ConflictOut]:
    key = cursor_key(cursor)
    rows = repository.list_conflicts(
        session, principal, status=status, session_id=session_id, after_id=str(key[0]) if key else None, limit=limit
    )
    return page_of([ConflictOut.model_validate(r) for r in rows], limit, lambda c: [c.id])
