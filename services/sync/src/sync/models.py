"""Every table of sync's schema, for Alembic and for the app-user grants."""

from sync.batches.models import SyncBatch, SyncItem, SyncOutcome
from sync.conflicts.models import ConflictVersion, SyncConflict
from sync.database import AuditLog, Base, OutboxMessage

__all__ = [
    "AuditLog",
    "Base",
    "ConflictVersion",
    "OutboxMessage",
    "SyncBatch",
    "SyncConflict",
    "SyncItem",
    "SyncOutcome",
]
