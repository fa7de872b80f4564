from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from omni_common.auth.principal import Role


class NotificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    kind: str
    title: str
    body: str | None
    data: dict[str, Any]
    created_at: datetime
    read_at: datetime | None


class NotificationPage(BaseModel):
    items: list[NotificationOut]
    next_cursor: str | None
    unread: int


class NotifyIn(BaseModel):
    """From another service: to these users, or to every active user with these roles."""

    model_config = ConfigDict(extra="forbid")

    organization_id: str
    user_ids: list[str] = Field(default_factory=list, max_length=1000)
    roles: list[Role] = Field(default_factory=list)
    kind: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    title: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    body: str | None = None
    data: dict[str, Any] = Field(default_factory=dict)
