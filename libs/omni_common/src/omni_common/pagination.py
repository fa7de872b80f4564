"""Cursor pagination as SPEC §8 shapes it: ``{"items": [...], "next_cursor": ... | null}``."""

from __future__ import annotations

import base64
import json
from typing import Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

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
