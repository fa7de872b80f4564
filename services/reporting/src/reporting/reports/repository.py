"""Every query of reports: the API's through the tenancy helper, the worker's by id (a build,
beat's clean-up and a notification act on one report whoever's it is)."""

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal
from omni_common.tenancy import get_or_404, select_scoped
from reporting.reports.models import Report


def add(session: Session, report: Report) -> Report:
    """A new report, flushed so it has its id (its audit entry and its build task name it)."""
    session.add(report)
    session.flush()
    return report


def get(session: Session, principal: Principal, report_id: str) -> Report:
    """The caller's organization's report, or 404."""
    return get_or_404(session, Report, report_id, principal)


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


def by_id(session: Session, report_id: str) -> Report | None:
    return session.get(Report, report_id)


def locked(session: Session, report_id: str) -> Report | None:
    return session.scalars(select(Report).where(Report.id == report_id).with_for_update()).one_or_none()


def scheduled_run_made(session: Session, schedule_id: str, scheduled_for: datetime) -> bool:
    """Whether a schedule's run at this time has its report already."""
    made = session.scalars(
        select(Report.id).where(Report.schedule_id == schedule_id, Report.scheduled_for == scheduled_for)
    ).first()
    return made is not None


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


def renew_lease(session: Session, report_id: str, attempt: int, until: datetime) -> None:
    """The build of ``attempt`` is alive: it holds the report until ``until`` (a build that lost
    the report to another attempt changes nothing)."""
    session.execute(
        update(Report)
        .where(Report.id == report_id, Report.attempts == attempt, Report.status == "running")
        .values(lease_until=until)
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


def outbox_message(session: Session, model: type, message_id: str):
    """The outbox row of a piece of beat's work run now (what the maintenance route answers)."""
    return session.get(model, message_id)
