"""Request-scoped access to identity's parts."""

from functools import lru_cache

from fastapi import Request

from identity.auth.service import AuthContext
from omni_common.net import client_address as resolve_client_address
from omni_common.net import parse_networks


async def get_ctx(request: Request) -> AuthContext:
    return request.app.state.auth_context


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return parse_networks(proxies)


def client_address(request: Request) -> str | None:
    """The caller's address: from X-Forwarded-For only when the peer is a trusted proxy (the gateway)."""
    peer = request.client.host if request.client else None
    trusted = _networks(tuple(request.app.state.settings.trusted_proxies))
    address = resolve_client_address(peer, request.headers.get("x-forwarded-for"), trusted)
    return address[:64] if address else None
