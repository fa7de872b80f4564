"""Every query of organization exports: the API's through the tenancy helper, the worker's by id."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal
from omni_common.tenancy import get_or_404, in_org, select_scoped
from reporting.exports.models import OrganizationExport


def add(session: Session, export: OrganizationExport) -> OrganizationExport:
    session.add(export)
    session.flush()
    return export


def get(session: Session, principal: Principal, export_id: str) -> OrganizationExport:
    return get_or_404(session, OrganizationExport, export_id, principal)


def page(session: Session, principal: Principal, *, after_id: str | None, limit: int) -> list[OrganizationExport]:
    """Newest first."""
    stmt = select_scoped(OrganizationExport, principal)
    if after_id:
        stmt = stmt.where(OrganizationExport.id < after_id)
    return list(session.scalars(stmt.order_by(OrganizationExport.id.desc()).limit(limit + 1)))


def locked(session: Session, export_id: str) -> OrganizationExport | None:
    return session.scalars(
        select(OrganizationExport).where(OrganizationExport.id == export_id).with_for_update()
    ).one_or_none()


def set_progress(session: Session, export_id: str, attempt: int, progress: int) -> None:
    session.execute(
        update(OrganizationExport)
        .where(
            OrganizationExport.id == export_id,
            OrganizationExport.attempts == attempt,
            OrganizationExport.status == "running",
            OrganizationExport.progress < progress,
        )
        .values(progress=progress)
    )


def renew_lease(session: Session, export_id: str, attempt: int, until: datetime) -> None:
    session.execute(
        update(OrganizationExport)
        .where(
            OrganizationExport.id == export_id,
            OrganizationExport.attempts == attempt,
            OrganizationExport.status == "running",
        )
        .values(lease_until=until)
    )


def stale(session: Session, now: datetime, limit: int = 100) -> list[OrganizationExport]:
    """Exports a build holds no longer (its worker died, or the broker lost the task)."""
    return list(
        session.scalars(
            select(OrganizationExport)
            .where(OrganizationExport.status == "running", OrganizationExport.lease_until < now)
            .order_by(OrganizationExport.lease_until)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )


def expiring(
    session: Session, now: datetime, organization_id: str | None, limit: int = 500
) -> list[OrganizationExport]:
    stmt = select(OrganizationExport).where(
        OrganizationExport.expires_at < now, OrganizationExport.expired_at.is_(None)
    )
    if organization_id:
        stmt = stmt.where(in_org(OrganizationExport, organization_id))
    return list(session.scalars(stmt.limit(limit).with_for_update(skip_locked=True)))
