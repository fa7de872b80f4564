from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from omni_common.schemas import Count, Id, Instant, JobStatus, MutationId


class MutationIn(BaseModel):
    """A change recorded on a device, as the device knew it (SPEC 4.5 step 1)."""

    model_config = ConfigDict(extra="forbid")

    mutation_id: MutationId
    session_id: Id
    participant_id: Id
    # A check-in or check-out made offline: the server decides the state from its time
    # (`check_in_at` or `check_out_at`, else `client_time`), so `state` may be left out.
    action: Literal["check_in", "check_out"] | None = None
    state: Annotated[str, StringConstraints(min_length=1, max_length=32)] | None = None
    note: Annotated[str, StringConstraints(max_length=2000)] | None = None
    check_in_at: Instant | None = None
    check_out_at: Instant | None = None
    client_time: Instant
    # The record version the device last saw (None: it saw none).
    base_version: Count | None = None
    device_seq: Count | None = None

    @model_validator(mode="after")
    def _state_unless_checking(self):
        if self.action is None and self.state is None:
            raise PydanticCustomError(
                "required", "'state' is required unless the change is a check-in or check-out ('action')."
            )
        return self


class BatchIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "device_id": "tablet-7f3a",
                    "device_name": "Frankie's phone",
                    "sent_at": "2026-09-14T09:12:00+01:00",
                    "mutations": [
                        {
                            "mutation_id": "3f1c9a52-7b0e-4d2a-9c61-5e8f0a7d2b14",
                            "session_id": "01a21a00-0000-7000-8000-0000000000b2",
                            "participant_id": "01a21a00-0000-7000-8000-0000000000c3",
                            "state": "absent",
                            "client_time": "2026-09-14T09:05:00+01:00",
                            "base_version": None,
                            "device_seq": 1,
                        }
                    ],
                }
            ]
        },
    )

    device_id: Annotated[str, StringConstraints(min_length=1, max_length=128)]
    # The name its user gave the device ("Frankie's phone"), shown wherever the device is.
    device_name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] | None = None
    sent_at: Instant
    # Not capped here: past the fair-use limit the answer is 429, with the limit.
    mutations: list[MutationIn]


class BatchAccepted(BaseModel):
    batch_id: str
    status: JobStatus
    # The device's clock was this many seconds behind the server's (negative: ahead); skewed when
    # further off than the server allows: its changes' times are corrected, and flagged.
    clock_skew_seconds: float
    clock_skewed: bool


class Counts(BaseModel):
    applied: int = 0
    duplicate: int = 0
    unchanged: int = 0
    conflict: int = 0
    rejected: int = 0


class ItemResult(BaseModel):
    mutation_id: str
    outcome: str | None
    version: int | None = None
    conflict_id: str | None = None
    reason: str | None = None


class BatchOut(BaseModel):
    batch_id: str
    status: JobStatus
    progress: int
    counts: Counts
    error: str | None
    device_id: str
    device_name: str | None = None
    received_at: datetime
    completed_at: datetime | None
    # The device's clock was this many seconds behind the server's (negative: ahead); skewed when
    # further off than the server allows (SYNC_CLOCK_SKEW_WARN_SECONDS): the changes' times were
    # corrected by it, and each change's history says so.
    clock_skew_seconds: float
    clock_skewed: bool
    results: list[ItemResult]
