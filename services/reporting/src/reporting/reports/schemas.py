from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from omni_common.schemas import JobStatus


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
