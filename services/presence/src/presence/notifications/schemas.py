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
    # The web app's screen that deals with it.
    link: str | None = None
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
    link: Annotated[str, StringConstraints(max_length=500)] | None = None
    data: dict[str, Any] = Field(default_factory=dict)


class RulesOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    # Tell managers and administrators when a participant's rate over the last 30 days (at least 5
    # weighted marks) falls below the organization's threshold.
    below_threshold: bool
    # ... when a participant is absent this many sessions in a row (null: never).
    absent_in_a_row: int | None
    # Tell a session's staff when no one has taken its register this many minutes after it started.
    register_not_taken_after_minutes: int | None
    # Email a participant's contact address when they are marked absent (a group may say otherwise).
    absent_to_contact: bool
    # Send notifications by email too (each person may opt out per kind).
    email: bool


class RulesPatch(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"below_threshold": True, "absent_in_a_row": 3, "register_not_taken_after_minutes": 15}]
        },
    )

    below_threshold: bool | None = None
    absent_in_a_row: int | None = Field(None, ge=1, le=100)
    register_not_taken_after_minutes: int | None = Field(None, ge=1, le=24 * 60)
    absent_to_contact: bool | None = None
    email: bool | None = None


class Preferences(BaseModel):
    """Whether I get each kind of notification by email (the bell shows every one)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"email": {"below_threshold": False}}]})

    email: dict[str, bool]
