from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class LoginSessionOut(BaseModel):
    id: str
    user_agent: str | None
    client_address: str | None
    created_at: datetime
    last_activity_at: datetime
    # The session this request was made in.
    current: bool


class LoginSessionList(BaseModel):
    items: list[LoginSessionOut]


class SignOutSession(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"session_id": "01a21a00-0000-7000-8000-0000000000f6"}]}
    )

    session_id: str = Field(min_length=1, max_length=36)


class SignedOutCount(BaseModel):
    ended: int
