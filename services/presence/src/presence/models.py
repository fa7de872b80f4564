"""Every table of presence's schema, for Alembic and for the app-user grants."""

from presence.advance_notices.models import AdvanceNotice
from presence.database import AuditLog, Base, IdempotentRequest, OutboxMessage
from presence.domains.models import Domain, PresenceState
from presence.erasure.models import ErasureStep, ParticipantErasure
from presence.groups.models import Group, Membership, StaffAssignment
from presence.kiosks.models import Kiosk, KioskAttempt, KioskSession
from presence.lifecycle.models import SessionTally
from presence.notifications.models import (
    AlertState,
    ContactMail,
    FeedCursor,
    Notification,
    NotificationPreference,
    NotificationRules,
)
from presence.participants.models import Participant
from presence.records.models import AppliedMutation, FeedCounter, PresenceRecord, RecordVersion
from presence.sessions.models import Series, Session
from presence.webhooks.models import Webhook, WebhookDelivery

__all__ = [
    "AdvanceNotice",
    "AlertState",
    "AppliedMutation",
    "AuditLog",
    "Base",
    "ContactMail",
    "Domain",
    "ErasureStep",
    "FeedCounter",
    "FeedCursor",
    "Group",
    "IdempotentRequest",
    "Kiosk",
    "KioskAttempt",
    "KioskSession",
    "Membership",
    "Notification",
    "NotificationPreference",
    "NotificationRules",
    "OutboxMessage",
    "Participant",
    "ParticipantErasure",
    "PresenceRecord",
    "PresenceState",
    "RecordVersion",
    "Series",
    "Session",
    "SessionTally",
    "StaffAssignment",
    "Webhook",
    "WebhookDelivery",
]
