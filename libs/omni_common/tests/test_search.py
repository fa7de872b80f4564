"""Search is case-insensitive in every script, and finds the same rows on SQLite (the embedded
default, whose own lower() folds ASCII only) as on MySQL."""

import threading

import pytest
from sqlalchemy import Column, MetaData, String, Table, insert, select, text

from omni_common.db.database import make_engine
from omni_common.db.search import matches

NAMES = ["Şule Yılmaz", "Дмитрий Иванов", "Łukasz Nowak", "Ángel Núñez", "Bob 50% Smith", "陈伟"]
SEARCHES = {
    "şule": ["Şule Yılmaz"],
    "ŞULE": ["Şule Yılmaz"],
    "ИВАНОВ": ["Дмитрий Иванов"],
    "иванов": ["Дмитрий Иванов"],
    "łUKASZ": ["Łukasz Nowak"],
    "ÁNGEL": ["Ángel Núñez"],
    "BOB": ["Bob 50% Smith"],
    "50%": ["Bob 50% Smith"],
    "陈": ["陈伟"],
    "%": ["Bob 50% Smith"],
    "_": [],
}
people = Table("person", MetaData(), Column("name", String(100)))


def found(engine) -> dict[str, list[str]]:
    with engine.begin() as conn:
        conn.execute(insert(people), [{"name": n} for n in NAMES])
        return {
            q: sorted(conn.execute(select(people.c.name).where(matches(people.c.name, q))).scalars()) for q in SEARCHES
        }


def test_sqlite_folds_every_script(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'search.db'}")
    people.metadata.create_all(engine)
    assert found(engine) == SEARCHES


@pytest.fixture
def mysql_engine(stack):
    schema = f"{stack.environment['OMNI_DB_PREFIX']}_search_{threading.get_ident() % 10000}"
    admin = stack.admin_engine()
    with admin.begin() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS `{schema}`"))
        conn.execute(text(f"CREATE DATABASE `{schema}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"))
    engine = make_engine(admin.url.set(database=schema), pool_size=2)
    yield engine
    engine.dispose()
    with admin.begin() as conn:
        conn.execute(text(f"DROP DATABASE `{schema}`"))
    admin.dispose()


def test_mysql_finds_the_same(mysql_engine):
    people.metadata.create_all(mysql_engine)
    assert found(mysql_engine) == SEARCHES
