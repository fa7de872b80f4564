from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class PresenceRetention(BaseModel):
    """What presence holds of the organization, against its retention (the settings screen)."""

    # Days presence data is kept after its session's end (null: for ever).
    retention_days: int | None
    # The end of the oldest session whose records are still held (null: none are).
    oldest_held_session_ended_at: datetime | None
    # Sessions whose records are held, and of them those older than the retention, which the next
    # purge removes (their counts are kept: statistics stay as they are).
    sessions_held: int
    sessions_due: int
    # Sessions whose records were purged so far, and when the last were.
    sessions_purged: int
    last_purged_at: datetime | None


class SessionEndsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organization_id: str = Field(max_length=36)
    session_ids: list[str] = Field(max_length=1000)


class SessionEnds(BaseModel):
    # Session id -> its end; sessions the organization does not have are left out.
    ends: dict[str, datetime]
