from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class ConflictStatus(StrEnum):
    open = "open"
    resolved = "resolved"


class ConflictOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    status: ConflictStatus
    session_id: str
    participant_id: str
    created_at: datetime
    resolved_at: datetime | None
