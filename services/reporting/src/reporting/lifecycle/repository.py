"""The SQL of reporting's data lifecycle: reports past the organization's retention, and what the
settings screen shows of what is held."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from omni_common.tenancy import in_org
from reporting.reports.models import Report


def completed_before(organization_id: str, cutoff: datetime) -> ColumnElement[bool]:
    """The organization's reports finished (completed or failed) before the cutoff."""
    return in_org(Report, organization_id) & Report.completed_at.is_not(None) & (Report.completed_at < cutoff)


def file_keys(session: Session, report_ids: list[str]) -> list[str]:
    return [k for k in session.scalars(select(Report.file_key).where(Report.id.in_(report_ids))) if k]


def held(session: Session, organization_id: str) -> tuple[datetime | None, int]:
    """When the oldest finished report still held was finished, and how many are held."""
    row = session.execute(
        select(func.min(Report.completed_at), func.count()).where(
            in_org(Report, organization_id), Report.completed_at.is_not(None)
        )
    ).one()
    return row[0], row[1]


def due_count(session: Session, organization_id: str, cutoff: datetime) -> int:
    return session.scalar(select(func.count()).where(completed_before(organization_id, cutoff)))
