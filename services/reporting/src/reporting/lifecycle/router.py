from fastapi import APIRouter

from omni_common.auth.dependencies import Manager
from omni_common.kit import Db
from reporting.context import Ctx
from reporting.lifecycle import service
from reporting.lifecycle.schemas import ReportRetention

router = APIRouter(prefix="/api/retention", tags=["retention"])


@router.get("/reports", response_model=ReportRetention, summary="Reports held")
def report_retention(principal: Manager, db: Db, ctx: Ctx):
    """What reporting holds against the organization's `report_retention_days` (administrators and
    managers): when the oldest report still held was finished, how many are held, and how many of
    them the next purge removes."""
    days = ctx.identity.organization(principal.organization_id).get("report_retention_days")
    return db.read(service.overview, principal, days)
