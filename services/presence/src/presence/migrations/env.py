from omni_common.db.migrations import run_env
from presence.config import Settings
from presence.models import Base

run_env(Base.metadata, Settings())
