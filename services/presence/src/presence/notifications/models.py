from datetime import datetime
from typing import Any

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from omni_common.db.base import MYSQL_TABLE_ARGS, TenantMixin, UTCDateTime, id_column, utcnow
from presence.database import Base


class Notification(TenantMixin, Base):
    """A message to one user in the app (the bell): a conflict flagged, a report ready, ..."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user", "organization_id", "user_id", "id"), MYSQL_TABLE_ARGS)

    id: Mapped[str] = id_column()
    user_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
