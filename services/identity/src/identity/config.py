from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from omni_common.settings import CommonSettings


class Settings(CommonSettings):
    model_config = SettingsConfigDict(env_prefix="IDENTITY_", extra="ignore", populate_by_name=True)
    service_name: ClassVar[str] = "identity"

    # Anyone may create an organization with POST /api/organizations; switch off for a private install.
    signup_enabled: bool = True
    # Lifetime of an access token; every service checks the login session on each request anyway.
    access_token_ttl_seconds: int = Field(300, ge=30, le=3600)
    # Lifetime of a refresh token (each refresh rotates it); inactivity ends a session sooner.
    refresh_token_ttl_seconds: int = Field(14 * 24 * 3600, ge=300)
    # Cookie the SPA's refresh token lives in (HttpOnly, SameSite=Strict, Path=/api/auth).
    refresh_cookie_name: str = "omni_refresh"
    # Send the cookie over HTTPS only. "auto": Secure unless the request came to localhost over HTTP.
    refresh_cookie_secure: str = Field("auto", pattern="^(auto|always|never)$")
    # Peers whose X-Forwarded-For is believed (the gateway); anyone else's address is its own.
    trusted_proxies: list[str] = Field(default_factory=lambda: ["127.0.0.1", "::1"])
    # How long a retired signing key stays in the JWKS (tokens it signed must be able to expire).
    retired_key_grace_seconds: int = Field(3600, ge=60)


def get_settings() -> Settings:
    return Settings()
