"""Every table of identity's schema, for Alembic and for the app-user grants."""

from identity.accounts.models import AccountToken
from identity.database import AuditLog, Base, OutboxMessage
from identity.keys.models import SigningKey
from identity.login_sessions.models import LoginSession, RefreshToken
from identity.organizations.models import Organization
from identity.two_factor.models import RecoveryCode
from identity.users.models import User

__all__ = [
    "AccountToken",
    "AuditLog",
    "Base",
    "LoginSession",
    "Organization",
    "OutboxMessage",
    "RecoveryCode",
    "RefreshToken",
    "SigningKey",
    "User",
]
