"""create_service_app(): what every service's FastAPI app has in common.

Request ids, one JSON access-log line per request, Prometheus metrics, trailing slashes normalised
(so no redirect ever leaks an internal address), problem details, /healthz, /readyz and /metrics.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from omni_common.audit import audit_router
from omni_common.auth.visibility import PathVisibility
from omni_common.context import (
    DEVICE_NAME_HEADER,
    REQUEST_ID_HEADER,
    accept_device_name,
    accept_request_id,
    device_name_var,
    request_id_var,
)
from omni_common.db.database import database_unavailable
from omni_common.errors import install_problem_handlers
from omni_common.internal import service_unavailable
from omni_common.kit import ServiceKit
from omni_common.logs import setup_logging

log = logging.getLogger("omni.access")

REQUESTS = Counter("omni_http_requests_total", "HTTP requests", ["service", "method", "route", "status"])
LATENCY = Histogram(
    "omni_http_request_duration_seconds",
    "HTTP request duration",
    ["service", "method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)

UNPROBED_PATHS = {"/healthz", "/readyz", "/metrics"}
ROUTE_LABEL = "omni.route"


class RequestContextMiddleware:
    """Pure ASGI (no buffering, streams pass through): request id, slash, access log, metrics."""

    def __init__(self, app: ASGIApp, service: str):
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if len(path) > 1 and path.endswith("/"):
            scope = dict(scope, path=path.rstrip("/") or "/", raw_path=None)
        headers = dict(scope["headers"])
        request_id = accept_request_id(headers.get(REQUEST_ID_HEADER.lower().encode(), b"").decode("latin-1"))
        token = request_id_var.set(request_id)
        device_name = accept_device_name(headers.get(DEVICE_NAME_HEADER.lower().encode(), b"").decode("latin-1"))
        device_token = device_name_var.set(device_name)
        started = time.perf_counter()
        status = 500
        responded = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, responded
            if message["type"] == "http.response.start":
                status, responded = message["status"], True
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            try:
                await self.app(scope, receive, send_with_id)
            except Exception as exc:
                if not await self._answer_error(scope, receive, send_with_id, exc, started=responded):
                    raise
        finally:
            elapsed = time.perf_counter() - started
            # A proxy names the route it matched itself; otherwise the app's own route template.
            route = scope.get(ROUTE_LABEL) or getattr(scope.get("route"), "path", None) or "unmatched"
            if scope["path"] not in UNPROBED_PATHS:
                REQUESTS.labels(self.service, scope["method"], route, str(status)).inc()
                LATENCY.labels(self.service, scope["method"], route).observe(elapsed)
                state = scope.get("state") or {}
                principal = state.get("principal")
                log.info(
                    "request",
                    extra={
                        "method": scope["method"],
                        "path": scope["path"],
                        "route": route,
                        "status": status,
                        "duration_ms": round(elapsed * 1000, 2),
                        "user_id": getattr(principal, "user_id", None),
                        "organization_id": getattr(principal, "organization_id", None),
                    },
                )
            request_id_var.reset(token)
            device_name_var.reset(device_token)

    @staticmethod
    async def _answer_error(scope: Scope, receive: Receive, send: Send, exc: Exception, *, started: bool) -> bool:
        """Answer an error nothing else handled with the app's own problem details, here rather than
        in Starlette's outermost error middleware: that one raises again after answering, and the
        server then closes the connection — which a proxy's pooled connection (the gateway's to a
        service) would only learn on its next request, answering that one 503."""
        handler = getattr(scope.get("app"), "exception_handlers", {}).get(Exception)
        if started or handler is None:
            return False
        response = await handler(Request(scope), exc)
        await response(scope, receive, send)
        return True


def operation_id(route: APIRoute) -> str:
    return route.name


def create_service_app(
    *,
    kit: ServiceKit,
    title: str,
    description: str,
    routers: Iterable[APIRouter],
    on_startup: Callable[[FastAPI], None] | None = None,
    visibility: PathVisibility | None = None,
) -> FastAPI:
    """A service's app around its kit: the routers, the audit listing, health, readiness, metrics.
    ``visibility`` tells, for a role a route refuses, 404 (an id it cannot see) from 403."""
    settings = kit.settings
    settings.check_production()
    setup_logging(settings.service_name, settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Sync routes run in this pool, one database connection each: size them together.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        if on_startup:
            on_startup(app)
        yield
        kit.close()

    app = FastAPI(
        title=title,
        description=description,
        version="0.1.0",
        lifespan=lifespan,
        redirect_slashes=False,
        docs_url="/docs",
        openapi_url="/openapi.json",
        # A route's operationId is its function's name (list_groups, record_bulk): stable and readable
        # in generated clients; the combined document checks that no two services share one.
        generate_unique_id_function=operation_id,
    )
    app.state.settings = settings
    app.state.kit = kit
    install_problem_handlers(app, unavailable=lambda exc: database_unavailable(exc) or service_unavailable(exc))
    for router in routers:
        app.include_router(router)
    if visibility is not None:
        visibility.require_every_parameter(app)
        app.state.visibility = visibility
    app.include_router(audit_router(kit.database, kit.audit_log_model))
    readiness = kit.readiness()

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict:
        return {"status": "ok", "service": settings.service_name}

    @app.get("/readyz", include_in_schema=False)
    def readyz() -> JSONResponse:
        checks = {}
        for name, check in readiness.items():
            try:
                check()
                checks[name] = "ok"
            except Exception as exc:  # readiness reports, it does not raise
                checks[name] = f"unavailable: {type(exc).__name__}"
        ok = all(v == "ok" for v in checks.values())
        return JSONResponse(
            {"status": "ok" if ok else "unavailable", "service": settings.service_name, "checks": checks},
            status_code=200 if ok else 503,
        )

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    app.add_middleware(RequestContextMiddleware, service=settings.service_name)
    return app
