"""The SQL of recovery codes."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from identity.two_factor.models import RecoveryCode


def delete_of_user(session: Session, user_id: str) -> None:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))


def unused(session: Session, user_id: str, code_hash: str) -> RecoveryCode | None:
    """The user's unused code with this hash, locked."""
    return session.scalars(
        select(RecoveryCode)
        .where(RecoveryCode.user_id == user_id, RecoveryCode.code_hash == code_hash, RecoveryCode.used_at.is_(None))
        .with_for_update()
    ).first()


def count_unused(session: Session, user_id: str) -> int:
    return session.scalar(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))
    )
