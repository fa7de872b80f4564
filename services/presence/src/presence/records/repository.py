"""The queries presence records are read and locked with."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from omni_common.tenancy import select_in_org
from presence.records.models import AppliedMutation, PresenceRecord
from presence.records.schemas import RecordOut

RECORD_COLUMNS = [getattr(PresenceRecord, name) for name in RecordOut.model_fields]


def applied_mutations(db: DbSession, organization_id: str, mutation_ids: list[str]) -> dict[str, AppliedMutation]:
    """The mutations of these ids applied before, by id."""
    if not mutation_ids:
        return {}
    return {
        a.mutation_id: a
        for a in db.scalars(
            select_in_org(AppliedMutation, organization_id).where(AppliedMutation.mutation_id.in_(mutation_ids))
        )
    }


def locked_record(db: DbSession, session_id: str, participant_id: str) -> RecordOut | None:
    """The participant's record in the session, locked until commit (None: there is none yet; a
    concurrent first write then meets the unique key and the transaction starts again)."""
    row = db.execute(
        select(*RECORD_COLUMNS)
        .where(PresenceRecord.session_id == session_id, PresenceRecord.participant_id == participant_id)
        .with_for_update()
    ).one_or_none()
    return RecordOut.model_validate(row) if row is not None else None
