"""GET /api/audit-logs: every service's audit log, merged newest first under one cursor.

Each service lists its own entries after the cursor's (created_at, id); the gateway asks all four
for a page, merges, and keeps the first ``limit``. The key is the same everywhere, so the next
page continues each log exactly where the merged page stopped."""

from __future__ import annotations

import asyncio
from datetime import datetime

import httpx
from fastapi import Request
from fastapi.responses import JSONResponse, Response

from gateway.proxy import Upstreams
from gateway.routes import SERVICES
from omni_common.auth.dependencies import BACKGROUND_HEADER
from omni_common.context import REQUEST_ID_HEADER, current_request_id
from omni_common.errors import ServiceUnavailable, problem_response
from omni_common.internal import SERVICE_TOKEN_HEADER
from omni_common.pagination import encode_cursor


async def merged_audit_logs(request: Request, upstreams: Upstreams) -> Response:
    headers = {SERVICE_TOKEN_HEADER: upstreams.settings.service_token, REQUEST_ID_HEADER: current_request_id() or ""}
    for name in ("authorization", BACKGROUND_HEADER.lower()):
        if name in request.headers:
            headers[name] = request.headers[name]
    params = list(request.query_params.multi_items())

    async def fetch(service: str) -> httpx.Response | None:
        try:
            return await upstreams.client.get(
                upstreams.base_url(service) + "/internal/audit-logs", params=params, headers=headers
            )
        except httpx.HTTPError:
            return None

    answers = await asyncio.gather(*(fetch(s) for s in SERVICES))
    for service, answer in zip(SERVICES, answers, strict=True):
        if answer is None or answer.status_code >= 500:
            return problem_response(
                ServiceUnavailable(f"The audit log of the {service} service is unavailable; please try again shortly."),
                request,
            )
    # An answer that refuses (401, 403, 422) is the same from every service: pass the first on.
    refused = next((a for a in answers if a.status_code != 200), None)
    if refused is not None:
        return Response(
            refused.content, status_code=refused.status_code, media_type=refused.headers.get("content-type")
        )

    pages = [a.json() for a in answers]
    limit = int(request.query_params.get("limit", 50))
    items = sorted(
        (item for page in pages for item in page["items"]),
        key=lambda i: (datetime.fromisoformat(i["created_at"]), i["id"]),
        reverse=True,
    )
    more = len(items) > limit or any(page["next_cursor"] for page in pages)
    items = items[:limit]
    next_cursor = None
    if more and items:
        last = items[-1]
        next_cursor = encode_cursor([datetime.fromisoformat(last["created_at"]).isoformat(), last["id"]])
    return JSONResponse({"items": items, "next_cursor": next_cursor})
