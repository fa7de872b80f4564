"""Settling a sync conflict: the admin's choice is written at once, with version checking."""

from __future__ import annotations

from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal
from omni_common.db.base import utcnow
from omni_common.errors import Conflict, Invalid, NotFound
from presence.context import PresenceContext
from presence.records import repository, rules, writer
from presence.records.schemas import RecordOut
from presence.records.service import members_during
from presence.sessions import service as sessions


def _check(
    db: DbSession, ctx: PresenceContext, principal: Principal, session_id: str, participant_id: str, current, values
) -> None:
    """The rulebook's answer for the value the administrator chose: every bad field named."""
    try:
        session, _, states = sessions.get_session_to_write(db, principal, session_id)
    except NotFound:
        raise Invalid.field("session_id", "The session no longer exists.", "not_found") from None
    who = rules.Writer(principal.role)
    on_roster = current is not None or participant_id in members_during(db, session, {participant_id})
    refusals = [
        rules.session_refusal(session, who, ctx.window),
        rules.state_refusal(states, values["state"], who),
        rules.participant_refusal(on_roster),
        rules.times_refusal(values["check_in_at"], values["check_out_at"]),
    ]
    errors = [r.as_field_error() for r in refusals if r is not None]
    if errors:
        raise Invalid(errors)


def resolve(db: DbSession, ctx: PresenceContext, principal: Principal, body) -> RecordOut | None:
    row = repository.locked_in_session(db, principal.organization_id, body.session_id, body.participant_id)
    current = RecordOut.model_validate(row) if row is not None else None
    if (current.version if current else 0) != body.expected_version:
        raise Conflict(
            "The record changed since the conflict was shown; look at it again.",
            title="Record changed",
            current=current.model_dump(mode="json") if current else None,
        )
    if body.values is None:
        return current
    if current is None and not body.values.state:
        raise NotFound()
    # What the choice does not give (a custom value's check-in times) the record keeps.
    kept = {k: getattr(current, k) for k in writer.RECORDED_FIELDS} if current else {}
    values = {**dict.fromkeys(writer.RECORDED_FIELDS), **kept, **body.values.model_dump(exclude_unset=True)}
    _check(db, ctx, principal, body.session_id, body.participant_id, current, values)
    if current is not None and writer.same_data(current, values):
        return current
    change = writer.Write(
        current,
        body.session_id,
        body.participant_id,
        values,
        writer.Stamp(actor_id=principal.user_id, source="conflict_resolution"),
    )
    writer.write(db, ctx, principal.organization_id, [change], utcnow())
    return change.result
