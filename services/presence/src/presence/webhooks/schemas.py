from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class Event(StrEnum):
    presence_recorded = "presence.recorded"
    presence_changed = "presence.changed"
    conflict_flagged = "conflict.flagged"
    report_ready = "report.ready"


Url = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class WebhookCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "url": "https://hooks.example.com/omnipresence",
                    "events": ["presence.recorded", "conflict.flagged"],
                    "active": True,
                }
            ]
        },
    )

    url: Url
    events: list[Event] = Field(min_length=1)
    active: bool = True


class WebhookPatch(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"active": False}]})

    url: Url | None = None
    events: list[Event] | None = Field(None, min_length=1)
    active: bool | None = None


class WebhookOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    url: str
    events: list[Event]
    active: bool
    created_at: datetime


class WebhookCreated(WebhookOut):
    # Shown once: the receiver verifies each delivery's signature with it.
    secret: str


class DeliveryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    event: str
    status: str
    attempts: int
    response_status: int | None
    last_error: str | None
    next_attempt_at: datetime | None
    created_at: datetime
    delivered_at: datetime | None
