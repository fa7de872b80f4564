"""GET /api/participants/{id}/export: everything every service holds about one participant, as one
JSON document (subject access, SPEC §8).

Presence decides who may have it, on the caller's own token (an administrator of the organization,
or the participant's own `external` login; another organization's participant is 404 exactly as an
unknown one, a visible one the role may not export 403), and answers its part with the participant's
organization. Only then are identity, sync and reporting asked for theirs, by service token, for
that organization and participant alone; the gateway merges the four. A service that cannot answer
makes it a 503 naming it: a partial export would look complete."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx
from fastapi import Request
from fastapi.responses import JSONResponse, Response

from gateway.proxy import Upstreams, path_segment
from omni_common.auth.dependencies import BACKGROUND_HEADER
from omni_common.context import REQUEST_ID_HEADER, current_request_id
from omni_common.errors import PROBLEM_MEDIA_TYPE, ServiceUnavailable, problem_response
from omni_common.internal import SERVICE_TOKEN_HEADER

PATH = "/api/participants/{id}/export"
OTHERS = ("identity", "sync", "reporting")


def _unavailable(request: Request, service: str) -> Response:
    return problem_response(
        ServiceUnavailable(f"The {service} service is unavailable, so the export would be incomplete; try again."),
        request,
    )


async def participant_export(request: Request, path: str, upstreams: Upstreams) -> Response:
    participant_id = path.rstrip("/").split("/")[3]
    internal = f"/internal/participants/{path_segment(participant_id)}/export"
    service_headers = {
        SERVICE_TOKEN_HEADER: upstreams.settings.service_token,
        REQUEST_ID_HEADER: current_request_id() or "",
    }
    headers = dict(service_headers)
    for name in ("authorization", BACKGROUND_HEADER.lower()):
        if name in request.headers:
            headers[name] = request.headers[name]
    try:
        answer = await upstreams.client.get(upstreams.base_url("presence") + internal, headers=headers, timeout=60.0)
    except httpx.HTTPError:
        answer = None
    if answer is None or answer.status_code >= 500:
        return _unavailable(request, "presence")
    if answer.status_code != 200:
        # Refused (401, 403, 404): presence's problem, as if this route had answered it.
        body = {**answer.json(), "instance": request.url.path}
        return JSONResponse(body, status_code=answer.status_code, media_type=PROBLEM_MEDIA_TYPE)
    presence = answer.json()
    params = {"organization_id": presence.pop("organization_id")}

    async def fetch(service: str) -> dict[str, Any] | None:
        try:
            reply = await upstreams.client.get(
                upstreams.base_url(service) + internal, params=params, headers=service_headers, timeout=60.0
            )
        except httpx.HTTPError:
            return None
        return reply.json() if reply.status_code == 200 else None

    parts = dict(zip(OTHERS, await asyncio.gather(*(fetch(s) for s in OTHERS)), strict=True))
    for service, part in parts.items():
        if part is None:
            return _unavailable(request, service)
    document = merge(presence, parts)
    return JSONResponse(
        document,
        headers={
            "Content-Disposition": f'attachment; filename="participant-{quote(participant_id, safe="")}.json"',
            "Cache-Control": "no-store",
        },
    )


def merge(presence: dict[str, Any], parts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One document: presence's part, sync's items and conflicts, identity's login, reporting's
    reports, and every service's audit entries about them, newest first."""
    audit = [*presence.pop("audit", []), *(e for part in parts.values() for e in part.get("audit", []))]
    audit.sort(key=lambda e: (datetime.fromisoformat(e["created_at"]), e["id"]), reverse=True)
    return {
        "exported_at": datetime.now(UTC).isoformat(),
        **presence,
        "sync_items": parts["sync"].get("sync_items", []),
        "conflicts": parts["sync"].get("conflicts", []),
        "user": parts["identity"].get("user"),
        "reports": parts["reporting"].get("reports", []),
        "audit": audit,
    }


_ENTRY = {
    "type": "object",
    "description": "An audit entry: `{id, service, entity, entity_id, action, before, after, ...}`.",
}
EXPORT_OPERATION = {
    "summary": "Everything held about a participant (subject access)",
    "operationId": "export_participant",
    "description": "One JSON document gathered from every service: the participant, their memberships, "
    "their records each with its full history, advance notices, kiosk attempts, the offline changes "
    "(`sync_items`) and conflicts that name them, their linked login (`user`, never its secrets), reports "
    "limited to them, and every service's audit entries about them, newest first. For an administrator "
    "of the organization, and for the participant themselves (their `external` login). Served as a "
    "download (`Content-Disposition: attachment`).",
    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
    "responses": {
        "200": {
            "description": "The participant's data from every service.",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": [
                            "exported_at",
                            "participant",
                            "memberships",
                            "records",
                            "sync_items",
                            "conflicts",
                            "user",
                            "audit",
                        ],
                        "properties": {
                            "exported_at": {"type": "string", "format": "date-time"},
                            "participant": {"type": "object", "description": "As GET /api/participants/{id}."},
                            "memberships": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "group_id": {"type": "string"},
                                        "group_name": {"type": "string"},
                                        "starts_at": {"type": "string", "format": "date-time"},
                                        "ends_at": {"type": ["string", "null"], "format": "date-time"},
                                    },
                                },
                            },
                            "records": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "description": "A record as POST /api/presence answers it, with its `session` "
                                    "`{id, group_id, title, starts_at, ends_at, status}` and `history` (every "
                                    "version, oldest first).",
                                },
                            },
                            "advance_notices": {"type": "array", "items": {"type": "object"}},
                            "kiosk_attempts": {"type": "array", "items": {"type": "object"}},
                            "sync_items": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "description": "An offline change as a device sent it, with its batch, "
                                    "device and outcome.",
                                },
                            },
                            "conflicts": {
                                "type": "array",
                                "items": {"type": "object", "description": "As GET /api/admin/sync-conflicts/{id}."},
                            },
                            "user": {
                                "type": ["object", "null"],
                                "description": "The linked login `{id, email, full_name, role, is_active, "
                                "created_at, last_login_at, two_factor_enabled, sessions}`, or null.",
                            },
                            "reports": {"type": "array", "items": {"type": "object"}},
                            "erasure": {
                                "type": ["object", "null"],
                                "description": "Where their erasure stands, if they were erased.",
                            },
                            "audit": {"type": "array", "items": _ENTRY},
                        },
                    },
                    "example": {
                        "exported_at": "2026-12-07T10:15:00+00:00",
                        "participant": {
                            "id": "01938f6e-5a1b-7c3d-9e2f-3a4b5c6d7e8f",
                            "name": "Şule Demir",
                            "external_ref": "S-1042",
                            "email": "sule@example.org",
                            "phone": None,
                            "attributes": {"year": "9"},
                            "is_active": True,
                            "walk_in": False,
                            "created_at": "2026-09-01T08:00:00Z",
                            "erased_at": None,
                            "has_pin": False,
                        },
                        "memberships": [
                            {
                                "group_id": "01938f6e-0000-7000-8000-000000000001",
                                "group_name": "Year 9 Blue",
                                "starts_at": "2026-09-01T08:00:00Z",
                                "ends_at": None,
                            }
                        ],
                        "records": [],
                        "advance_notices": [],
                        "kiosk_attempts": [],
                        "sync_items": [],
                        "conflicts": [],
                        "user": None,
                        "reports": [],
                        "erasure": None,
                        "audit": [],
                    },
                }
            },
        }
    },
}
