"""Settling a sync conflict: the admin's choice is written at once, with version checking."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal
from omni_common.db.base import utcnow
from omni_common.errors import Conflict, NotFound
from presence.context import PresenceContext
from presence.records import writer
from presence.records.models import PresenceRecord
from presence.records.schemas import RecordOut


def resolve(db: DbSession, ctx: PresenceContext, principal: Principal, body) -> RecordOut | None:
    row = db.scalars(
        select(PresenceRecord)
        .where(
            PresenceRecord.organization_id == principal.organization_id,
            PresenceRecord.session_id == body.session_id,
            PresenceRecord.participant_id == body.participant_id,
        )
        .with_for_update()
    ).one_or_none()
    current = RecordOut.model_validate(row) if row is not None else None
    if (current.version if current else 0) != body.expected_version:
        raise Conflict(
            "The record changed since the conflict was shown; look at it again.",
            title="Record changed",
            current=current.model_dump(mode="json") if current else None,
        )
    if body.values is None:
        return current
    if current is None and not body.values.get("state"):
        raise NotFound()
    values = {k: body.values.get(k) for k in writer.RECORDED_FIELDS}
    if current is not None and writer.same_data(current, values):
        return current
    change = writer.Write(
        current,
        body.session_id,
        body.participant_id,
        values,
        writer.Stamp(actor_id=principal.user_id, source="conflict_resolution"),
    )
    writer.write(db, ctx.audit, principal.organization_id, [change], utcnow())
    return change.result
