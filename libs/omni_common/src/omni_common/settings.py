"""Settings shared by every service, read from the environment.

Each service subclasses :class:`CommonSettings` with its own ``<NAME>_`` prefix; the shared fields
keep their ``OMNI_`` names whatever the prefix. Every field has a default that is safe on a
developer's machine, and :meth:`CommonSettings.check_production` refuses the unsafe ones when
``OMNI_ENV=production``. ``docs/configuration.md`` documents every field (a test keeps it true).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import ssl
from enum import StrEnum
from pathlib import Path
from typing import ClassVar

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import URL, make_url

SERVICES = ("identity", "presence", "sync", "reporting")
# Each service's database users: ``migrate`` owns the schema, ``app`` is what the service runs as,
# ``purge`` may also change and remove append-only rows (erasure, retention, a closed organization).
DB_ROLES = ("app", "migrate", "purge")
DEV_SECRET = "omnipresence-development-secret-do-not-use-in-production"


def omni(name: str):
    """An alias that keeps the OMNI_ name whatever the service's prefix is."""
    return AliasChoices(f"OMNI_{name}")


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class MysqlTls(StrEnum):
    off = "off"
    required = "required"  # encrypted; the server's certificate is not checked
    verify = "verify"  # encrypted, the certificate checked against the CA and the host name


@functools.cache
def tls_context(mode: MysqlTls, ca: str | None) -> ssl.SSLContext:
    """One context per process, shared by every connection (building one costs ~20 ms of CPU)."""
    context = ssl.create_default_context(cafile=ca)
    if mode is MysqlTls.required:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


class CommonSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    # The service's name: its schema is ``<db_prefix>_<service_name>``.
    service_name: ClassVar[str] = "common"

    env: Environment = Field(Environment.development, validation_alias=omni("ENV"))
    # A MySQL server URL (``mysql+pymysql://admin:pw@host:3306``). Unset means the embedded default:
    # one SQLite file per service schema under data_dir. Credentials in it are used only to
    # provision schemas and users; each service connects as its own user.
    mysql_url: str | None = Field(None, validation_alias=omni("MYSQL_URL"))
    # Redis URL (broker, session cache, rate limits). `make run` starts an embedded Redis when unset.
    redis_url: str = Field("redis://127.0.0.1:6390/0", validation_alias=omni("REDIS_URL"))
    data_dir: Path = Field(Path("var"), validation_alias=omni("DATA_DIR"))
    # Prefix of every schema and database user: omni_identity, omni_identity_app, ...
    db_prefix: str = Field("omni", validation_alias=omni("DB_PREFIX"), pattern=r"^[a-z][a-z0-9_]{0,15}$")
    # Seed from which development database passwords are derived; must be set in production.
    secret_key: str = Field(DEV_SECRET, validation_alias=omni("SECRET_KEY"))
    # Shared secret that authenticates service-to-service calls on /internal routes.
    service_token: str = Field("", validation_alias=omni("SERVICE_TOKEN"))
    identity_url: str = Field("http://127.0.0.1:8101", validation_alias=omni("IDENTITY_URL"))
    presence_url: str = Field("http://127.0.0.1:8102", validation_alias=omni("PRESENCE_URL"))
    sync_url: str = Field("http://127.0.0.1:8103", validation_alias=omni("SYNC_URL"))
    reporting_url: str = Field("http://127.0.0.1:8104", validation_alias=omni("REPORTING_URL"))
    # Where people open the web app: links in mails and check-in QR codes start with it.
    public_url: str = Field("http://127.0.0.1:8000", validation_alias=omni("PUBLIC_URL"))
    jwt_issuer: str = Field("urn:omnipresence:identity", validation_alias=omni("JWT_ISSUER"))
    jwt_audience: str = Field("urn:omnipresence:api", validation_alias=omni("JWT_AUDIENCE"))
    log_level: str = Field("INFO", validation_alias=omni("LOG_LEVEL"))
    # Seconds a cached login-session state is trusted before identity's database is asked again.
    session_cache_seconds: int = Field(30, ge=1, le=300, validation_alias=omni("SESSION_CACHE_SECONDS"))
    # Size of the thread pool that runs the synchronous routes (one database connection each). Few:
    # the interpreter runs one thread at a time, and each more thread waiting for it lengthens the
    # wait of the one holding a database lock (the organization's feed counter). Measured in turns
    # on 2 cores: 40 threads 74 to 103 records/s through the gateway, 8 threads 102 to 116.
    threads: int = Field(8, ge=1, le=400, validation_alias=omni("THREADS"))
    # Database connections an API process keeps open; unset: one per thread (OMNI_THREADS), so
    # under load no request opens a connection of its own. Overflow connections absorb a burst
    # beyond that and are closed once returned.
    db_pool_size: int | None = Field(None, ge=1, le=400, validation_alias=omni("DB_POOL_SIZE"))
    db_pool_overflow: int = Field(10, ge=0, le=400, validation_alias=omni("DB_POOL_OVERFLOW"))
    # TLS to MySQL: off (a private network), required (encrypted, certificate not checked) or
    # verify (checked against OMNI_MYSQL_TLS_CA, or the system's CAs, and the host name).
    mysql_tls: MysqlTls = Field(MysqlTls.off, validation_alias=omni("MYSQL_TLS"))
    mysql_tls_ca: Path | None = Field(None, validation_alias=omni("MYSQL_TLS_CA"))
    # How often each worker sweeps the outbox, and after how long a published task that never
    # finished is published again (the broker lost it, or a worker died holding it).
    outbox_sweep_seconds: float = Field(10.0, gt=0, le=300, validation_alias=omni("OUTBOX_SWEEP_SECONDS"))
    outbox_redeliver_seconds: float = Field(60.0, ge=1, validation_alias=omni("OUTBOX_REDELIVER_SECONDS"))
    # Where a Celery worker serves its Prometheus metrics (0: not served).
    worker_metrics_port: int = Field(0, ge=0, le=65535, validation_alias=omni("WORKER_METRICS_PORT"))
    worker_metrics_host: str = Field("127.0.0.1", validation_alias=omni("WORKER_METRICS_HOST"))
    # Rows a purge (retention, a closed organization's) removes in one transaction: each batch is
    # short, so no table is locked for long while a large purge runs.
    purge_batch_size: int = Field(500, ge=1, le=10_000, validation_alias=omni("PURGE_BATCH_SIZE"))

    @model_validator(mode="after")
    def _defaults(self):
        if not self.service_token and self.env is not Environment.production:
            self.service_token = self.derive("service-token")
        return self

    # --- derived values -------------------------------------------------------------------------

    def derive(self, purpose: str) -> str:
        """A stable secret for one purpose, derived from secret_key (its own key for each purpose:
        development passwords, the kiosk tokens' and check-in codes' signatures)."""
        return hmac.new(self.secret_key.encode(), purpose.encode(), hashlib.sha256).hexdigest()[:32]

    @property
    def is_production(self) -> bool:
        return self.env is Environment.production

    @property
    def uses_mysql(self) -> bool:
        return bool(self.mysql_url)

    @property
    def pool_size(self) -> int:
        return self.db_pool_size or self.threads

    def mysql_tls_context(self) -> ssl.SSLContext | None:
        """The TLS context of every MySQL connection, or None for plain connections."""
        if self.mysql_tls is MysqlTls.off:
            return None
        return tls_context(self.mysql_tls, str(self.mysql_tls_ca) if self.mysql_tls_ca else None)

    def schema_name(self, service: str | None = None) -> str:
        return f"{self.db_prefix}_{service or self.service_name}"

    def db_user(self, role: str, service: str | None = None) -> str:
        """Database user of a service: ``<prefix>_<service>_app``, ``_migrate`` or ``_purge``."""
        return f"{self.schema_name(service)}_{role}"

    def db_user_password(self, role: str, service: str | None = None) -> str:
        """``<SERVICE>_DB_PASSWORD`` (app), ``<SERVICE>_DB_MIGRATE_PASSWORD`` or
        ``<SERVICE>_DB_PURGE_PASSWORD`` from the environment; outside production, derived from
        secret_key when unset."""
        service = service or self.service_name
        name = f"{service.upper()}_DB_{'' if role == 'app' else role.upper() + '_'}PASSWORD"
        value = os.environ.get(name)
        if value:
            return value
        if self.is_production:
            raise RuntimeError(f"{name} must be set in production")
        return self.derive(f"db:{self.db_user(role, service)}")

    def database_url(self, role: str = "app", service: str | None = None) -> URL:
        """The URL a service's ``app``, ``migrate`` or ``purge`` user connects with."""
        service = service or self.service_name
        if not self.mysql_url:
            path = (self.data_dir / f"{self.schema_name(service)}.db").resolve()
            return make_url(f"sqlite+pysqlite:///{path}")
        server = make_url(self.mysql_url)
        return server.set(
            drivername="mysql+pymysql",
            username=self.db_user(role, service),
            password=self.db_user_password(role, service),
            database=self.schema_name(service),
            query={"charset": "utf8mb4"},
        )

    def admin_database_url(self) -> URL:
        """The server URL with the administrator's credentials, for provisioning only."""
        if not self.mysql_url:
            raise RuntimeError("provisioning needs OMNI_MYSQL_URL")
        return make_url(self.mysql_url).set(drivername="mysql+pymysql", query={"charset": "utf8mb4"})

    def service_url(self, service: str) -> str:
        return getattr(self, f"{service}_url").rstrip("/")

    # --- production safety ----------------------------------------------------------------------

    def production_problems(self) -> list[str]:
        """What is unsafe about this configuration in production (empty when it is fine)."""
        problems = []
        if self.secret_key == DEV_SECRET or len(self.secret_key) < 32:
            problems.append("OMNI_SECRET_KEY must be set to a random value of at least 32 characters")
        if len(self.service_token) < 32:
            problems.append("OMNI_SERVICE_TOKEN must be set to a random value of at least 32 characters")
        if not self.mysql_url:
            problems.append("OMNI_MYSQL_URL must point at the MySQL server (SQLite is for one machine)")
        if self.mysql_url and self.service_name in SERVICES:
            for role in DB_ROLES:
                try:
                    self.db_user_password(role)
                except RuntimeError as exc:
                    problems.append(str(exc))
        return problems

    def check_production(self) -> None:
        if self.is_production:
            problems = self.production_problems()
            if problems:
                raise RuntimeError("unsafe configuration for production: " + "; ".join(problems))
