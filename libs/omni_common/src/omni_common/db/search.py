"""Case-insensitive text search that finds the same rows on MySQL and on SQLite.

MySQL's LOWER() folds every script (utf8mb4); SQLite's lower() folds ASCII only, so on the embedded
default a search for "şule" missed "Şule" and "иванов" missed "Иванов". ``folded(column)`` is LOWER()
on MySQL and, on SQLite, a function every connection registers (``register_sqlite_functions``) that
folds as Python's ``str.lower`` does, as MySQL does for these scripts.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from omni_common.schemas import LIKE_ESCAPE, contains

SQLITE_LOWER = "omni_lower"


class folded(FunctionElement):
    """The column's text in lower case, in every script."""

    type = String()
    inherit_cache = True
    name = "folded"


@compiles(folded)
def _lower(element: folded, compiler: Any, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(folded, "sqlite")
def _sqlite_lower(element: folded, compiler: Any, **kw: Any) -> str:
    return f"{SQLITE_LOWER}({compiler.process(element.clauses, **kw)})"


def _python_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def register_sqlite_functions(dbapi_connection: Any) -> None:
    """On each new SQLite connection (the engine's connect event)."""
    dbapi_connection.create_function(SQLITE_LOWER, 1, _python_lower, deterministic=True)


def matches(column: Any, text: str) -> ColumnElement[bool]:
    """``column`` contains ``text``, whatever the case of either."""
    return folded(column).like(contains(text), escape=LIKE_ESCAPE)
