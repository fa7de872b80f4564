"""The SQL of an erasure: finding what is about a participant, and changing it in place. Runs on
the purge user's database (presence_record_history and audit_log are append-only to the app user)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, or_, select, union, update
from sqlalchemy.orm import Session as DbSession

from omni_common.redaction import like_any
from omni_common.tenancy import in_org, select_in_org
from presence.advance_notices.models import AdvanceNotice
from presence.database import OutboxMessage
from presence.erasure.models import ErasureStep, ParticipantErasure
from presence.groups.models import Membership
from presence.kiosks.models import KioskAttempt
from presence.notifications.models import ContactMail
from presence.participants.models import Participant
from presence.records.models import PresenceRecord, RecordVersion
from presence.sessions.models import Session


def participant(db: DbSession, organization_id: str, participant_id: str, *, lock: bool = False) -> Participant | None:
    stmt = select_in_org(Participant, organization_id).where(Participant.id == participant_id)
    return db.scalars(stmt.with_for_update() if lock else stmt).one_or_none()


def erasure_of(db: DbSession, organization_id: str, participant_id: str) -> ParticipantErasure | None:
    return db.scalars(
        select_in_org(ParticipantErasure, organization_id).where(ParticipantErasure.participant_id == participant_id)
    ).one_or_none()


def erasure(db: DbSession, erasure_id: str, *, lock: bool = False) -> ParticipantErasure | None:
    return db.get(ParticipantErasure, erasure_id, with_for_update=lock)


def steps(db: DbSession, erasure_id: str) -> list[ErasureStep]:
    return list(db.scalars(select(ErasureStep).where(ErasureStep.erasure_id == erasure_id)))


def step(db: DbSession, erasure_id: str, service: str, *, lock: bool = False) -> ErasureStep | None:
    stmt = select(ErasureStep).where(ErasureStep.erasure_id == erasure_id, ErasureStep.service == service)
    return db.scalars(stmt.with_for_update() if lock else stmt).one_or_none()


def record_ids(db: DbSession, organization_id: str, participant_id: str) -> list[str]:
    return list(
        db.scalars(
            select(PresenceRecord.id).where(
                in_org(PresenceRecord, organization_id), PresenceRecord.participant_id == participant_id
            )
        )
    )


def notice_ids(db: DbSession, organization_id: str, participant_id: str) -> list[str]:
    return list(
        db.scalars(
            select(AdvanceNotice.id).where(
                in_org(AdvanceNotice, organization_id), AdvanceNotice.participant_id == participant_id
            )
        )
    )


def group_ids(db: DbSession, organization_id: str, participant_id: str) -> list[str]:
    """The groups the participant was ever a member of, or recorded at a session of (a walk-in)."""
    members = select(Membership.group_id).where(
        in_org(Membership, organization_id), Membership.participant_id == participant_id
    )
    recorded = (
        select(Session.group_id)
        .join(PresenceRecord, PresenceRecord.session_id == Session.id)
        .where(in_org(PresenceRecord, organization_id), PresenceRecord.participant_id == participant_id)
    )
    return sorted(db.scalars(union(members, recorded)))


def end_memberships(db: DbSession, participant_id: str, at: datetime) -> None:
    db.execute(
        update(Membership)
        .where(Membership.participant_id == participant_id, Membership.ends_at.is_(None))
        .values(ends_at=at)
    )


def clear_notes(db: DbSession, organization_id: str, participant_id: str) -> None:
    """The notes of the participant's records, of every earlier version of them, and of their
    advance notices. States, times and versions stay: the registers' counts do not move."""
    for model in (PresenceRecord, RecordVersion, AdvanceNotice):
        db.execute(
            update(model)
            .where(in_org(model, organization_id), model.participant_id == participant_id, model.note.is_not(None))
            .values(note=None)
            .execution_options(synchronize_session=False)
        )


def delete_contact_mail(db: DbSession, organization_id: str, participant_id: str) -> None:
    """Mails to the participant's contact address (sent ones too: only their text was left)."""
    db.execute(
        delete(ContactMail).where(in_org(ContactMail, organization_id), ContactMail.participant_id == participant_id)
    )


def redact_badges(db: DbSession, organization_id: str, participant_id: str, badge: str | None, erased: str) -> None:
    """Kiosk attempts: the participant's, and unknown badges that were their reference."""
    matches = [KioskAttempt.participant_id == participant_id]
    if badge:
        matches.append(KioskAttempt.badge == badge)
    db.execute(
        update(KioskAttempt)
        .where(in_org(KioskAttempt, organization_id), or_(*matches))
        .values(badge=erased)
        .execution_options(synchronize_session=False)
    )


def outbox_mentioning(db: DbSession, organization_id: str, patterns: list[str]) -> list[OutboxMessage]:
    """Outbox messages of the organization (its id in their arguments) that may mention them."""
    if not patterns:
        return []
    org = like_any([OutboxMessage.kwargs], [f"%{organization_id}%"])
    return list(db.scalars(select(OutboxMessage).where(org, like_any([OutboxMessage.kwargs], patterns))))
