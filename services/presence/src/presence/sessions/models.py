from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from omni_common.db.base import MYSQL_TABLE_ARGS, TenantMixin, TimestampMixin, UTCDateTime, id_column
from presence.database import Base


class Series(TenantMixin, TimestampMixin, Base):
    """A recurring session: its rule, in the organization's local time; its occurrences are rows of
    ``presence_session`` made when the series is created or edited."""

    __tablename__ = "session_series"
    __table_args__ = MYSQL_TABLE_ARGS

    id: Mapped[str] = id_column()
    group_id: Mapped[str] = mapped_column(ForeignKey("participant_group.id"), index=True)
    timezone: Mapped[str] = mapped_column(String(64))
    repeat: Mapped[dict[str, Any]]
    # Local wall-clock start ("09:00") and length, kept so 09:00 stays 09:00 across DST.
    local_start: Mapped[str] = mapped_column(String(5))
    duration_minutes: Mapped[int] = mapped_column(Integer)


class Session(TenantMixin, TimestampMixin, Base):
    """A lesson, sitting, shift, round or meeting of one group."""

    __tablename__ = "presence_session"
    __table_args__ = (
        Index("ix_presence_session_org_start", "organization_id", "starts_at"),
        Index("ix_presence_session_group_start", "group_id", "starts_at"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[str] = id_column()
    group_id: Mapped[str] = mapped_column(ForeignKey("participant_group.id"))
    series_id: Mapped[str | None] = mapped_column(ForeignKey("session_series.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    location: Mapped[str | None] = mapped_column(String(200))
    mode: Mapped[str] = mapped_column(String(16), default="roll_call")
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    notes: Mapped[str | None] = mapped_column(Text)
