"""What services tell each other about an organization's lifecycle (internal routes only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class OrganizationTerms(BaseModel):
    """What identity says of one organization: how long its data is kept, and whether it was closed
    and is due to be purged (its closing ``OMNI_CLOSED_ORG_PURGE_DAYS`` ago or more)."""

    id: str
    timezone: str = "UTC"
    presence_retention_days: int | None = None
    report_retention_days: int | None = None
    closed_at: datetime | None = None
    purge_due: bool = False


class TermsPage(BaseModel):
    items: list[OrganizationTerms]
    next_cursor: str | None = None


class LifecycleRun(BaseModel):
    """Run a service's lifecycle task now (tests, operators): ``now`` stands in for the clock,
    ``organization_id`` keeps the run to one organization."""

    model_config = ConfigDict(extra="forbid")

    now: AwareDatetime | None = None
    organization_id: str | None = Field(None, max_length=36)


class ExportEntity(BaseModel):
    name: str
    description: str
    columns: list[str]


class ExportCatalogue(BaseModel):
    """The entities a service exports, and the schema version (its Alembic revision) they are in."""

    service: str
    schema_version: str | None
    entities: list[ExportEntity]


class ExportPage(BaseModel):
    items: list[dict[str, Any]]
    next_cursor: str | None = None
