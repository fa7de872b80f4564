"""Webhooks (SPEC §4.8): an organization's administrators register targets for events; each
delivery is signed, retried and logged (webhooks/delivery.py). A target is checked when it is
saved (a URL leading inside a network → 422 naming `url`) and again at every delivery."""

from __future__ import annotations

import base64
import secrets

from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal
from omni_common.db.base import utcnow
from omni_common.errors import Invalid, NotFound
from omni_common.ids import new_id
from omni_common.pagination import Page, cursor_key, page_of
from presence.context import PresenceContext
from presence.webhooks import guard, repository
from presence.webhooks.models import Webhook, WebhookDelivery
from presence.webhooks.schemas import DeliveryOut, WebhookCreate, WebhookCreated, WebhookOut, WebhookPatch


def _check_url(ctx: PresenceContext, url: str) -> None:
    try:
        guard.check(url, https_only=ctx.settings.is_production, test_hosts=ctx.settings.webhook_test_host_map)
    except guard.Refused as refused:
        raise Invalid.field("url", str(refused), "not_allowed") from None
    except guard.Unresolved:
        pass  # a name that does not resolve now is checked again at every delivery


def _snapshot(webhook: Webhook) -> dict:
    return WebhookOut.model_validate(webhook).model_dump(mode="json", exclude={"id", "created_at"})


def create(db: DbSession, ctx: PresenceContext, principal: Principal, body: WebhookCreate) -> WebhookCreated:
    _check_url(ctx, body.url)
    secret = "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
    webhook = Webhook(
        organization_id=principal.organization_id,
        url=body.url,
        events=[e.value for e in dict.fromkeys(body.events)],
        active=body.active,
        secret=secret,
        created_by=principal.user_id,
    )
    db.add(webhook)
    db.flush()
    ctx.audit.record(
        db,
        organization_id=principal.organization_id,
        entity="webhook",
        entity_id=webhook.id,
        action="create",
        after=_snapshot(webhook),
        actor_id=principal.user_id,
    )
    return WebhookCreated(**WebhookOut.model_validate(webhook).model_dump(), secret=secret)


def get(db: DbSession, principal: Principal, webhook_id: str, *, for_update: bool = False) -> Webhook:
    webhook = repository.get(db, principal, webhook_id, for_update=for_update)
    if webhook is None:
        raise NotFound()
    return webhook


def list_webhooks(db: DbSession, principal: Principal, cursor: str | None, limit: int) -> Page[WebhookOut]:
    key = cursor_key(cursor, str)
    rows = repository.page(db, principal, key[0] if key else None, limit)
    return page_of([WebhookOut.model_validate(w) for w in rows], limit, lambda w: [w.id])


def update(db: DbSession, ctx: PresenceContext, principal: Principal, webhook_id: str, patch: WebhookPatch) -> Webhook:
    webhook = get(db, principal, webhook_id, for_update=True)
    before = _snapshot(webhook)
    changes = patch.model_dump(exclude_unset=True)
    if changes.get("url"):
        _check_url(ctx, changes["url"])
        webhook.url = changes["url"]
    if changes.get("events"):
        webhook.events = [e.value for e in dict.fromkeys(patch.events)]
    if changes.get("active") is not None:
        webhook.active = changes["active"]
    db.flush()
    ctx.audit.record_update(
        db,
        organization_id=principal.organization_id,
        entity="webhook",
        entity_id=webhook.id,
        before=before,
        after=_snapshot(webhook),
        actor_id=principal.user_id,
    )
    return webhook


def delete(db: DbSession, ctx: PresenceContext, principal: Principal, webhook_id: str) -> None:
    """Remove the target and its delivery log (the audit log keeps that it was there)."""
    webhook = get(db, principal, webhook_id, for_update=True)
    ctx.audit.record(
        db,
        organization_id=principal.organization_id,
        entity="webhook",
        entity_id=webhook.id,
        action="delete",
        before=_snapshot(webhook),
        actor_id=principal.user_id,
    )
    repository.remove(db, webhook)


def deliveries(
    db: DbSession, principal: Principal, webhook_id: str, cursor: str | None, limit: int
) -> Page[DeliveryOut]:
    webhook = get(db, principal, webhook_id)
    key = cursor_key(cursor, str)
    rows = repository.deliveries(db, webhook, key[0] if key else None, limit)
    return page_of([DeliveryOut.model_validate(d) for d in rows], limit, lambda d: [d.id])


def send_test(db: DbSession, ctx: PresenceContext, principal: Principal, webhook_id: str) -> DeliveryOut:
    """A `webhook.test` delivery to this target now, whatever events it wants."""
    webhook = get(db, principal, webhook_id)
    now = utcnow()
    delivery = WebhookDelivery(
        organization_id=principal.organization_id,
        webhook_id=webhook.id,
        event="webhook.test",
        message_id=f"msg_{new_id().replace('-', '')}",
        payload={"type": "webhook.test", "timestamp": now.isoformat(), "data": {"webhook_id": webhook.id}},
        status="pending",
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    db.add(delivery)
    db.flush()
    ctx.outbox.enqueue(db, "presence.deliver_webhooks")
    return DeliveryOut.model_validate(delivery)


def redeliver(
    db: DbSession, ctx: PresenceContext, principal: Principal, webhook_id: str, delivery_id: str
) -> DeliveryOut:
    """Send a delivery again now, whatever became of it (the same webhook-id: a receiver that has it
    can drop it), with a day of retries from now."""
    webhook = get(db, principal, webhook_id)
    delivery = repository.delivery(db, webhook, delivery_id)
    if delivery is None:
        raise NotFound()
    now = utcnow()
    delivery.status, delivery.next_attempt_at, delivery.lease_until, delivery.created_at = "pending", now, None, now
    ctx.audit.record(
        db,
        organization_id=principal.organization_id,
        entity="webhook_delivery",
        entity_id=delivery.id,
        action="redeliver",
        actor_id=principal.user_id,
    )
    ctx.outbox.enqueue(db, "presence.deliver_webhooks")
    return DeliveryOut.model_validate(delivery)
