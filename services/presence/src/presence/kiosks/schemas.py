from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from omni_common.schemas import Id, Instant
from presence.records.schemas import RecordOut


class KioskCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Main door",
                    "session_ids": ["01a21a00-0000-7000-8000-0000000000b2"],
                    "expires_at": "2026-09-14T21:00:00+01:00",
                }
            ]
        },
    )

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    session_ids: list[Id] = Field(min_length=1, max_length=50)
    # Default: the end of its last session.
    expires_at: Instant | None = None


class KioskSessionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    title: str
    starts_at: datetime
    ends_at: datetime
    status: str
    mode: str
    location: str | None


class KioskStatus(StrEnum):
    active = "active"
    expired = "expired"
    revoked = "revoked"


class KioskOut(BaseModel):
    id: str
    name: str
    session_ids: list[str]
    sessions: list[KioskSessionOut]
    expires_at: datetime
    created_by: str
    created_at: datetime
    revoked_at: datetime | None
    status: KioskStatus


class KioskCreated(KioskOut):
    # Shown once: the kiosk device keeps it; the server only its hash.
    token: str


class AttemptOut(BaseModel):
    id: str
    at: datetime
    badge: str
    outcome: str
    participant_id: str | None
    participant_name: str | None
    session_id: str | None


class KioskInfo(BaseModel):
    """What the kiosk's own screen shows: its name, sessions and the domain's words."""

    id: str
    name: str
    expires_at: datetime
    sessions: list[KioskSessionOut]
    terminology: dict[str, str]
    # The organization's timezone, for the times the kiosk shows.
    timezone: str


class Scan(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"badge": "G-001", "pin": "4821"}]})

    # What the badge says: the participant's external reference.
    badge: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    # Checked against the participant's PIN (a wrong one of any shape counts as a wrong try).
    pin: Annotated[str, StringConstraints(max_length=32)] | None = None


class ScanParticipant(BaseModel):
    id: str
    name: str


class ScanSession(BaseModel):
    id: str
    title: str


class Scanned(BaseModel):
    action: str  # checked_in or checked_out
    participant: ScanParticipant
    record: RecordOut
    session: ScanSession
