from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal
from omni_common.pagination import Page, cursor_key, page_of
from presence.participants import repository
from presence.participants.schemas import ParticipantOut


def list_participants(
    session: Session, principal: Principal, *, cursor: str | None, limit: int, q: str | None
) -> Page[ParticipantOut]:
    key = cursor_key(cursor)
    rows = repository.list_participants(session, principal, after_id=str(key[0]) if key else None, limit=limit, q=q)
    return page_of([ParticipantOut.model_validate(r) for r in rows], limit, lambda p: [p.id])
