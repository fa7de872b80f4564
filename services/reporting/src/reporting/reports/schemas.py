from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class ReportType(StrEnum):
    attendance_register = "attendance_register"
    participant_summary = "participant_summary"
    session_roll = "session_roll"
    absence_exceptions = "absence_exceptions"
    sign_in_sheet = "sign_in_sheet"


class ReportFormat(StrEnum):
    pdf = "pdf"
    xlsx = "xlsx"
    csv = "csv"


class JobStatus(StrEnum):
    """The one vocabulary of long-running work (SPEC §8)."""

    queued = "queued"
    running = "running"
    completed = "completed"
    failed = "failed"


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
