"""The queries statistics are counted with."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal
from presence.domains.models import PresenceState
from presence.groups.models import Group
from presence.records import repository as records
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
    caller may see, of sessions that were not cancelled, with their state's category and weight."""
    visible = records.visible(principal).subquery()
    stmt = (
        select(Session.starts_at, PresenceState.category, PresenceState.weight, func.count())
        .select_from(visible)
        .join(Session, Session.id == visible.c.session_id)
        .join(Group, Group.id == Session.group_id)
        .join(
            PresenceState,
            (PresenceState.organization_id == visible.c.organization_id)
            & (PresenceState.domain == Group.domain)
            & (PresenceState.code == visible.c.state),
        )
        .where(
            Session.starts_at >= starts_from,
            Session.starts_at < starts_before,
            Session.status != Status.cancelled,
        )
        .group_by(Session.id, Session.starts_at, PresenceState.category, PresenceState.weight)
    )
    if group_id:
        stmt = stmt.where(Session.group_id == group_id)
    if participant_id:
        stmt = stmt.where(visible.c.participant_id == participant_id)
    return list(db.execute(stmt))
