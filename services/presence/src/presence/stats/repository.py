"""The queries statistics are counted with."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal
from omni_common.tenancy import select_scoped
from presence.domains import repository as domains
from presence.groups.models import Group
from presence.records.models import PresenceRecord, SessionStateCount
from presence.sessions import repository as sessions
from presence.sessions.models import Session
from presence.sessions.schemas import Status

# Sessions per counting query: the range optimiser gives up on very long IN lists (a year of a
# whole organization is thousands of sessions).
SESSIONS_PER_QUERY = 500


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

    The term's visible sessions first; then, for everyone, the sessions' counts kept as records are
    written (a few rows a session), or, for one participant, their own records of those sessions."""
    in_term = (
        sessions.visible(principal)
        .with_only_columns(Session.id, Session.starts_at, Group.domain)
        .join(Group, Group.id == Session.group_id)
        .where(Session.starts_at >= starts_from, Session.starts_at < starts_before, Session.status != Status.cancelled)
    )
    if group_id:
        in_term = in_term.where(Session.group_id == group_id)
    term = {session_id: (starts_at, domain) for session_id, starts_at, domain in db.execute(in_term)}
    if not term:
        return []
    states = domains.state_weights(db, principal.organization_id)
    ids = list(term)
    rows = []
    for start in range(0, len(ids), SESSIONS_PER_QUERY):
        some = ids[start : start + SESSIONS_PER_QUERY]
        if participant_id:
            counted = (
                select_scoped(PresenceRecord, principal)
                .with_only_columns(PresenceRecord.session_id, PresenceRecord.state, func.count())
                .where(PresenceRecord.participant_id == participant_id, PresenceRecord.session_id.in_(some))
                .group_by(PresenceRecord.session_id, PresenceRecord.state)
            )
        else:
            counted = (
                select_scoped(SessionStateCount, principal)
                .with_only_columns(SessionStateCount.session_id, SessionStateCount.state, SessionStateCount.marks)
                .where(SessionStateCount.session_id.in_(some), SessionStateCount.marks > 0)
            )
        for session_id, state, marks in db.execute(counted):
            starts_at, domain = term[session_id]
            if (domain, state) in states:
                category, weight = states[(domain, state)]
                rows.append((starts_at, category, weight, marks))
    return rows
