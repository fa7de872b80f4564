"""Cursor pagination as SPEC §8 shapes it: ``{"items": [...], "next_cursor": ... | null}``."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

from omni_common.errors import Invalid
from omni_common.schemas import MAX_INT, instant_in_range

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 1000
# A cursor is a short key (an id, a name and an id, a time and an id): anything longer is not one.
MAX_CURSOR_LENGTH = 1024
MAX_CURSOR_PART = 400

# ?limit= : default 50, at most 1000; more is a 422 naming "limit".
LimitQuery: Any = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page (1-1000).")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def encode_cursor(key: list[Any]) -> str:
    """Opaque to callers: the sort key of the last item, base64url JSON."""
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    """The key inside a cursor; ValueError when it is not one we gave out."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeError) as exc:
        raise ValueError("not a cursor") from exc
    if not isinstance(key, list):
        raise ValueError("not a cursor")
    return key


def _part(value: Any, kind: type) -> Any:
    """One part of a key as its list wrote it, or ValueError."""
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_INT:
            raise ValueError("not a cursor")
        return value
    if not isinstance(value, str) or len(value) > MAX_CURSOR_PART:
        raise ValueError("not a cursor")
    if kind is datetime:
        return instant_in_range(datetime.fromisoformat(value))  # ValueError (OutOfRange is one) if not a time
    return value


def cursor_key(cursor: str | None, first: type, *rest: type) -> list[Any] | None:
    """The sort key a request's ``cursor`` carries, each part of the type ``shape`` names (str, int
    or datetime, as the list encodes them); a 422 naming ``cursor`` for anything this list did not
    give out, so a made-up cursor never reaches a query."""
    if not cursor:
        return None
    shape = (first, *rest)
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError("not a cursor")
        key = decode_cursor(cursor)
        if len(key) != len(shape):
            raise ValueError("not a cursor")
        return [_part(value, kind) for value, kind in zip(key, shape, strict=True)]
    except ValueError:
        raise Invalid.field("cursor", "Not a cursor this list gave out.", code="bad_cursor") from None


def page_of(rows: Sequence[T], limit: int, key: Callable[[T], list[Any]]) -> Page[T]:
    """A page from ``limit + 1`` fetched rows: the extra one only says that more follow."""
    items = list(rows[:limit])
    return Page[T](items=items, next_cursor=encode_cursor(key(items[-1])) if len(rows) > limit else None)
