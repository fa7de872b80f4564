"""Pieces of request and response models every service uses."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

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
    errors = [
        FieldError(k, "May not be null.", "required") for k, v in changes.items() if v is None and k not in nullable
    ]
    if errors:
        raise Invalid(errors)
    return changes


# ---- Input values every service checks the same way (SPEC §8; issue 17's hostile input) ----

# The largest integer a database column (BIGINT) holds: a count, a version or a sequence number
# past it is a 422, never a database error.
MAX_INT = 2**63 - 1
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
END_OF_TIME = datetime(3000, 1, 1, tzinfo=UTC)  # the first instant no longer accepted
RANGE_MESSAGE = "Must fall between 1900-01-01 and 2999-12-31."
_DAY_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}([T ].*)?", re.DOTALL)
ID_PATTERN = r"^[A-Za-z0-9_-]{1,36}$"
UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
_ID_TEXT = re.compile(ID_PATTERN)
_UUID_TEXT = re.compile(UUID_PATTERN)


class OutOfRange(ValueError):
    """A date or time outside what Omnipresence stores (1900-01-01 … 2999-12-31, in UTC)."""


def day_in_range(value: date) -> date:
    if not EARLIEST_DAY <= value <= LATEST_DAY:
        raise OutOfRange(RANGE_MESSAGE)
    return value


def instant_in_range(value: datetime) -> datetime:
    """The time as given, once it is known to fall in range after conversion to UTC (a time without
    a zone is checked as it stands: the organization's zone moves it by hours, not centuries)."""
    try:
        utc = value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)
    except OverflowError:  # 0001-01-01T00:00+14:00 is before year 1 in UTC
        raise OutOfRange(RANGE_MESSAGE) from None
    if not EARLIEST <= utc < END_OF_TIME:
        raise OutOfRange(RANGE_MESSAGE)
    return value


def _day_text(value: Any) -> Any:
    # pydantic would read 0 (or "0") as a Unix time: a day is written YYYY-MM-DD, nothing else.
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _DAY_TEXT.fullmatch(value):
        raise PydanticCustomError("date_format", "Expected a date, YYYY-MM-DD.")
    return value


def _time_text(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _TIME_TEXT.fullmatch(value):
        raise PydanticCustomError("datetime_format", "Expected an ISO 8601 time, e.g. 2026-09-01T09:00:00+01:00.")
    return value


def _checked(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def validate(value: Any) -> Any:
        try:
            return check(value)
        except OutOfRange as exc:
            raise PydanticCustomError("out_of_range", str(exc)) from None

    return validate


def _uuid(value: str) -> str:
    if not _UUID_TEXT.fullmatch(value):
        raise PydanticCustomError("not_a_uuid", "Expected a UUID, e.g. 0b9a4a3e-6f0c-4d0e-9a57-3f1f4b2f8c11.")
    return value


def _id(value: str) -> str:
    # Ids travel in URLs between services: a control character, a slash, a question mark or a space
    # is no id of ours, and is refused here rather than breaking (or redirecting) a URL later.
    if not _ID_TEXT.fullmatch(value):
        raise PydanticCustomError("not_an_id", "Not an id.")
    return value


# A calendar day (in the organization's timezone where it matters): YYYY-MM-DD, 1900 to 2999.
Day = Annotated[date, BeforeValidator(_day_text), AfterValidator(_checked(day_in_range))]
# A time, ISO 8601 (with its zone, or in the organization's local time without one), 1900 to 2999 in UTC.
Instant = Annotated[datetime, BeforeValidator(_time_text), AfterValidator(_checked(instant_in_range))]
# An id in a body: 1 to 36 letters, digits, - and _ (every id Omnipresence makes is a UUID).
Id = Annotated[str, AfterValidator(_id), WithJsonSchema({"type": "string", "pattern": ID_PATTERN, "maxLength": 36})]
# A client-made id of one change (a mutation): a UUID in its usual text form.
MutationId = Annotated[
    str, AfterValidator(_uuid), WithJsonSchema({"type": "string", "format": "uuid", "pattern": UUID_PATTERN})
]
# A count, version or sequence number: 0 to 2^63 - 1.
Count = Annotated[int, Field(ge=0, le=MAX_INT)]
