"""One engine per service schema, and the unit of work that commits (or retries) at the boundary.

Services never commit. A router (or task) hands a use-case function to :meth:`Database.transaction`,
which opens a session, runs it, commits, runs what was registered with :func:`after_commit` (for
example publishing the outbox), and retries the whole function when the database refused it for a
moment (a deadlock, a lock wait timeout, SQLite busy).
"""

from __future__ import annotations

import logging
import random
import ssl
import time
from collections.abc import Callable
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from omni_common.db.search import register_sqlite_functions
from omni_common.errors import Problem

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

MYSQL_RETRYABLE = {1205, 1213}  # lock wait timeout, deadlock
# The server cannot be reached or went away: can't connect (2002, 2003), gone (2006), lost (2013).
MYSQL_UNREACHABLE = {2002, 2003, 2006, 2013}
MYSQL_INIT = (
    "SET time_zone = '+00:00', sql_mode = 'STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION,ERROR_FOR_DIVISION_BY_ZERO'"
)


def make_engine(
    url: URL | str, *, pool_size: int = 20, max_overflow: int = 10, tls: ssl.SSLContext | None = None
) -> Engine:
    url = make_url(url)
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    # No ping before each use and no extra ROLLBACK when a connection goes back to the pool: every
    # unit of work ends in COMMIT or ROLLBACK already, and a connection MySQL dropped fails its
    # first statement, which the unit of work retries on a fresh one (see is_retryable).
    # The pool holds a connection for each thread that runs queries (OMNI_THREADS), so connections
    # are opened once and reused; overflow ones only absorb a burst beyond it and are closed after.
    # TLS only when configured, with one context for every connection: left alone, PyMySQL tries
    # TLS on every connect and builds a fresh context for it (~20 ms of CPU each time).
    tls_args = {"ssl": tls} if tls is not None else {"ssl_disabled": True}
    return create_engine(
        url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_reset_on_return=None,
        pool_recycle=1800,
        pool_timeout=10,
        isolation_level="READ COMMITTED",
        connect_args={"init_command": MYSQL_INIT, "connect_timeout": 5, **tls_args},
    )


def _sqlite_engine(url: URL) -> Engine:
    if url.database:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event below issue BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        register_sqlite_functions(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # Several processes (an API and its worker) write the same file: take the write lock at
        # BEGIN, so a transaction never fails half-way upgrading a read lock. Reads stay deferred.
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("omni_read_only") else "BEGIN IMMEDIATE")

    return engine


class RetryTransaction(Exception):
    """Raised inside a unit of work that must run again from the start (a race it lost, for
    example two inserts of the same unique key): the next attempt sees the winner's row."""


def is_retryable(exc: BaseException, *, committing: bool = False) -> bool:
    """Whether running the whole unit of work again is safe and may succeed. A dropped connection
    is, unless it dropped during COMMIT: then the change may have been made, and is not repeated."""
    if isinstance(exc, RetryTransaction):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return not committing
    orig = exc.orig
    code = orig.args[0] if orig is not None and orig.args else None
    if isinstance(code, int) and code in MYSQL_RETRYABLE:
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(orig)


def database_unavailable(exc: BaseException) -> bool:
    """The database could not be reached (down, restarting, every pooled connection busy): the
    same request may well succeed in a moment, which is a 503, not a 500."""
    if isinstance(exc, PoolTimeout):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    orig = exc.orig
    code = orig.args[0] if orig is not None and orig.args else None
    return exc.connection_invalidated or code in MYSQL_UNREACHABLE


def after_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run ``callback`` once this unit of work has committed (never if it rolls back)."""
    session.info.setdefault("after_commit", []).append(callback)


class Database:
    def __init__(
        self,
        url: URL | str,
        *,
        pool_size: int = 20,
        max_overflow: int = 10,
        tls: ssl.SSLContext | None = None,
        retries: int = 4,
    ):
        self.engine = make_engine(url, pool_size=pool_size, max_overflow=max_overflow, tls=tls)
        self.retries = retries
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.engine.execution_options(omni_read_only=True), expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        """A bare session, for tests and scripts that manage their own transaction."""
        return self._sessions()

    def transaction(self, fn: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``fn(session, ...)`` in one transaction and commit; retry it if the database asks to."""
        for attempt in range(self.retries + 1):
            session = self._sessions()
            committing = False
            try:
                result = fn(session, *args, **kwargs)
                committing = True
                session.commit()
            except Problem as problem:
                if not problem.commit_changes:
                    session.rollback()
                    session.close()
                    raise
                session.commit()
                self._finish(session)
                raise
            except Exception as exc:
                session.rollback()
                session.close()
                if attempt < self.retries and is_retryable(exc, committing=committing):
                    delay = 0.02 * 2**attempt * (1 + random.random())
                    log.warning("retrying a transaction the database refused", extra={"attempt": attempt + 1})
                    time.sleep(delay)
                    continue
                raise
            self._finish(session)
            return result
        raise AssertionError("unreachable")

    @staticmethod
    def _finish(session: Session) -> None:
        callbacks = session.info.pop("after_commit", [])
        session.close()
        for callback in callbacks:
            try:
                callback()
            except Exception:  # the outbox sweeper catches what a failed publish missed
                log.exception("after-commit callback failed")

    def read(self, fn: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``fn(session, ...)`` in a transaction that writes nothing; closing it rolls back."""
        for attempt in range(self.retries + 1):
            try:
                with self._read_sessions() as session:
                    return fn(session, *args, **kwargs)
            except DBAPIError as exc:
                if attempt < self.retries and is_retryable(exc):
                    continue
                raise
        raise AssertionError("unreachable")

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()


def purge_database(settings) -> Database:
    """The service's purge user's database (small pool): only erasure, retention and a closed
    organization's purge use it, each in transactions that call ``lift_append_only`` first."""
    return Database(settings.database_url("purge"), pool_size=2, tls=settings.mysql_tls_context())
