"""The gateway's app: the route table, the SPA, health, the combined OpenAPI and audit log."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from prometheus_client import start_http_server
from starlette.convertors import PathConvertor, register_url_convertor

from gateway.audit import merged_audit_logs
from gateway.config import Settings
from gateway.events import LiveStreams
from gateway.openapi import CombinedOpenAPI
from gateway.participant_export import EXPORT_OPERATION, participant_export
from gateway.participant_export import PATH as EXPORT_PATH
from gateway.proxy import Upstreams, client_address, forward
from gateway.ratelimit import FairUse
from gateway.routes import GATEWAY, SERVICES, RouteTable
from gateway.security import SecurityHeadersMiddleware
from gateway.spa import SpaFiles
from omni_common.app import ROUTE_LABEL, RequestContextMiddleware
from omni_common.auth.dependencies import Authenticator
from omni_common.auth.sessions import IdentitySessionSource, LoginSessions
from omni_common.errors import NotFound, Problem, install_problem_handlers
from omni_common.internal import ServiceClient
from omni_common.kit import redis_client
from omni_common.logs import setup_logging
from omni_common.net import parse_networks

STATIC = Path(__file__).parent / "static"
API_PREFIXES = ("/api/", "/.well-known/")
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


class AnyPath(PathConvertor):
    """A path convertor that takes a new line too (``.`` alone does not): an id holding one is
    answered like any other, never as an unknown route."""

    regex = "(?s:.*)"


register_url_convertor("anypath", AnyPath())


class MethodNotAllowed(Problem):
    status = 405
    slug = "method-not-allowed"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    settings.check_production()
    setup_logging("gateway", settings.log_level)
    table = RouteTable()
    upstreams = Upstreams(settings)
    spa = SpaFiles(settings.spa_dir)
    fair_use = FairUse(settings)
    streams = LiveStreams(settings, upstreams, _authenticator(settings, fair_use))
    app = FastAPI(
        title="Omnipresence gateway",
        lifespan=_lifespan(settings, upstreams, fair_use, streams),
        redirect_slashes=False,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.settings = settings
    app.state.trusted_proxies = parse_networks(settings.trusted_proxies)
    install_problem_handlers(app)
    openapi = CombinedOpenAPI(
        upstreams.client, upstreams.base_url, table, gateway_paths, settings.openapi_cache_seconds
    )
    _add_health_routes(app, upstreams)
    _add_docs_routes(app, settings, openapi)
    _add_dispatch_route(app, table, upstreams, spa, fair_use, streams)  # last: it answers every other path
    _add_middleware(app, settings)
    app.state.upstreams = upstreams
    return app


def _lifespan(settings: Settings, upstreams: Upstreams, fair_use: FairUse, streams: LiveStreams):
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Metrics on a port of their own, as every service's worker serves them: the public port
        # answers /metrics as any other web-app path.
        server = (
            start_http_server(settings.metrics_port, addr=settings.metrics_host)[0] if settings.metrics_port else None
        )
        yield
        if server is not None:
            server.shutdown()
        await streams.aclose()
        await upstreams.aclose()
        await fair_use.aclose()

    return lifespan


def _authenticator(settings: Settings, fair_use: FairUse) -> Authenticator:
    """Token and login-session checks as every service makes them, for the streams the gateway holds."""
    identity = ServiceClient(settings.identity_url, settings.service_token)
    sessions = LoginSessions(
        redis_client(settings.redis_url), IdentitySessionSource(identity), settings.session_cache_seconds
    )
    return Authenticator(fair_use.verifier, sessions)


def gateway_paths() -> dict:
    """The routes the gateway answers itself, for the combined OpenAPI."""
    return {
        "/api/audit-logs": {"get": AUDIT_OPERATION},
        "/api/events": {"get": EVENTS_OPERATION},
        EXPORT_PATH: {"get": EXPORT_OPERATION},
    }


def _add_health_routes(app: FastAPI, upstreams: Upstreams) -> None:
    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict:
        return {"status": "ok", "service": "gateway"}

    @app.get("/readyz", include_in_schema=False)
    async def readyz() -> JSONResponse:
        checks = await asyncio.gather(*(_service_readiness(upstreams, s) for s in SERVICES))
        results = dict(zip(SERVICES, checks, strict=True))
        ok = all(r["status"] == "ok" for r in results.values())
        return JSONResponse(
            {"status": "ok" if ok else "unavailable", "services": results}, status_code=200 if ok else 503
        )


async def _service_readiness(upstreams: Upstreams, service: str) -> dict:
    try:
        answer = await upstreams.client.get(upstreams.base_url(service) + "/readyz", timeout=3.0)
        body = answer.json()
        return {
            "status": "ok" if answer.status_code == 200 else "unavailable",
            "checks": body.get("checks", {}),
        }
    except (httpx.HTTPError, ValueError) as exc:
        return {"status": "unavailable", "error": type(exc).__name__}


def _add_docs_routes(app: FastAPI, settings: Settings, openapi: CombinedOpenAPI) -> None:
    @app.get("/api/openapi.json", include_in_schema=False)
    async def openapi_json() -> Response:
        return Response(await openapi.document(), media_type="application/json")

    @app.get("/api/docs", include_in_schema=False)
    async def docs() -> Response:
        return FileResponse(STATIC / "docs.html", headers={"Cache-Control": "no-cache"})

    @app.get("/api/docs/assets/{name}", include_in_schema=False)
    async def docs_assets(name: str) -> Response:
        # Our own init script ships with the gateway; Swagger UI itself comes with the SPA's build.
        for folder in (STATIC, settings.spa_dir / "api-docs"):
            candidate = folder / name
            if "/" not in name and candidate.is_file():
                return FileResponse(candidate, headers={"Cache-Control": "public, max-age=3600"})
        raise NotFound()


def _add_dispatch_route(
    app: FastAPI, table: RouteTable, upstreams: Upstreams, spa: SpaFiles, fair_use: FairUse, streams: LiveStreams
) -> None:
    """Every other path: an API route by the table (to its service, or the gateway's own audit
    log and participant export), anything else the web app."""

    @app.api_route("/{path:anypath}", methods=METHODS, include_in_schema=False)
    async def dispatch(request: Request, path: str) -> Response:
        path = "/" + path
        if not (path.startswith(API_PREFIXES) or path == "/api"):
            if request.method not in ("GET", "HEAD"):
                raise MethodNotAllowed(headers={"Allow": "GET, HEAD"})
            return spa.response(path)
        route, allowed = table.match(request.method, path)
        if route is not None:
            request.scope[ROUTE_LABEL] = route.path
        if route is None:
            if allowed:
                raise MethodNotAllowed(headers={"Allow": ", ".join(sorted(set(allowed)))})
            raise NotFound("No such API route.")
        await fair_use.check(request, client_address(request), route)
        if route.service == GATEWAY:
            if route.stream:
                return await streams.open(request)
            if route.path == EXPORT_PATH:
                return await participant_export(request, path, upstreams)
            return await merged_audit_logs(request, upstreams)
        return await forward(request, route, path, upstreams)


def _add_middleware(app: FastAPI, settings: Settings) -> None:
    # Outermost first: request ids and slash normalisation wrap everything, headers on every answer.
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=True,
            allow_methods=METHODS,
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "X-Request-ID", "X-Omni-Background"],
        )
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(RequestContextMiddleware, service="gateway")


AUDIT_OPERATION = {
    "operationId": "list_audit_logs",
    "summary": "The audit log of every service, newest first",
    "description": "Merged from identity, presence, sync and reporting. `from` and `to` are dates in the "
    "organization's timezone (or ISO 8601 times). `participant_id`, `session_id` and `group_id` find the "
    "entries about that participant, session or group: the entity itself, or a change naming it (a presence "
    "record's participant and session, a session's group).",
    "parameters": [
        {"name": n, "in": "query", "required": False, "schema": {"type": t}}
        for n, t in [
            ("entity", "string"),
            ("entity_id", "string"),
            ("actor", "string"),
            ("participant_id", "string"),
            ("session_id", "string"),
            ("group_id", "string"),
            ("action", "string"),
            ("from", "string"),
            ("to", "string"),
            ("cursor", "string"),
            ("limit", "integer"),
        ]
    ],
    "responses": {"200": {"description": "A page of audit entries: `{items, next_cursor}`."}},
}


EVENTS_OPERATION = {
    "operationId": "live_events",
    "summary": "Live updates (server-sent events)",
    "description": "With `session_id`: `event: presence` with each changed record of the session and "
    "`event: counts` with its counts, each `id:` its change-feed position (send `Last-Event-ID` to resume "
    "without a gap; `event: reset` means read the roster again); staff, for a session they may see. "
    "Without it: the caller's own `event: notification`s. A comment heartbeat every 15 s; the stream "
    "is not activity, and ends (`event: end`) when the login session does.",
    "parameters": [{"name": "session_id", "in": "query", "required": False, "schema": {"type": "string"}}],
    "responses": {"200": {"description": "A text/event-stream.", "content": {"text/event-stream": {}}}},
}
