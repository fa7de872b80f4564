"""Schemas, database users and their rights.

On MySQL each service gets a schema ``<prefix>_<service>`` and two users: ``..._migrate`` owns the
schema (it runs Alembic and grants), ``..._app`` is what the service runs as, with row rights on its
own tables only, and only SELECT and INSERT on append-only tables (the audit log). On SQLite (the
embedded default) there are no users; triggers make append-only tables refuse UPDATE and DELETE.
"""

from __future__ import annotations

import logging

from sqlalchemy import MetaData, create_engine, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from omni_common.db.database import MYSQL_INIT
from omni_common.settings import SERVICES, CommonSettings

log = logging.getLogger(__name__)

APPEND_ONLY = "omni_append_only"
NO_SUCH_GRANT = 1147


def append_only(table_args: dict | None = None) -> dict:
    """``__table_args__`` entry marking a table whose rows may never change or disappear."""
    return {**(table_args or {}), "info": {APPEND_ONLY: True}}


def _q(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"unsafe identifier {name!r}")
    return f"`{name}`"


def _admin_engine(settings: CommonSettings):
    return create_engine(
        settings.admin_database_url(), isolation_level="AUTOCOMMIT", connect_args={"init_command": MYSQL_INIT}
    )


def provision(settings: CommonSettings, services: tuple[str, ...] = SERVICES) -> None:
    """Create (or bring up to date) every service's schema and users. Idempotent."""
    if not settings.uses_mysql:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        return
    engine = _admin_engine(settings)
    with engine.connect() as conn:
        for service in services:
            schema = settings.schema_name(service)
            conn.execute(
                text(f"CREATE DATABASE IF NOT EXISTS {_q(schema)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
            )
            for role in ("migrate", "app"):
                user = settings.db_user(role, service)
                password = settings.db_user_password(role, service)
                conn.execute(text(f"CREATE USER IF NOT EXISTS '{user}'@'%' IDENTIFIED BY :pw"), {"pw": password})
                conn.execute(text(f"ALTER USER '{user}'@'%' IDENTIFIED BY :pw"), {"pw": password})
            migrator = settings.db_user("migrate", service)
            conn.execute(text(f"GRANT ALL PRIVILEGES ON {_q(schema)}.* TO '{migrator}'@'%' WITH GRANT OPTION"))
            log.info("provisioned schema and users", extra={"schema": schema})
    engine.dispose()


def drop(settings: CommonSettings, services: tuple[str, ...] = SERVICES) -> None:
    """Remove every service's schema and users (tests use this on their throwaway prefix)."""
    if not settings.uses_mysql:
        for service in services:
            for suffix in ("", "-wal", "-shm"):
                (settings.data_dir / f"{settings.schema_name(service)}.db{suffix}").unlink(missing_ok=True)
        return
    engine = _admin_engine(settings)
    with engine.connect() as conn:
        for service in services:
            conn.execute(text(f"DROP DATABASE IF EXISTS {_q(settings.schema_name(service))}"))
            for role in ("migrate", "app"):
                conn.execute(text(f"DROP USER IF EXISTS '{settings.db_user(role, service)}'@'%'"))
    engine.dispose()


def grant_app_rights(conn: Connection, settings: CommonSettings, metadata: MetaData) -> None:
    """Give the app user exactly the rights it needs on the tables that exist now."""
    append_only_tables = {t.name for t in metadata.tables.values() if t.info.get(APPEND_ONLY)}
    tables = inspect(conn).get_table_names()
    if conn.dialect.name == "sqlite":
        for table in append_only_tables & set(tables):
            for action in ("UPDATE", "DELETE"):
                conn.exec_driver_sql(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )
        return
    schema = settings.schema_name()
    app_user = f"'{settings.db_user('app')}'@'%'"
    for table in tables:
        if table in append_only_tables or table == "alembic_version":
            rights = "SELECT" if table == "alembic_version" else "SELECT, INSERT"
            # A table may once have had more rights; take them back before granting the few.
            try:
                conn.execute(text(f"REVOKE ALL PRIVILEGES ON {_q(schema)}.{_q(table)} FROM {app_user}"))
            except DBAPIError as exc:
                if exc.orig is None or exc.orig.args[0] != NO_SUCH_GRANT:
                    raise
        else:
            rights = "SELECT, INSERT, UPDATE, DELETE"
        conn.execute(text(f"GRANT {rights} ON {_q(schema)}.{_q(table)} TO {app_user}"))
