from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from omni_common.schemas import Day, Id
from presence.records.schemas import Note, StateCode

# A notice covers at most this many days.
MAX_DAYS = 366


class NoticeStatus(StrEnum):
    requested = "requested"
    approved = "approved"
    rejected = "rejected"


class NoticeCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        json_schema_extra={
            "examples": [
                {
                    "participant_id": "01a21a00-0000-7000-8000-0000000000c3",
                    "from": "2026-09-14",
                    "to": "2026-09-15",
                    "state": "excused",
                    "note": "Dentist",
                }
            ]
        },
    )

    participant_id: Id
    from_: Day = Field(alias="from")
    to: Day
    state: StateCode
    note: Note | None = None

    @field_validator("to")
    @classmethod
    def _after_from(cls, to: date, info: ValidationInfo) -> date:
        start = info.data.get("from_")
        if start and to < start:
            raise PydanticCustomError("before_from", "The last day is before the first.")
        if start and (to - start).days >= MAX_DAYS:
            raise PydanticCustomError("too_long", f"A notice covers at most {MAX_DAYS} days.")
        return to


class NoticeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, populate_by_name=True)

    id: str
    participant_id: str
    participant_name: str | None = None
    from_: date = Field(validation_alias="from_date", serialization_alias="from")
    to: date = Field(validation_alias="to_date")
    state: str
    note: str | None
    status: NoticeStatus
    requested_by: str
    decided_by: str | None
    decided_at: datetime | None
    created_at: datetime
    # How many sessions' records it filled in (when approved).
    prefilled: int | None = None


class NoticePage(BaseModel):
    items: list[NoticeOut]
    next_cursor: str | None
    # Requests waiting for an administrator, among those the caller may see.
    pending: int
