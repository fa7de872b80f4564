"""On SQLite (the embedded default) append-only tables refuse UPDATE and DELETE by trigger, and only
a purge's own transaction lifts that, putting it back whether the purge commits or rolls back."""

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, text
from sqlalchemy.exc import IntegrityError

from omni_common.db.database import Database
from omni_common.db.provision import APPEND_ONLY, grant_app_rights, lift_append_only
from omni_common.settings import CommonSettings


@pytest.fixture
def database(tmp_path):
    metadata = MetaData()
    Table(
        "history",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("note", String(50)),
        info={APPEND_ONLY: True},
    )
    database = Database(f"sqlite:///{tmp_path / 'purge.db'}")
    with database.engine.begin() as conn:
        metadata.create_all(conn)
        conn.execute(text("INSERT INTO history (id, note) VALUES (1, 'Aisha was late')"))
        grant_app_rights(conn, CommonSettings(data_dir=tmp_path), metadata)
    yield database, metadata
    database.dispose()


def note(database: Database) -> str | None:
    return database.read(lambda s: s.execute(text("SELECT note FROM history WHERE id = 1")).scalar())


def test_the_app_cannot_change_or_remove_a_row(database):
    db, _ = database
    for statement in ("UPDATE history SET note = 'x'", "DELETE FROM history"):
        with pytest.raises(IntegrityError, match="append-only"):
            db.transaction(lambda s, sql=statement: s.execute(text(sql)))
    assert note(db) == "Aisha was late"


def test_a_purge_changes_a_row_and_the_table_is_append_only_again(database):
    db, metadata = database

    def purge(session):
        lift_append_only(session, metadata)
        session.execute(text("UPDATE history SET note = '[erased]'"))

    db.transaction(purge)
    assert note(db) == "[erased]"
    with pytest.raises(IntegrityError, match="append-only"):
        db.transaction(lambda s: s.execute(text("DELETE FROM history")))


def test_a_purge_that_fails_leaves_the_row_and_the_triggers(database):
    db, metadata = database

    def purge(session):
        lift_append_only(session, metadata)
        session.execute(text("DELETE FROM history"))
        raise RuntimeError("the purge stopped half-way")

    with pytest.raises(RuntimeError):
        db.transaction(purge)
    assert note(db) == "Aisha was late"
    with pytest.raises(IntegrityError, match="append-only"):
        db.transaction(lambda s: s.execute(text("DELETE FROM history")))
