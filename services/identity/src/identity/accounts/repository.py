"""The SQL of account tokens (invitation and reset links, invitation codes, two-factor enrolments)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from identity.accounts.models import AccountToken
from omni_common.auth.principal import Principal
from omni_common.tenancy import in_org, select_scoped


def by_hash(session: Session, token_hash: str, purpose: str, *, lock: bool) -> AccountToken | None:
    stmt = select(AccountToken).where(AccountToken.token_hash == token_hash, AccountToken.purpose == purpose)
    return session.scalars(stmt.with_for_update() if lock else stmt).one_or_none()


def use_open(session: Session, user_id: str, purpose: str, now: datetime) -> None:
    """Mark the user's unused tokens of this purpose used."""
    session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == user_id, AccountToken.purpose == purpose, AccountToken.used_at.is_(None))
        .values(used_at=now)
    )


def use_open_of_organization(session: Session, organization_id: str, now: datetime) -> int:
    """Mark every unused token of the organization used (it was closed: no link or code works)."""
    return session.execute(
        update(AccountToken)
        .where(in_org(AccountToken, organization_id), AccountToken.used_at.is_(None))
        .values(used_at=now)
    ).rowcount


def of_organization(session: Session, principal: Principal, purpose: str, *, limit: int = 200) -> list[AccountToken]:
    """The organization's tokens of this purpose, newest first."""
    stmt = select_scoped(AccountToken, principal).where(AccountToken.purpose == purpose)
    return list(session.scalars(stmt.order_by(AccountToken.created_at.desc()).limit(limit)))
