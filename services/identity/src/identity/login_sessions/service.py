"""Login sessions: their state (the truth behind every service's cached check) and their end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from identity.login_sessions import repository
from identity.login_sessions.models import LoginSession
from identity.login_sessions.schemas import LoginSessionOut
from identity.organizations.models import Organization
from identity.users.models import User
from omni_common.audit import AuditWriter
from omni_common.auth.principal import Principal
from omni_common.auth.sessions import ACTIVE, ENDED, LoginSessions, SessionState
from omni_common.db.base import utcnow
from omni_common.db.database import after_commit
from omni_common.errors import Invalid


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
    return repository.load(session, sid, lock=lock)


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
        if org.closed_at is not None:  # a sign-in that raced the closing ends here
            end_session(session, row, user, org, "organization_closed", audit=audit, cache=cache)
        elif not user.is_active:
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
    for row in repository.open_of_user(session, user.id, lock=True):
        end_session(session, row, user, org, reason, audit=audit, cache=cache, actor_id=actor_id)


def end_organization_sessions(
    session: Session, org: Organization, reason: str, *, audit: AuditWriter, cache: LoginSessions, actor_id: str
) -> int:
    """End every open session of the organization at once (it was closed); how many there were."""
    rows = repository.open_of_organization(session, org.id)
    for row, user in rows:
        end_session(session, row, user, org, reason, audit=audit, cache=cache, actor_id=actor_id)
    return len(rows)


def republish_user_sessions(session: Session, user: User, org: Organization, *, cache: LoginSessions) -> None:
    """After a role change: the cached states change, so old tokens are refused as stale."""
    for row in repository.open_of_user(session, user.id):
        state = state_of(row, user, org)
        after_commit(session, lambda sid=row.id, state=state: cache.publish(sid, state))


# --- my sessions (the user's own list, and signing one out) ---------------------------------


def my_sessions(session: Session, principal: Principal, *, cache: LoginSessions) -> list[LoginSessionOut]:
    """The caller's active sessions, newest first; last activity is the later of ours and the cache's."""
    items = []
    for row in repository.mine(session, principal):
        last = row.last_activity_at
        seen = cache.last_seen(row.id)
        if seen is not None:
            last = max(last, datetime.fromtimestamp(seen, UTC))
        items.append(
            LoginSessionOut(
                id=row.id,
                user_agent=row.user_agent,
                client_address=row.client_address,
                created_at=row.created_at,
                last_activity_at=last,
                current=row.id == principal.session_id,
            )
        )
    return items


def sign_out_session(
    session: Session, principal: Principal, sid: str, *, audit: AuditWriter, cache: LoginSessions
) -> None:
    """End one of the caller's own sessions (another user's id is as unknown as a made-up one)."""
    loaded = load_session(session, sid, lock=True)
    if loaded is None or loaded[0].user_id != principal.user_id or loaded[0].ended_at is not None:
        raise Invalid.field("session_id", "No such session of yours.", "not_found")
    row, user, org = loaded
    end_session(session, row, user, org, "signed_out", audit=audit, cache=cache, actor_id=principal.user_id)


def sign_out_others(session: Session, principal: Principal, *, audit: AuditWriter, cache: LoginSessions) -> int:
    """End every session of the caller's but this one."""
    rows = repository.my_others(session, principal)
    if not rows:
        return 0
    user = session.get(User, principal.user_id)
    org = session.get(Organization, principal.organization_id)
    for row in rows:
        end_session(session, row, user, org, "signed_out", audit=audit, cache=cache, actor_id=principal.user_id)
    return len(rows)
