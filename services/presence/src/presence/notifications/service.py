"""In-app notifications (SPEC §4.7): sending never blocks recording — other services send them
through an internal route, after their own work has committed."""

from __future__ import annotations

from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal
from omni_common.db.base import utcnow
from omni_common.db.database import after_commit
from omni_common.errors import NotFound
from omni_common.pagination import cursor_key, page_of
from presence.context import PresenceContext
from presence.notifications import repository
from presence.notifications.models import Notification
from presence.notifications.schemas import NotificationOut, NotificationPage, NotifyIn


def list_notifications(
    session: Session, principal: Principal, *, unread_only: bool, cursor: str | None, limit: int
) -> NotificationPage:
    """Newest first, with how many are unread."""
    key = cursor_key(cursor)
    rows = repository.page(
        session, principal, unread_only=unread_only, before=str(key[0]) if key else None, limit=limit
    )
    page = page_of([NotificationOut.model_validate(n) for n in rows], limit, lambda n: [n.id])
    return NotificationPage(
        items=page.items, next_cursor=page.next_cursor, unread=repository.unread_count(session, principal)
    )


def mark_read(session: Session, principal: Principal, notification_id: str) -> Notification:
    notification = repository.mine(session, principal, notification_id)
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
    made = [
        Notification(
            organization_id=body.organization_id,
            user_id=user_id,
            kind=body.kind,
            title=body.title,
            body=body.body,
            data=body.data,
        )
        for user_id in sorted(recipients)
    ]
    session.add_all(made)
    session.flush()
    # The bell of whoever has the app open rings at once (GET /api/events without a session).
    out = [(n.user_id, NotificationOut.model_validate(n).model_dump(mode="json")) for n in made]
    after_commit(session, lambda: [ctx.events.notification(user_id, 0, data) for user_id, data in out])
    return len(recipients)
