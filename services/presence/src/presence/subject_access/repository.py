"""The SQL of a participant's export: everything presence holds about one participant."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from omni_common.tenancy import in_org, select_in_org
from presence.advance_notices.models import AdvanceNotice
from presence.groups.models import Group, Membership
from presence.kiosks.models import KioskAttempt
from presence.participants.models import Participant
from presence.records.models import PresenceRecord, RecordVersion
from presence.sessions.models import Session


def participant(db: DbSession, organization_id: str, participant_id: str) -> Participant | None:
    return db.scalars(select_in_org(Participant, organization_id).where(Participant.id == participant_id)).first()


def memberships(db: DbSession, organization_id: str, participant_id: str) -> list:
    return list(
        db.execute(
            select(Membership.group_id, Group.name, Membership.starts_at, Membership.ends_at)
            .join(Group, Group.id == Membership.group_id)
            .where(in_org(Membership, organization_id), Membership.participant_id == participant_id)
            .order_by(Membership.starts_at, Membership.id)
        )
    )


def records(db: DbSession, organization_id: str, participant_id: str) -> list[tuple[PresenceRecord, Session]]:
    """The participant's records with their sessions, by the sessions' start."""
    rows = db.execute(
        select(PresenceRecord, Session)
        .join(Session, Session.id == PresenceRecord.session_id)
        .where(in_org(PresenceRecord, organization_id), PresenceRecord.participant_id == participant_id)
        .order_by(Session.starts_at, PresenceRecord.id)
    )
    return [tuple(row) for row in rows]


def versions(db: DbSession, organization_id: str, participant_id: str) -> list[RecordVersion]:
    return list(
        db.scalars(
            select(RecordVersion)
            .where(in_org(RecordVersion, organization_id), RecordVersion.participant_id == participant_id)
            .order_by(RecordVersion.record_id, RecordVersion.version)
        )
    )


def notices(db: DbSession, organization_id: str, participant_id: str) -> list[AdvanceNotice]:
    return list(
        db.scalars(
            select(AdvanceNotice)
            .where(in_org(AdvanceNotice, organization_id), AdvanceNotice.participant_id == participant_id)
            .order_by(AdvanceNotice.from_date, AdvanceNotice.id)
        )
    )


def kiosk_attempts(db: DbSession, organization_id: str, participant_id: str) -> list[KioskAttempt]:
    return list(
        db.scalars(
            select(KioskAttempt)
            .where(in_org(KioskAttempt, organization_id), KioskAttempt.participant_id == participant_id)
            .order_by(KioskAttempt.at, KioskAttempt.id)
        )
    )
