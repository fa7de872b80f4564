"""Every query of report schedules: the API's through the tenancy helper, beat's across
organizations (it runs whichever schedule is due)."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal
from omni_common.tenancy import get_or_404, select_scoped
from reporting.schedules.models import ReportSchedule


def add(session: Session, schedule: ReportSchedule) -> ReportSchedule:
    """A new schedule, flushed so it has its id (its audit entry names it)."""
    session.add(schedule)
    session.flush()
    return schedule


def get(session: Session, principal: Principal, schedule_id: str, *, for_update: bool = False) -> ReportSchedule:
    """The caller's organization's schedule, deleted or not, or 404."""
    return get_or_404(session, ReportSchedule, schedule_id, principal, for_update=for_update)


def list_live(session: Session, principal: Principal, *, after_id: str | None, limit: int) -> list[ReportSchedule]:
    """The schedules not deleted, in id order, one more than asked for (so a page knows it has a next)."""
    stmt = select_scoped(ReportSchedule, principal).where(ReportSchedule.deleted_at.is_(None))
    if after_id is not None:
        stmt = stmt.where(ReportSchedule.id > after_id)
    return list(session.scalars(stmt.order_by(ReportSchedule.id).limit(limit + 1)))


def due(session: Session, now: datetime, limit: int = 100) -> list[tuple[str, str]]:
    """(id, organization id) of the active schedules whose next run is due, the longest due first."""
    return [
        (r.id, r.organization_id)
        for r in session.scalars(
            select(ReportSchedule)
            .where(
                ReportSchedule.is_active.is_(True),
                ReportSchedule.deleted_at.is_(None),
                ReportSchedule.next_run_at <= now,
            )
            .order_by(ReportSchedule.next_run_at)
            .limit(limit)
        )
    ]


def claim(session: Session, schedule_id: str) -> ReportSchedule | None:
    """The schedule, locked, unless another beat run holds it right now."""
    return session.scalars(
        select(ReportSchedule).where(ReportSchedule.id == schedule_id).with_for_update(skip_locked=True)
    ).one_or_none()
