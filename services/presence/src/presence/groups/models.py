from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from omni_common.db.base import MYSQL_TABLE_ARGS, TenantMixin, TimestampMixin, UTCDateTime, id_column, utcnow
from presence.database import Base


class Group(TenantMixin, TimestampMixin, Base):
    """A class, event, team, ward or club: its members are who a session's roster lists."""

    __tablename__ = "participant_group"
    __table_args__ = (Index("ix_participant_group_org_name", "organization_id", "name"), MYSQL_TABLE_ARGS)

    id: Mapped[str] = id_column()
    name: Mapped[str] = mapped_column(String(200))
    domain: Mapped[str] = mapped_column(String(32))
    description: Mapped[str | None] = mapped_column(Text)
    # Behaviour by configuration (grace minutes for lateness, the state closing auto-marks with ...).
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Membership(TenantMixin, Base):
    """A participant in a group from ``starts_at`` until ``ends_at``: removing ends it, so a past
    session's roster still shows who was a member then."""

    __tablename__ = "group_membership"
    __table_args__ = (
        Index("ix_group_membership_group_period", "group_id", "ends_at", "starts_at"),
        Index("ix_group_membership_participant", "participant_id", "group_id"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[str] = id_column()
    group_id: Mapped[str] = mapped_column(ForeignKey("participant_group.id"))
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class StaffAssignment(TenantMixin, Base):
    """A user who may see and record for a group, optionally only between two dates (a cover teacher)."""

    __tablename__ = "staff_assignment"
    __table_args__ = (Index("ix_staff_assignment_user", "organization_id", "user_id", "group_id"), MYSQL_TABLE_ARGS)

    id: Mapped[str] = id_column()
    group_id: Mapped[str] = mapped_column(ForeignKey("participant_group.id"), index=True)
    user_id: Mapped[str] = mapped_column(String(36))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    # The same dates as instants (the organization's local midnights), so that whether a session
    # falls within the assignment is one comparison in SQL.
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
