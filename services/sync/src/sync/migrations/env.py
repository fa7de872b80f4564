from omni_common.db.migrations import run_env
from sync.config import Settings
from sync.models import Base

run_env(Base.metadata, Settings())
