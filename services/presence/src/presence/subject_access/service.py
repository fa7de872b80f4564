"""A participant's export (subject access, SPEC §8): presence's part, for the gateway, which asks
the other services for theirs and merges them. Who may have it: an administrator of the
organization, and the participant themselves (their `external` login); another organization's
participant, or one the caller cannot see, is 404 exactly as an unknown one; a visible one the
role may not export is 403 (SPEC §1, visibility first)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import Session as DbSession

from omni_common.audit import AuditEntry
from omni_common.auth.principal import Principal, Role
from omni_common.errors import Forbidden, NotFound
from omni_common.redaction import audit_about, like_patterns, mentioning
from presence.database import AuditLog
from presence.erasure import repository as erasures
from presence.erasure.service import describe
from presence.participants import repository as participants
from presence.participants.models import Participant
from presence.participants.schemas import ParticipantOut
from presence.records.schemas import RecordOut
from presence.subject_access import repository
from presence.subject_access.schemas import (
    ExportedRecord,
    KioskAttemptOut,
    MembershipOut,
    NoticeBrief,
    PresenceExport,
    SessionBrief,
    VersionOut,
)


def exportable(db: DbSession, principal: Principal, participant_id: str) -> Participant:
    participant = repository.participant(db, principal.organization_id, participant_id)
    if participant is None:
        raise NotFound()
    if principal.role == Role.admin:
        return participant
    if principal.role == Role.external:
        if principal.participant_id == participant_id:
            return participant
        raise NotFound()
    if participants.get_visible(db, principal, participant_id) is None:
        raise NotFound()
    raise Forbidden("Only administrators, and participants themselves, may export a participant's data.")


def export(db: DbSession, principal: Principal, participant_id: str) -> PresenceExport:
    participant = exportable(db, principal, participant_id)
    organization_id = participant.organization_id
    history = defaultdict(list)
    for version in repository.versions(db, organization_id, participant_id):
        history[version.record_id].append(VersionOut.model_validate(version))
    records = [
        ExportedRecord(
            **RecordOut.model_validate(record).model_dump(exclude={"duration_minutes"}),
            session=SessionBrief.model_validate(session),
            history=history.get(record.id, []),
        )
        for record, session in repository.records(db, organization_id, participant_id)
    ]
    notices = repository.notices(db, organization_id, participant_id)
    erasure = erasures.erasure_of(db, organization_id, participant_id)
    return PresenceExport(
        organization_id=organization_id,
        participant=ParticipantOut.model_validate(participant),
        memberships=[
            MembershipOut(group_id=g, group_name=name, starts_at=starts, ends_at=ends)
            for g, name, starts, ends in repository.memberships(db, organization_id, participant_id)
        ],
        records=records,
        advance_notices=[NoticeBrief.model_validate(n) for n in notices],
        kiosk_attempts=[
            KioskAttemptOut.model_validate(a) for a in repository.kiosk_attempts(db, organization_id, participant_id)
        ],
        audit=audit_of(db, organization_id, participant_id, [r.id for r in records], [n.id for n in notices]),
        erasure=describe(db, erasure).model_dump(mode="json") if erasure else None,
    )


def audit_of(db: DbSession, organization_id: str, participant_id: str, records: list[str], notices: list[str]) -> list:
    """Presence's audit entries about the participant, newest first: of them, their records and
    notices, and any other naming them (a membership)."""
    found = {}
    for entity, ids in (("participant", [participant_id]), ("presence_record", records), ("advance_notice", notices)):
        found.update({e.id: e for e in audit_about(db, AuditLog, organization_id, entity, ids)})
    columns = [AuditLog.before, AuditLog.after]
    found.update({e.id: e for e in mentioning(db, AuditLog, organization_id, columns, like_patterns([participant_id]))})
    entries = sorted(found.values(), key=lambda e: (e.created_at, e.id), reverse=True)
    return [AuditEntry.model_validate(e) for e in entries]
