"""The SQL of the conflict queue."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal
from omni_common.tenancy import select_in_org, select_scoped
from sync.conflicts.models import ConflictVersion, SyncConflict


def versions_of(session: Session, conflict_ids: list[str]) -> dict[str, list[ConflictVersion]]:
    """Each conflict's versions, oldest first."""
    found = defaultdict(list)
    if conflict_ids:
        for v in session.scalars(
            select(ConflictVersion)
            .where(ConflictVersion.conflict_id.in_(conflict_ids))
            .order_by(ConflictVersion.received_at, ConflictVersion.id)
        ):
            found[v.conflict_id].append(v)
    return found


def page(
    session: Session,
    principal: Principal,
    *,
    status: str | None,
    session_id: str | None,
    after_id: str | None,
    limit: int,
) -> list[SyncConflict]:
    """Oldest first, from after ``after_id``: ``limit`` + 1 rows, so the caller knows if more follow."""
    stmt = select_scoped(SyncConflict, principal)
    if status:
        stmt = stmt.where(SyncConflict.status == status)
    if session_id:
        stmt = stmt.where(SyncConflict.session_id == session_id)
    if after_id:
        stmt = stmt.where(SyncConflict.id > after_id)
    return list(session.scalars(stmt.order_by(SyncConflict.id).limit(limit + 1)))


def get(session: Session, principal: Principal, conflict_id: str, *, for_update: bool = False) -> SyncConflict | None:
    stmt = select_scoped(SyncConflict, principal).where(SyncConflict.id == conflict_id)
    if for_update:
        stmt = stmt.with_for_update()
    return session.scalars(stmt).one_or_none()


def known_ids(session: Session, principal: Principal, ids: list[str]) -> set[str]:
    """Which of these ids name conflicts of the caller's organization."""
    stmt = select_scoped(SyncConflict, principal).with_only_columns(SyncConflict.id).where(SyncConflict.id.in_(ids))
    return set(session.scalars(stmt))


def open_by_key(session: Session, organization_id: str, keys: set[str]) -> dict[str, SyncConflict]:
    """The open conflicts of these records (by their ``session_id:participant_id`` key)."""
    if not keys:
        return {}
    rows = session.scalars(select_in_org(SyncConflict, organization_id).where(SyncConflict.open_key.in_(keys)))
    return {c.open_key: c for c in rows}
