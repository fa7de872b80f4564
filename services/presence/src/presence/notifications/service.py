"""Notifications (SPEC §4.7): the bell, the organization's rules and each person's email choices.

Everything that tells people goes through `send`: presence's own rules (run on its worker, after
the marks that set them off have committed — notifications/evaluation.py), other services through
the internal route (a conflict flagged, a report ready), and advance notices. A notification shows
in the bell at once (live through the event stream); its email goes later as a digest
(notifications/mail.py). Some kinds are also webhook events (SPEC §4.8).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal
from omni_common.db.base import utcnow
from omni_common.db.database import after_commit
from omni_common.errors import Invalid, NotFound
from omni_common.pagination import cursor_key, page_of
from presence.context import PresenceContext
from presence.notifications import repository
from presence.notifications.kinds import KINDS, LINKS, WEBHOOK_EVENTS
from presence.notifications.models import Notification
from presence.notifications.schemas import (
    NotificationOut,
    NotificationPage,
    NotifyIn,
    Preferences,
    RulesOut,
    RulesPatch,
)
from presence.webhooks.delivery import emit


def list_notifications(
    session: Session, principal: Principal, *, unread_only: bool, cursor: str | None, limit: int
) -> NotificationPage:
    """Newest first, with how many are unread."""
    key = cursor_key(cursor, str)
    rows = repository.page(session, principal, unread_only=unread_only, before=key[0] if key else None, limit=limit)
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


def mark_all_read(session: Session, principal: Principal) -> dict:
    return {"read": repository.mark_all_read(session, principal, utcnow()), "unread": 0}


def send(
    session: Session,
    ctx: PresenceContext,
    organization_id: str,
    user_ids: set[str],
    *,
    kind: str,
    title: str,
    body: str | None = None,
    link: str | None = None,
    data: dict | None = None,
) -> int:
    """One notification per recipient, in this transaction; the bell rings when it commits."""
    made = [
        Notification(
            organization_id=organization_id,
            user_id=user_id,
            kind=kind,
            title=title,
            body=body,
            link=link or LINKS.get(kind),
            data=data or {},
        )
        for user_id in sorted(user_ids)
    ]
    session.add_all(made)
    session.flush()
    out = [(n.user_id, NotificationOut.model_validate(n).model_dump(mode="json")) for n in made]
    after_commit(session, lambda: [ctx.events.notification(user_id, 0, payload) for user_id, payload in out])
    return len(made)


def notify(session: Session, ctx: PresenceContext, body: NotifyIn) -> int:
    """From another service: to these users, or to every active user with these roles; a kind that
    is a webhook event (a conflict flagged, a report ready) goes to the organization's targets too."""
    recipients = set(body.user_ids)
    for role in body.roles:
        recipients |= {u["id"] for u in ctx.directory.users_with_role(body.organization_id, role)}
    sent = send(
        session,
        ctx,
        body.organization_id,
        recipients,
        kind=body.kind,
        title=body.title,
        body=body.body,
        link=body.link,
        data=body.data,
    )
    if body.kind in WEBHOOK_EVENTS:
        emit(session, ctx, body.organization_id, WEBHOOK_EVENTS[body.kind], {**body.data, "title": body.title})
    return sent


# --- the organization's rules --------------------------------------------------------------------


def rules(session: Session, principal: Principal) -> RulesOut:
    return RulesOut.model_validate(repository.rules(session, principal.organization_id))


def update_rules(session: Session, ctx: PresenceContext, principal: Principal, patch: RulesPatch) -> RulesOut:
    found = repository.rules(session, principal.organization_id, for_update=True)
    before = RulesOut.model_validate(found).model_dump()
    changes = patch.model_dump(exclude_unset=True)
    for name in ("below_threshold", "absent_to_contact", "email"):
        if name in changes and changes[name] is None:
            raise Invalid.field(name, "Say true or false.", "required")
    for name, value in changes.items():
        setattr(found, name, value)
    session.flush()
    after = RulesOut.model_validate(found)
    ctx.audit.record_update(
        session,
        organization_id=principal.organization_id,
        entity="notification_rules",
        entity_id=principal.organization_id,
        before=before,
        after=after.model_dump(),
        actor_id=principal.user_id,
    )
    return after


# --- my email choices ----------------------------------------------------------------------------


def preferences(session: Session, principal: Principal) -> Preferences:
    mine = repository.preferences(session, principal)
    return Preferences(email={kind: mine[kind].email if kind in mine else True for kind in KINDS})


def update_preferences(session: Session, ctx: PresenceContext, principal: Principal, body: Preferences) -> Preferences:
    unknown = [kind for kind in body.email if kind not in KINDS]
    if unknown:
        raise Invalid.field(f"email.{unknown[0]}", "No such kind of notification.", "unknown_field")
    before = preferences(session, principal).email
    mine = repository.preferences(session, principal)
    for kind, wanted in body.email.items():
        if kind in mine:
            mine[kind].email = wanted
        else:
            session.add(repository.new_preference(principal, kind, wanted))
    session.flush()
    after = preferences(session, principal)
    ctx.audit.record_update(
        session,
        organization_id=principal.organization_id,
        entity="notification_preferences",
        entity_id=principal.user_id,
        before=before,
        after=after.email,
        actor_id=principal.user_id,
    )
    return after
