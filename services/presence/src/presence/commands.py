from pathlib import Path

from omni_common.cli import ServiceCommands
from presence.config import Settings


def _metadata():
    from presence.models import Base

    return Base.metadata


def _celery():
    from presence.worker import app

    return app


COMMANDS = ServiceCommands(
    name="presence",
    app_factory="presence.main:create_app",
    settings=Settings,
    migrations_dir=Path(__file__).parent / "migrations",
    metadata=_metadata,
    celery_app=_celery,
    queue="presence",
)
