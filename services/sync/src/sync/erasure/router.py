from fastapi import APIRouter, Depends
from fastapi.encoders import jsonable_encoder

from omni_common.internal import require_service
from omni_common.kit import Db, PurgeDb
from omni_common.redaction import ErasureRequest
from sync.context import Ctx
from sync.erasure import service

router = APIRouter(prefix="/internal", dependencies=[Depends(require_service)], include_in_schema=False)


@router.post("/erasures")
def erase(body: ErasureRequest, purge: PurgeDb, ctx: Ctx) -> dict:
    """Sync's part of a participant's erasure (presence's worker asks, with ids only)."""
    return purge.transaction(service.erase, ctx, body)


@router.get("/participants/{participant_id}/export")
def export(participant_id: str, organization_id: str, db: Db) -> dict:
    """Sync's part of a participant's export, for the gateway once presence said the caller may have it."""
    return jsonable_encoder(db.read(service.export, organization_id, participant_id))
