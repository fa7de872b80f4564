from datetime import datetime

from pydantic import BaseModel


class ReportRetention(BaseModel):
    """What reporting holds of the organization, against its retention (the settings screen)."""

    # Days reports are kept after they were built (null: for ever).
    retention_days: int | None
    # When the oldest report still held was finished (null: none is).
    oldest_held_completed_at: datetime | None
    # Reports held, and of them those older than the retention, which the next purge removes.
    reports_held: int
    reports_due: int
