from fastapi import APIRouter, Depends

from omni_common.auth.dependencies import staff
from omni_common.auth.principal import Principal
from omni_common.db.database import Database
from omni_common.kit import get_database
from omni_common.pagination import LimitQuery, Page
from reporting.reports import service
from reporting.reports.schemas import ReportOut

router = APIRouter(prefix="/api/reports", tags=["reports"])


@router.get("", response_model=Page[ReportOut])
def list_reports(
    cursor: str | None = None,
    limit: int = LimitQuery,
    principal: Principal = Depends(staff),
    db: Database = Depends(get_database),
):
    """Reports, newest first: the organization's for managers and admins, their own for frontline users."""
    return db.read(service.list_reports, principal, cursor=cursor, limit=limit)
