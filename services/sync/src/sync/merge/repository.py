"""The SQL of merging: the batch's lease, its items in order, outcomes given before, and new ones."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, insert, select, update
from sqlalchemy.orm import Session

from omni_common.tenancy import in_org
from sync.batches.models import SyncBatch, SyncItem, SyncOutcome


def claim(session: Session, batch_id: str, now: datetime, lease_until: datetime) -> SyncBatch | None:
    """Take the batch if it is queued, or running under a lease that ran out. Each take counts an
    attempt: its number is the taker's fencing token (a later taker's is higher)."""
    taken = session.execute(
        update(SyncBatch)
        .where(
            SyncBatch.id == batch_id,
            SyncBatch.status.in_(("queued", "running")),
            (SyncBatch.lease_until.is_(None)) | (SyncBatch.lease_until < now),
        )
        .values(status="running", lease_until=lease_until, attempts=SyncBatch.attempts + 1)
    ).rowcount
    return session.get(SyncBatch, batch_id) if taken else None


def locked(session: Session, batch_id: str) -> SyncBatch:
    """The batch, locked until this (short) transaction ends."""
    return session.get(SyncBatch, batch_id, with_for_update=True)


def renew_lease(session: Session, batch_id: str, holder: int, lease_until: datetime) -> bool:
    """Extend the lease if ``holder`` (an attempt number) still holds it."""
    return bool(
        session.execute(
            update(SyncBatch)
            .where(SyncBatch.id == batch_id, SyncBatch.attempts == holder, SyncBatch.status == "running")
            .values(lease_until=lease_until)
        ).rowcount
    )


def items_from(session: Session, batch_id: str, position: int, limit: int) -> list[Row]:
    """Up to ``limit`` items of the batch from ``position`` on, in order (plain rows)."""
    return session.execute(
        select(SyncItem.__table__)
        .where(SyncItem.batch_id == batch_id, SyncItem.position >= position)
        .order_by(SyncItem.position)
        .limit(limit)
    ).all()


def outcomes_of(session: Session, organization_id: str, mutation_ids: set[str]) -> list[Row]:
    """Outcomes already given to these mutation ids, in any batch of the organization (plain rows
    of what a duplicate's answer repeats: a replayed chunk meets a thousand)."""
    return session.execute(
        select(
            SyncOutcome.mutation_id,
            SyncOutcome.processed_at,
            SyncOutcome.position,
            SyncOutcome.outcome,
            SyncOutcome.version,
            SyncOutcome.conflict_id,
        ).where(in_org(SyncOutcome, organization_id), SyncOutcome.mutation_id.in_(mutation_ids))
    ).all()


def insert_outcomes(session: Session, rows: list[dict]) -> None:
    # A Core INSERT of plain rows: the ORM's bulk path adds only time here.
    session.execute(insert(SyncOutcome.__table__), rows)


def fail(session: Session, batch_id: str, reason: str, now: datetime) -> None:
    session.execute(
        update(SyncBatch)
        .where(SyncBatch.id == batch_id)
        .values(status="failed", error=reason, lease_until=None, completed_at=now)
    )


def stalled(session: Session, now: datetime, limit: int = 100) -> list[str]:
    """Batches running under a lease that ran out (their worker went silent)."""
    return list(
        session.scalars(
            select(SyncBatch.id).where(SyncBatch.status == "running", SyncBatch.lease_until < now).limit(limit)
        )
    )
