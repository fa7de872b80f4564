"""The queries a user's notifications are read with."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal
from omni_common.tenancy import select_scoped
from presence.notifications.models import Notification


def _mine(principal: Principal):
    return select_scoped(Notification, principal).where(Notification.user_id == principal.user_id)


def page(session: Session, principal: Principal, *, unread_only: bool, before: str | None, limit: int) -> list:
    """Newest first, ``limit + 1`` of them."""
    stmt = _mine(principal)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    if before:
        stmt = stmt.where(Notification.id < before)
    return list(session.scalars(stmt.order_by(Notification.id.desc()).limit(limit + 1)))


def unread_count(session: Session, principal: Principal) -> int:
    unread = _mine(principal).where(Notification.read_at.is_(None)).subquery()
    return session.scalar(select(func.count()).select_from(unread)) or 0


def mine(session: Session, principal: Principal, notification_id: str) -> Notification | None:
    return session.scalars(_mine(principal).where(Notification.id == notification_id)).one_or_none()
