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


# pydantic's error types that have a plainer stable name (the rest keep pydantic's, already snake_case).
_CODES = {
    "missing": "required",
    "extra_forbidden": "unknown_field",
    "string_too_long": "too_long",
    "string_too_short": "too_short",
    "too_long": "too_many",
    "too_short": "too_few",
    "string_pattern_mismatch": "bad_format",
    "json_invalid": "invalid_json",
    "model_attributes_type": "not_an_object",
    "dict_type": "not_an_object",
}
_MESSAGES = {
    "missing": "This field is required.",
    "extra_forbidden": "Unknown field.",
    "json_invalid": "The body is not valid JSON.",
    "model_attributes_type": "Expected a JSON object.",
    "dict_type": "Expected a JSON object.",
}


def validation_errors(exc: RequestValidationError) -> list[FieldError]:
    errors = []
    for err in exc.errors():
        message = _MESSAGES.get(err.get("type", ""), err.get("msg", "Invalid value."))
        # A body that does not parse has a character position for a location: name the body.
        loc = ("body",) if err.get("type") == "json_invalid" else err.get("loc", ())
        # Union types add the member's name to the location; it means nothing to a caller.
        loc = [p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function-")))]
        kind = err.get("type", "")
        errors.append(FieldError(field_path(loc), message, _CODES.get(kind, kind or "invalid")))
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
