from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class ParticipantOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    external_ref: str | None
    email: str | None
    phone: str | None
    attributes: dict[str, Any]
    is_active: bool
    created_at: datetime
