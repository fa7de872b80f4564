import json
from pathlib import Path
from typing import Annotated, ClassVar

from pydantic import Field, field_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from omni_common.net import parse_networks
from omni_common.settings import CommonSettings


class Settings(CommonSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore", populate_by_name=True)
    service_name: ClassVar[str] = "gateway"

    # The built SPA (`npm run build` in frontend/); everything outside /api is served from here.
    spa_dir: Path = Path("frontend/dist")
    # Where the gateway serves its Prometheus metrics: a port of its own (0, the default, serves
    # none), never the public one (SPEC §8); only the monitoring network should reach it.
    metrics_port: int = Field(0, ge=0, le=65535)
    metrics_host: str = "127.0.0.1"
    # Largest request body accepted, in bytes (imports and sync batches are the big ones).
    max_body_bytes: int = Field(16 * 1024 * 1024, ge=1024)
    # Seconds to wait for a service's answer before answering 504.
    upstream_timeout_seconds: float = Field(30.0, gt=0)
    # Seconds to wait for a connection to a service before answering 503.
    upstream_connect_timeout_seconds: float = Field(2.0, gt=0)
    # Connections to the services at most (all services together), kept alive between requests.
    upstream_connections: int = Field(200, ge=1, le=10_000)
    # Seconds an idle connection to a service is kept for reuse (below the services' 75 s).
    upstream_keepalive_seconds: float = Field(30.0, gt=0, lt=75)
    # Live streams (SSE) may stay silent this long between heartbeats before the gateway gives up.
    stream_idle_timeout_seconds: float = Field(120.0, gt=0)
    # A live-updates stream (GET /api/events) sends a heartbeat comment this often and checks then
    # that the caller's login session is still active.
    events_heartbeat_seconds: float = Field(15.0, gt=0, le=300)
    # How long a browser waits before it reconnects a dropped stream (the SSE retry field).
    events_retry_ms: int = Field(3000, ge=100)
    # Events waiting for one slow client before it is told to read what it missed from the feed.
    events_queue_size: int = Field(1000, ge=10)
    # Origins allowed to call the API from another site; empty means CORS is closed.
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # How long the combined OpenAPI document is cached.
    openapi_cache_seconds: float = Field(60.0, ge=0)
    # Proxies in front of the gateway (an ingress, a load balancer) whose X-Forwarded-For names the
    # client: addresses or CIDR networks, comma-separated. Empty: the peer is the client.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Fair use (SPEC §3.1): requests per minute per user, per organization, and per client address
    # for requests without a valid token. 0 switches a limit off.
    user_requests_per_minute: int = Field(600, ge=0)
    organization_requests_per_minute: int = Field(6000, ge=0)
    address_requests_per_minute: int = Field(600, ge=0)
    # Sign-ins and token refreshes without a valid token have a budget of their own per client
    # address, apart from the address's other requests, so a noisy client cannot block them: a
    # generous cap that a school behind one NAT, all signing in at nine, stays far below. Identity
    # limits them finely: failed sign-ins per account and address, refreshes per login session.
    address_sign_in_requests_per_minute: int = Field(3000, ge=0)
    # Requests per minute per kiosk (a device at a door, whatever its address).
    kiosk_requests_per_minute: int = Field(600, ge=0)

    @field_validator("cors_origins", "trusted_proxies", mode="before")
    @classmethod
    def _split(cls, value):
        if isinstance(value, str):
            if value.strip().startswith("["):
                return json.loads(value)
            return [v.strip() for v in value.split(",") if v.strip()]
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        parse_networks(value)  # a bad entry is refused at start-up, named
        return value
