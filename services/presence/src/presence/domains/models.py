from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from omni_common.db.base import MYSQL_TABLE_ARGS, TenantMixin, TimestampMixin, UTCDateTime, id_column
from presence.database import Base


class Domain(TenantMixin, TimestampMixin, Base):
    """A set of presence states and the words for participant, group and session. Presets are
    copied into each organization when it first uses presence; custom domains are made by admins."""

    __tablename__ = "domain"
    __table_args__ = (UniqueConstraint("organization_id", "code"), MYSQL_TABLE_ARGS)

    id: Mapped[str] = id_column()
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    terminology: Mapped[dict[str, Any]]
    is_preset: Mapped[bool] = mapped_column(Boolean, default=False)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # How many times its states have changed: what a writer's copy of them is checked against.
    states_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class PresenceState(TenantMixin, TimestampMixin, Base):
    __tablename__ = "presence_state"
    __table_args__ = (UniqueConstraint("organization_id", "domain", "code"), MYSQL_TABLE_ARGS)

    id: Mapped[str] = id_column()
    domain: Mapped[str] = mapped_column(String(32))
    code: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(100))
    color: Mapped[str] = mapped_column(String(7))
    category: Mapped[str] = mapped_column(String(16))
    # Weight in the attendance rate (present 1, late e.g. 0.8, absent 0); None leaves it out.
    weight: Mapped[Decimal | None] = mapped_column(Numeric(4, 3))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # Roles that may record this state; None means every role that records.
    roles: Mapped[list[Any] | None]
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
