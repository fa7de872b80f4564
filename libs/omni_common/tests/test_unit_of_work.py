"""The unit of work retries what the database refused for a moment, and keeps nothing half-done."""

import threading

import pytest
from sqlalchemy import text

from omni_common.db.database import Database, after_commit
from omni_common.errors import Invalid, Unauthorized


@pytest.fixture
def scratch(stack):
    """A schema of this test's own on the stack's MySQL, with two rows to fight over."""
    schema = f"{stack.environment['OMNI_DB_PREFIX']}_scratch_{threading.get_ident() % 10000}"
    admin = stack.admin_engine()
    with admin.begin() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS `{schema}`"))
        conn.execute(text(f"CREATE DATABASE `{schema}`"))
        conn.execute(text(f"CREATE TABLE `{schema}`.counter (id INT PRIMARY KEY, value INT NOT NULL) ENGINE=InnoDB"))
        conn.execute(text(f"INSERT INTO `{schema}`.counter VALUES (1, 0), (2, 0)"))
    database = Database(admin.url.set(database=schema), pool_size=4)
    yield database
    database.dispose()
    with admin.begin() as conn:
        conn.execute(text(f"DROP DATABASE `{schema}`"))
    admin.dispose()


def test_a_deadlock_is_retried_until_both_transactions_have_happened(scratch):
    both_locked_first_row = threading.Barrier(2, timeout=10)
    attempts = {"a": 0, "b": 0}

    def bump(session, name: str, first: int, second: int) -> None:
        attempts[name] += 1
        session.execute(text("UPDATE counter SET value = value + 1 WHERE id = :id"), {"id": first})
        if attempts[name] == 1:
            both_locked_first_row.wait()  # each holds one row and reaches for the other's
        session.execute(text("UPDATE counter SET value = value + 1 WHERE id = :id"), {"id": second})

    threads = [
        threading.Thread(target=scratch.transaction, args=(bump, "a", 1, 2)),
        threading.Thread(target=scratch.transaction, args=(bump, "b", 2, 1)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    values = scratch.read(lambda s: dict(s.execute(text("SELECT id, value FROM counter")).all()))
    assert values == {1: 2, 2: 2}  # both transactions applied in full, once each
    assert sorted(attempts.values()) == [1, 2]  # the deadlock victim ran again


def test_a_refusal_rolls_back_everything_and_runs_no_after_commit_work(scratch):
    ran = []

    def refuse(session):
        session.execute(text("UPDATE counter SET value = 99 WHERE id = 1"))
        after_commit(session, lambda: ran.append("published"))
        raise Invalid.field("value", "No.")

    with pytest.raises(Invalid):
        scratch.transaction(refuse)
    assert scratch.read(lambda s: s.execute(text("SELECT value FROM counter WHERE id = 1")).scalar()) == 0
    assert ran == []


def test_a_refusal_that_must_keep_its_record_commits_it(scratch):
    def refuse_but_keep(session):
        session.execute(text("UPDATE counter SET value = 7 WHERE id = 2"))
        raise Unauthorized("No.", commit_changes=True)

    with pytest.raises(Unauthorized):
        scratch.transaction(refuse_but_keep)
    assert scratch.read(lambda s: s.execute(text("SELECT value FROM counter WHERE id = 2")).scalar()) == 7
