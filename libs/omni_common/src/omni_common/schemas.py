"""Pieces of request and response models every service uses."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from omni_common.errors import FieldError, Invalid


class JobStatus(StrEnum):
    """The one vocabulary of long-running work, sync batches and reports alike (SPEC §8)."""

    queued = "queued"
    running = "running"
    completed = "completed"
    failed = "failed"


LIKE_ESCAPE = "\\"


def contains(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, its own % and _ taken literally (escape LIKE_ESCAPE)."""
    escaped = (
        text.lower()
        .replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )
    return f"%{escaped}%"


def patch_changes(patch: BaseModel, *, nullable: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields a PATCH body set. ``null`` clears a nullable field and is refused elsewhere."""
    changes = patch.model_dump(exclude_unset=True)
    errors = [FieldError(k, "May not be null.") for k, v in changes.items() if v is None and k not in nullable]
    if errors:
        raise Invalid(errors)
    return changes
