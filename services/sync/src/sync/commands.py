from pathlib import Path

from omni_common.cli import ServiceCommands
from sync.config import Settings


def _metadata():
    from sync.models import Base

    return Base.metadata


def _celery():
    from sync.worker import app

    return app


COMMANDS = ServiceCommands(
    name="sync",
    app_factory="sync.main:create_app",
    settings=Settings,
    migrations_dir=Path(__file__).parent / "migrations",
    metadata=_metadata,
    celery_app=_celery,
    queue="sync",
)
