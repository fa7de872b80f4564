"""Forwarding a request to its service and relaying the answer back: whole when small (up to
WHOLE_BODY_BYTES, nearly every answer), streamed as it comes when larger (reports, exports).

One aiohttp session per process carries every ordinary proxied request over pooled HTTP/1.1
keep-alive connections: its pool hands out an idle connection without looking at every other one,
where httpx's polls each pooled connection and recounts the pool on every request (a fifth of the
gateway's CPU under load). The gateway's own calls to the services (readiness, the combined OpenAPI
and audit log, live streams' checks) keep an httpx.AsyncClient; live streams get one of their own
whose read timeout is the stream's idle allowance. A service that cannot be reached answers 503, one
that is too slow 504 — both as problem details — and every other route keeps working.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import quote

import aiohttp
import httpx
from fastapi import Request
from fastapi.responses import Response, StreamingResponse
from prometheus_client import Counter, Histogram
from starlette.background import BackgroundTask
from starlette.requests import ClientDisconnect
from yarl import URL

from gateway.config import Settings
from gateway.routes import Route
from omni_common.context import REQUEST_ID_HEADER, current_request_id
from omni_common.errors import Problem, ServiceUnavailable, problem_response
from omni_common.internal import SERVICE_TOKEN_HEADER, NoCookies
from omni_common.net import client_address as resolve_client_address

log = logging.getLogger(__name__)

UPSTREAM_LATENCY = Histogram(
    "omni_gateway_upstream_seconds",
    "Time to the service's response headers",
    ["service"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
UPSTREAM_ERRORS = Counter("omni_gateway_upstream_errors_total", "Services unreachable or too slow", ["service", "kind"])

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "trailers",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
}
# Never accepted from a client: only services speak as services.
STRIPPED_REQUEST = HOP_BY_HOP | {
    SERVICE_TOKEN_HEADER.lower(),
    "x-forwarded-for",
    "x-forwarded-proto",
    "x-forwarded-host",
    REQUEST_ID_HEADER.lower(),
}
# Characters a path segment keeps as they are (RFC 3986 pchar, less "%": a literal one is encoded).
PATH_SAFE = "-._~!$&'()*+,;=:@"
# The gateway sets its own request id header on every answer.
STRIPPED_RESPONSE = (HOP_BY_HOP - {"content-length"}) | {REQUEST_ID_HEADER.lower()}


class PayloadTooLarge(Problem):
    status = 413
    slug = "payload-too-large"


# Answers up to this size are relayed whole; larger ones (reports, exports) stream as they come.
WHOLE_BODY_BYTES = 256 * 1024


class GatewayTimeout(Problem):
    status = 504
    slug = "gateway-timeout"


class Upstreams:
    def __init__(self, settings: Settings):
        self.settings = settings
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=50, keepalive_expiry=30)
        self.client = httpx.AsyncClient(
            timeout=httpx.Timeout(settings.upstream_timeout_seconds, connect=settings.upstream_connect_timeout_seconds),
            limits=limits,
            cookies=NoCookies(),
        )
        self.stream_client = httpx.AsyncClient(
            timeout=httpx.Timeout(
                connect=settings.upstream_connect_timeout_seconds,
                read=settings.stream_idle_timeout_seconds,
                write=settings.upstream_timeout_seconds,
                pool=settings.upstream_connect_timeout_seconds,
            ),
            limits=limits,
            cookies=NoCookies(),
        )
        self._session: aiohttp.ClientSession | None = None

    @property
    def session(self) -> aiohttp.ClientSession:
        """The proxied requests' session, made on first use inside the running event loop."""
        if self._session is None:
            s = self.settings
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(
                    limit=s.upstream_connections,
                    # Shorter than the services keep an idle connection (75 s), so a connection is
                    # never reused just as the service closes it.
                    keepalive_timeout=s.upstream_keepalive_seconds,
                    ttl_dns_cache=60,
                ),
                timeout=aiohttp.ClientTimeout(
                    total=None,
                    # Waiting for a free connection and opening it, then for each read.
                    connect=s.upstream_timeout_seconds,
                    sock_connect=s.upstream_connect_timeout_seconds,
                    sock_read=s.upstream_timeout_seconds,
                ),
                cookie_jar=aiohttp.DummyCookieJar(),
                # Bytes pass through as the service sent them, with only the headers the client sent.
                auto_decompress=False,
                skip_auto_headers=("Content-Type",),
                raise_for_status=False,
            )
        return self._session

    def base_url(self, service: str) -> str:
        return self.settings.service_url(service)

    async def aclose(self) -> None:
        await self.client.aclose()
        await self.stream_client.aclose()
        if self._session is not None:
            await self._session.close()


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, refused with 413 past ``limit`` bytes (declared or actually sent)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


def client_address(request: Request) -> str:
    """The client: the peer, or the address a trusted proxy in front of the gateway names."""
    cached = request.scope.get("omni.client_address")
    if cached is None:
        peer = request.client.host if request.client else ""
        networks = request.app.state.trusted_proxies
        cached = resolve_client_address(peer, request.headers.get("x-forwarded-for"), networks) or ""
        request.scope["omni.client_address"] = cached
    return cached


