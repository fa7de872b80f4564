from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from reporting.reports.schemas import PERIOD_TYPES, Id, ReportFormat, ReportType, StateCode

TimeOfDay = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Frequency(StrEnum):
    daily = "daily"
    weekly = "weekly"


class Weekday(StrEnum):
    mo = "mo"
    tu = "tu"
    we = "we"
    th = "th"
    fr = "fr"
    sa = "sa"
    su = "su"


class ScheduleParams(BaseModel):
    """A schedule reports on a group; each run covers the ``lookback_days`` before its day."""

    model_config = ConfigDict(extra="forbid")

    group_id: Id
    states: list[StateCode] | None = Field(None, max_length=50)


class ScheduleIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Weekly register",
                    "type": "attendance_register",
                    "format": "pdf",
                    "params": {"group_id": "01a21a00-0000-7000-8000-0000000000a1"},
                    "frequency": "weekly",
                    "weekday": "mo",
                    "time_of_day": "07:00",
                    "lookback_days": 7,
                }
            ]
        },
    )

    name: Name
    type: ReportType
    format: ReportFormat
    params: ScheduleParams
    frequency: Frequency = Frequency.weekly
    weekday: Weekday | None = Weekday.mo
    time_of_day: TimeOfDay = "07:00"
    lookback_days: int = Field(7, ge=1, le=366)
    is_active: bool = True

    @model_validator(mode="after")
    def _shape(self):
        from omni_common.errors import Invalid

        if self.type not in PERIOD_TYPES:
            raise Invalid.field("type", "Only reports over a period can be scheduled.", "not_allowed")
        if self.frequency is Frequency.weekly and self.weekday is None:
            raise Invalid.field("weekday", "A weekly schedule needs its weekday.", "required")
        return self


class SchedulePatch(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"time_of_day": "06:30", "is_active": True}]}
    )

    name: Name | None = None
    format: ReportFormat | None = None
    frequency: Frequency | None = None
    weekday: Weekday | None = None
    time_of_day: TimeOfDay | None = None
    lookback_days: int | None = Field(None, ge=1, le=366)
    is_active: bool | None = None


class ScheduleOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    type: ReportType
    format: ReportFormat
    params: dict
    frequency: Frequency
    weekday: Weekday | None
    time_of_day: str
    lookback_days: int
    is_active: bool
    created_by: str
    next_run_at: datetime
    last_run_at: datetime | None
    created_at: datetime
