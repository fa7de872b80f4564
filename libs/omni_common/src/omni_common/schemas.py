"""Pieces of request and response models every service uses."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from omni_common.errors import FieldError, Invalid


def patch_changes(patch: BaseModel, *, nullable: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields a PATCH body set. ``null`` clears a nullable field and is refused elsewhere."""
    changes = patch.model_dump(exclude_unset=True)
    errors = [FieldError(k, "May not be null.") for k, v in changes.items() if v is None and k not in nullable]
    if errors:
        raise Invalid(errors)
    return changes
