"""The SQL of sync's data lifecycle: the sessions its offline changes name, and what of theirs goes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, exists, select, union
from sqlalchemy.orm import Session

from omni_common.tenancy import in_org
from sync.batches.models import SyncBatch, SyncItem, SyncOutcome
from sync.conflicts.models import ConflictVersion, SyncConflict


def session_ids(session: Session, organization_id: str, after: str | None, limit: int) -> list[str]:
    """The sessions the organization's offline changes and conflicts name, in order."""
    named = union(
        select(SyncItem.session_id.label("session_id")).where(in_org(SyncItem, organization_id)),
        select(SyncConflict.session_id.label("session_id")).where(in_org(SyncConflict, organization_id)),
    ).subquery()
    stmt = select(named.c.session_id)
    if after:
        stmt = stmt.where(named.c.session_id > after)
    return list(session.scalars(stmt.order_by(named.c.session_id).limit(limit)))


def _items(organization_id: str, condition: ColumnElement[bool]):
    return select(SyncItem.id).where(in_org(SyncItem, organization_id), condition)


def _conflicts(organization_id: str, condition: ColumnElement[bool]):
    return select(SyncConflict.id).where(in_org(SyncConflict, organization_id), condition)


def of_sessions(organization_id: str, ids: list[str]) -> dict[str, ColumnElement[bool]]:
    """Table -> the organization's rows of it about these sessions, in the order they can go."""
    items = _items(organization_id, SyncItem.session_id.in_(ids))
    conflicts = _conflicts(organization_id, SyncConflict.session_id.in_(ids))
    return {
        "sync_outcome": in_org(SyncOutcome, organization_id) & SyncOutcome.item_id.in_(items),
        "sync_conflict_version": in_org(ConflictVersion, organization_id) & ConflictVersion.conflict_id.in_(conflicts),
        "sync_conflict": in_org(SyncConflict, organization_id) & SyncConflict.session_id.in_(ids),
        "sync_item": in_org(SyncItem, organization_id) & SyncItem.session_id.in_(ids),
    }


def of_unknown_sessions(organization_id: str, ids: list[str], before: datetime) -> dict[str, ColumnElement[bool]]:
    """The same for sessions presence does not know (the changes were rejected): those that came in
    batches received before the cutoff, and conflicts opened before it."""
    old_batches = select(SyncBatch.id).where(in_org(SyncBatch, organization_id), SyncBatch.received_at < before)
    item_condition = SyncItem.session_id.in_(ids) & SyncItem.batch_id.in_(old_batches)
    conflict_condition = SyncConflict.session_id.in_(ids) & (SyncConflict.created_at < before)
    return {
        "sync_outcome": in_org(SyncOutcome, organization_id)
        & SyncOutcome.item_id.in_(_items(organization_id, item_condition)),
        "sync_conflict_version": in_org(ConflictVersion, organization_id)
        & ConflictVersion.conflict_id.in_(_conflicts(organization_id, conflict_condition)),
        "sync_conflict": in_org(SyncConflict, organization_id) & conflict_condition,
        "sync_item": in_org(SyncItem, organization_id) & item_condition,
    }


def empty_batches(organization_id: str) -> ColumnElement[bool]:
    """Batches that no longer hold any change (a batch is stored whole, with its changes, in one
    transaction: one without any had them all purged)."""
    return in_org(SyncBatch, organization_id) & ~exists().where(SyncItem.batch_id == SyncBatch.id)
