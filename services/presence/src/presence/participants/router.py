from fastapi import APIRouter, Depends, File, Query, Request, Response, UploadFile, status
from starlette.concurrency import run_in_threadpool

from omni_common.auth.dependencies import Admin, Staff
from omni_common.errors import Invalid, NotFound
from omni_common.idempotency import Fingerprint
from omni_common.internal import require_service
from omni_common.kit import Db
from omni_common.pagination import LimitQuery, Page
from presence.context import Ctx
from presence.participants import importer, repository, service
from presence.participants.schemas import ImportResult, ParticipantCreate, ParticipantOut, ParticipantPatch

router = APIRouter(prefix="/api/participants", tags=["participants"])


@router.get("", response_model=Page[ParticipantOut], summary="List participants")
def list_participants(
    *,
    cursor: str | None = None,
    limit: int = LimitQuery,
    q: str | None = Query(None, max_length=200, description="Searches name and external reference."),
    active: bool | None = None,
    walk_in: bool | None = Query(None, description="Only walk-ins (true), or only the others (false)."),
    principal: Staff,
    db: Db,
):
    """Participants by name (a frontline user sees the members of their groups)."""
    return db.read(
        service.list_participants, principal, cursor=cursor, limit=limit, q=q, active=active, walk_in=walk_in
    )


@router.post("", response_model=ParticipantOut, status_code=status.HTTP_201_CREATED, summary="Add a participant")
def create_participant(
    body: ParticipantCreate,
    request: Request,
    fingerprint: Fingerprint,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    """Add a participant (administrators)."""
    return ctx.idempotency.respond(
        db,
        request,
        fingerprint,
        principal,
        lambda s: (201, ParticipantOut.model_validate(service.create_participant(s, ctx, principal, body))),
    )


@router.post("/import", response_model=ImportResult, summary="Import participants from CSV or XLSX")
async def import_participants(
    *,
    file: UploadFile = File(..., description="CSV (UTF-8) or XLSX; header row of field names"),
    dry_run: bool = False,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    """Import participants from CSV or XLSX (administrators). `?dry_run=true` only checks and
    counts, listing every bad row; a real import with any bad row changes nothing (422)."""
    limit = ctx.settings.import_max_bytes
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise Invalid.field("file", f"The file is larger than {limit // 1024} KiB.", "too_large")

    def run() -> ImportResult:
        sheet = importer.read_file(data, file.filename or "", ctx.settings.import_max_rows, limit * 20)
        return db.transaction(importer.import_participants, ctx, principal, sheet, dry_run=dry_run)

    return await run_in_threadpool(run)


@router.get("/{participant_id}", response_model=ParticipantOut, summary="A participant")
def get_participant(participant_id: str, principal: Staff, db: Db):
    return db.read(lambda s: ParticipantOut.model_validate(service.get_participant(s, principal, participant_id)))


@router.patch("/{participant_id}", response_model=ParticipantOut, summary="Change a participant")
def update_participant(
    participant_id: str,
    body: ParticipantPatch,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    return db.transaction(
        lambda s: ParticipantOut.model_validate(service.update_participant(s, ctx, principal, participant_id, body))
    )


@router.delete("/{participant_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Deactivate a participant")
def deactivate_participant(
    participant_id: str,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    """Deactivate (administrators): off every roster from now on; records and past rosters keep them."""
    db.transaction(service.deactivate_participant, ctx, principal, participant_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


internal = APIRouter(prefix="/internal", dependencies=[Depends(require_service)], include_in_schema=False)


@internal.get("/participants/{participant_id}", response_model=ParticipantOut)
def internal_participant(participant_id: str, organization_id: str, db: Db):
    """One participant of an organization (identity checks the participant a login is linked to);
    404 for unknown and foreign ones alike."""
    participant = db.read(repository.in_organization, organization_id, participant_id)
    if participant is None:
        raise NotFound()
    return participant
