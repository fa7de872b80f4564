from pydantic import BaseModel, ConfigDict

from omni_common.schemas import Id
from presence.participants.schemas import Name, ParticipantOut
from presence.records.schemas import Note, RecordOut, StateCode


class WalkInCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    state: StateCode
    note: Note | None = None


class WalkInCreated(BaseModel):
    participant: ParticipantOut
    record: RecordOut


class MergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The participant the walk-in is (their records move there).
    into: Id
