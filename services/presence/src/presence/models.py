"""Every table of presence's schema, for Alembic and for the app-user grants."""

from presence.database import AuditLog, Base, OutboxMessage
from presence.participants.models import Participant

__all__ = ["AuditLog", "Base", "OutboxMessage", "Participant"]
