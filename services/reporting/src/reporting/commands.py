from pathlib import Path

from omni_common.cli import ServiceCommands
from reporting.config import Settings


def _metadata():
    from reporting.models import Base

    return Base.metadata


def _celery():
    from reporting.worker import app

    return app


COMMANDS = ServiceCommands(
    name="reporting",
    app_factory="reporting.main:create_app",
    settings=Settings,
    migrations_dir=Path(__file__).parent / "migrations",
    metadata=_metadata,
    celery_app=_celery,
    queue="reporting",
)
