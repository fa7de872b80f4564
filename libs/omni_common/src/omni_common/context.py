"""Per-request (and per-task) context: the request id, for logs, audit entries and other services;
the name of the device a change came from, for audit entries."""

from __future__ import annotations

import re
import secrets
import unicodedata
from contextvars import ContextVar
from urllib.parse import unquote

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


# The name a device was given by its user ("Frankie's phone"), sent by the SPA with every write
# (SPEC §8): UTF-8, percent-encoded, as a header may carry only Latin-1.
DEVICE_NAME_HEADER = "X-Omni-Device-Name"
DEVICE_NAME_MAX = 100
device_name_var: ContextVar[str | None] = ContextVar("device_name", default=None)


def accept_device_name(value: str | None) -> str | None:
    """A device's name as people will read it: decoded, without control characters, trimmed to
    DEVICE_NAME_MAX characters; None when nothing is left."""
    if not value:
        return None
    text = unquote(value, errors="replace")
    text = "".join(c for c in text if not unicodedata.category(c).startswith("C")).strip()
    return text[:DEVICE_NAME_MAX].strip() or None


def current_device_name() -> str | None:
    return device_name_var.get()
