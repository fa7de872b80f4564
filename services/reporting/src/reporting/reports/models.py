from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from omni_common.db.base import MYSQL_TABLE_ARGS, TenantMixin, UTCDateTime, id_column, utcnow
from reporting.database import Base


class Report(TenantMixin, Base):
    """A report someone asked for: built by a worker, downloadable when completed."""

    __tablename__ = "report"
    __table_args__ = (Index("ix_report_org_requester", "organization_id", "requested_by", "id"), MYSQL_TABLE_ARGS)

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
