"""The SQL of an erasure in identity: the login linked to a participant and what names it."""

from __future__ import annotations

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from identity.accounts.models import AccountToken
from identity.database import OutboxMessage
from identity.login_sessions.models import LoginSession
from identity.two_factor.models import RecoveryCode
from identity.users.models import User
from omni_common.redaction import like_any
from omni_common.tenancy import select_in_org


def linked_users(session: Session, organization_id: str, participant_id: str, *, lock: bool = False) -> list[User]:
    stmt = select_in_org(User, organization_id).where(User.participant_id == participant_id).order_by(User.id)
    return list(session.scalars(stmt.with_for_update() if lock else stmt))


def tokens(session: Session, organization_id: str, participant_id: str, user_ids: list[str]) -> list[AccountToken]:
    """Invitation links and codes, reset links of the login, and codes naming the participant."""
    about = [AccountToken.participant_id == participant_id]
    if user_ids:
        about.append(AccountToken.user_id.in_(user_ids))
    return list(session.scalars(select_in_org(AccountToken, organization_id).where(or_(*about))))


def other_addresses(session: Session, organization_id: str, user_ids: list[str]) -> set[str]:
    """The addresses of the organization's other users (mails to them stay addressed to them)."""
    stmt = select_in_org(User, organization_id).with_only_columns(User.email)
    if user_ids:
        stmt = stmt.where(User.id.not_in(user_ids))
    return {email.casefold() for email in session.scalars(stmt)}


def forget_sessions(session: Session, user_id: str) -> None:
    """Where and on what the login signed in: gone with them."""
    session.execute(
        update(LoginSession).where(LoginSession.user_id == user_id).values(user_agent=None, client_address=None)
    )


def delete_recovery_codes(session: Session, user_id: str) -> None:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))


def mail_mentioning(session: Session, organization_id: str, patterns: list[str]) -> list[OutboxMessage]:
    """The organization's mails (its id in their arguments) that may name them."""
    if not patterns:
        return []
    org = like_any([OutboxMessage.kwargs], [f"%{organization_id}%"])
    return list(session.scalars(select(OutboxMessage).where(org, like_any([OutboxMessage.kwargs], patterns))))
