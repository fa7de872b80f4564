"""What the reporting worker reads: a report's scope, and the rows it streams (never our tables)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from omni_common.auth.principal import Role

# The most participants a report may be limited to (their ids travel in the register's query string).
MAX_PARTICIPANTS = 200


class ScopeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organization_id: str = Field(max_length=36)
    # Whose eyes: a frontline user sees only the sessions of their assignments.
    user_id: str | None = Field(None, max_length=36)
    role: Role = Role.admin
    group_id: str | None = Field(None, max_length=36)
    session_id: str | None = Field(None, max_length=36)
    # Participants a report is limited to: the scope says which of them the organization has.
    participant_ids: list[str] | None = Field(None, max_length=MAX_PARTICIPANTS)


class GroupBrief(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    domain: str
    description: str | None


class SessionBrief(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    group_id: str
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str | None
    mode: str
    status: str


class DomainBrief(BaseModel):
    code: str
    name: str
    terminology: dict[str, Any]


class StateBrief(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    label: str
    color: str
    category: str
    weight: Decimal | None
    sort_order: int
    retired: bool = False


class ScopeOut(BaseModel):
    """What a report is about. A group or session the organization does not have (or the caller
    may not see) is null: the caller answers 422 naming its field, the same for both."""

    group: GroupBrief | None
    session: SessionBrief | None
    domain: DomainBrief | None
    states: list[StateBrief]
    # Those of the participant_ids asked about that are the organization's.
    participant_ids: list[str] = []
