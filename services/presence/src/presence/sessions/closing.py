"""Closing sessions on time (SPEC §2): a group's `close_after_minutes` after a session's end,
presence's worker closes it — which auto-marks whoever is still unmarked, as a close by staff does.
Each session is closed in a transaction of its own, by a conditional UPDATE, so two sweeps at once
(a beat restarted, a slow run) never close or auto-mark one twice."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from omni_common.db.database import Database
from presence.context import PresenceContext
from presence.groups.models import Group
from presence.groups.service import settings_of
from presence.records.auto_mark import mark_unmarked
from presence.sessions import repository
from presence.sessions.models import Session

log = logging.getLogger(__name__)
# close_after_minutes is at most a week: older sessions are not looked at again.
LOOK_BACK = timedelta(days=8)


def closes_at(session: Session, group: Group) -> datetime | None:
    """When the worker closes the session (None: staff close it themselves)."""
    minutes = settings_of(group).close_after_minutes
    return None if minutes is None else session.ends_at + timedelta(minutes=minutes)


def close_due(database: Database, ctx: PresenceContext, now: datetime) -> int:
    """Close every session whose time has come; how many were closed."""
    candidates = database.read(repository.ended_not_closed, now - LOOK_BACK, now)
    closed = 0
    for session, group in candidates:
        due = closes_at(session, group)
        if due is None or due > now:
            continue
        if database.transaction(_close, ctx, session.id, group):
            closed += 1
    return closed


def _close(db, ctx: PresenceContext, session_id: str, group: Group) -> bool:
    session = repository.close_if_open(db, session_id)
    if session is None:
        return False  # closed (or cancelled) meanwhile
    ctx.audit.record(
        db,
        organization_id=session.organization_id,
        entity="session",
        entity_id=session.id,
        action="update",
        before={"status": "open or scheduled"},
        after={"status": "closed", "closed_by": "schedule"},
        actor_id=None,
        source="schedule",
    )
    marked = mark_unmarked(db, ctx, session, group, actor_id=None)
    log.info("closed a session on time", extra={"session_id": session.id, "auto_marked": marked})
    return True
