"""Request-scoped access to identity's parts."""

from fastapi import Request

from identity.auth.service import AuthContext


async def get_ctx(request: Request) -> AuthContext:
    return request.app.state.auth_context


def client_address(request: Request) -> str | None:
    """The caller's address: the gateway's X-Forwarded-For entry when the gateway is the peer."""
    peer = request.client.host if request.client else None
    settings = request.app.state.settings
    forwarded = request.headers.get("x-forwarded-for")
    if forwarded and peer in settings.trusted_proxies:
        return forwarded.split(",")[-1].strip()[:64] or peer
    return peer
