from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, computed_field

from omni_common.schemas import Count, Id, Instant, MutationId
from presence.sessions.schemas import SessionOut

StateCode = Annotated[str, StringConstraints(min_length=1, max_length=32)]
Note = Annotated[str, StringConstraints(max_length=2000)]


class RecordOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    session_id: str
    participant_id: str
    state: str
    note: str | None
    check_in_at: datetime | None
    check_out_at: datetime | None
    version: int
    source: str
    recorded_by: str | None
    recorded_at: datetime
    client_time: datetime | None
    device_id: str | None

    @computed_field
    @property
    def duration_minutes(self) -> int | None:
        """Whole minutes between check-in and check-out, rounded down; null until both exist."""
        if self.check_in_at is None or self.check_out_at is None or self.check_out_at < self.check_in_at:
            return None
        return int((self.check_out_at - self.check_in_at).total_seconds() // 60)


class RecordIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "session_id": "01a21a00-0000-7000-8000-0000000000b2",
                    "participant_id": "01a21a00-0000-7000-8000-0000000000c3",
                    "state": "late",
                    "note": "Bus was late",
                    "expected_version": 1,
                    "mutation_id": "3f1c9a52-7b0e-4d2a-9c61-5e8f0a7d2b14",
                }
            ]
        },
    )

    session_id: Id
    participant_id: Id
    state: StateCode
    note: Note | None = None
    check_in_at: Instant | None = None
    check_out_at: Instant | None = None
    # Refuse (409 with the current record) if the record is no longer at this version.
    expected_version: Count | None = None
    # A client-made id: sending the same change again returns the first answer and changes nothing.
    mutation_id: MutationId | None = None
    client_time: Instant | None = None


class CheckIn(BaseModel):
    """A check-in or check-out of one participant (`at` defaults to now)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "participant_id": "01a21a00-0000-7000-8000-0000000000c3",
                    "at": "2026-09-14T09:04:00+01:00",
                    "mutation_id": "3f1c9a52-7b0e-4d2a-9c61-5e8f0a7d2b14",
                }
            ]
        },
    )

    participant_id: Id
    at: Instant | None = None
    # A client-made id: sending the same check-in again returns the first answer.
    mutation_id: MutationId | None = None


class BulkItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    participant_id: Id
    state: StateCode
    note: Note | None = None
    check_in_at: Instant | None = None
    check_out_at: Instant | None = None
    expected_version: Count | None = None


class BulkIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "session_id": "01a21a00-0000-7000-8000-0000000000b2",
                    "only_unmarked": True,
                    "records": [{"participant_id": "01a21a00-0000-7000-8000-0000000000c3", "state": "present"}],
                }
            ]
        },
    )

    session_id: Id
    # Only participants with no record yet: never overwrite a colleague's marks.
    only_unmarked: bool = False
    records: list[BulkItem] = Field(min_length=1, max_length=5000)
    client_time: Instant | None = None


class BulkOut(BaseModel):
    items: list[RecordOut]


class ParticipantBrief(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    external_ref: str | None


class RosterItem(BaseModel):
    participant: ParticipantBrief
    record: RecordOut | None


class RosterGroup(BaseModel):
    id: str
    name: str
    domain: str
    # A check-in this many minutes after the start is late.
    late_after_minutes: int


class RosterOut(BaseModel):
    session: SessionOut
    group: RosterGroup
    counts: dict[str, int]
    items: list[RosterItem]


class HistoryItem(BaseModel):
    version: int
    state: str
    note: str | None
    check_in_at: datetime | None
    check_out_at: datetime | None
    source: str
    actor: str | None
    actor_name: str | None
    device_id: str | None
    client_time: datetime | None
    # An offline change whose device clock was off by more than sync allows: client_time is
    # corrected by the difference, device_time is the clock as the device had it.
    clock_skewed: bool = False
    device_time: datetime | None = None
    at: datetime


class HistoryOut(BaseModel):
    items: list[HistoryItem]


class ChangesOut(BaseModel):
    items: list[RecordOut]
    cursor: str
