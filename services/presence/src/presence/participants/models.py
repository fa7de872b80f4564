from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from omni_common.db.base import MYSQL_TABLE_ARGS, TenantMixin, TimestampMixin, UTCDateTime, id_column
from presence.database import Base


class Participant(TenantMixin, TimestampMixin, Base):
    """A person whose presence is recorded: a student, guest, employee, resident or member."""

    __tablename__ = "participant"
    __table_args__ = (UniqueConstraint("organization_id", "external_ref"), MYSQL_TABLE_ARGS)

    id: Mapped[str] = id_column()
    name: Mapped[str] = mapped_column(String(200))
    # Student number, booking reference, employee id: unique in the organization when given.
    external_ref: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(50))
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Added on the spot to one session's roster (a guest, a temporary student), not a group member;
    # an administrator later merges them into an existing participant or keeps them.
    walk_in: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # A kiosk asks for this PIN with the participant's badge (Argon2id hash; never shown). Setting
    # it again lifts a lock: wrong PINs are counted from when it was set.
    pin_hash: Mapped[str | None] = mapped_column(String(255))
    pin_set_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Erased (SPEC §6.5): every personal value is gone, the name is a neutral label; the row stays
    # with its id so the registers and statistics it is part of stay whole.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
