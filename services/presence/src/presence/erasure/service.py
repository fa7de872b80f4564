"""Erasing a participant (SPEC §6.5, §8): presence owns it.

Presence erases its own part in the request's one transaction, on the purge user's database (the
record history and the audit log are append-only to everyone else): the participant's row keeps its
id under a neutral label, with no reference, contacts, attributes nor PIN; the notes of their records,
of every earlier version and of their advance notices go; their contact mails are deleted; and the
organization's notifications, stored idempotent answers, webhook payloads, outbox messages, kiosk
attempts and audit entries lose every personal value (omni_common.redaction: by structure where a
JSON object is about them, by value in any text). States, times, versions and counts stay, so the
registers and statistics of everyone are unchanged.

In the same transaction it writes the erasure, one step per other service and, through the outbox,
one task per step carrying only ids (``presence.erase_elsewhere``): the worker asks each service's
``POST /internal/erasures`` until it answers 2xx, with backoff while it is down. Asking again reports
where it stands and changes nothing; the erasure is audited once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal
from omni_common.db.base import utcnow
from omni_common.db.provision import lift_append_only
from omni_common.errors import NotFound
from omni_common.redaction import ERASED, PARTICIPANT_LABEL, Redactor, audit_about, like_patterns, mentioning
from presence.context import PresenceContext
from presence.database import AuditLog, Base, IdempotentRequest
from presence.erasure import repository
from presence.erasure.models import ErasureStep, ParticipantErasure
from presence.erasure.schemas import OTHER_SERVICES, ErasureOut
from presence.notifications.mail import SEND as MAIL_TASK
from presence.notifications.models import Notification
from presence.participants.models import Participant
from presence.webhooks.models import WebhookDelivery

ERASE_TASK = "presence.erase_elsewhere"

# Per table: (columns holding JSON, columns holding text) that may name the participant.
FREE_TEXT = (
    (Notification, ("data",), ("title", "body", "link")),
    (IdempotentRequest, ("response",), ()),
    (WebhookDelivery, ("payload",), ("last_error",)),
    (AuditLog, ("before", "after"), ("detail",)),
)


def status(db: DbSession, principal: Principal, participant_id: str) -> ErasureOut | None:
    """Where an erasure stands, or None if the participant was never erased; 404 for a participant
    the organization does not have."""
    if repository.participant(db, principal.organization_id, participant_id) is None:
        raise NotFound()
    erasure = repository.erasure_of(db, principal.organization_id, participant_id)
    return describe(db, erasure) if erasure else None


def describe(db: DbSession, erasure: ParticipantErasure) -> ErasureOut:
    pending = sorted(s.service for s in repository.steps(db, erasure.id) if s.done_at is None)
    return ErasureOut(
        participant_id=erasure.participant_id,
        erased=not pending,
        pending=pending,
        requested_at=erasure.created_at,
        completed_at=erasure.completed_at,
    )


def erase(db: DbSession, ctx: PresenceContext, principal: Principal, participant_id: str) -> ErasureOut:
    """Erase presence's part now and ask the other services for theirs (purge database)."""
    lift_append_only(db, Base.metadata)
    organization_id = principal.organization_id
    participant = repository.participant(db, organization_id, participant_id, lock=True)
    if participant is None:
        raise NotFound()
    existing = repository.erasure_of(db, organization_id, participant_id)
    if existing is not None:  # a second request that waited for the first's lock
        return describe(db, existing)
    now = utcnow()
    group_ids = repository.group_ids(db, organization_id, participant_id)
    erase_here(db, participant, now)
    erasure = ParticipantErasure(
        organization_id=organization_id,
        participant_id=participant_id,
        requested_by=principal.user_id,
        group_ids=group_ids,
    )
    db.add(erasure)
    db.flush()
    db.add_all(ErasureStep(organization_id=organization_id, erasure_id=erasure.id, service=s) for s in OTHER_SERVICES)
    ctx.audit.record(
        db,
        organization_id=organization_id,
        entity="participant",
        entity_id=participant_id,
        action="erase",
        after={"erasure_id": erasure.id, "erased_at": now, "pending": list(OTHER_SERVICES)},
        actor_id=principal.user_id,
    )
    for service in OTHER_SERVICES:
        ctx.outbox.enqueue(db, ERASE_TASK, erasure_id=erasure.id, service=service)
    db.flush()
    return describe(db, erasure)


