from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from identity.database import Base
from omni_common.db.base import MYSQL_TABLE_ARGS, UTCDateTime, id_column, utcnow


class MailMessage(Base):
    """A mail to send, written in the transaction that asks for it and sent after it commits.

    Kept until sent (then its body, which may hold a link, is blanked), so a failed or lost send
    is retried by the sweeper."""

    __tablename__ = "mail_message"
    __table_args__ = (Index("ix_mail_message_pending", "sent_at", "next_attempt_at"), MYSQL_TABLE_ARGS)

    id: Mapped[str] = id_column()
    organization_id: Mapped[str | None] = mapped_column(String(36))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Given up after too many attempts; the last error says why.
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(500))
