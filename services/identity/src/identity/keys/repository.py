"""The SQL of signing keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from identity.keys.models import SigningKey


def current(session: Session) -> list[SigningKey]:
    """Keys not retired (one, but for a moment during a rotation)."""
    return list(session.scalars(select(SigningKey).where(SigningKey.retired_at.is_(None))))


def newest_current(session: Session) -> SigningKey:
    return session.scalars(
        select(SigningKey).where(SigningKey.retired_at.is_(None)).order_by(SigningKey.created_at.desc()).limit(1)
    ).one()


def published_since(session: Session, retired_after: datetime) -> list[SigningKey]:
    """Current keys, and keys retired after ``retired_after``: newest first."""
    return list(
        session.scalars(
            select(SigningKey)
            .where(or_(SigningKey.retired_at.is_(None), SigningKey.retired_at > retired_after))
            .order_by(SigningKey.created_at.desc())
        )
    )
