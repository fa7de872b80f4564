"""Every table of presence's schema, for Alembic and for the app-user grants."""

from presence.database import AuditLog, Base, IdempotentRequest, OutboxMessage
from presence.domains.models import Domain, PresenceState
from presence.groups.models import Group, Membership, StaffAssignment
from presence.participants.models import Participant
from presence.records.models import AppliedMutation, PresenceRecord, RecordVersion
from presence.sessions.models import Series, Session

__all__ = [
    "AppliedMutation",
    "AuditLog",
    "Base",
    "Domain",
    "Group",
    "IdempotentRequest",
    "Membership",
    "OutboxMessage",
    "Participant",
    "PresenceRecord",
    "PresenceState",
    "RecordVersion",
    "Series",
    "Session",
    "StaffAssignment",
]
