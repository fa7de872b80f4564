from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from identity.database import Base
from omni_common.db.base import MYSQL_TABLE_ARGS, UTCDateTime, id_column, utcnow


class RecoveryCode(Base):
    """A two-factor recovery code, by its SHA-256 (the codes are random, so a fast hash suffices).
    Shown once when two-factor is enabled; each works once in place of a code from the app."""

    __tablename__ = "recovery_code"
    __table_args__ = MYSQL_TABLE_ARGS

    id: Mapped[str] = id_column()
    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
