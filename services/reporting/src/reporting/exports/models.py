from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from omni_common.db.base import MYSQL_TABLE_ARGS, TenantMixin, UTCDateTime, id_column, utcnow
from reporting.database import Base


class OrganizationExport(TenantMixin, Base):
    """An administrator's export of the whole organization: a ZIP a worker builds from every
    service (a manifest and one JSON Lines file per entity), downloadable until it expires."""

    __tablename__ = "organization_export"
    __table_args__ = (
        Index("ix_organization_export_org", "organization_id", "id"),
        Index("ix_organization_export_status_lease", "status", "lease_until"),
        Index("ix_organization_export_expires_at", "expires_at"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[str] = id_column()
    requested_by: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    progress: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Builds so far, and until when the current one holds the export (as a report's build).
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    file_key: Mapped[str | None] = mapped_column(String(255))
    file_name: Mapped[str | None] = mapped_column(String(255))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
