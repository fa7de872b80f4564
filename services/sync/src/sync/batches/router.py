from fastapi import APIRouter, Header, Query, Request, status
from starlette.concurrency import run_in_threadpool

from omni_common.auth.dependencies import Recorder, Staff
from omni_common.kit import Db
from sync.batches import service
from sync.batches.schemas import BatchAccepted, BatchIn, BatchOut
from sync.context import Ctx

router = APIRouter(prefix="/api/sync", tags=["sync"])


@router.post(
    "", response_model=BatchAccepted, status_code=status.HTTP_202_ACCEPTED, summary="Send a batch of offline changes"
)
async def send_batch(
    body: BatchIn,
    request: Request,
    principal: Recorder,
    db: Db,
    ctx: Ctx,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=128),
):
    """Changes made offline, in the order they were made. Answers 202 at once with the batch id: a
    worker merges it; follow GET /api/sync/batches/{batch_id}. With the same Idempotency-Key again,
    the same batch."""
    raw = await request.body()
    return await run_in_threadpool(db.transaction, service.receive, ctx, principal, body, raw, idempotency_key)


@router.get("/batches/{batch_id}", response_model=BatchOut, summary="A sync batch and its outcomes")
def get_batch(
    batch_id: str,
    principal: Staff,
    db: Db,
    ctx: Ctx,
    results: bool = Query(True, description="false: status, progress and counts only (for polling)."),
):
    """The batch's status and progress, the count of each outcome, each mutation's outcome, and
    whether the device's clock was off by more than the server allows (`clock_skewed`)."""
    return db.read(service.get_batch, ctx, principal, batch_id, with_results=results)
