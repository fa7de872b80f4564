"""RFC 9457 problem details: every error any service answers, in one shape.

``{"type", "title", "status", "detail", "errors": [{"field", "message", "code"}], "instance"}`` with
the media type ``application/problem+json``. Fields are dotted paths into the body or the query
(``records.3.state``, ``limit``), never prefixed with where they came from; ``code`` is a stable
snake_case reason (``required``, ``too_long``, ``not_a_member``) that clients map to their own words.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from omni_common.context import current_request_id

log = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "https://omnipresence.dev/problems/"
# Seconds a client is told to wait when a backing server is down for a moment.
UNAVAILABLE_RETRY_AFTER = 5


class FieldError(dict):
    def __init__(self, field: str, message: str, code: str = "invalid"):
        super().__init__(field=field, message=message, code=code)


class Problem(Exception):
    """An error that knows its status. Raise it anywhere; the handler renders it."""

    status: int = 500
    slug: str | None = None  # None renders as "about:blank"

    def __init__(
        self,
        detail: str | None = None,
        *,
        status: int | None = None,
        title: str | None = None,
        errors: Sequence[FieldError] | None = None,
        headers: dict[str, str] | None = None,
        slug: str | None = None,
        commit_changes: bool = False,
        **extra: Any,
    ):
        self.status = status or self.status
        self.title = title or HTTPStatus(self.status).phrase
        self.detail = detail or self.title
        self.errors = list(errors or [])
        self.headers = headers or {}
        self.slug = slug or self.slug
        # Keep what the unit of work wrote before refusing (a failed login's record, a session
        # ended because a stolen refresh token was replayed).
        self.commit_changes = commit_changes
        self.extra = extra
        super().__init__(self.detail)

    def body(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": PROBLEM_BASE + self.slug if self.slug else "about:blank",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if self.errors:
            body["errors"] = self.errors
        if instance:
            body["instance"] = instance
        request_id = current_request_id()
        if request_id:
            body["request_id"] = request_id
        body.update(self.extra)
        return body


class BadRequest(Problem):
    status = 400


class Unauthorized(Problem):
    status = 401
    slug = "unauthorized"

    def __init__(self, detail: str = "Authentication is required.", **kw):
        kw.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(detail, **kw)


class Forbidden(Problem):
    status = 403
    slug = "forbidden"

    def __init__(self, detail: str = "Your role does not allow this action.", **kw):
        super().__init__(detail, **kw)


class NotFound(Problem):
    status = 404
    slug = "not-found"

    def __init__(self, detail: str = "No such resource.", **kw):
        super().__init__(detail, **kw)


class Conflict(Problem):
    status = 409
    slug = "conflict"


class Invalid(Problem):
    """422 naming each bad field."""

    status = 422
    slug = "validation-error"

    def __init__(self, errors: Sequence[FieldError] | FieldError, detail: str | None = None, **kw):
        if isinstance(errors, FieldError):
            errors = [errors]
        detail = detail or "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        super().__init__(detail, title="Invalid input", errors=errors, **kw)

    @classmethod
    def field(cls, field: str, message: str, code: str = "invalid", **kw) -> Invalid:
        return cls([FieldError(field, message, code)], **kw)


class TooManyRequests(Problem):
    status = 429
    slug = "rate-limited"

    def __init__(self, retry_after: int, detail: str = "Too many requests; try again later.", **kw):
        super().__init__(detail, headers={"Retry-After": str(max(1, int(retry_after)))}, **kw)


class ServiceUnavailable(Problem):
    status = 503
    slug = "service-unavailable"


def problem_response(problem: Problem, request: Request | None = None) -> JSONResponse:
    return JSONResponse(
        problem.body(instance=request.url.path if request else None),
        status_code=problem.status,
        headers=problem.headers,
        media_type=PROBLEM_MEDIA_TYPE,
    )


def field_path(loc: Iterable[Any]) -> str:
    """('body', 'records', 3, 'state') -> 'records.3.state'; a whole-body error names 'body'."""
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:] or parts[:1]
    return ".".join(str(p) for p in parts)


# Every ``code`` a field error may carry, with what it means. Clients map each to their own words (the
# SPA's catalogue has a sentence for every one; tests/test_field_codes.py walks bad input through
# every service and finds no other). Add codes, never rename one: clients know them by name.
FIELD_CODES: dict[str, str] = {
    # the shape of a value
    "required": "missing, null or empty where a value is needed",
    "unknown_field": "a field the body may not carry",
    "too_long": "text (or a period) longer than allowed",
    "too_short": "text shorter than allowed",
    "too_many": "a list with more items than allowed",
    "too_few": "a list with fewer items than allowed",
    "too_large": "a file larger than allowed",
    "bad_format": "text not in the expected form (a pattern, a URL, a key)",
    "not_an_email": "not an email address",
    "not_a_timezone": "not an IANA time zone",
    "not_a_number": "not a number",
    "not_true_or_false": "not true or false",
    "not_text": "not a string",
    "not_a_list": "not a list",
    "not_an_object": "not a JSON object",
    "not_a_choice": "not one of the allowed values",
    "not_an_id": "not an id",
    "not_a_uuid": "not a UUID",
    "date_format": "not a date (YYYY-MM-DD)",
    "datetime_format": "not an ISO 8601 time",
    "out_of_range": "a number or date outside the allowed range",
    "invalid_json": "the body is not JSON",
    "bad_cursor": "a cursor no list gave out",
    "bad_file": "a file that cannot be read as CSV or XLSX",
    "empty": "nothing in it (an empty file, a rule that makes nothing)",
    "invalid_row": "an import row refused",
    "either_or": "give one of two fields, not both nor neither",
    "invalid": "refused for a reason given only in the message",
    # what a value refers to
    "not_found": "no such item (or one the caller may not see)",
    "duplicate": "already taken or given twice",
    "repeated": "the same item twice in one request",
    "archived": "the item is archived",
    "wrong_role": "a user whose role does not fit",
    "not_a_member": "the participant is not a member of the session's group",
    "no_such_state": "no such state in the group's domain",
    "state_retired": "the state is retired",
    "state_not_for_role": "the caller's role may not record this state",
    "not_in_group": "the session is not one of the group's",
    "roll_call": "a roll-call session where a check-in session is needed",
    "not_open": "the session is not open",
    "session_cancelled": "the session was cancelled",
    "session_closed": "the session is closed",
    "outside_window": "a time outside the session's window",
    "in_future": "a time in the future",
    "in_past": "a time already past",
    "before_from": "an end before its start",
    "not_checked_in": "checking out someone not checked in",
    "before_check_in": "a time before the check-in",
    "check_out_before_check_in": "a check-out before the check-in",
    "stale": "the record changed since it was read",
    "not_allowed": "refused by a rule (a webhook's address, a report type)",
    "not_an_absence": "a state that does not mean an absence where one is needed",
    "not_expected": "a badge not expected at any open session of the kiosk",
    "key_reused": "an idempotency key used for a different request",
    # secrets and codes
    "wrong_password": "the password is not right",
    "same_as_current": "the new password is the current one",
    "wrong_code": "a one-time, sign-up or check-in code that is not right",
    "not_started": "a step done before the one it needs",
    "wrong_pin": "a PIN that is not right, or missing",
    "link_unusable": "a link used, expired or unknown",
    "mismatch": "a confirmation that does not match",
}

# pydantic's error types that have a plainer stable name; any other becomes ``invalid``.
_CODES = {
    "missing": "required",
    "extra_forbidden": "unknown_field",
    "string_too_long": "too_long",
    "string_too_short": "too_short",
    "too_long": "too_many",
    "too_short": "too_few",
    "string_pattern_mismatch": "bad_format",
    "url_parsing": "bad_format",
    "url_scheme": "bad_format",
    "url_type": "bad_format",
    "url_too_long": "too_long",
    "json_invalid": "invalid_json",
    "json_type": "invalid_json",
    "model_attributes_type": "not_an_object",
    "model_type": "not_an_object",
    "dict_type": "not_an_object",
    "list_type": "not_a_list",
    "string_type": "not_text",
    "string_unicode": "not_text",
    "int_parsing": "not_a_number",
    "int_type": "not_a_number",
    "int_from_float": "not_a_number",
    "int_parsing_size": "out_of_range",
    "float_parsing": "not_a_number",
    "float_type": "not_a_number",
    "finite_number": "not_a_number",
    "decimal_parsing": "not_a_number",
    "decimal_type": "not_a_number",
    "bool_parsing": "not_true_or_false",
    "bool_type": "not_true_or_false",
    "literal_error": "not_a_choice",
    "enum": "not_a_choice",
    "greater_than": "out_of_range",
    "greater_than_equal": "out_of_range",
    "less_than": "out_of_range",
    "less_than_equal": "out_of_range",
    "multiple_of": "out_of_range",
    "date_parsing": "date_format",
    "date_type": "date_format",
    "date_from_datetime_parsing": "date_format",
    "date_from_datetime_inexact": "date_format",
    "datetime_parsing": "datetime_format",
    "datetime_type": "datetime_format",
    "datetime_from_date_parsing": "datetime_format",
    "datetime_object_invalid": "datetime_format",
    "timezone_aware": "datetime_format",
    "uuid_parsing": "not_a_uuid",
    "uuid_type": "not_a_uuid",
    "uuid_version": "not_a_uuid",
}
_MESSAGES = {
    "missing": "This field is required.",
    "extra_forbidden": "Unknown field.",
    "json_invalid": "The body is not valid JSON.",
    "model_attributes_type": "Expected a JSON object.",
    "dict_type": "Expected a JSON object.",
}
# Plainer words than pydantic's for what its own checks refuse ("String should match pattern …").
_PLAIN = {
    "too_long": "At most {limit} characters.",
    "too_short": "At least {limit} characters.",
    "too_many": "At most {limit} items.",
    "too_few": "At least {limit} items.",
    "bad_format": "Not in the expected form.",
    "not_an_email": "Not an email address.",
    "not_a_number": "Expected a whole number.",
    "not_true_or_false": "Expected true or false.",
    "not_text": "Expected text.",
    "not_a_list": "Expected a list.",
    "date_format": "Expected a date, YYYY-MM-DD.",
    "datetime_format": "Expected an ISO 8601 time, e.g. 2026-09-01T09:00:00+01:00.",
    "not_a_uuid": "Expected a UUID.",
}
# The length pydantic names in an error's context, given to clients as ``limit`` ("at most 200").
_LIMITS = ("max_length", "min_length")


def field_code(err: dict[str, Any]) -> str:
    """The stable code of one of pydantic's errors."""
    kind = err.get("type", "")
    if kind == "value_error" and "email address" in str(err.get("msg", "")):
        return "not_an_email"  # pydantic's EmailStr says so only in its message
    if kind in FIELD_CODES:  # our own PydanticCustomError codes (date_format, not_an_id …)
        return kind
    return _CODES.get(kind, "invalid")


