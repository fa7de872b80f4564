"""Login sessions: their state (the truth behind every service's cached check) and their end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from identity.login_sessions.models import LoginSession
from identity.organizations.models import Organization
from identity.users.models import User
from omni_common.audit import AuditWriter
from omni_common.auth.sessions import ACTIVE, ENDED, LoginSessions, SessionState
from omni_common.db.base import utcnow
from omni_common.db.database import after_commit


def state_of(row: LoginSession, user: User, org: Organization) -> SessionState:
    return SessionState(
        status=ACTIVE if row.ended_at is None else ENDED,
        user_id=user.id,
        organization_id=org.id,
        role=user.role,
        authz_version=user.authz_version,
        idle_seconds=org.session_inactivity_minutes * 60,
        last_activity_at=row.last_activity_at.timestamp(),
        reason=row.end_reason,
    )


def load_session(session: Session, sid: str, *, lock: bool = False) -> tuple[LoginSession, User, Organization] | None:
    stmt = (
        select(LoginSession, User, Organization)
        .join(User, User.id == LoginSession.user_id)
        .join(Organization, Organization.id == LoginSession.organization_id)
        .where(LoginSession.id == sid)
    )
    if lock:
        stmt = stmt.with_for_update(of=LoginSession)
    row = session.execute(stmt).one_or_none()
    return tuple(row) if row else None


def current_state(
    session: Session,
    sid: str,
    *,
    last_seen: float | None,
    touch: bool,
    audit: AuditWriter,
    cache: LoginSessions,
) -> SessionState | None:
    """The session as it stands, ending it first if the user was deactivated or idle too long.

    ``last_seen`` is the latest activity a cache knew of: the later of it and ours counts."""
    loaded = load_session(session, sid)
    if loaded is None:
        return None
    row, user, org = loaded
    if row.ended_at is None:
        now = utcnow()
        last = row.last_activity_at
        if last_seen is not None:
            last = max(last, datetime.fromtimestamp(last_seen, UTC))
        if not user.is_active:
            end_session(session, row, user, org, "deactivated", audit=audit, cache=cache)
        elif now - last > timedelta(minutes=org.session_inactivity_minutes):
            end_session(session, row, user, org, "inactivity", audit=audit, cache=cache)
        else:
            last = now if touch else last
            if last - row.last_activity_at > timedelta(seconds=1):
                row.last_activity_at = last
    return state_of(row, user, org)


def end_session(
    session: Session,
    row: LoginSession,
    user: User,
    org: Organization,
    reason: str,
    *,
    audit: AuditWriter,
    cache: LoginSessions,
    actor_id: str | None = None,
) -> None:
    """End one login session; every service refuses its tokens from the next request on."""
    if row.ended_at is not None:
        return
    row.ended_at = utcnow()
    row.end_reason = reason
    audit.record(
        session,
        organization_id=row.organization_id,
        entity="login_session",
        entity_id=row.id,
        action="end",
        after={"user_id": row.user_id, "reason": reason},
        actor_id=actor_id if actor_id is not None else (user.id if reason == "logout" else None),
    )
    state = state_of(row, user, org)
    after_commit(session, lambda: cache.publish(row.id, state))


def end_user_sessions(
    session: Session,
    user: User,
    org: Organization,
    reason: str,
    *,
    audit: AuditWriter,
    cache: LoginSessions,
    actor_id: str,
) -> None:
    rows = session.scalars(
        select(LoginSession).where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None)).with_for_update()
    ).all()
    for row in rows:
        end_session(session, row, user, org, reason, audit=audit, cache=cache, actor_id=actor_id)


def republish_user_sessions(session: Session, user: User, org: Organization, *, cache: LoginSessions) -> None:
    """After a role change: the cached states change, so old tokens are refused as stale."""
    rows = session.scalars(
        select(LoginSession).where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
    ).all()
    for row in rows:
        state = state_of(row, user, org)
        after_commit(session, lambda sid=row.id, state=state: cache.publish(sid, state))
