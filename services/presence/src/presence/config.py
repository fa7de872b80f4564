from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from omni_common.settings import CommonSettings


class Settings(CommonSettings):
    model_config = SettingsConfigDict(env_prefix="PRESENCE_", extra="ignore", populate_by_name=True)
    service_name: ClassVar[str] = "presence"

    # Largest participant import file, in bytes, and most rows in one.
    import_max_bytes: int = Field(5 * 1024 * 1024, ge=1024)
    import_max_rows: int = Field(10_000, ge=1)
    # Most sessions one series may create, and how far ahead (days) it may reach.
    series_max_sessions: int = Field(500, ge=1, le=5000)
    series_max_days: int = Field(731, ge=1)
    # An offline change is accepted if it was made (by the device's corrected clock) between this
    # long before a session starts and this long after it ends, even once the session is closed;
    # a check-in's or check-out's time must fall within the same window.
    sync_window_before_minutes: int = Field(60, ge=0)
    sync_window_after_minutes: int = Field(12 * 60, ge=0)
    # A self-check-in code rotates this often, and the one before stays valid this long after.
    check_in_code_seconds: int = Field(30, ge=5, le=3600)
    check_in_code_grace_seconds: int = Field(15, ge=0, le=3600)
    # Wrong self-check-in codes one user, or one organization, may type within the window before
    # further tries are refused (429) for the block's length.
    check_in_code_failures_per_user: int = Field(10, ge=1)
    check_in_code_failures_per_organization: int = Field(300, ge=1)
    check_in_code_failure_window_seconds: int = Field(600, ge=1)
    check_in_code_block_seconds: int = Field(600, ge=1)
    # How often presence's beat looks for sessions its worker should close (a group's
    # close_after_minutes after their end).
    close_sweep_seconds: float = Field(60.0, gt=0, le=3600)
    # How often presence's beat sends every service its data-lifecycle task (retention purges, and
    # closed organizations' purges once due).
    lifecycle_seconds: float = Field(3600.0, ge=10, le=7 * 86400)
    # Wrong kiosk PINs for one badge (across the organization) within the window that lock the
    # badge, and for how long; a right PIN or a new one starts the count again.
    kiosk_pin_attempts: int = Field(5, ge=1, le=100)
    kiosk_pin_lock_minutes: int = Field(15, ge=1, le=24 * 60)
    # A session's live counts (the headcount) follow its marks after at most this long: what comes
    # meanwhile, in any session, is counted together, in one read.
    live_counts_seconds: float = Field(0.25, ge=0, le=10)
    # How often presence's worker follows the change feed to act on new marks (notification rules,
    # webhooks), looks for registers not taken, sends notification emails and due webhook deliveries.
    follow_seconds: float = Field(2.0, gt=0, le=600)
    register_check_seconds: float = Field(60.0, gt=0, le=3600)
    mail_sweep_seconds: float = Field(60.0, gt=0, le=3600)
    webhook_sweep_seconds: float = Field(5.0, gt=0, le=600)
    # At most one email per kind of notification per person this often (a digest of what came).
    email_digest_seconds: int = Field(3600, ge=0)
    # Webhook deliveries: the first retry waits this long and each next one twice as long (with
    # jitter), for a day; the connection and the whole attempt time out after these.
    webhook_backoff_seconds: float = Field(30.0, gt=0)
    webhook_connect_timeout_seconds: float = Field(3.0, gt=0)
    webhook_timeout_seconds: float = Field(10.0, gt=0)
    # Development and tests only: names a webhook may be sent to on loopback, skipping the address
    # check ("receiver.test=127.0.0.1,other.test=127.0.0.1"). Refused in production.
    webhook_test_hosts: str = ""
    # A participant's erasure: each other service's part is asked again after this long if it
    # failed (the service was down), twice as long after each failure, at most the second.
    erasure_retry_seconds: float = Field(5.0, gt=0)
    erasure_retry_max_seconds: float = Field(300.0, gt=0)

    @property
    def webhook_test_host_map(self) -> dict[str, str]:
        pairs = [item.split("=", 1) for item in self.webhook_test_hosts.split(",") if "=" in item]
        return {name.strip().lower(): address.strip() for name, address in pairs}

    def production_problems(self) -> list[str]:
        problems = super().production_problems()
        if self.webhook_test_hosts:
            problems.append("PRESENCE_WEBHOOK_TEST_HOSTS is for development and tests only")
        return problems
