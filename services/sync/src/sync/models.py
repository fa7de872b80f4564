"""Every table of sync's schema, for Alembic and for the app-user grants."""

from sync.conflicts.models import SyncConflict
from sync.database import AuditLog, Base, OutboxMessage

__all__ = ["AuditLog", "Base", "OutboxMessage", "SyncConflict"]
