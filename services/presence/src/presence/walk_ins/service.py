"""Walk-ins (SPEC §3.3): someone not on the list, added to one session's roster on the spot — a
guest, a temporary student — and later merged by an administrator into the participant they are,
or kept as a participant of their own."""

from __future__ import annotations

from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal
from omni_common.db.base import utcnow
from omni_common.errors import Conflict, Invalid, NotFound
from presence.context import PresenceContext
from presence.participants import repository as participants
from presence.participants.models import Participant
from presence.participants.schemas import ParticipantOut
from presence.participants.service import snapshot
from presence.records import repository as records
from presence.records import rules, writer
from presence.sessions.service import get_session_to_write
from presence.walk_ins.schemas import MergeIn, WalkInCreate, WalkInCreated


def add(
    db: DbSession, ctx: PresenceContext, principal: Principal, session_id: str, body: WalkInCreate
) -> WalkInCreated:
    """A new participant (walk_in) and their record in the session, by the rulebook's leave."""
    session, _, states = get_session_to_write(db, principal, session_id)
    who = rules.Writer(principal.role)
    refusals = [rules.session_refusal(session, who, ctx.window), rules.state_refusal(states, body.state, who)]
    if any(refusals):
        raise Invalid([r.as_field_error() for r in refusals if r])
    person = Participant(organization_id=principal.organization_id, name=body.name, walk_in=True, attributes={})
    db.add(person)
    db.flush()
    ctx.audit.record(
        db,
        organization_id=principal.organization_id,
        entity="participant",
        entity_id=person.id,
        action="create",
        after={**snapshot(person), "session_id": session.id},
        actor_id=principal.user_id,
    )
    values = {"state": body.state, "note": body.note, "check_in_at": None, "check_out_at": None}
    change = writer.Write(None, session.id, person.id, values, writer.Stamp(actor_id=principal.user_id))
    writer.write(db, ctx, principal.organization_id, [change], utcnow())
    return WalkInCreated(participant=ParticipantOut.model_validate(person), record=change.result)


def merge(db: DbSession, ctx: PresenceContext, principal: Principal, participant_id: str, body: MergeIn) -> Participant:
    """Move a walk-in's records (their history follows each record) to the participant they are, and
    remove the walk-in. A session where both have a record → 409 naming the sessions."""
    walk_in = participants.get_visible(db, principal, participant_id, for_update=True)
    if walk_in is None:
        raise NotFound()
    if not walk_in.walk_in:
        raise Conflict("Only a walk-in can be merged into another participant.", title="Not a walk-in")
    target = participants.get_visible(db, principal, body.into, for_update=True)
    if target is None or target.id == walk_in.id:
        raise Invalid.field("into", "No such participant to merge into.", "not_found")
    clashes = records.sessions_of_both(db, walk_in.id, target.id)
    if clashes:
        raise Conflict(
            "Both have a record in the same session; settle those records first.",
            title="Records in the same session",
            sessions=clashes,
        )
    moved = records.move_to(db, principal.organization_id, walk_in.id, target.id)
    ctx.audit.record(
        db,
        organization_id=principal.organization_id,
        entity="participant",
        entity_id=walk_in.id,
        action="merge",
        before=snapshot(walk_in),
        after={"into": target.id, "records_moved": moved},
        actor_id=principal.user_id,
    )
    db.delete(walk_in)
    return target
