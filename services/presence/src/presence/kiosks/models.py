from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from omni_common.db.base import MYSQL_TABLE_ARGS, TenantMixin, UTCDateTime, id_column, utcnow
from presence.database import Base


class Kiosk(TenantMixin, Base):
    """A shared device at a door, unlocked by staff for some sessions with a token only it holds
    (stored here as a hash): it can do nothing but check people in and out of those sessions."""

    __tablename__ = "kiosk"
    __table_args__ = (Index("ix_kiosk_org_creator", "organization_id", "created_by"), MYSQL_TABLE_ARGS)

    id: Mapped[str] = id_column()
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(String(36))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class KioskSession(TenantMixin, Base):
    """A session a kiosk serves."""

    __tablename__ = "kiosk_session"
    __table_args__ = MYSQL_TABLE_ARGS

    kiosk_id: Mapped[str] = mapped_column(ForeignKey("kiosk.id"), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("presence_session.id"), primary_key=True, index=True)


class KioskAttempt(TenantMixin, Base):
    """Every scan at a kiosk, whatever came of it: the log admins read, and what a badge's PIN
    lock is counted from."""

    __tablename__ = "kiosk_attempt"
    __table_args__ = (
        Index("ix_kiosk_attempt_kiosk_at", "kiosk_id", "at"),
        Index("ix_kiosk_attempt_participant_at", "organization_id", "participant_id", "at"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[str] = id_column()
    kiosk_id: Mapped[str] = mapped_column(ForeignKey("kiosk.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # What was typed or scanned (cut to the column's length).
    badge: Mapped[str] = mapped_column(String(100))
    # checked_in, checked_out, unknown_badge, wrong_pin, locked, not_expected
    outcome: Mapped[str] = mapped_column(String(16))
    participant_id: Mapped[str | None] = mapped_column(String(36))
    session_id: Mapped[str | None] = mapped_column(String(36))
