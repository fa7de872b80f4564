"""One OpenAPI document for the whole public API, combined from every service's own.

Only the routes of the gateway's table are published (internal routes never are). Schemas that
two services name alike but define differently are prefixed with their service's name.
"""

from __future__ import annotations

import asyncio
import copy
import json
import re
import time
from typing import Any

import httpx

from gateway.routes import GATEWAY, SERVICES, RouteTable

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "request_id": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                    "code": {"type": "string", "description": "A stable snake_case reason, e.g. required, too_long."},
                    "limit": {"type": "integer", "description": "The length allowed, where the code is about one."},
                },
                "required": ["field", "message", "code"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}
PROBLEM_RESPONSES = {
    "401": "Not signed in, or the session has ended.",
    "403": "The caller's role does not allow this.",
    "404": "No such resource (or another organization's).",
    "422": "Invalid input; `errors` names each bad field.",
    # Every route the gateway forwards or answers counts against the fair-use limits (SPEC §3.1).
    "429": "Past a fair-use limit (requests per user, organization, kiosk or address; sign-ins; a sync "
    "batch's size; reports building at once): try again after `Retry-After` seconds.",
    "503": "The service behind this route is unavailable; try again after `Retry-After` seconds.",
}
RETRY_AFTER = {
    "Retry-After": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer", "minimum": 1}}
}


def shape(path: str) -> str:
    """/api/users/{user_id} and /api/users/{id} are the same route."""
    return re.sub(r"\{[^}]+\}", "{}", path)


def _rewrite_refs(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/components/schemas/"):
                name = value.rsplit("/", 1)[1]
                out[key] = "#/components/schemas/" + renames.get(name, name)
            else:
                out[key] = _rewrite_refs(value, renames)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(v, renames) for v in node]
    return node


def combine(documents: dict[str, dict], table: RouteTable, gateway_paths: dict[str, Any]) -> dict:
    combined: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "Omnipresence API",
            "version": "0.1.0",
            "description": "The public API of every Omnipresence service, as the gateway serves it. "
            "Errors are RFC 9457 problem details (application/problem+json).",
        },
        "paths": {},
        "components": {
            "schemas": {"Problem": PROBLEM_SCHEMA},
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
    }
    schemas = combined["components"]["schemas"]
    for service in SERVICES:
        doc = documents.get(service)
        if not doc:
            continue
        renames = {}
        for name, schema in doc.get("components", {}).get("schemas", {}).items():
            if name in schemas and schemas[name] != schema:
                renames[name] = f"{service}_{name}"
        doc = _rewrite_refs(doc, renames)
        for name, schema in doc.get("components", {}).get("schemas", {}).items():
            schemas.setdefault(renames.get(name, name), schema)
        # A service may name a placeholder more precisely ({user_id} for the table's {id}): its
        # own path is published, since its parameters carry those names.
        paths = {shape(path): path for path in doc.get("paths", {})}
        for route in table.routes:
            path = paths.get(shape(route.path))
            operation = doc["paths"][path].get(route.method.lower()) if route.service == service and path else None
            if operation is not None:
                combined["paths"].setdefault(path, {})[route.method.lower()] = _describe(operation, route)
    for path, operations in gateway_paths.items():
        for method, operation in operations.items():
            route, _ = table.match(method.upper(), path)
            if route is not None and route.service == GATEWAY:
                combined["paths"].setdefault(path, {})[method] = _describe(copy.deepcopy(operation), route)
    missing = [s for s in SERVICES if not documents.get(s)]
    if missing:
        combined["info"]["description"] += f" (Unavailable while this was built: {', '.join(missing)}.)"
    return combined


def _describe(operation: dict, route) -> dict:
    operation = copy.deepcopy(operation)
    if not route.public:
        operation["security"] = [{"bearerAuth": []}]
        roles = ", ".join(sorted(r.value for r in route.roles))
        operation["description"] = (operation.get("description", "") + f"\n\nRoles: {roles}.").strip()
    responses = operation.setdefault("responses", {})
    for status, text in PROBLEM_RESPONSES.items():
        if route.public and status in ("401", "403"):
            continue
        responses[status] = {
            "description": text,
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        if status in ("429", "503"):
            responses[status]["headers"] = RETRY_AFTER
    return operation


class CombinedOpenAPI:
    def __init__(self, client: httpx.AsyncClient, base_url, table: RouteTable, gateway_paths, cache_seconds: float):
        self.client = client
        self.base_url = base_url
        self.table = table
        self.gateway_paths = gateway_paths
        self.cache_seconds = cache_seconds
        self._cached: tuple[float, bytes] | None = None

    async def document(self) -> bytes:
        now = time.monotonic()
        if self._cached and now - self._cached[0] < self.cache_seconds:
            return self._cached[1]
        results = await asyncio.gather(*(self._fetch(s) for s in SERVICES))
        documents = dict(zip(SERVICES, results, strict=True))
        body = json.dumps(combine(documents, self.table, self.gateway_paths())).encode()
        if all(results):  # a partial document is served, but not kept
            self._cached = (now, body)
        return body

    async def _fetch(self, service: str) -> dict | None:
        try:
            response = await self.client.get(self.base_url(service) + "/openapi.json", timeout=5.0)
            response.raise_for_status()
            return response.json()
        except (httpx.HTTPError, ValueError):
            return None
