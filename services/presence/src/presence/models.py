"""Every table of presence's schema, for Alembic and for the app-user grants."""

from presence.advance_notices.models import AdvanceNotice
from presence.database import AuditLog, Base, IdempotentRequest, OutboxMessage
from presence.domains.models import Domain, PresenceState
from presence.groups.models import Group, Membership, StaffAssignment
from presence.kiosks.models import Kiosk, KioskAttempt, KioskSession
from presence.notifications.models import Notification
from presence.participants.models import Participant
from presence.records.models import AppliedMutation, FeedCounter, PresenceRecord, RecordVersion
from presence.sessions.models import Series, Session

__all__ = [
    "AdvanceNotice",
    "AppliedMutation",
    "AuditLog",
    "Base",
    "Domain",
    "FeedCounter",
    "Group",
    "IdempotentRequest",
    "Kiosk",
    "KioskAttempt",
    "KioskSession",
    "Membership",
    "Notification",
    "OutboxMessage",
    "Participant",
    "PresenceRecord",
    "PresenceState",
    "RecordVersion",
    "Series",
    "Session",
    "StaffAssignment",
]
