from pydantic import BaseModel, ConfigDict

from omni_common.schemas import Id
from presence.participants.schemas import Name, ParticipantOut
from presence.records.schemas import Note, RecordOut, StateCode


class WalkInCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name": "Robin Guest", "state": "present", "note": "Visiting from Year 10"}]},
    )

    name: Name
    state: StateCode
    note: Note | None = None


class WalkInCreated(BaseModel):
    participant: ParticipantOut
    record: RecordOut


class MergeIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"into": "01a21a00-0000-7000-8000-0000000000c3"}]}
    )

    # The participant the walk-in is (their records move there).
    into: Id
