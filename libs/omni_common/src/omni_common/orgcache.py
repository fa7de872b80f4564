"""An organization's settings as other services see them, cached in Redis.

Identity owns the settings; a service that needs them (presence: the enabled domains; every
service: the timezone its dates are read in) asks identity once and keeps the answer in Redis for a
minute. Identity forgets the entry the moment the settings change, so the next request anywhere
sees the new ones."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable
from typing import Any

import redis

from omni_common.errors import ServiceUnavailable
from omni_common.internal import ServiceClient

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


class OrganizationSettings:
    """An organization's settings, through the cache; ``load`` asks identity on a miss."""

    def __init__(self, client: redis.Redis, load: Callable[[str], dict[str, Any]]):
        self.redis = client
        self.load = load

    def get(self, organization_id: str) -> dict[str, Any]:
        return cached(self.redis, organization_id, lambda: self.load(organization_id))

    def timezone(self, organization_id: str) -> str:
        return self.get(organization_id).get("timezone") or "UTC"


def from_identity(identity: ServiceClient) -> Callable[[str], dict[str, Any]]:
    """Loads the settings from identity's internal route (every service but identity)."""

    def load(organization_id: str) -> dict[str, Any]:
        try:
            answer = identity.request("GET", f"/internal/organizations/{organization_id}")
            answer.raise_for_status()
        except Exception:
            raise ServiceUnavailable("The identity service is unavailable; please try again shortly.") from None
        return answer.json()

    return load
