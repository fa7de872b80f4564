"""Every table of identity's schema, for Alembic and for the app-user grants."""

from identity.database import AuditLog, Base, OutboxMessage
from identity.keys.models import SigningKey
from identity.login_sessions.models import LoginSession, RefreshToken
from identity.organizations.models import Organization
from identity.users.models import User

__all__ = ["AuditLog", "Base", "LoginSession", "Organization", "OutboxMessage", "RefreshToken", "SigningKey", "User"]
