from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from omni_common.db.base import MYSQL_TABLE_ARGS, TenantMixin, UTCDateTime, id_column, utcnow
from reporting.database import Base


class Report(TenantMixin, Base):
    """A report someone asked for (or a schedule did): built by a worker, downloadable when completed."""

    __tablename__ = "report"
    __table_args__ = (
        Index("ix_report_org_requester", "organization_id", "requested_by", "id"),
        Index("ix_report_expires_at", "expires_at"),
        Index("ix_report_status_lease", "status", "lease_until"),
        # A schedule makes one report per run, however often beat fires.
        UniqueConstraint("schedule_id", "scheduled_for"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[str] = id_column()
    requested_by: Mapped[str] = mapped_column(String(36))
    type: Mapped[str] = mapped_column(String(32))
    format: Mapped[str] = mapped_column(String(8))
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    progress: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Builds so far, and until when the current one holds the report: a second delivery of the
    # task while a build holds it changes nothing; after it, the build is taken over.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    file_key: Mapped[str | None] = mapped_column(String(255))
    file_name: Mapped[str | None] = mapped_column(String(255))
    content_type: Mapped[str | None] = mapped_column(String(100))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    schedule_id: Mapped[str | None] = mapped_column(String(36))
    scheduled_for: Mapped[datetime | None] = mapped_column(UTCDateTime)
