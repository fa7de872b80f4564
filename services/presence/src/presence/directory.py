"""What presence asks identity: an organization's settings and its users' names and roles.

Settings are cached in Redis (identity forgets them when they change); names, which only label
history and staff lists, are kept in this process a short while."""

from __future__ import annotations

import threading
import time
from typing import Any

import redis

from omni_common import orgcache
from omni_common.errors import ServiceUnavailable
from omni_common.internal import ServiceClient


class Directory:
    def __init__(self, client: ServiceClient, redis_client: redis.Redis, ttl: float = 30.0):
        self.client = client
        self.redis = redis_client
        self.ttl = ttl
        self._users: dict[tuple[str, str], tuple[float, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def organization(self, organization_id: str) -> dict[str, Any]:
        """The organization's settings (identity forgets the cached copy when they change)."""
        return orgcache.cached(
            self.redis, organization_id, lambda: self._call("GET", f"/internal/organizations/{organization_id}")
        )

    def users(self, organization_id: str, ids: set[str]) -> dict[str, dict[str, Any]]:
        """The organization's users among ``ids``, by id (unknown and foreign ids are left out)."""
        now = time.monotonic()
        found, missing = {}, []
        for user_id in ids:
            cached = self._users.get((organization_id, user_id))
            if cached and now - cached[0] < self.ttl:
                found[user_id] = cached[1]
            else:
                missing.append(user_id)
        if missing:
            for user in self._call(
                "POST", "/internal/users/lookup", json={"organization_id": organization_id, "ids": missing}
            ):
                found[user["id"]] = user
                with self._lock:
                    self._users[(organization_id, user["id"])] = (now, user)
        return found

    def users_with_role(self, organization_id: str, role: str) -> list[dict[str, Any]]:
        return self._call("GET", f"/internal/organizations/{organization_id}/users", params={"role": role})

    def _call(self, method: str, path: str, **kwargs) -> Any:
        try:
            response = self.client.request(method, path, **kwargs)
            response.raise_for_status()
        except Exception:
            raise ServiceUnavailable("The identity service is unavailable; please try again shortly.") from None
        return response.json()
