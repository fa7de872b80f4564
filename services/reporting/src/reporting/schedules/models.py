from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from omni_common.db.base import MYSQL_TABLE_ARGS, TenantMixin, TimestampMixin, UTCDateTime, id_column
from reporting.database import Base


class ReportSchedule(TenantMixin, TimestampMixin, Base):
    """A report built again and again (a weekly register every Monday 07:00 in the
    organization's timezone), delivered to whoever set it up as a notification."""

    __tablename__ = "report_schedule"
    __table_args__ = (Index("ix_report_schedule_due", "is_active", "next_run_at"), MYSQL_TABLE_ARGS)

    id: Mapped[str] = id_column()
    created_by: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(32))
    format: Mapped[str] = mapped_column(String(8))
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # daily or weekly; weekly on one weekday ("mo" … "su"), at a local wall-clock time ("07:00").
    frequency: Mapped[str] = mapped_column(String(8))
    weekday: Mapped[str | None] = mapped_column(String(2))
    time_of_day: Mapped[str] = mapped_column(String(5))
    # The period each run reports on: the days before the run's day.
    lookback_days: Mapped[int] = mapped_column(Integer, default=7)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    next_run_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Deleting keeps the row (its reports still name it) and makes a second DELETE a no-op.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
