from urllib.parse import quote

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, StreamingResponse

from omni_common.auth.dependencies import Staff
from omni_common.kit import Db
from omni_common.pagination import LimitQuery, Page
from reporting.context import Ctx
from reporting.reports import service
from reporting.reports.schemas import ReportOut, ReportRequest

router = APIRouter(prefix="/api/reports", tags=["reports"])


@router.post("", status_code=202, response_model=ReportOut, summary="Ask for a report")
def request_report(body: ReportRequest, principal: Staff, db: Db, ctx: Ctx):
    """Ask for a report: answers 202 with its id and status at once; a worker builds it. Managers
    and administrators ask for any type; frontline users for the sign-in sheet of their sessions."""
    service.check_scope(ctx, principal, body)
    report = db.transaction(service.create_report, ctx, principal, body)
    return JSONResponse(ReportOut.model_validate(report).model_dump(mode="json"), status_code=202)


@router.get("", response_model=Page[ReportOut], summary="List reports")
def list_reports(
    principal: Staff,
    db: Db,
    mine: bool = Query(False, description="Only the reports I asked for."),
    cursor: str | None = None,
    limit: int = LimitQuery,
):
    """Reports, newest first: the organization's for managers and admins, their own for frontline users."""
    return db.read(service.list_reports, principal, mine=mine, cursor=cursor, limit=limit)


@router.get("/{report_id}", response_model=ReportOut, summary="A report's status")
def get_report(report_id: str, principal: Staff, db: Db):
    """A report's status and progress (0-100), and its error when it failed."""
    return db.read(lambda s: ReportOut.model_validate(service.get_report(s, principal, report_id)))


@router.get("/{report_id}/download", response_class=StreamingResponse, summary="Download a report")
def download(report_id: str, principal: Staff, db: Db, ctx: Ctx):
    """The report's file, streamed with its content type and file name (409 until it is ready,
    410 once it has expired)."""
    report = db.read(service.downloadable, principal, report_id)
    handle = ctx.storage.open(report.file_key)

    def chunks():
        with handle:
            while block := handle.read(64 * 1024):
                yield block

    ascii_name = report.file_name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return StreamingResponse(
        chunks(),
        media_type=report.content_type,
        headers={
            "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(report.file_name)}",
            "Content-Length": str(report.size_bytes),
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
