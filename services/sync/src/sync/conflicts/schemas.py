from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from omni_common.schemas import Id


class ConflictStatus(StrEnum):
    open = "open"
    resolved = "resolved"


class VersionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    state: str
    note: str | None
    check_in_at: datetime | None
    check_out_at: datetime | None
    device_id: str
    # The name its user gave the device, when it sent one.
    device_name: str | None = None
    user_id: str
    client_time: datetime
    received_at: datetime
    base_version: int | None
    mutation_id: str


class ConflictOut(BaseModel):
    id: str
    status: ConflictStatus
    session_id: str
    participant_id: str
    # The record as the server holds it: {state, note, version, recorded_by, recorded_at, source, device_id, ...}
    server: dict[str, Any] | None
    versions: list[VersionOut]
    resolution: dict[str, Any] | None
    created_at: datetime
    resolved_at: datetime | None


class Resolve(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"choice": "custom", "state": "late", "note": "Arrived at 09:20 by the register"}]
        },
    )

    choice: Literal["server", "client", "custom"]
    # With "client": which device version (default: the latest).
    version_id: Annotated[str, StringConstraints(max_length=36)] | None = None
    # With "custom": the value to record instead.
    state: Annotated[str, StringConstraints(min_length=1, max_length=32)] | None = None
    note: Annotated[str, StringConstraints(max_length=2000)] | None = None


class ResolveMany(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"ids": ["01a21a00-0000-7000-8000-0000000000e5"], "choice": "server"}]},
    )

    ids: list[Id] = Field(min_length=1, max_length=500)
    # "client": each conflict's latest device version.
    choice: Literal["server", "client"]


class ResolvedOne(BaseModel):
    id: str
    status: int
    conflict: ConflictOut | None = None
    problem: dict[str, Any] | None = None


class ResolvedMany(BaseModel):
    items: list[ResolvedOne]
