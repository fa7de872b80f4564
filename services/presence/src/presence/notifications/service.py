"""In-app notifications (SPEC §4.7): sending never blocks recording — other services send them
through an internal route, after their own work has committed."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal
from omni_common.db.base import utcnow
from omni_common.errors import NotFound
from omni_common.pagination import cursor_key, page_of
from presence.context import PresenceContext
from presence.notifications.models import Notification
from presence.notifications.schemas import NotificationOut, NotificationPage, NotifyIn


def mine(session: Session, principal: Principal):
    return select(Notification).where(
        Notification.organization_id == principal.organization_id, Notification.user_id == principal.user_id
    )


def list_notifications(
    session: Session, principal: Principal, *, unread_only: bool, cursor: str | None, limit: int
) -> NotificationPage:
    """Newest first, with how many are unread."""
    stmt = mine(session, principal)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    key = cursor_key(cursor)
    if key:
        stmt = stmt.where(Notification.id < str(key[0]))
    rows = session.scalars(stmt.order_by(Notification.id.desc()).limit(limit + 1)).all()
    page = page_of([NotificationOut.model_validate(n) for n in rows], limit, lambda n: [n.id])
    unread = session.scalar(
        select(func.count()).select_from(mine(session, principal).where(Notification.read_at.is_(None)).subquery())
    )
    return NotificationPage(items=page.items, next_cursor=page.next_cursor, unread=unread)


def mark_read(session: Session, principal: Principal, notification_id: str) -> Notification:
    notification = session.scalars(mine(session, principal).where(Notification.id == notification_id)).one_or_none()
    if notification is None:
        raise NotFound()
    if notification.read_at is None:
        notification.read_at = utcnow()
    return notification


def notify(session: Session, ctx: PresenceContext, body: NotifyIn) -> int:
    """One notification per recipient; returns how many were made."""
    recipients = set(body.user_ids)
    for role in body.roles:
        recipients |= {u["id"] for u in ctx.directory.users_with_role(body.organization_id, role)}
    session.add_all(
        Notification(
            organization_id=body.organization_id,
            user_id=user_id,
            kind=body.kind,
            title=body.title,
            body=body.body,
            data=body.data,
        )
        for user_id in sorted(recipients)
    )
    return len(recipients)
