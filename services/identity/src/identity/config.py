from typing import ClassVar

from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from omni_common.settings import CommonSettings, omni


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
    # Peers whose X-Forwarded-For is believed (the gateway): addresses or CIDR networks; anyone
    # else's address is its own.
    trusted_proxies: list[str] = Field(default_factory=lambda: ["127.0.0.1", "::1"])
    # How long a retired signing key stays in the JWKS (tokens it signed must be able to expire).
    retired_key_grace_seconds: int = Field(3600, ge=60)

    # Days a new organization keeps report files (its administrators change it, null keeping them
    # for ever): REPORTING_RETENTION_DAYS, read here since organizations own their retention.
    report_retention_days: int = Field(30, ge=1, le=36_500, validation_alias=AliasChoices("REPORTING_RETENTION_DAYS"))
    # Days after an organization is closed until every service purges its data.
    closed_org_purge_days: int = Field(30, ge=0, le=3650, validation_alias=omni("CLOSED_ORG_PURGE_DAYS"))

    # Failed sign-ins (SPEC §3.2): this many failures for one (email, client address) in the window
    # block that pair, and this many from one address block the address, for block_seconds.
    login_failures_per_account: int = Field(10, ge=1)
    login_failures_per_address: int = Field(100, ge=1)
    login_failure_window_seconds: int = Field(900, ge=1)
    login_block_seconds: int = Field(900, ge=1)
    # Token refreshes one login session may make in a minute (a client looping on refresh is
    # refused with 429, alone: everyone else's refreshes go on). 0 switches the limit off.
    refreshes_per_session_per_minute: int = Field(30, ge=0)
    # How long an invitation link, a password-reset link and an invitation code stay usable.
    invitation_ttl_hours: int = Field(72, ge=1)
    password_reset_ttl_minutes: int = Field(60, ge=5)
    invitation_code_ttl_hours: int = Field(168, ge=1)
    # How long the link that confirms a user's new email address works.
    email_change_ttl_hours: int = Field(24, ge=1)
    # Identity's worker sends mail through this SMTP server; unset, mails are only logged (outside
    # production).
    smtp_host: str = ""
    smtp_port: int = Field(587, ge=1, le=65535)
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = True
    smtp_from: str = "Omnipresence <no-reply@localhost>"
    smtp_timeout_seconds: float = Field(10.0, gt=0)
    # A mail that could not be sent is tried again after this, doubling each time, up to
    # mail_max_attempts sends; then it is given up (logged as an error).
    mail_retry_seconds: float = Field(30.0, gt=0)
    mail_max_attempts: int = Field(8, ge=1)


def get_settings() -> Settings:
    return Settings()
