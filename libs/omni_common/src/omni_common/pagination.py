"""Cursor pagination as SPEC §8 shapes it: ``{"items": [...], "next_cursor": ... | null}``."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

from omni_common.errors import Invalid

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 1000

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
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError("not a cursor") from exc
    if not isinstance(key, list):
        raise ValueError("not a cursor")
    return key


def cursor_key(cursor: str | None) -> list[Any] | None:
    """The sort key a request's ``cursor`` carries; a 422 naming ``cursor`` if it is not ours."""
    if not cursor:
        return None
    try:
        return decode_cursor(cursor)
    except ValueError:
        raise Invalid.field("cursor", "Not a cursor this list gave out.") from None


def page_of(rows: Sequence[T], limit: int, key: Callable[[T], list[Any]]) -> Page[T]:
    """A page from ``limit + 1`` fetched rows: the extra one only says that more follow."""
    items = list(rows[:limit])
    return Page[T](items=items, next_cursor=encode_cursor(key(items[-1])) if len(rows) > limit else None)