def erase_here(db: DbSession, participant: Participant, now: datetime) -> None:
    """Every personal value of the participant out of presence's tables."""
    organization_id, participant_id = participant.organization_id, participant.id
    records = repository.record_ids(db, organization_id, participant_id)
    notices = repository.notice_ids(db, organization_id, participant_id)
    redactor = Redactor(
        values={
            participant.name: PARTICIPANT_LABEL,
            participant.external_ref or "": ERASED,
            participant.email or "": ERASED,
            participant.phone or "": ERASED,
        },
        ids={participant_id, *records, *notices},
    )
    repository.redact_badges(db, organization_id, participant_id, participant.external_ref, ERASED)
    participant.name, participant.external_ref, participant.email, participant.phone = (
        PARTICIPANT_LABEL,
        None,
        None,
        None,
    )
    participant.attributes, participant.pin_hash, participant.pin_set_at = {}, None, None
    # No longer a walk-in to match either: with no name left there is no one to merge it into.
    participant.is_active, participant.walk_in, participant.erased_at = False, False, now
    repository.end_memberships(db, participant_id, now)
    repository.clear_notes(db, organization_id, participant_id)
    repository.delete_contact_mail(db, organization_id, participant_id)
    # Audit entries of the participant, their records and notices: every personal field at any depth.
    for entity, ids in (("participant", [participant_id]), ("presence_record", records), ("advance_notice", notices)):
        for entry in audit_about(db, AuditLog, organization_id, entity, ids):
            redactor.row(entry, ("before", "after"), ("detail",), about=True)
    patterns = like_patterns([*redactor.searched_values, participant_id, *notices])
    for model, json_columns, text_columns in FREE_TEXT:
        columns = [getattr(model, c) for c in (*json_columns, *text_columns)]
        for row in mentioning(db, model, organization_id, columns, patterns):
            redactor.row(row, json_columns, text_columns)
    for message in repository.outbox_mentioning(db, organization_id, patterns):
        kwargs, changed = redactor.changed(message.kwargs)
        tagged = participant_id in (message.kwargs.get("participant_ids") or [])
        if changed or tagged:
            message.kwargs = kwargs
            if message.task_name == MAIL_TASK and message.done_at is None:
                # A mail about them not handed on yet is not sent at all (its task finds it done).
                message.done_at = now
    db.flush()


# --- the other services' parts, on presence's worker ---------------------------------------------


def request_of(db: DbSession, erasure_id: str, service: str) -> dict | None:
    """What to ask ``service`` (ids only), or None if its part is done already."""
    erasure = repository.erasure(db, erasure_id)
    found = repository.step(db, erasure_id, service) if erasure else None
    if found is None or found.done_at is not None:
        return None
    return {
        "organization_id": erasure.organization_id,
        "participant_id": erasure.participant_id,
        "group_ids": list(erasure.group_ids or []),
    }


def step_done(db: DbSession, erasure_id: str, service: str) -> None:
    """The service answered that its part is erased; the erasure is complete with the last one."""
    erasure = repository.erasure(db, erasure_id, lock=True)
    found = repository.step(db, erasure_id, service, lock=True)
    if erasure is None or found is None or found.done_at is not None:
        return
    now = utcnow()
    found.done_at = now
    found.attempts += 1
    if all(s.done_at is not None for s in repository.steps(db, erasure_id)):
        erasure.completed_at = now


def step_failed(db: DbSession, erasure_id: str, service: str, reason: str) -> int:
    """One more attempt failed; how many so far."""
    found = repository.step(db, erasure_id, service, lock=True)
    if found is None:
        return 0
    found.attempts += 1
    found.last_error = reason[:200]
    return found.attempts
