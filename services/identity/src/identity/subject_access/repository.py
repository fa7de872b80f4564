"""The SQL of a participant's export in identity."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from identity.accounts.models import AccountToken
from identity.login_sessions.models import LoginSession
from identity.users.models import User
from omni_common.tenancy import in_org, select_in_org


def linked_users(session: Session, organization_id: str, participant_id: str) -> list[User]:
    return list(
        session.scalars(
            select_in_org(User, organization_id).where(User.participant_id == participant_id).order_by(User.id)
        )
    )


def login_sessions(session: Session, organization_id: str, user_ids: list[str]) -> list[LoginSession]:
    if not user_ids:
        return []
    return list(
        session.scalars(
            select(LoginSession)
            .where(in_org(LoginSession, organization_id), LoginSession.user_id.in_(user_ids))
            .order_by(LoginSession.created_at.desc())
        )
    )


def codes_naming(session: Session, organization_id: str, participant_id: str) -> list[AccountToken]:
    return list(
        session.scalars(
            select_in_org(AccountToken, organization_id).where(AccountToken.participant_id == participant_id)
        )
    )
