from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from identity.database import Base
from omni_common.db.base import MYSQL_TABLE_ARGS, TenantMixin, TimestampMixin, UTCDateTime, id_column


class User(TenantMixin, TimestampMixin, Base):
    __tablename__ = "user_account"
    __table_args__ = MYSQL_TABLE_ARGS

    id: Mapped[str] = id_column()
    # Stored lower-cased: emails are unique across the system and compared case-insensitively.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # A new address asked for: it becomes `email` when the link mailed to it is followed.
    pending_email: Mapped[str | None] = mapped_column(String(254))
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    participant_id: Mapped[str | None] = mapped_column(String(36))
    # Raised on every change to what the user may do; tokens carry it, so a role change forces a refresh.
    authz_version: Mapped[int] = mapped_column(Integer, default=1)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # TOTP two-factor: the secret sealed with a key derived from OMNI_SECRET_KEY; set but not yet
    # enabled while the user is enrolling. The last time step used, so a code works only once.
    totp_secret: Mapped[str | None] = mapped_column(String(255))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_enabled_at is not None

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    def as_dict(self) -> dict:
        return {
            "email": self.email,
            "full_name": self.full_name,
            "role": self.role,
            "participant_id": self.participant_id,
            "is_active": self.is_active,
        }
