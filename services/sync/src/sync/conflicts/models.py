from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from omni_common.db.base import MYSQL_TABLE_ARGS, TenantMixin, UTCDateTime, id_column, utcnow
from sync.database import Base


class SyncConflict(TenantMixin, Base):
    """A presence record two parties changed differently; every version waits here for an admin."""

    __tablename__ = "sync_conflict"
    __table_args__ = (
        Index("ix_sync_conflict_org_status", "organization_id", "status", "id"),
        # At most one open conflict per record: the key is set while open, NULL once resolved.
        UniqueConstraint("organization_id", "open_key"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[str] = id_column()
    session_id: Mapped[str] = mapped_column(String(36))
    participant_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(16), default="open")
    open_key: Mapped[str | None] = mapped_column(String(80))
    # The record as the server held it (refreshed when a resolution finds it moved on).
    server: Mapped[dict[str, Any] | None]
    server_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    resolution: Mapped[dict[str, Any] | None]
    resolved_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ConflictVersion(TenantMixin, Base):
    """One device's version of a conflicting record."""

    __tablename__ = "sync_conflict_version"
    __table_args__ = (UniqueConstraint("conflict_id", "item_id"), MYSQL_TABLE_ARGS)

    id: Mapped[str] = id_column()
    conflict_id: Mapped[str] = mapped_column(ForeignKey("sync_conflict.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(36))
    mutation_id: Mapped[str] = mapped_column(String(64))
    device_id: Mapped[str] = mapped_column(String(128))
    device_name: Mapped[str | None] = mapped_column(String(100))
    user_id: Mapped[str] = mapped_column(String(36))
    state: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    check_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    check_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    client_time: Mapped[datetime] = mapped_column(UTCDateTime)
    base_version: Mapped[int | None] = mapped_column(BigInteger)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
