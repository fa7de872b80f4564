from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from omni_common.schemas import Day, Id, JobStatus

StateCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]


class ReportType(StrEnum):
    attendance_register = "attendance_register"
    participant_summary = "participant_summary"
    session_roll = "session_roll"
    absence_exceptions = "absence_exceptions"
    sign_in_sheet = "sign_in_sheet"


# What each type is about: a group over a period, or one session.
PERIOD_TYPES = {ReportType.attendance_register, ReportType.participant_summary, ReportType.absence_exceptions}
SESSION_TYPES = {ReportType.session_roll, ReportType.sign_in_sheet}
MAX_PERIOD_DAYS = 400
MAX_PARTICIPANTS = 200


class ReportFormat(StrEnum):
    pdf = "pdf"
    xlsx = "xlsx"
    csv = "csv"


CONTENT_TYPES = {
    ReportFormat.pdf: "application/pdf",
    ReportFormat.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.csv: "text/csv; charset=utf-8",
}


class ReportParams(BaseModel):
    """What the report covers. Dates are calendar days in the organization's timezone."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    group_id: Id | None = None
    session_id: Id | None = None
    from_: Day | None = Field(None, alias="from")
    to: Day | None = None
    # Only these states (the exceptions report; by default its absent and late ones).
    states: list[StateCode] | None = Field(None, max_length=50)
    # Only these participants (any type): each one of the organization's, else 422 naming it.
    participant_ids: list[Id] | None = Field(None, min_length=1, max_length=MAX_PARTICIPANTS)

    def dump(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class ReportRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "type": "attendance_register",
                    "format": "xlsx",
                    "params": {
                        "group_id": "01a21a00-0000-7000-8000-0000000000a1",
                        "from": "2026-09-01",
                        "to": "2026-09-30",
                    },
                }
            ]
        },
    )

    type: ReportType
    format: ReportFormat
    params: ReportParams = Field(default_factory=ReportParams)

    @model_validator(mode="after")
    def _shape(self):
        from omni_common.errors import FieldError, Invalid

        p, errors = self.params, []
        if self.type in PERIOD_TYPES:
            if not p.group_id:
                errors.append(FieldError("params.group_id", "This report is about a group: name it.", "required"))
            if p.from_ is None:
                errors.append(FieldError("params.from", "The first day of the period is required.", "required"))
            if p.to is None:
                errors.append(FieldError("params.to", "The last day of the period is required.", "required"))
            if p.from_ and p.to and p.to < p.from_:
                errors.append(FieldError("params.to", "The period ends before it starts.", "before_from"))
            elif p.from_ and p.to and (p.to - p.from_).days >= MAX_PERIOD_DAYS:
                errors.append(FieldError("params.to", f"A period is at most {MAX_PERIOD_DAYS} days.", "too_long"))
        if self.type in SESSION_TYPES and not p.session_id:
            errors.append(FieldError("params.session_id", "This report is about a session: name it.", "required"))
        if errors:
            raise Invalid(errors)
        return self


class ReportOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    type: ReportType
    format: ReportFormat
    status: JobStatus
    progress: int
    error: str | None
    created_at: datetime
    completed_at: datetime | None
    params: dict[str, Any]
    requested_by: str
    schedule_id: str | None
    file_name: str | None
    size_bytes: int | None
    expires_at: datetime | None
    expired: bool = False

    @model_validator(mode="before")
    @classmethod
    def _expired(cls, value: Any) -> Any:
        if hasattr(value, "expired_at"):
            data = {name: getattr(value, name) for name in cls.model_fields if hasattr(value, name)}
            data["expired"] = value.expired_at is not None
            return data
        return value
