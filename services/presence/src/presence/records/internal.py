"""Internal routes the sync service calls (never via the gateway): merge a chunk, resolve a conflict."""

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from omni_common.auth.principal import Principal, Role
from omni_common.context import device_name_var
from omni_common.internal import require_service
from omni_common.kit import Db
from presence.context import Ctx
from presence.records import offline_merge, resolution

router = APIRouter(prefix="/internal", dependencies=[Depends(require_service)], include_in_schema=False)
Id = Annotated[str, StringConstraints(min_length=1, max_length=64)]


class Actor(BaseModel):
    """On whose behalf: the user who recorded offline, or the admin who resolves."""

    organization_id: Id
    user_id: Id
    role: Role
    timezone: str = "UTC"


class MutationIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    mutation_id: Id
    session_id: Id
    participant_id: Id
    state: Annotated[str, StringConstraints(max_length=32)] | None = None
    note: str | None = None
    check_in_at: datetime | None = None
    check_out_at: datetime | None = None
    client_time: datetime
    base_version: int | None = None
    has_open_conflict: bool = False
    action: Literal["check_in", "check_out"] | None = None
    # A check-in's or check-out's time, corrected for the device's clock.
    at: datetime | None = None
    # The device's clock as it sent it, and whether it was off by more than sync allows.
    device_time: datetime | None = None
    clock_skewed: bool = False


class ChunkIn(BaseModel):
    actor: Actor
    device_id: Annotated[str, StringConstraints(max_length=128)]
    device_name: Annotated[str, StringConstraints(max_length=100)] | None = None
    batch_id: Id
    mutations: list[MutationIn] = Field(max_length=2000)


class ResolutionValues(BaseModel):
    """The value an administrator chose for a record."""

    state: Annotated[str, StringConstraints(max_length=32)] | None = None
    note: str | None = None
    check_in_at: datetime | None = None
    check_out_at: datetime | None = None


class ResolutionIn(BaseModel):
    actor: Actor
    session_id: Id
    participant_id: Id
    expected_version: int = Field(ge=0)
    # None keeps the server's value (only checks it has not moved on).
    values: ResolutionValues | None = None
    conflict_id: Id


def principal_of(actor: Actor) -> Principal:
    return Principal(
        user_id=actor.user_id,
        organization_id=actor.organization_id,
        role=actor.role,
        session_id="internal",
        participant_id=None,
        known_timezone=actor.timezone,
        authz_version=0,
    )


@router.post("/sync/apply")
def apply_chunk(body: ChunkIn, db: Db, ctx: Ctx) -> dict:
    mutations = [offline_merge.Mutation(**m.model_dump()) for m in body.mutations]
    # The offline changes' audit entries name the device that made them, not sync's worker.
    named = device_name_var.set(body.device_name)
    try:
        results = db.transaction(
            offline_merge.apply_chunk,
            ctx,
            principal_of(body.actor),
            device_id=body.device_id,
            batch_id=body.batch_id,
            mutations=mutations,
        )
    finally:
        device_name_var.reset(named)
    return {"results": results}


@router.post("/records/resolve")
def resolve(body: ResolutionIn, db: Db, ctx: Ctx) -> dict:
    """Apply an admin's choice for a conflict, refused (409 with the record now) if it moved on."""
    record = db.transaction(resolution.resolve, ctx, principal_of(body.actor), body)
    return {"record": record.model_dump(mode="json") if record else None}
