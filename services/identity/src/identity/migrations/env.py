from identity.config import Settings
from identity.models import Base
from omni_common.db.migrations import run_env

run_env(Base.metadata, Settings())
