from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

# The services that hold something about a participant besides presence, each erasing its own part.
OTHER_SERVICES = ("identity", "sync", "reporting")


class ErasureOut(BaseModel):
    """Where a participant's erasure stands: 200 with ``erased: true`` once every service has
    erased its part, else 202 with the services still at it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "participant_id": "01938f6e-5a1b-7c3d-9e2f-3a4b5c6d7e8f",
                    "erased": False,
                    "pending": ["sync"],
                    "requested_at": "2026-12-07T10:15:00Z",
                    "completed_at": None,
                }
            ]
        }
    )

    participant_id: str
    erased: bool = Field(description="Every service has erased the participant's personal values.")
    pending: list[str] = Field(description="Services still erasing (they are retried until they answer).")
    requested_at: datetime
    completed_at: datetime | None
