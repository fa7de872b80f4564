from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from omni_common.settings import CommonSettings


class Settings(CommonSettings):
    model_config = SettingsConfigDict(env_prefix="SYNC_", extra="ignore", populate_by_name=True)
    service_name: ClassVar[str] = "sync"

    # Fair use: most changes in one batch (more is refused with 429; send the rest in another).
    max_mutations: int = Field(10_000, ge=1)
    # Mutations presence merges in one transaction.
    chunk_size: int = Field(1000, ge=1, le=2000)
    # A worker holds a batch this long between chunks; a batch whose holder went silent is picked
    # up again by another worker.
    lease_seconds: int = Field(30, ge=1)
    # How often workers look for batches that stalled (a worker killed mid-batch, a lost task).
    stall_check_seconds: float = Field(10.0, gt=0)
    # A device clock further off than this from the server's is flagged on its changes.
    clock_skew_warn_seconds: int = Field(300, ge=0)
