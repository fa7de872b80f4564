from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from omni_common.schemas import Day, Id, Instant

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Location = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Weekday = Annotated[str, StringConstraints(to_lower=True, pattern=r"^(mo|tu|we|th|fr|sa|su)$")]


class Mode(StrEnum):
    roll_call = "roll_call"
    check_in_out = "check_in_out"
    self_check_in = "self_check_in"


class Status(StrEnum):
    scheduled = "scheduled"
    open = "open"
    closed = "closed"
    cancelled = "cancelled"


class Repeat(BaseModel):
    """A recurring series, expanded in the organization's timezone: 09:00 stays 09:00 across DST."""

    model_config = ConfigDict(extra="forbid")

    freq: Literal["daily", "weekly"]
    interval: int = Field(1, ge=1, le=52)
    by_weekday: list[Weekday] | None = Field(None, min_length=1, max_length=7)
    until: Day | None = None
    count: int | None = Field(None, ge=1)

    @model_validator(mode="after")
    def _bounded(self):
        if (self.until is None) == (self.count is None):
            raise PydanticCustomError("either_or", "Give either 'until' (a date) or 'count', one of them.")
        return self


class SessionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    group_id: str
    series_id: str | None
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str | None
    mode: Mode
    status: Status
    notes: str | None
    created_at: datetime


class SessionCreated(SessionOut):
    """The session made, or the first of a series, with how many the series made."""

    occurrences: int


class SessionCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "group_id": "01a21a00-0000-7000-8000-0000000000a1",
                    "title": "Maths",
                    "starts_at": "2026-09-14T09:00:00+01:00",
                    "ends_at": "2026-09-14T10:00:00+01:00",
                    "location": "Room 12",
                    "mode": "roll_call",
                    "repeat": {"freq": "weekly", "by_weekday": ["mo", "th"], "count": 20},
                }
            ]
        },
    )

    group_id: Id
    title: Title
    # ISO 8601; a time without a zone is the organization's local time.
    starts_at: Instant
    ends_at: Instant
    mode: Mode = Mode.roll_call
    location: Location | None = None
    status: Literal["scheduled", "open"] = "scheduled"
    notes: Annotated[str, StringConstraints(max_length=2000)] | None = None
    repeat: Repeat | None = None


class SessionPatch(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"status": "open"}]})

    title: Title | None = None
    starts_at: Instant | None = None
    ends_at: Instant | None = None
    mode: Mode | None = None
    location: Location | None = None
    status: Status | None = None
    notes: Annotated[str, StringConstraints(max_length=2000)] | None = None
    # "following": this session and every later one of its series not yet held.
    scope: Literal["this", "following"] = "this"
