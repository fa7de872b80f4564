from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from omni_common.settings import CommonSettings


class Settings(CommonSettings):
    model_config = SettingsConfigDict(env_prefix="PRESENCE_", extra="ignore", populate_by_name=True)
    service_name: ClassVar[str] = "presence"

    # Largest participant import file, in bytes, and most rows in one.
    import_max_bytes: int = Field(5 * 1024 * 1024, ge=1024)
    import_max_rows: int = Field(10_000, ge=1)
    # Most sessions one series may create, and how far ahead (days) it may reach.
    series_max_sessions: int = Field(500, ge=1, le=5000)
    series_max_days: int = Field(731, ge=1)
    # An offline change is accepted if it was made (by the device's corrected clock) between this
    # long before a session starts and this long after it ends, even once the session is closed.
    sync_window_before_minutes: int = Field(60, ge=0)
    sync_window_after_minutes: int = Field(12 * 60, ge=0)
