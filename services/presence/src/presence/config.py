from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from omni_common.settings import CommonSettings


class Settings(CommonSettings):
    model_config = SettingsConfigDict(env_prefix="PRESENCE_", extra="ignore", populate_by_name=True)
    service_name: ClassVar[str] = "presence"
