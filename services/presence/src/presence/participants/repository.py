from sqlalchemy import func, or_
from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal
from omni_common.tenancy import select_scoped
from presence.participants.models import Participant


def list_participants(
    session: Session, principal: Principal, *, after_id: str | None, limit: int, q: str | None
) -> list[Participant]:
    """Participants in id order (creation order), ``limit + 1`` of them to tell if more follow."""
    stmt = select_scoped(Participant, principal)
    if q:
        like = f"%{q.lower()}%"
        stmt = stmt.where(or_(func.lower(Participant.name).like(like), func.lower(Participant.external_ref).like(like)))
    if after_id:
        stmt = stmt.where(Participant.id > after_id)
    return list(session.scalars(stmt.order_by(Participant.id).limit(limit + 1)))
