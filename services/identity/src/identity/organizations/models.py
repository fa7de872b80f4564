from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from identity.database import Base
from omni_common.db.base import MYSQL_TABLE_ARGS, TimestampMixin, UTCDateTime, id_column


class Organization(TimestampMixin, Base):
    __tablename__ = "organization"
    __table_args__ = MYSQL_TABLE_ARGS

    id: Mapped[str] = id_column()
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    domains: Mapped[list[Any]]
    session_inactivity_minutes: Mapped[int] = mapped_column(Integer, default=30)
    attendance_threshold_percent: Mapped[int] = mapped_column(Integer, default=90)
    # Administrators must sign in with two-factor; one without it enrols at their next sign-in.
    require_admin_two_factor: Mapped[bool] = mapped_column(Boolean, default=False)
    # Days presence data (by their session's end) and report files (by their completion) are kept
    # before beat purges them; None keeps them for ever (SPEC §6.5).
    presence_retention_days: Mapped[int | None] = mapped_column(Integer)
    report_retention_days: Mapped[int | None] = mapped_column(Integer)
    # Closed by an administrator: every login refused from then on, its data purged in every service
    # OMNI_CLOSED_ORG_PURGE_DAYS later; what is left here after that purge is this row, its name
    # blanked, as the tombstone the other services' purges are told from.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by: Mapped[str | None] = mapped_column(String(36))
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "timezone": self.timezone,
            "domains": list(self.domains),
            "session_inactivity_minutes": self.session_inactivity_minutes,
            "attendance_threshold_percent": self.attendance_threshold_percent,
            "require_admin_two_factor": self.require_admin_two_factor,
            "presence_retention_days": self.presence_retention_days,
            "report_retention_days": self.report_retention_days,
        }
