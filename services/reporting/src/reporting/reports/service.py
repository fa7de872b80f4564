from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal, Role
from omni_common.pagination import Page, cursor_key, page_of
from reporting.reports import repository
from reporting.reports.schemas import ReportOut


def list_reports(session: Session, principal: Principal, *, cursor: str | None, limit: int) -> Page[ReportOut]:
    """Managers and admins see the organization's reports; frontline users their own sign-in sheets."""
    key = cursor_key(cursor)
    mine = principal.user_id if principal.role == Role.frontline else None
    rows = repository.list_reports(
        session, principal, requested_by=mine, after_id=str(key[0]) if key else None, limit=limit
    )
    return page_of([ReportOut.model_validate(r) for r in rows], limit, lambda r: [r.id])
