"""Schemas, database users and their rights.

On MySQL each service gets a schema ``<prefix>_<service>`` and three users: ``..._migrate`` owns the
schema (it runs Alembic and grants), ``..._app`` is what the service runs as, with row rights on its
own tables only, and only SELECT and INSERT on append-only tables (the audit log, a record's
history, applied mutations, sync's outcomes); ``..._purge`` is the one privileged path that may also
change and remove those rows, used only by erasure, retention and a closed organization's purge.
On SQLite (the embedded default) there are no users; triggers make append-only tables refuse UPDATE
and DELETE, and a purge lifts them inside its own transaction (:func:`lift_append_only`).
"""

from __future__ import annotations

import logging

from sqlalchemy import MetaData, create_engine, event, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from omni_common.db.database import MYSQL_INIT
from omni_common.settings import DB_ROLES, SERVICES, CommonSettings

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
            for role in DB_ROLES:
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
            for role in DB_ROLES:
                conn.execute(text(f"DROP USER IF EXISTS '{settings.db_user(role, service)}'@'%'"))
    engine.dispose()


def _triggers(table: str) -> dict[str, str]:
    """The SQLite triggers that keep an append-only table's rows as they were written."""
    return {
        f"{table}_no_{action.lower()}": f"CREATE TRIGGER IF NOT EXISTS {table}_no_{action.lower()} BEFORE {action} "
        f"ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        for action in ("UPDATE", "DELETE")
    }


def append_only_tables(metadata: MetaData) -> set[str]:
    return {t.name for t in metadata.tables.values() if t.info.get(APPEND_ONLY)}


def grant_app_rights(conn: Connection, settings: CommonSettings, metadata: MetaData) -> None:
    """Give the app and purge users exactly the rights they need on the tables that exist now."""
    append_only = append_only_tables(metadata)
    tables = inspect(conn).get_table_names()
    if conn.dialect.name == "sqlite":
        for table in append_only & set(tables):
            for statement in _triggers(table).values():
                conn.exec_driver_sql(statement)
        return
    schema = settings.schema_name()
    app_user = f"'{settings.db_user('app')}'@'%'"
    purge_user = f"'{settings.db_user('purge')}'@'%'"
    for table in tables:
        if table in append_only or table == "alembic_version":
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
        purge_rights = "SELECT" if table == "alembic_version" else "SELECT, INSERT, UPDATE, DELETE"
        conn.execute(text(f"GRANT {purge_rights} ON {_q(schema)}.{_q(table)} TO {purge_user}"))


def lift_append_only(session, metadata: MetaData) -> None:
    """Inside a purge's transaction on SQLite: the append-only triggers are dropped now and made
    again just before the transaction commits (or come back with its rollback), so nothing else ever
    writes while they are away. On MySQL the purge user's rights do this; nothing to do."""
    if session.get_bind().dialect.name != "sqlite":
        return
    triggers = {name: sql for table in append_only_tables(metadata) for name, sql in _triggers(table).items()}
    for name in triggers:
        session.execute(text(f"DROP TRIGGER IF EXISTS {name}"))

    @event.listens_for(session, "before_commit", once=True)
    def _restore(session) -> None:
        for statement in triggers.values():
            session.execute(text(statement))