def upstream_path(path: str) -> str:
    """The decoded path the route table matched, encoded again for the service: an id holding a
    control character, ``?``, ``#``, ``%`` or a space reaches the service as that id (which then
    names nothing: 404), never as a broken URL, a query string or another route. A segment that is
    only dots is encoded too, or the URL would climb out of the route."""
    return "/".join(path_segment(segment, safe=PATH_SAFE) for segment in path.split("/"))


def path_segment(value: str, safe: str = "") -> str:
    """One segment of a URL path, encoded: whatever ``value`` holds (a slash, "?", dots) it stays
    that one segment."""
    segment = quote(value, safe=safe)
    return segment.replace(".", "%2E") if segment in (".", "..") else segment


def forwarded_headers(request: Request) -> list[tuple[str, str]]:
    headers = [(k, v) for k, v in request.headers.items() if k.lower() not in STRIPPED_REQUEST]
    # Only the gateway's own view of the client is passed on: a client cannot pretend to be
    # elsewhere (what it wrote into X-Forwarded-For counts only behind a trusted proxy).
    headers += [
        ("x-forwarded-for", client_address(request)),
        ("x-forwarded-proto", request.url.scheme),
        ("x-forwarded-host", request.headers.get("host", "")),
        (REQUEST_ID_HEADER.lower(), current_request_id() or ""),
    ]
    return headers


async def forward(request: Request, route: Route, path: str, upstreams: Upstreams) -> Response:
    try:
        body = await read_body(request, upstreams.settings.max_body_bytes)
    except ClientDisconnect:
        # The caller left before sending its whole request: there is nobody to answer.
        return Response(status_code=400)
    if route.stream:
        return await _forward_stream(request, route, path, upstreams, body)
    query = request.url.query
    # Already encoded (upstream_path, and the query as the client sent it): sent exactly so.
    url = URL(upstreams.base_url(route.service) + upstream_path(path) + (f"?{query}" if query else ""), encoded=True)
    started = time.perf_counter()
    try:
        upstream = await upstreams.session.request(
            request.method, url, headers=forwarded_headers(request), data=body or None, allow_redirects=False
        )
    except TimeoutError:
        return _timed_out(request, route)
    except aiohttp.ClientError:
        return _unreachable(request, route)
    UPSTREAM_LATENCY.labels(route.service).observe(time.perf_counter() - started)
    headers = [(k.lower(), v) for k, v in upstream.raw_headers if k.decode("latin-1").lower() not in STRIPPED_RESPONSE]
    if upstream.content_length is not None and upstream.content_length <= WHOLE_BODY_BYTES:
        # A small answer (nearly all of them) is read whole and sent as one: streaming it would cost
        # a task and a disconnect watcher per request, a fifth of the gateway's CPU under load.
        try:
            content = await upstream.read()
        except (TimeoutError, aiohttp.ClientError):
            return _unreachable(request, route)
        finally:
            upstream.release()
        response = Response(content, status_code=upstream.status)
    else:
        response = StreamingResponse(_relay(upstream), status_code=upstream.status)
    response.raw_headers = headers
    return response


async def _relay(upstream: aiohttp.ClientResponse):
    """The service's body as it arrives; its connection goes back to the pool once read (or is
    closed, if the client left half-way)."""
    try:
        async for chunk in upstream.content.iter_any():
            yield chunk
    finally:
        upstream.release()


async def _forward_stream(request: Request, route: Route, path: str, upstreams: Upstreams, body: bytes) -> Response:
    client = upstreams.stream_client
    url = upstreams.base_url(route.service) + upstream_path(path)
    upstream_request = client.build_request(
        request.method, url, params=request.url.query.encode() or None, headers=forwarded_headers(request), content=body
    )
    started = time.perf_counter()
    try:
        upstream = await client.send(upstream_request, stream=True)
    except httpx.TimeoutException:
        return _timed_out(request, route)
    except httpx.TransportError:
        return _unreachable(request, route)
    UPSTREAM_LATENCY.labels(route.service).observe(time.perf_counter() - started)
    headers = [(k, v) for k, v in upstream.headers.multi_items() if k.lower() not in STRIPPED_RESPONSE]
    response = StreamingResponse(
        upstream.aiter_raw(), status_code=upstream.status_code, background=BackgroundTask(upstream.aclose)
    )
    response.raw_headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers]
    return response


def _timed_out(request: Request, route: Route) -> Response:
    UPSTREAM_ERRORS.labels(route.service, "timeout").inc()
    return problem_response(GatewayTimeout(f"The {route.service} service did not answer in time."), request)


def _unreachable(request: Request, route: Route) -> Response:
    UPSTREAM_ERRORS.labels(route.service, "unreachable").inc()
    log.warning("service unreachable", extra={"service": route.service})
    return problem_response(
        ServiceUnavailable(
            f"The {route.service} service is unavailable; please try again shortly.", headers={"Retry-After": "5"}
        ),
        request,
    )
