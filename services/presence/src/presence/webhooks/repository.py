"""The queries webhooks and their deliveries are read, claimed and changed with."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal
from omni_common.tenancy import select_in_org, select_scoped
from presence.webhooks.models import Webhook, WebhookDelivery


def active(db: DbSession, organization_id: str) -> list[Webhook]:
    return list(db.scalars(select_in_org(Webhook, organization_id).where(Webhook.active.is_(True))))


def get(db: DbSession, principal: Principal, webhook_id: str, *, for_update: bool = False) -> Webhook | None:
    stmt = select_scoped(Webhook, principal).where(Webhook.id == webhook_id)
    return db.scalars(stmt.with_for_update() if for_update else stmt).one_or_none()


def page(db: DbSession, principal: Principal, after: str | None, limit: int) -> list[Webhook]:
    stmt = select_scoped(Webhook, principal)
    if after:
        stmt = stmt.where(Webhook.id > after)
    return list(db.scalars(stmt.order_by(Webhook.id).limit(limit + 1)))


def deliveries(db: DbSession, webhook: Webhook, before: str | None, limit: int) -> list[WebhookDelivery]:
    """Newest first, ``limit + 1`` of them."""
    stmt = select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook.id)
    if before:
        stmt = stmt.where(WebhookDelivery.id < before)
    return list(db.scalars(stmt.order_by(WebhookDelivery.id.desc()).limit(limit + 1)))


def delivery(db: DbSession, webhook: Webhook, delivery_id: str) -> WebhookDelivery | None:
    return db.scalars(
        select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook.id, WebhookDelivery.id == delivery_id)
    ).one_or_none()


def deliveries_with_targets(db: DbSession, delivery_ids: list[str]) -> list:
    """Plain rows (id, message_id, payload, url, secret): what sending each delivery needs."""
    return list(
        db.execute(
            select(WebhookDelivery.id, WebhookDelivery.message_id, WebhookDelivery.payload, Webhook.url, Webhook.secret)
            .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
            .where(WebhookDelivery.id.in_(delivery_ids))
        )
    )


def locked_deliveries(db: DbSession, delivery_ids, lease: datetime) -> dict[str, WebhookDelivery]:
    """Those of ``delivery_ids`` still held by ``lease`` (one redelivered meanwhile is not)."""
    rows = db.scalars(
        select(WebhookDelivery)
        .where(WebhookDelivery.id.in_(delivery_ids), WebhookDelivery.lease_until == lease)
        .with_for_update()
    )
    return {d.id: d for d in rows}


def mark_delivered(db: DbSession, delivery_ids: list[str], status: int, now: datetime, lease: datetime) -> None:
    """Deliveries the target accepted with ``status``, in one statement: those still held by the
    lease they were sent under (a redelivery asked for while one was on its way stands)."""
    db.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id.in_(delivery_ids), WebhookDelivery.lease_until == lease)
        .values(
            status="delivered",
            attempts=WebhookDelivery.attempts + 1,
            response_status=status,
            delivered_at=now,
            next_attempt_at=None,
            last_error=None,
            lease_until=None,
        )
        .execution_options(synchronize_session=False)
    )


def claim_due(db: DbSession, now: datetime, lease: timedelta, limit: int) -> tuple[list[str], datetime | None]:
    """Take the deliveries due now (across organizations, the longest waiting first) that no live
    worker holds: one conditional UPDATE leases them all, committed before anything is sent. The
    lease's end carries a random fraction of a second of its own, so the deliveries this claim took
    are exactly those that hold it afterwards (another worker's claim took the rest). The ids taken,
    and the lease's end."""
    due = db.scalars(
        select(WebhookDelivery.id)
        .where(
            WebhookDelivery.status == "pending",
            WebhookDelivery.next_attempt_at <= now,
            or_(WebhookDelivery.lease_until.is_(None), WebhookDelivery.lease_until < now),
        )
        .order_by(WebhookDelivery.next_attempt_at)
        .limit(limit)
    ).all()
    if not due:
        return [], None
    until = now + lease + timedelta(microseconds=random.randrange(1, 1_000_000))
    db.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.id.in_(due),
            WebhookDelivery.status == "pending",
            or_(WebhookDelivery.lease_until.is_(None), WebhookDelivery.lease_until < now),
        )
        .values(lease_until=until)
        .execution_options(synchronize_session=False)
    )
    taken = db.scalars(
        select(WebhookDelivery.id).where(WebhookDelivery.id.in_(due), WebhookDelivery.lease_until == until)
    )
    return list(taken), until


def remove(db: DbSession, webhook: Webhook) -> None:
    db.execute(delete(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook.id))
    db.delete(webhook)
