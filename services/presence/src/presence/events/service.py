"""What the gateway asks before it opens a live stream, and when a client resumes one."""

from __future__ import annotations

from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal, Role
from omni_common.errors import Forbidden
from presence.events.counts import counts_for
from presence.records import repository as records
from presence.sessions.service import get_session


def authorize(db: DbSession, principal: Principal, session_id: str | None) -> dict:
    """May the caller watch this session (as its roster: staff, and a session they may see; else
    404)? Without one, the stream is the caller's own notifications."""
    if session_id is None:
        return {"session_id": None, "position": None}
    session = get_session(db, principal, session_id)  # visibility first: 404 for one they may not see
    if principal.role == Role.external:
        raise Forbidden("A session's live updates are for staff.")
    return {"session_id": session.id, "position": records.feed_position(db, principal.organization_id)}


def replay(db: DbSession, session_id: str, after: int, limit: int) -> dict:
    """The session's changes after a position, and its counts now; ``complete`` is false when there
    were more than ``limit`` (the client should read the roster again)."""
    changes = records.session_changes(db, session_id, after, limit + 1)
    last = changes[-1][1] if changes else after
    counts = counts_for(db, [session_id])[session_id]
    return {
        "complete": len(changes) <= limit,
        "events": [{"id": seq, "event": "presence", "data": r.model_dump(mode="json")} for r, seq in changes[:limit]],
        "counts": {"id": last, "event": "counts", "data": {"session_id": session_id, **counts.model_dump()}},
    }
