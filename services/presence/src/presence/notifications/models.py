from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from omni_common.db.base import MYSQL_TABLE_ARGS, TenantMixin, UTCDateTime, id_column, utcnow
from presence.database import Base


class Notification(TenantMixin, Base):
    """A message to one user in the app (the bell): a conflict flagged, a report ready, ..."""

    __tablename__ = "notification"
    __table_args__ = (
        Index("ix_notification_user", "organization_id", "user_id", "id"),
        Index("ix_notification_unsent", "emailed", "created_at"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[str] = id_column()
    user_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str | None] = mapped_column(Text)
    # The web app's screen that deals with it (a path: /admin/sync-conflicts, /participants/...).
    link: Mapped[str | None] = mapped_column(String(500))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Whether its email went (or was not to go): mails are digests, sent by the worker.
    emailed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class NotificationRules(Base):
    """An organization's rules (SPEC §4.7); a row is made with the defaults when first read."""

    __tablename__ = "notification_rules"
    __table_args__ = MYSQL_TABLE_ARGS

    organization_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    below_threshold: Mapped[bool] = mapped_column(Boolean, default=True)
    absent_in_a_row: Mapped[int | None] = mapped_column(Integer, default=3)
    register_not_taken_after_minutes: Mapped[int | None] = mapped_column(Integer, default=15)
    absent_to_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    email: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class NotificationPreference(TenantMixin, Base):
    """A user's choice not to get one kind of notification by email (the bell always shows it)."""

    __tablename__ = "notification_preference"
    __table_args__ = (UniqueConstraint("user_id", "kind"), MYSQL_TABLE_ARGS)

    id: Mapped[str] = id_column()
    user_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(64))
    email: Mapped[bool] = mapped_column(Boolean)


class AlertState(TenantMixin, Base):
    """Whether a rule stands crossed for one participant or session, so that it fires once at its
    crossing and not again until it has been uncrossed."""

    __tablename__ = "alert_state"
    __table_args__ = (UniqueConstraint("organization_id", "rule", "subject_id"), MYSQL_TABLE_ARGS)

    id: Mapped[str] = id_column()
    rule: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str] = mapped_column(String(36))
    active: Mapped[bool] = mapped_column(Boolean)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ContactMail(TenantMixin, Base):
    """An email to a participant's contact address (absent_to_contact), sent by the worker."""

    __tablename__ = "contact_mail"
    __table_args__ = (Index("ix_contact_mail_unsent", "sent_at", "created_at"), MYSQL_TABLE_ARGS)

    id: Mapped[str] = id_column()
    participant_id: Mapped[str] = mapped_column(String(36))
    email: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class FeedCursor(Base):
    """How far presence's worker has followed an organization's change feed (notification rules
    and webhooks act on every version after it)."""

    __tablename__ = "feed_cursor"
    __table_args__ = MYSQL_TABLE_ARGS

    organization_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    position: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
