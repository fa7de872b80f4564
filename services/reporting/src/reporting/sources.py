"""Where reports get their data: presence's internal exports (streamed NDJSON) and identity's
organization settings and user names. Never another service's tables."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import quote

import httpx

from omni_common.errors import ServiceUnavailable
from omni_common.internal import ServiceClient


class SourceError(RuntimeError):
    """The data could not be read whole; the message is what the requester is told."""


class PresenceSource:
    def __init__(self, client: ServiceClient, read_timeout: float = 60.0):
        self.client = client
        self.read_timeout = read_timeout

    def scope(self, organization_id: str, **kwargs: Any) -> dict[str, Any]:
        try:
            answer = self.client.request(
                "POST",
                "/internal/exports/scope",
                json={"organization_id": organization_id, **{k: v for k, v in kwargs.items() if v is not None}},
            )
            answer.raise_for_status()
        except httpx.HTTPError:
            raise ServiceUnavailable("The presence service is unavailable; please try again shortly.") from None
        return answer.json()

    def _lines(self, path: str, params: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """Every line of an export, and a SourceError unless it ends with its own "end" line."""
        rows = 0
        try:
            with self.client.stream("GET", path, params=params, timeout=self.read_timeout) as answer:
                if answer.status_code == 404:
                    raise SourceError("The session or group no longer exists.")
                answer.raise_for_status()
                for raw in answer.iter_lines():
                    if not raw:
                        continue
                    line = json.loads(raw)
                    if line["kind"] == "end":
                        if line["rows"] != rows:
                            raise SourceError("The presence service sent an incomplete register.")
                        return
                    if line["kind"] == "row":
                        rows += 1
                    yield line
        except httpx.HTTPError as exc:
            raise SourceError(f"The presence service could not be read ({type(exc).__name__}).") from None
        raise SourceError("The presence service stopped sending before the end of the register.")

    def register(
        self,
        organization_id: str,
        group_id: str,
        starts_from: datetime,
        starts_before: datetime,
        participant_ids: list[str] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """``participant_ids``: only their rows (None: everyone's)."""
        return self._lines(
            "/internal/exports/register",
            {
                "organization_id": organization_id,
                "group_id": group_id,
                "starts_from": starts_from.isoformat(),
                "starts_before": starts_before.isoformat(),
                **({"participant_id": participant_ids} if participant_ids else {}),
            },
        )

    def roll(self, organization_id: str, session_id: str) -> Iterator[dict[str, Any]]:
        return self._lines(
            f"/internal/exports/sessions/{quote(session_id, safe='')}/roll", {"organization_id": organization_id}
        )


class IdentitySource:
    def __init__(self, client: ServiceClient):
        self.client = client

    def organization(self, organization_id: str) -> dict[str, Any]:
        return self._call("GET", f"/internal/organizations/{organization_id}")

    def user_names(self, organization_id: str, ids: set[str]) -> dict[str, str]:
        names: dict[str, str] = {}
        pending = sorted(ids)
        for start in range(0, len(pending), 1000):
            for user in self._call(
                "POST",
                "/internal/users/lookup",
                json={"organization_id": organization_id, "ids": pending[start : start + 1000]},
            ):
                names[user["id"]] = user["full_name"]
        return names

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            answer = self.client.request(method, path, **kwargs)
            answer.raise_for_status()
        except httpx.HTTPError:
            raise SourceError("The identity service could not be read.") from None
        return answer.json()
