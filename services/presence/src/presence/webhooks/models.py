from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from omni_common.db.base import MYSQL_TABLE_ARGS, TenantMixin, TimestampMixin, UTCDateTime, id_column, utcnow
from presence.database import Base


class Webhook(TenantMixin, TimestampMixin, Base):
    """An organization's target for events (SPEC §4.8): signed deliveries to an HTTPS URL."""

    __tablename__ = "webhook"
    __table_args__ = MYSQL_TABLE_ARGS

    id: Mapped[str] = id_column()
    url: Mapped[str] = mapped_column(String(2000))
    events: Mapped[list[Any]]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The signing secret (Standard Webhooks' whsec_…), shown once when made.
    secret: Mapped[str] = mapped_column(String(100))
    created_by: Mapped[str] = mapped_column(String(36))


class WebhookDelivery(TenantMixin, Base):
    """One event for one target: sent by the worker, retried with backoff for a day, logged."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        Index("ix_webhook_delivery_due", "status", "next_attempt_at"),
        Index("ix_webhook_delivery_webhook", "webhook_id", "created_at"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[str] = id_column()
    webhook_id: Mapped[str] = mapped_column(ForeignKey("webhook.id"))
    event: Mapped[str] = mapped_column(String(32))
    # The webhook-id header: the same on every attempt, so a receiver can drop a repeat.
    message_id: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]]
    # pending, delivered or failed
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    response_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A worker sending it holds it until then (one that died leaves it to be taken again).
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
