from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from omni_common.db.base import MYSQL_TABLE_ARGS, TenantMixin, UTCDateTime, id_column, utcnow
from sync.database import Base


class SyncConflict(TenantMixin, Base):
    """A presence record two parties changed differently; every version waits here for an admin."""

    __tablename__ = "sync_conflict"
    __table_args__ = (Index("ix_sync_conflict_org_status", "organization_id", "status", "id"), MYSQL_TABLE_ARGS)

    id: Mapped[str] = id_column()
    session_id: Mapped[str] = mapped_column(String(36))
    participant_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
