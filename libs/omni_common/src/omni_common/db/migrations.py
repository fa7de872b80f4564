"""Alembic, the same way for every service: one tree each, its version table in its own schema.

A service's ``migrations/env.py`` calls :func:`run_env` with its metadata and settings; its
``python -m <service> migrate`` calls :func:`upgrade`, which migrates as the service's ``migrate`` user under a lock and
then grants the ``app`` user its rights on the tables that now exist.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, create_engine, pool, text

from omni_common.db.provision import grant_app_rights
from omni_common.settings import CommonSettings

log = logging.getLogger(__name__)


def alembic_config(migrations_dir: Path) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option(
        "file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d_%%(rev)s_%%(slug)s"
    )
    return config


def upgrade(migrations_dir: Path, settings: CommonSettings, metadata: MetaData, revision: str = "head") -> None:
    url = settings.database_url("migrate")
    if url.get_backend_name() == "sqlite":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, poolclass=pool.NullPool)
    lock = f"{settings.schema_name()}_migrate"
    with engine.connect() as conn:
        mysql = conn.dialect.name == "mysql"
        if mysql:  # two replicas starting at once must not both migrate
            conn.execute(text("SELECT GET_LOCK(:n, 300)"), {"n": lock})
        try:
            config = alembic_config(migrations_dir)
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
            conn.commit()
            grant_app_rights(conn, settings, metadata)
            conn.commit()
        finally:
            if mysql:
                conn.execute(text("SELECT RELEASE_LOCK(:n)"), {"n": lock})
    engine.dispose()
    log.info("migrated", extra={"schema": settings.schema_name(), "revision": revision})


def run_env(metadata: MetaData, settings: CommonSettings) -> None:
    """The body of every service's migrations/env.py."""
    config = context.config
    if context.is_offline_mode():
        context.configure(url=settings.database_url("migrate"), target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    conn = config.attributes.get("connection")
    if conn is not None:
        _run_online(conn, metadata)
        return
    engine = create_engine(settings.database_url("migrate"), poolclass=pool.NullPool)
    with engine.connect() as conn:
        _run_online(conn, metadata)
    engine.dispose()


def _run_online(conn, metadata: MetaData) -> None:
    context.configure(
        connection=conn, target_metadata=metadata, compare_type=True, render_as_batch=conn.dialect.name == "sqlite"
    )
    with context.begin_transaction():
        context.run_migrations()
