from fastapi import APIRouter, Depends

from omni_common.internal import require_service
from omni_common.kit import Db
from omni_common.redaction import ErasureRequest
from reporting.context import Ctx
from reporting.erasure import service

router = APIRouter(prefix="/internal", dependencies=[Depends(require_service)], include_in_schema=False)


@router.post("/erasures")
def erase(body: ErasureRequest, db: Db, ctx: Ctx) -> dict:
    """Reporting's part of a participant's erasure (presence's worker asks, with ids only): the
    report files that may name them are deleted. 409 while such a report is being built."""
    sessions = db.read(service.report_sessions, body.organization_id)
    groups_of = service.session_groups(ctx, body.organization_id, sessions)  # no transaction open
    return db.transaction(service.erase, ctx, body, groups_of)


@router.get("/participants/{participant_id}/export")
def export(participant_id: str, organization_id: str, db: Db) -> dict:
    """Reporting's part of a participant's export: reports limited to them, and their audit entries."""
    return db.read(service.export, organization_id, participant_id)
