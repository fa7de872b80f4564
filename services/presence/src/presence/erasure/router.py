from fastapi import APIRouter, Response

from omni_common.auth.dependencies import Admin
from omni_common.kit import Db, PurgeDb
from presence.context import Ctx
from presence.erasure import service
from presence.erasure.schemas import ErasureOut

router = APIRouter(prefix="/api/participants", tags=["participants"])


@router.post(
    "/{participant_id}/erase",
    response_model=ErasureOut,
    responses={202: {"model": ErasureOut, "description": "Erased here; some services are still erasing their part."}},
    summary="Erase a participant everywhere",
)
def erase_participant(participant_id: str, response: Response, principal: Admin, db: Db, purge: PurgeDb, ctx: Ctx):
    """Erase a participant everywhere (administrators): their name (replaced by "Erased participant"),
    reference, contacts, attributes, PIN, the notes of their records and advance notices, and a
    linked login's email and name, in every service — in history, audit values, stored answers,
    sync payloads and report files too. States, times and counts stay, so registers and statistics
    are unchanged; the login then answers as a wrong password does. 200 `{erased: true, pending: []}`
    once every service has erased its part, else 202 with the services still at it (they are
    retried until they answer). Asking again reports progress and changes nothing."""
    answer = db.read(service.status, principal, participant_id) or purge.transaction(
        service.erase, ctx, principal, participant_id
    )
    response.status_code = 200 if answer.erased else 202
    return answer
