"""The queries statistics are counted with."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal
from presence.domains.models import PresenceState
from presence.groups.models import Group
from presence.records import repository as records
from presence.records.models import PresenceRecord
from presence.sessions import repository as sessions
from presence.sessions.models import Session
from presence.sessions.schemas import Status


def marks_by_session(
    db: DbSession,
    principal: Principal,
    *,
    starts_from: datetime,
    starts_before: datetime,
    group_id: str | None,
    participant_id: str | None,
) -> list:
    """Plain rows (starts_at, category, weight, marks) per session and state: the records the
    caller may see, of sessions that were not cancelled, with their state's category and weight.
    The records are counted per session and state first, from the term's sessions only (an index
    answers that), and only those few counts meet their sessions and states."""
    in_term = sessions.visible_ids(principal).where(
        Session.starts_at >= starts_from, Session.starts_at < starts_before, Session.status != Status.cancelled
    )
    if group_id:
        in_term = in_term.where(Session.group_id == group_id)
    counted = (
        records.visible(principal)
        .with_only_columns(PresenceRecord.session_id, PresenceRecord.state, func.count().label("marks"))
        .where(PresenceRecord.session_id.in_(in_term))
        .group_by(PresenceRecord.session_id, PresenceRecord.state)
    )
    if participant_id:
        counted = counted.where(PresenceRecord.participant_id == participant_id)
    marks = counted.subquery()
    stmt = (
        select(Session.starts_at, PresenceState.category, PresenceState.weight, marks.c.marks)
        .select_from(marks)
        .join(Session, Session.id == marks.c.session_id)
        .join(Group, Group.id == Session.group_id)
        .join(
            PresenceState,
            (PresenceState.organization_id == principal.organization_id)
            & (PresenceState.domain == Group.domain)
            & (PresenceState.code == marks.c.state),
        )
    )
    return list(db.execute(stmt))
