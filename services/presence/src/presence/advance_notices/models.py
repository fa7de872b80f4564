from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from omni_common.db.base import MYSQL_TABLE_ARGS, TenantMixin, TimestampMixin, UTCDateTime, id_column
from presence.database import Base


class AdvanceNotice(TenantMixin, TimestampMixin, Base):
    """An absence known beforehand (a sick note, leave, apologies) for a range of days: staff record
    one approved; a participant requests one that an administrator approves or rejects. Once
    approved it pre-fills the participant's unmarked records of the range's sessions."""

    __tablename__ = "advance_notice"
    __table_args__ = (
        Index("ix_advance_notice_org_status", "organization_id", "status"),
        Index("ix_advance_notice_org_participant", "organization_id", "participant_id"),
        Index("ix_advance_notice_org_range", "organization_id", "to_date", "from_date"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[str] = id_column()
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"))
    # Days in the organization's timezone, both included.
    from_date: Mapped[date] = mapped_column(Date)
    to_date: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    # requested, approved or rejected
    status: Mapped[str] = mapped_column(String(16))
    requested_by: Mapped[str] = mapped_column(String(36))
    decided_by: Mapped[str | None] = mapped_column(String(36))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
