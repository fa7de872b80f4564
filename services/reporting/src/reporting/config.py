from pathlib import Path
from typing import ClassVar

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from omni_common.settings import CommonSettings
from reporting.rendering.fonts import FontMissing, find_font, load_font


class Settings(CommonSettings):
    model_config = SettingsConfigDict(env_prefix="REPORTING_", extra="ignore", populate_by_name=True)
    service_name: ClassVar[str] = "reporting"

    # Where report files live: a folder the API and every worker reach (a shared volume in
    # production). Unset: <OMNI_DATA_DIR>/reports.
    files_dir: Path | None = None
    # Hours an organization's export (a ZIP of all its data) is kept after it was built.
    export_retention_hours: int = Field(168, ge=1, le=24 * 365)
    # How long one build may take before it fails with that reason (the worker's hard limit).
    task_time_limit_seconds: int = Field(600, ge=30, le=3600)
    # How long a build holds its report without a sign of life: its worker renews the hold every
    # third of this while it builds, and beat hands a report whose worker died to the next worker
    # within one and a half of these.
    lease_seconds: float = Field(60.0, ge=1, le=3600)
    # Builds of one report before it is given up (a worker that died mid-build counts).
    max_attempts: int = Field(3, ge=1, le=10)
    # A TrueType font covering Latin, Cyrillic and CJK for PDFs; unset: the system's WenQuanYi Micro
    # Hei (fonts-wqy-microhei). Checked at start: one that cannot be read stops the process, named.
    font_path: Path | None = Field(None, validate_default=True)
    # How often beat looks for due scheduled reports, and for expired files.
    schedule_interval_seconds: float = Field(60.0, ge=5, le=3600)
    expiry_interval_seconds: float = Field(3600.0, ge=10, le=86400)
    # How long the worker waits for the next line of a presence export.
    presence_read_timeout_seconds: float = Field(60.0, ge=1, le=600)

    @property
    def storage_dir(self) -> Path:
        return (self.files_dir or self.data_dir / "reports").resolve()

    @field_validator("font_path")
    @classmethod
    def _font_found(cls, value: Path | None) -> Path | None:
        """Every PDF embeds this font: refuse to start without it rather than fail each PDF later."""
        try:
            path = find_font(value)
            if value is not None:
                load_font(path)
        except FontMissing as exc:
            raise ValueError(str(exc)) from None
        return value