def validation_errors(exc: RequestValidationError | Any) -> list[FieldError]:
    """pydantic's errors (of a request, or of any ValidationError) as field errors with our codes."""
    errors = []
    for err in exc.errors():
        message = _MESSAGES.get(err.get("type", ""), err.get("msg", "Invalid value."))
        # A body that does not parse has a character position for a location: name the body.
        loc = ("body",) if err.get("type") == "json_invalid" else err.get("loc", ())
        # Union types add the member's name to the location; it means nothing to a caller.
        loc = [p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function-")))]
        code = field_code(err)
        ctx = err.get("ctx") or {}
        limit = next((ctx[k] for k in _LIMITS if isinstance(ctx.get(k), int)), None)
        plain = _PLAIN.get(code) if err.get("type") in _CODES or code == "not_an_email" else None
        if plain and ("{limit}" not in plain or limit is not None):
            message = plain.format(limit=limit)
        error = FieldError(field_path(loc), message, code)
        if limit is not None:
            error["limit"] = limit
        errors.append(error)
    return errors


def install_problem_handlers(app: FastAPI, *, unavailable: Callable[[Exception], bool] | None = None) -> None:
    """RFC 9457 answers for everything a route raises. ``unavailable`` tells an error of a backing
    server that is down for a moment (the database, another service), answered 503 with
    Retry-After, from a bug."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem):
        return problem_response(exc, request)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        return problem_response(Invalid(validation_errors(exc)), request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        problem = {404: NotFound, 401: Unauthorized, 403: Forbidden}.get(exc.status_code)
        if problem is not None:
            return problem_response(problem(), request)
        return problem_response(
            Problem(str(exc.detail) if exc.detail else None, status=exc.status_code, headers=exc.headers),
            request,
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        if unavailable is not None and unavailable(exc):
            log.warning("a backing server is unavailable", extra={"path": request.url.path, "error": repr(exc)})
            return problem_response(
                ServiceUnavailable(
                    "Part of Omnipresence cannot be reached just now; try again in a moment.",
                    headers={"Retry-After": str(UNAVAILABLE_RETRY_AFTER)},
                ),
                request,
            )
        log.exception("unhandled error", extra={"path": request.url.path})
        return problem_response(Problem("An unexpected error occurred; it has been logged."), request)
