"""Service-to-service calls: /internal routes, authenticated by the shared service token.

The gateway never routes /internal paths and drops the token header from what clients send."""

from __future__ import annotations

import hmac
from http.cookiejar import CookieJar

import httpx
from fastapi import Request

from omni_common.context import REQUEST_ID_HEADER, current_request_id
from omni_common.errors import Forbidden

SERVICE_TOKEN_HEADER = "X-Omni-Service-Token"


def require_service(request: Request) -> None:
    expected = request.app.state.settings.service_token
    given = request.headers.get(SERVICE_TOKEN_HEADER, "")
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise Forbidden("This route is for Omnipresence services only.")


class NoCookies(CookieJar):
    """A cookie jar that keeps nothing: a client shared by many requests must never carry one
    caller's cookie into another's request."""

    def set_cookie(self, cookie) -> None:
        pass

    def extract_cookies(self, response, request) -> None:
        pass


class ServiceClient:
    """A pooled HTTP client to another service, carrying the service token and the request id."""

    def __init__(self, base_url: str, service_token: str, timeout: float = 5.0):
        self._client = httpx.Client(
            base_url=base_url,
            timeout=httpx.Timeout(timeout, connect=2.0),
            headers={SERVICE_TOKEN_HEADER: service_token},
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
            cookies=NoCookies(),
        )

    def request(self, method: str, path: str, **kwargs) -> httpx.Response:
        headers = kwargs.pop("headers", {})
        request_id = current_request_id()
        if request_id:
            headers[REQUEST_ID_HEADER] = request_id
        return self._client.request(method, path, headers=headers, **kwargs)

    def stream(self, method: str, path: str, *, timeout: float | None = None, **kwargs):
        """A streamed answer, as a context manager (long NDJSON exports; ``timeout`` is per read)."""
        headers = kwargs.pop("headers", {})
        request_id = current_request_id()
        if request_id:
            headers[REQUEST_ID_HEADER] = request_id
        if timeout is not None:
            kwargs["timeout"] = httpx.Timeout(timeout, connect=2.0)
        return self._client.stream(method, path, headers=headers, **kwargs)

    def close(self) -> None:
        self._client.close()


def service_unavailable(exc: BaseException) -> bool:
    """Another service could not be reached, timed out or failed (5xx) for this request: the
    same request may well succeed in a moment, which is a 503, not a 500."""
    if isinstance(exc, httpx.TransportError):
        return True
    return isinstance(exc, httpx.HTTPStatusError) and exc.response.status_code >= 500
