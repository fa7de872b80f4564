from fastapi import APIRouter, Depends

from omni_common.auth.dependencies import AnyUser
from omni_common.internal import require_service
from omni_common.kit import Db
from presence.subject_access import service
from presence.subject_access.schemas import PresenceExport

internal = APIRouter(prefix="/internal", dependencies=[Depends(require_service)], include_in_schema=False)


@internal.get("/participants/{participant_id}/export", response_model=PresenceExport)
def export_participant(participant_id: str, principal: AnyUser, db: Db):
    """Presence's part of a participant's export, for the gateway, on behalf of the caller (their
    token): an administrator, or the participant themselves; 404 and 403 as SPEC §1 says."""
    return db.read(service.export, principal, participant_id)
