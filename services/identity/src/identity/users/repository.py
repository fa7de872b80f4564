"""The SQL of users."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from identity.users.models import User
from omni_common.auth.principal import Principal, Role
from omni_common.db.search import matches
from omni_common.tenancy import in_org, select_in_org, select_scoped


def by_email(session: Session, email: str) -> User | None:
    """Emails are unique across organizations: signing in names no organization."""
    return session.scalars(select(User).where(User.email == email)).one_or_none()


def email_taken(session: Session, email: str, *, except_id: str | None = None) -> bool:
    stmt = select(User.id).where(User.email == email)
    if except_id:
        stmt = stmt.where(User.id != except_id)
    return session.scalars(stmt.limit(1)).first() is not None


def page(
    session: Session, principal: Principal, *, role: Role | None, q: str | None, after_id: str | None, limit: int
) -> list[User]:
    """Oldest first (by id), from after ``after_id``: ``limit`` + 1, so the caller knows if more follow."""
    stmt = select_scoped(User, principal)
    if role:
        stmt = stmt.where(User.role == role)
    if q:
        stmt = stmt.where(matches(User.full_name, q) | matches(User.email, q))
    if after_id:
        stmt = stmt.where(User.id > after_id)
    return list(session.scalars(stmt.order_by(User.id).limit(limit + 1)))


def count_active_admins(session: Session, organization_id: str) -> int:
    return session.scalar(
        select(func.count())
        .select_from(User)
        .where(in_org(User, organization_id), User.role == Role.admin, User.is_active.is_(True))
    )


def active_with_role(session: Session, organization_id: str, role: str) -> list[User]:
    return list(
        session.scalars(select_in_org(User, organization_id).where(User.role == role, User.is_active.is_(True)))
    )


def among(session: Session, organization_id: str, ids: list[str]) -> list[User]:
    """The organization's users among ``ids`` (others are simply not there)."""
    return list(session.scalars(select_in_org(User, organization_id).where(User.id.in_(ids))))


def of_organization(session: Session, organization_id: str) -> list[User]:
    return list(session.scalars(select_in_org(User, organization_id)))
