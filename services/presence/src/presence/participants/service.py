"""Participants: the people whose presence is recorded."""

from __future__ import annotations

from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal
from omni_common.db.base import utcnow
from omni_common.errors import Invalid, NotFound
from omni_common.pagination import Page, cursor_key, page_of
from omni_common.schemas import patch_changes
from presence.context import PresenceContext
from presence.participants import repository
from presence.participants.models import Participant
from presence.participants.pins import hash_pin
from presence.participants.schemas import ParticipantCreate, ParticipantOut, ParticipantPatch

REF_TAKEN = "Another participant has this reference."


def snapshot(participant: Participant) -> dict:
    return ParticipantOut.model_validate(participant).model_dump(mode="json", exclude={"id", "created_at"})


def list_participants(
    session: Session,
    principal: Principal,
    *,
    cursor: str | None,
    limit: int,
    q: str | None,
    active: bool | None,
    walk_in: bool | None = None,
) -> Page[ParticipantOut]:
    key = cursor_key(cursor, str, str)
    rows = repository.list_participants(session, principal, after=key, limit=limit, q=q, active=active, walk_in=walk_in)
    return page_of([ParticipantOut.model_validate(r) for r in rows], limit, lambda p: [p.name, p.id])


def get_participant(session: Session, principal: Principal, participant_id: str) -> Participant:
    participant = repository.get_visible(session, principal, participant_id)
    if participant is None:
        raise NotFound()
    return participant


def create_participant(
    session: Session, ctx: PresenceContext, principal: Principal, body: ParticipantCreate
) -> Participant:
    if body.external_ref and repository.ref_taken(session, principal.organization_id, body.external_ref):
        raise Invalid.field("external_ref", REF_TAKEN, "duplicate")
    participant = Participant(organization_id=principal.organization_id, **body.model_dump())
    session.add(participant)
    session.flush()
    ctx.audit.record(
        session,
        organization_id=principal.organization_id,
        entity="participant",
        entity_id=participant.id,
        action="create",
        after=snapshot(participant),
        actor_id=principal.user_id,
    )
    return participant


def update_participant(
    session: Session, ctx: PresenceContext, principal: Principal, participant_id: str, patch: ParticipantPatch
) -> Participant:
    participant = get_participant(session, principal, participant_id)
    changes = patch_changes(patch, nullable=("external_ref", "email", "phone", "pin"))
    ref = changes.get("external_ref")
    if ref and repository.ref_taken(session, principal.organization_id, ref, except_id=participant.id):
        raise Invalid.field("external_ref", REF_TAKEN, "duplicate")
    before = snapshot(participant)
    pin_given = "pin" in changes
    if pin_given:
        # Setting a PIN (again) also lifts a kiosk's lock: wrong PINs count from now.
        pin = changes.pop("pin")
        participant.pin_hash, participant.pin_set_at = (hash_pin(pin) if pin else None), utcnow()
    for field, value in changes.items():
        setattr(participant, field, value)
    if changes.get("is_active") is False:
        repository.end_memberships(session, participant.id)
    session.flush()
    after = snapshot(participant)
    if pin_given:  # the PIN itself is never written down, not even hashed, in the audit log
        after["pin_set_at"] = participant.pin_set_at
    ctx.audit.record_update(
        session,
        organization_id=principal.organization_id,
        entity="participant",
        entity_id=participant.id,
        before=before,
        after=after,
        actor_id=principal.user_id,
    )
    return participant


def deactivate_participant(session: Session, ctx: PresenceContext, principal: Principal, participant_id: str) -> None:
    """Deactivate: no longer on any roster from now on; every record and past roster keeps them."""
    participant = get_participant(session, principal, participant_id)
    if not participant.is_active:
        return
    participant.is_active = False
    repository.end_memberships(session, participant.id)
    ctx.audit.record(
        session,
        organization_id=principal.organization_id,
        entity="participant",
        entity_id=participant.id,
        action="deactivate",
        before={"is_active": True},
        after={"is_active": False},
        actor_id=principal.user_id,
    )
