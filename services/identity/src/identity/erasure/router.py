from fastapi import APIRouter, Depends

from identity.context import Ctx
from identity.erasure import service
from identity.subject_access import service as subject_access
from omni_common.internal import require_service
from omni_common.kit import Db, PurgeDb
from omni_common.redaction import ErasureRequest

router = APIRouter(prefix="/internal", dependencies=[Depends(require_service)], include_in_schema=False)


@router.post("/erasures")
def erase(body: ErasureRequest, purge: PurgeDb, ctx: Ctx) -> dict:
    """Identity's part of a participant's erasure (presence's worker asks, with ids only)."""
    return purge.transaction(service.erase, ctx, body)


@router.get("/participants/{participant_id}/export")
def export(participant_id: str, organization_id: str, db: Db) -> dict:
    """Identity's part of a participant's export: the login linked to them, and its audit entries."""
    return db.read(subject_access.export, organization_id, participant_id)
