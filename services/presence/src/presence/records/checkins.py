"""Check-in and check-out (SPEC §2 `check_in_out`, §8): staff at the roster, a kiosk at the door, a
participant with a code, and a device that did either offline.

A check-in records the time and, the first time, decides the state itself: late past the group's
grace when the domain has a late state, else its present state. Checking in someone already in
changes nothing; coming back after a check-out clears the check-out and keeps the first check-in.
A check-out needs a check-in before it. Validity is the rulebook's (``rules``); what the record
becomes is decided here, by pure functions of the record and the time, then written by ``writer``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal
from omni_common.db.base import utcnow
from omni_common.errors import Conflict, Invalid
from presence.context import PresenceContext
from presence.groups.models import Group
from presence.groups.service import settings_of
from presence.records import rules, writer
from presence.records.repository import applied_mutations, locked_record
from presence.records.schemas import RecordOut
from presence.records.service import members_during, snapshot_version
from presence.sessions import service as sessions
from presence.sessions.models import Session

Values = dict[str, Any]


# --- deciding (pure) -------------------------------------------------------------------------------


def values_of(record: RecordOut | None) -> Values:
    if record is None:
        return {"state": None, "note": None, "check_in_at": None, "check_out_at": None}
    return {k: getattr(record, k) for k in writer.RECORDED_FIELDS}


def check_in(current: RecordOut | None, at: datetime, arrival: str) -> Values | None:
    """What the record holds after a check-in at ``at`` (``arrival``: the state a first check-in
    at that time gets); None when nothing changes."""
    values = values_of(current)
    first_in, out = values["check_in_at"], values["check_out_at"]
    if first_in is None:
        # The first check-in: it decides the state, whatever a roll call or a provisional mark said.
        return {**values, "state": arrival, "check_in_at": at, "check_out_at": out if out and out >= at else None}
    if at < first_in:
        # An earlier check-in arrived late (a device that was offline): it is the first one.
        return {**values, "state": arrival, "check_in_at": at}
    if out is not None and at >= out:
        return {**values, "check_out_at": None}  # back in after leaving
    return None  # already in


def check_out(current: RecordOut | None, at: datetime) -> Values | rules.Refusal | None:
    """What the record holds after a check-out at ``at``; a refusal when it cannot be; None when
    nothing changes (they left at that time or later already)."""
    values = values_of(current)
    if values["check_in_at"] is None:
        return rules.Refusal("participant_id", "not_checked_in", "Not checked in, so cannot be checked out.")
    if at < values["check_in_at"]:
        return rules.Refusal("at", "before_check_in", "That time is before the check-in.")
    if values["check_out_at"] is not None and at <= values["check_out_at"]:
        return None
    return {**values, "check_out_at": at}


# --- writing one participant's check-in or check-out ----------------------------------------------


@dataclass
class Arrival:
    """A check-in's or check-out's result: the record, and whether it was made or changed now."""

    record: RecordOut
    created: bool
    changed: bool


def arrival_state(states: Mapping[str, rules.StateLike], session: Session, group: Group, at: datetime) -> str:
    """``states``: every state of the group's domain by code."""
    state = rules.arrival_state(states.values(), session, settings_of(group).late_after_minutes, at)
    if state is None:
        raise Conflict(
            "This group's domain has no state that means present, so nobody can be checked in. "
            "An administrator can add one under Domains and states.",
            title="No present state",
        )
    return state.code


def on_roster(db: DbSession, session: Session, participant_id: str, current: RecordOut | None) -> bool:
    return current is not None or participant_id in members_during(db, session, {participant_id})


def record_arrival(
    db: DbSession,
    ctx: PresenceContext,
    organization_id: str,
    session: Session,
    group: Group,
    participant_id: str,
    decide,
    stamp: writer.Stamp,
    *,
    mutation_id: str | None = None,
    participant_field: str = "participant_id",
) -> Arrival:
    """Lock the participant's record, check they are on the list, let ``decide(current)`` say what
    it becomes (values, a refusal, or None for nothing), and write it. A ``mutation_id`` seen
    before answers as it did then."""
    current = locked_record(db, session.id, participant_id)
    refused = rules.participant_refusal(on_roster(db, session, participant_id, current))
    if refused:
        raise Invalid.field(participant_field, refused.message, refused.code)
    if mutation_id:
        first = applied_mutations(db, organization_id, [mutation_id]).get(mutation_id)
        if first is not None:
            return Arrival(snapshot_version(db, first), created=first.outcome == "created", changed=False)
    decided = decide(current)
    if isinstance(decided, rules.Refusal):
        field = participant_field if decided.field == "participant_id" else decided.field
        raise Invalid.field(field, decided.message, decided.code)
    if decided is None:
        if mutation_id and current is not None:
            writer.write(db, ctx, organization_id, [], utcnow(), unchanged=[(mutation_id, current, None)])
        return Arrival(current, created=False, changed=False)
    change = writer.Write(current, session.id, participant_id, decided, stamp, mutation_id=mutation_id)
    writer.write(db, ctx, organization_id, [change], utcnow())
    return Arrival(change.result, created=current is None, changed=True)


def staff_check(
    db: DbSession,
    ctx: PresenceContext,
    principal: Principal,
    session_id: str,
    participant_id: str,
    at: datetime | None,
    mutation_id: str | None,
    device_id: str | None,
    *,
    out: bool,
) -> Arrival:
    """A check-in or check-out by staff at the roster (any mode: staff can always correct)."""
    session, group, states = sessions.get_session_to_write(db, principal, session_id)
    refused = rules.session_refusal(session, rules.Writer(principal.role), ctx.window)
    if refused:
        raise Conflict(refused.message, title="Session not open for changes", code=refused.code)
    now = utcnow()
    at = at or now
    refused = rules.time_refusal(session, ctx.window, at, now)
    if refused:
        raise Invalid([refused.as_field_error()])
    if out:

        def decide(current):
            return check_out(current, at)

    else:
        arrival = arrival_state(states, session, group, at)

        def decide(current):
            return check_in(current, at, arrival)

    stamp = writer.Stamp(actor_id=principal.user_id, device_id=device_id)
    return record_arrival(
        db, ctx, principal.organization_id, session, group, participant_id, decide, stamp, mutation_id=mutation_id
    )
