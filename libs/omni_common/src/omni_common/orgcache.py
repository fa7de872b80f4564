"""An organization's settings as other services see them, cached in Redis.

Identity owns the settings; a service that needs them (presence: the enabled domains) asks
identity once and keeps the answer in Redis for a minute. Identity forgets the entry the moment
the settings change, so the next request anywhere sees the new ones."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable
from typing import Any

import redis

log = logging.getLogger(__name__)
TTL_SECONDS = 60


def key(organization_id: str) -> str:
    return f"omni:org:{organization_id}"


def cached(client: redis.Redis, organization_id: str, load: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    try:
        raw = client.get(key(organization_id))
        if raw:
            return json.loads(raw)
    except redis.RedisError:
        return load()
    value = load()
    with contextlib.suppress(redis.RedisError):  # served uncached this time
        client.set(key(organization_id), json.dumps(value), ex=TTL_SECONDS)
    return value


def forget(client: redis.Redis, organization_id: str) -> None:
    try:
        client.delete(key(organization_id))
    except redis.RedisError:
        # The entry expires within TTL_SECONDS anyway.
        log.warning("could not forget cached organization settings", extra={"organization_id": organization_id})
