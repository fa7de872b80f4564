"""The parts every service process builds the same way: database, Redis, auth, audit, outbox."""

from __future__ import annotations

import functools
from typing import Annotated

import redis
from fastapi import Depends, Request
from sqlalchemy.orm import DeclarativeBase

from omni_common.audit import AuditWriter, audit_model
from omni_common.auth.dependencies import Authenticator
from omni_common.auth.sessions import IdentitySessionSource, LoginSessions, SessionStateSource
from omni_common.auth.tokens import CachedKeySet, KeySource, TokenVerifier, remote_jwks
from omni_common.db.database import Database, purge_database
from omni_common.internal import ServiceClient
from omni_common.orgcache import OrganizationSettings, from_identity
from omni_common.outbox import outbox_model
from omni_common.settings import CommonSettings


def infrastructure_models(base: type[DeclarativeBase]) -> tuple[type, type]:
    """The audit log and outbox tables, on a service's own base."""
    return audit_model(base), outbox_model(base)


def redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2, health_check_interval=30)


class ServiceKit:
    def __init__(self, settings: CommonSettings, audit_log_model: type):
        self.settings = settings
        self.database = Database(
            settings.database_url("app"),
            pool_size=settings.pool_size,
            max_overflow=settings.db_pool_overflow,
            tls=settings.mysql_tls_context(),
        )
        self.redis = redis_client(settings.redis_url)
        self.identity = ServiceClient(settings.identity_url, settings.service_token)
        self.audit = AuditWriter(audit_log_model, settings.service_name)
        self.audit_log_model = audit_log_model
        self.organizations = OrganizationSettings(self.redis, from_identity(self.identity))
        self.configure_auth(
            CachedKeySet(remote_jwks(settings.identity_url.rstrip("/") + "/.well-known/jwks.json")),
            IdentitySessionSource(self.identity),
        )

    def configure_auth(
        self, keys: KeySource, session_source: SessionStateSource, organizations: OrganizationSettings | None = None
    ) -> None:
        """Where keys, login-session states and organizations' settings come from (identity's own
        database, for identity)."""
        if organizations is not None:
            self.organizations = organizations
        self.sessions = LoginSessions(self.redis, session_source, self.settings.session_cache_seconds)
        self.authenticator = Authenticator(
            TokenVerifier(keys, issuer=self.settings.jwt_issuer, audience=self.settings.jwt_audience),
            self.sessions,
            self.organizations.timezone,
        )

    @functools.cached_property
    def purge(self) -> Database:
        """The purge user's database, made on first use (see ``purge_database``)."""
        return purge_database(self.settings)

    def readiness(self) -> dict:
        return {"database": self.database.ping, "redis": self.redis.ping}

    def close(self) -> None:
        self.identity.close()
        self.redis.close()
        self.database.dispose()
        if "purge" in self.__dict__:
            self.purge.dispose()


# A dependency that only looks something up is async: a sync one would cost a thread hop.
async def get_database(request: Request) -> Database:
    return request.app.state.kit.database


Db = Annotated[Database, Depends(get_database)]


async def get_purge_database(request: Request) -> Database:
    """The purge user's database (erasure, retention, a closed organization's purge), made on first use."""
    return request.app.state.kit.purge


PurgeDb = Annotated[Database, Depends(get_purge_database)]
