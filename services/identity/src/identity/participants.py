"""The participant a login is linked to (an external participant's own account) lives in presence:
identity asks it whether the id names one of the organization's participants."""

from __future__ import annotations

from urllib.parse import quote

import httpx

from omni_common.errors import Invalid, ServiceUnavailable
from omni_common.internal import ServiceClient


class Participants:
    def __init__(self, client: ServiceClient):
        self.client = client

    def require(self, organization_id: str, participant_id: str | None, field: str = "participant_id") -> None:
        """Nothing if ``participant_id`` is None or one of the organization's participants; a 422
        naming ``field`` if it is unknown or another organization's (the same answer)."""
        if participant_id is None:
            return
        try:
            # Quoted: whatever the id holds stays one path segment of presence's route.
            path = f"/internal/participants/{quote(participant_id, safe='')}"
            answer = self.client.request("GET", path, params={"organization_id": organization_id})
        except httpx.HTTPError:
            answer = None
        if answer is not None and answer.status_code == 404:
            raise Invalid.field(field, "No such participant.", "not_found")
        if answer is None or answer.status_code != 200:
            raise ServiceUnavailable("The presence service is unavailable; please try again shortly.")
