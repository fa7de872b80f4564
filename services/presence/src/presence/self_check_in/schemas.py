from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from presence.records.schemas import RecordOut


class CheckInCode(BaseModel):
    session_id: str
    code: str
    # An SVG image of the QR code, which encodes `url`.
    qr_svg: str
    url: str
    # When this code stops being accepted: its rotation plus the grace.
    expires_at: datetime
    rotates_every_s: int
    grace_s: int
    # The server's clock when it answered: a screen times the next code by it, not by its own.
    server_time: datetime


class SelfCheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"code": "7KQ2PX"}]})

    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]


class SessionBrief(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str | None


class SelfCheckedIn(RecordOut):
    """The participant's own record, with the session it is for."""

    session: SessionBrief
    # Whether the check-in came after the start plus the group's grace.
    late: bool
