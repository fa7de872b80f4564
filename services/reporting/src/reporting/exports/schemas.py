from datetime import datetime

from pydantic import BaseModel, ConfigDict

from omni_common.schemas import JobStatus


class ExportRequest(BaseModel):
    """Nothing to choose: an export holds all of the organization's data."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{}]})


class ExportOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    status: JobStatus
    # 0-100 while a worker gathers every service's data.
    progress: int
    error: str | None
    created_at: datetime
    completed_at: datetime | None
    # The ZIP is removed then (REPORTING_EXPORT_RETENTION_HOURS after completion); expired: it was.
    expires_at: datetime | None
    expired: bool = False
    file_name: str | None
    size_bytes: int | None

    @classmethod
    def of(cls, export) -> "ExportOut":
        out = cls.model_validate(export)
        out.expired = export.expired_at is not None
        return out


class ExportQueued(BaseModel):
    id: str
    status: JobStatus
