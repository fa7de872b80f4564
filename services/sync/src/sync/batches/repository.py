"""The SQL of receiving and reading batches."""

from __future__ import annotations

from sqlalchemy import Row, insert, select
from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal
from omni_common.tenancy import select_in_org, select_scoped
from sync.batches.models import SyncBatch, SyncItem, SyncOutcome


def by_idempotency_key(session: Session, organization_id: str, user_id: str, key: str) -> SyncBatch | None:
    return session.scalars(
        select_in_org(SyncBatch, organization_id).where(SyncBatch.user_id == user_id, SyncBatch.idempotency_key == key)
    ).one_or_none()


def insert_items(session: Session, rows: list[dict]) -> None:
    # Core: the ORM's bulk path adds only time to thousands of rows.
    session.execute(insert(SyncItem.__table__), rows)


def visible(session: Session, principal: Principal, batch_id: str, *, own_only: bool) -> SyncBatch | None:
    """The organization's batch (``own_only``: only if the principal sent it)."""
    stmt = select_scoped(SyncBatch, principal).where(SyncBatch.id == batch_id)
    if own_only:
        stmt = stmt.where(SyncBatch.user_id == principal.user_id)
    return session.scalars(stmt).one_or_none()


def results(session: Session, batch_id: str) -> list[Row]:
    """Each mutation of the batch in its order, with its outcome (None while undecided)."""
    return session.execute(
        select(
            SyncItem.mutation_id,
            SyncOutcome.outcome,
            SyncOutcome.version,
            SyncOutcome.conflict_id,
            SyncOutcome.reason,
        )
        .outerjoin(SyncOutcome, SyncOutcome.item_id == SyncItem.id)
        .where(SyncItem.batch_id == batch_id)
        .order_by(SyncItem.position)
    ).all()
