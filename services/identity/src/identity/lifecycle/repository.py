"""The SQL of organizations' lifecycle terms, and of what a closed organization's purge leaves."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from identity.login_sessions.models import LoginSession, RefreshToken
from identity.organizations.models import Organization
from identity.two_factor.models import RecoveryCode
from identity.users.models import User
from omni_common.tenancy import in_org


def with_terms(session: Session, *, organization_id: str | None, after: str | None, limit: int) -> list[Organization]:
    """Organizations whose data has a lifecycle (a retention set, or closed), by id."""
    stmt = select(Organization).where(
        or_(
            Organization.presence_retention_days.is_not(None),
            Organization.report_retention_days.is_not(None),
            Organization.closed_at.is_not(None),
        )
    )
    if organization_id:
        stmt = stmt.where(Organization.id == organization_id)
    if after:
        stmt = stmt.where(Organization.id > after)
    return list(session.scalars(stmt.order_by(Organization.id).limit(limit + 1)))


def locked(session: Session, organization_id: str) -> Organization | None:
    return session.get(Organization, organization_id, with_for_update=True)


def users_of(organization_id: str) -> ColumnElement[bool]:
    """Recovery codes of the organization's users."""
    return RecoveryCode.user_id.in_(select(User.id).where(in_org(User, organization_id)))


def sessions_of(organization_id: str) -> ColumnElement[bool]:
    """Refresh tokens of the organization's login sessions."""
    return RefreshToken.session_id.in_(select(LoginSession.id).where(in_org(LoginSession, organization_id)))
