"""Where an organization's export gets each service's data: the other services' internal export
routes, page by page, and reporting's own tables through the same exporter they use."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

import httpx

from omni_common.internal import ServiceClient
from omni_common.lifecycle.schemas import ExportCatalogue, ExportPage
from omni_common.lifecycle.service import Exporter
from reporting.sources import SourceError

PAGE = 1000


class ExportSource(Protocol):
    service: str

    def catalogue(self) -> ExportCatalogue: ...

    def rows(self, entity: str, organization_id: str) -> Iterator[dict[str, Any]]: ...


class RemoteSource:
    """Another service, over its internal routes."""

    def __init__(self, service: str, client: ServiceClient):
        self.service = service
        self.client = client

    def _get(self, path: str, **params: Any) -> dict[str, Any]:
        try:
            answer = self.client.request("GET", path, params=params)
            answer.raise_for_status()
        except httpx.HTTPError as exc:
            raise SourceError(f"The {self.service} service could not be read ({type(exc).__name__}).") from None
        return answer.json()

    def catalogue(self) -> ExportCatalogue:
        return ExportCatalogue.model_validate(self._get("/internal/lifecycle/export"))

    def rows(self, entity: str, organization_id: str) -> Iterator[dict[str, Any]]:
        cursor = None
        while True:
            params: dict[str, Any] = {"organization_id": organization_id, "limit": PAGE}
            if cursor:
                params["cursor"] = cursor
            page = ExportPage.model_validate(self._get(f"/internal/lifecycle/export/{entity}", **params))
            yield from page.items
            if not page.next_cursor:
                return
            cursor = page.next_cursor


class LocalSource:
    """Reporting's own tables."""

    def __init__(self, exporter: Exporter):
        self.service = exporter.service
        self.exporter = exporter

    def catalogue(self) -> ExportCatalogue:
        return self.exporter.catalogue()

    def rows(self, entity: str, organization_id: str) -> Iterator[dict[str, Any]]:
        cursor = None
        while True:
            page = self.exporter.page(entity, organization_id, cursor, PAGE)
            yield from page.items
            if not page.next_cursor:
                return
            cursor = page.next_cursor
