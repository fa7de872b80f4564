from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import JSONResponse, StreamingResponse

from omni_common.auth.dependencies import Admin
from omni_common.kit import Db
from omni_common.pagination import LimitQuery, Page
from reporting.context import Ctx
from reporting.exports import service
from reporting.exports.schemas import ExportOut, ExportQueued, ExportRequest

router = APIRouter(prefix="/api/organizations/current", tags=["organization export"])


@router.post("/export", status_code=202, response_model=ExportQueued, summary="Export the organization")
def request_export(principal: Admin, db: Db, ctx: Ctx, body: ExportRequest | None = None):
    """Ask for an export of all of the organization's data (administrators): answers 202 with its id
    and status at once; a worker gathers every service's data into one ZIP — a `manifest.json`
    (what each file holds, how many rows, when, the schema versions) and one JSON Lines file per
    entity of every service — followed at `GET /api/organizations/current/exports/{id}`."""
    export = db.transaction(service.request_export, ctx, principal)
    return JSONResponse(ExportQueued(id=export.id, status=export.status).model_dump(mode="json"), status_code=202)


@router.get("/exports", response_model=Page[ExportOut], summary="List the organization's exports")
def list_exports(principal: Admin, db: Db, cursor: str | None = None, limit: int = LimitQuery):
    """The organization's exports, newest first (administrators)."""
    return db.read(service.list_exports, principal, cursor=cursor, limit=limit)


@router.get("/exports/{export_id}", response_model=ExportOut, summary="Follow an export")
def get_export(export_id: str, principal: Admin, db: Db):
    """An export's status and progress (0-100), and its error when it failed."""
    return db.read(service.get_export, principal, export_id)


@router.get("/exports/{export_id}/download", response_class=StreamingResponse, summary="Download an export")
def download_export(export_id: str, principal: Admin, db: Db, ctx: Ctx):
    """The export's ZIP, streamed (409 until it is ready, 410 once it has expired)."""
    export = db.read(service.downloadable, principal, export_id)
    handle = ctx.storage.open(export.file_key)

    def chunks():
        with handle:
            while block := handle.read(64 * 1024):
                yield block

    ascii_name = export.file_name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return StreamingResponse(
        chunks(),
        media_type="application/zip",
        headers={
            "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(export.file_name)}",
            "Content-Length": str(export.size_bytes),
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
