from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal
from omni_common.tenancy import select_scoped
from reporting.reports.models import Report


def list_reports(
    session: Session, principal: Principal, *, requested_by: str | None, after_id: str | None, limit: int
) -> list[Report]:
    """Newest first."""
    stmt = select_scoped(Report, principal)
    if requested_by:
        stmt = stmt.where(Report.requested_by == requested_by)
    if after_id:
        stmt = stmt.where(Report.id < after_id)
    return list(session.scalars(stmt.order_by(Report.id.desc()).limit(limit + 1)))


def locked(session: Session, report_id: str) -> Report | None:
    return session.scalars(select(Report).where(Report.id == report_id).with_for_update()).one_or_none()


def set_progress(session: Session, report_id: str, attempt: int, progress: int) -> None:
    session.execute(
        update(Report)
        .where(
            Report.id == report_id,
            Report.attempts == attempt,
            Report.status == "running",
            Report.progress < progress,
        )
        .values(progress=progress)
    )


def stale(session: Session, now: datetime, limit: int = 100) -> list[Report]:
    """Reports a build holds no longer: its worker died, or the broker lost the task."""
    return list(
        session.scalars(
            select(Report)
            .where(Report.status == "running", Report.lease_until < now)
            .order_by(Report.lease_until)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )


def expiring(session: Session, now: datetime, limit: int = 500) -> list[Report]:
    return list(
        session.scalars(
            select(Report)
            .where(Report.expires_at < now, Report.expired_at.is_(None))
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
