from datetime import datetime
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from identity.database import Base
from omni_common.db.base import MYSQL_TABLE_ARGS, UTCDateTime, utcnow


class SigningKey(Base):
    """A token-signing key pair. The newest unretired key signs; retired keys stay published
    until the tokens they signed have expired."""

    __tablename__ = "signing_key"
    __table_args__ = MYSQL_TABLE_ARGS

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    algorithm: Mapped[str] = mapped_column(String(16))
    # PKCS#8 PEM, encrypted with a password derived from OMNI_SECRET_KEY.
    private_key_pem: Mapped[str] = mapped_column(Text)
    public_jwk: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
