from omni_common.db.migrations import run_env
from reporting.config import Settings
from reporting.models import Base

run_env(Base.metadata, Settings())
