"""Per-request (and per-task) context: the request id, for logs, audit entries and other services."""

from __future__ import annotations

import re
import secrets
from contextvars import ContextVar

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def new_request_id() -> str:
    return secrets.token_hex(16)


def accept_request_id(value: str | None) -> str:
    """Keep a caller's request id when it is sane, otherwise make a new one."""
    if value and _VALID_REQUEST_ID.match(value):
        return value
    return new_request_id()


def current_request_id() -> str | None:
    return request_id_var.get()
