from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from omni_common.db.base import MYSQL_TABLE_ARGS, TenantMixin, UTCDateTime, utcnow
from presence.database import Base


class SessionTally(TenantMixin, Base):
    """What one session's register came to once retention purged its records: how many were marked
    in each state, checked in and out, and expected — a group's figures for that session's period,
    never anyone's own. Statistics and Today read these beside the records still held."""

    __tablename__ = "session_tally"
    __table_args__ = MYSQL_TABLE_ARGS

    session_id: Mapped[str] = mapped_column(ForeignKey("presence_session.id"), primary_key=True)
    group_id: Mapped[str] = mapped_column(String(36))
    # State code -> how many records of the session were in it when purged.
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    marked: Mapped[int] = mapped_column(Integer, default=0)
    # Members while the session ran and walk-ins recorded in it, when its first records were purged.
    expected: Mapped[int] = mapped_column(Integer, default=0)
    checked_in: Mapped[int] = mapped_column(Integer, default=0)
    in_now: Mapped[int] = mapped_column(Integer, default=0)
    checked_out: Mapped[int] = mapped_column(Integer, default=0)
    folded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
