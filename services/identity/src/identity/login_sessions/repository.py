"""The SQL of login sessions and their refresh tokens."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from identity.login_sessions.models import LoginSession, RefreshToken
from identity.organizations.models import Organization
from identity.users.models import User
from omni_common.auth.principal import Principal
from omni_common.tenancy import in_org, select_scoped


def load(session: Session, sid: str, *, lock: bool = False) -> tuple[LoginSession, User, Organization] | None:
    """The session with its user and organization (``lock``: the session's row, until commit)."""
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


def open_of_user(session: Session, user_id: str, *, lock: bool = False) -> list[LoginSession]:
    stmt = select(LoginSession).where(LoginSession.user_id == user_id, LoginSession.ended_at.is_(None))
    return list(session.scalars(stmt.with_for_update() if lock else stmt))


def open_of_organization(session: Session, organization_id: str) -> list[tuple[LoginSession, User]]:
    """Every open session of the organization with its user, the sessions locked until commit."""
    stmt = (
        select(LoginSession, User)
        .join(User, User.id == LoginSession.user_id)
        .where(in_org(LoginSession, organization_id), LoginSession.ended_at.is_(None))
        .with_for_update(of=LoginSession)
    )
    return [tuple(row) for row in session.execute(stmt)]


def mine(session: Session, principal: Principal, *, limit: int = 100) -> list[LoginSession]:
    """The caller's open sessions, newest first."""
    return list(
        session.scalars(
            select_scoped(LoginSession, principal)
            .where(LoginSession.user_id == principal.user_id, LoginSession.ended_at.is_(None))
            .order_by(LoginSession.created_at.desc())
            .limit(limit)
        )
    )


def my_others(session: Session, principal: Principal) -> list[LoginSession]:
    """The caller's open sessions but this one, locked."""
    return list(
        session.scalars(
            select_scoped(LoginSession, principal)
            .where(
                LoginSession.user_id == principal.user_id,
                LoginSession.ended_at.is_(None),
                LoginSession.id != principal.session_id,
            )
            .with_for_update()
        )
    )


def refresh_token(session: Session, token_hash: str, *, lock: bool = False) -> RefreshToken | None:
    stmt = select(RefreshToken).where(RefreshToken.token_hash == token_hash)
    return session.scalars(stmt.with_for_update() if lock else stmt).one_or_none()
