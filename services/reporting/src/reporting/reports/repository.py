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
