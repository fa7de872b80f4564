"""Connections to MySQL: plain unless TLS is configured, and then never plain; reused, not reopened."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from omni_common.db.database import Database
from omni_common.settings import CommonSettings


def test_an_unconfigured_service_talks_plainly_and_reuses_its_connections(stack):
    settings = CommonSettings()
    assert settings.mysql_tls_context() is None
    assert settings.pool_size == settings.threads  # one connection per thread that runs queries
    database = Database(stack.admin_engine().url, pool_size=2, tls=settings.mysql_tls_context())
    try:
        ids = set()
        for _ in range(5):
            ids.add(database.read(lambda session: session.execute(text("SELECT CONNECTION_ID()")).scalar()))
        assert len(ids) == 1  # the same connection each time: nothing opened per request
    finally:
        database.dispose()


def test_required_tls_never_falls_back_to_a_plain_connection(stack, monkeypatch):
    """This server offers no TLS: a service told to require it refuses to connect rather than talk
    in the clear; the one context is shared by every connection of the process."""
    monkeypatch.setenv("OMNI_MYSQL_TLS", "required")
    settings = CommonSettings()
    context = settings.mysql_tls_context()
    assert context is not None and context is CommonSettings().mysql_tls_context()
    database = Database(stack.admin_engine().url, pool_size=1, tls=context)
    try:
        with pytest.raises(OperationalError, match="SSL"):
            database.ping()
    finally:
        database.dispose()
