from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from omni_common.db.base import MYSQL_TABLE_ARGS, TenantMixin, UTCDateTime, id_column, utcnow
from presence.database import Base


class ParticipantErasure(TenantMixin, Base):
    """A participant's erasure (SPEC §6.5): presence's part done when the row is made, in the same
    transaction; each other service's part is a step its worker task marks done."""

    __tablename__ = "participant_erasure"
    __table_args__ = (UniqueConstraint("organization_id", "participant_id"), MYSQL_TABLE_ARGS)

    id: Mapped[str] = id_column()
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"))
    requested_by: Mapped[str] = mapped_column(String(36))
    # The groups the participant ever belonged to or was recorded in: reporting removes the report
    # files of those groups (their registers and rolls named the participant).
    group_ids: Mapped[list[Any]]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the last service answered that it had erased its part.
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ErasureStep(TenantMixin, Base):
    """Another service's part of an erasure, asked by presence's worker until it answers 2xx."""

    __tablename__ = "participant_erasure_step"
    __table_args__ = (UniqueConstraint("erasure_id", "service"), MYSQL_TABLE_ARGS)

    id: Mapped[str] = id_column()
    erasure_id: Mapped[str] = mapped_column(ForeignKey("participant_erasure.id"))
    service: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Why the last attempt failed (a status or an error's kind; never a personal value).
    last_error: Mapped[str | None] = mapped_column(String(200))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
