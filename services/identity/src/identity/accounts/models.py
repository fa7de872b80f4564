from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from identity.database import Base
from omni_common.db.base import MYSQL_TABLE_ARGS, TenantMixin, UTCDateTime, id_column, utcnow


class AccountToken(TenantMixin, Base):
    """A single-use, expiring secret sent to someone: an invitation link, a password-reset link, a
    one-time invitation code for an external participant, or a two-factor enrolment at sign-in.
    Only the SHA-256 of the secret is kept; the secret itself exists only in the mail or answer."""

    __tablename__ = "account_token"
    __table_args__ = (Index("ix_account_token_user_purpose", "user_id", "purpose"), MYSQL_TABLE_ARGS)

    id: Mapped[str] = id_column()
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # invitation | password_reset | invitation_code | two_factor_enrolment | email_change
    purpose: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id"))
    # An invitation code names the account it will create: a name and the participant record.
    full_name: Mapped[str | None] = mapped_column(String(200))
    participant_id: Mapped[str | None] = mapped_column(String(36))
    created_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
