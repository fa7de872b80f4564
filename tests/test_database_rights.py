"""Each service's database user has rights on its own schema only, and the audit log is append-only."""

import importlib

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from omni_common.testing.plugin import SERVICES


@pytest.mark.parametrize("service", SERVICES)
def test_a_services_user_cannot_read_another_services_schema(stack, service):
    prefix = stack.environment["OMNI_DB_PREFIX"]
    with stack.engine(service).connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM audit_log")).scalar() >= 0
        for other in SERVICES:
            if other == service:
                continue
            with pytest.raises(DBAPIError) as refused:
                conn.execute(text(f"SELECT COUNT(*) FROM `{prefix}_{other}`.audit_log"))
            assert refused.value.orig.args[0] in (1142, 1044), refused.value  # command denied / access denied


def test_the_identity_user_cannot_read_the_presence_users_tables_either(stack):
    prefix = stack.environment["OMNI_DB_PREFIX"]
    with stack.engine("identity", "migrate").connect() as conn, pytest.raises(DBAPIError):
        conn.execute(text(f"SELECT COUNT(*) FROM `{prefix}_presence`.participant"))


@pytest.mark.parametrize("service", SERVICES)
def test_the_app_user_can_add_to_the_audit_log_but_never_change_or_remove_it(stack, service):
    with stack.engine(service).connect() as conn:
        with pytest.raises(DBAPIError) as refused:
            conn.execute(text("UPDATE audit_log SET action = 'tampered'"))
        assert refused.value.orig.args[0] == 1142
        with pytest.raises(DBAPIError) as refused:
            conn.execute(text("DELETE FROM audit_log"))
        assert refused.value.orig.args[0] == 1142


def _append_only_tables(service: str) -> dict[str, str]:
    """Each append-only table of the service, with a column of it."""
    from omni_common.db.provision import APPEND_ONLY

    metadata = importlib.import_module(f"{service}.models").Base.metadata
    return {t.name: next(iter(t.columns)).name for t in metadata.tables.values() if t.info.get(APPEND_ONLY)}


@pytest.mark.parametrize("service", SERVICES)
def test_only_the_purge_user_may_change_or_remove_append_only_rows(stack, service):
    """Erasure, retention and a closed organization's purge are the one privileged path."""
    tables = _append_only_tables(service)
    assert "audit_log" in tables
    for table, column in sorted(tables.items()):
        for statement in (f"UPDATE {table} SET {column} = {column} WHERE 1 = 0", f"DELETE FROM {table} WHERE 1 = 0"):
            with stack.engine(service).connect() as conn, pytest.raises(DBAPIError) as refused:
                conn.execute(text(statement))
            assert refused.value.orig.args[0] == 1142, (table, statement)
            with stack.engine(service, "purge").connect() as conn:
                conn.execute(text(statement))
                conn.rollback()
