"""The SQL of a participant's erasure and export in sync: their offline changes and conflicts."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from omni_common.tenancy import in_org, select_in_org
from sync.batches.models import SyncBatch, SyncItem, SyncOutcome
from sync.conflicts.models import ConflictVersion, SyncConflict


def conflicts(session: Session, organization_id: str, participant_id: str, *, lock: bool = False) -> list[SyncConflict]:
    stmt = (
        select_in_org(SyncConflict, organization_id)
        .where(SyncConflict.participant_id == participant_id)
        .order_by(SyncConflict.created_at, SyncConflict.id)
    )
    return list(session.scalars(stmt.with_for_update() if lock else stmt))


def versions(session: Session, conflict_ids: list[str]) -> list[ConflictVersion]:
    if not conflict_ids:
        return []
    return list(
        session.scalars(
            select(ConflictVersion)
            .where(ConflictVersion.conflict_id.in_(conflict_ids))
            .order_by(ConflictVersion.received_at, ConflictVersion.id)
        )
    )


def clear_notes(session: Session, organization_id: str, participant_id: str, conflict_ids: list[str]) -> None:
    """The notes of their offline changes as sent, and of their conflicts' device versions."""
    session.execute(
        update(SyncItem)
        .where(in_org(SyncItem, organization_id), SyncItem.participant_id == participant_id, SyncItem.note.is_not(None))
        .values(note=None)
    )
    if conflict_ids:
        session.execute(
            update(ConflictVersion)
            .where(ConflictVersion.conflict_id.in_(conflict_ids), ConflictVersion.note.is_not(None))
            .values(note=None)
        )


def items(session: Session, organization_id: str, participant_id: str) -> list:
    """Their offline changes with the batch each came in and the outcome it got."""
    return list(
        session.execute(
            select(SyncItem, SyncBatch, SyncOutcome)
            .join(SyncBatch, SyncBatch.id == SyncItem.batch_id)
            .outerjoin(SyncOutcome, SyncOutcome.item_id == SyncItem.id)
            .where(in_org(SyncItem, organization_id), SyncItem.participant_id == participant_id)
            .order_by(SyncBatch.received_at, SyncItem.position)
        )
    )
