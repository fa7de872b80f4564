"""Internal: the state of a login session, for the services' cached check (never via the gateway)."""

from dataclasses import asdict

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict

from omni_common.errors import NotFound
from omni_common.internal import require_service

router = APIRouter(prefix="/internal/login-sessions", dependencies=[Depends(require_service)], include_in_schema=False)


class StateQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    last_seen: float | None = None
    touch: bool = False


@router.post("/{sid}/state")
def session_state(sid: str, body: StateQuery, request: Request) -> dict:
    state = request.app.state.session_source.fetch(sid, last_seen=body.last_seen, touch=body.touch)
    if state is None:
        raise NotFound()
    return asdict(state)
