"""The identity service's app."""

from fastapi import FastAPI

from identity.accounts.router import router as accounts_router
from identity.auth.lockout import LoginThrottle
from identity.auth.router import router as auth_router
from identity.config import Settings
from identity.context import IdentityContext
from identity.database import AuditLog, OutboxMessage
from identity.erasure.router import router as erasure_router
from identity.internal_router import router as internal_router
from identity.keys import service as keys
from identity.keys.router import router as keys_router
from identity.keys.service import KeyRing
from identity.lifecycle import service as lifecycle
from identity.lifecycle.router import router as lifecycle_terms_router
from identity.login_sessions.router import router as sessions_router
from identity.login_sessions.router import sessions_router as my_sessions_router
from identity.login_sessions.source import LocalSessionSource
from identity.models import Base
from identity.organizations import service as organizations
from identity.organizations.router import router as organizations_router
from identity.participants import Participants
from identity.two_factor.router import router as two_factor_router
from identity.users.models import User
from identity.users.router import router as users_router
from omni_common.app import create_service_app
from omni_common.auth.tokens import CachedKeySet
from omni_common.auth.visibility import PathVisibility, in_organization
from omni_common.celery_app import service_outbox
from omni_common.diagnostics import diagnostics_router
from omni_common.internal import ServiceClient
from omni_common.kit import ServiceKit
from omni_common.lifecycle.router import lifecycle_router
from omni_common.orgcache import OrganizationSettings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    kit = ServiceKit(settings, AuditLog)
    keyring = KeyRing(kit.database, settings)
    source = LocalSessionSource(kit.database, kit.audit)
    # Identity verifies tokens and sessions against its own database, not over HTTP.
    kit.configure_auth(
        CachedKeySet(keyring.jwks, min_reload_seconds=1.0),
        source,
        OrganizationSettings(kit.redis, lambda org_id: kit.database.read(organizations.settings_of, org_id)),
    )
    source.cache = kit.sessions
    # Mail leaves through the outbox: identity's worker sends it.
    outbox = service_outbox("identity", settings, OutboxMessage, kit.database)

    def on_startup(app: FastAPI) -> None:
        kit.database.transaction(keys.ensure_key, settings)
        keyring.current()  # refuse to start, with the reason, if the key cannot be opened

    app = create_service_app(
        kit=kit,
        title="Omnipresence identity",
        description="Organizations, users, sign-in, login sessions and signing keys.",
        routers=[
            organizations_router,
            auth_router,
            my_sessions_router,
            two_factor_router,
            accounts_router,
            users_router,
            keys_router,
            sessions_router,
            internal_router,
            erasure_router,
            diagnostics_router(outbox, "identity"),
            lifecycle_terms_router,
            lifecycle_router(outbox, "identity", lifecycle.exporter(Base, kit.database)),
        ],
        on_startup=on_startup,
        # Visibility first (SPEC §1): a role a route refuses is told 403 for its organization's users.
        visibility=PathVisibility({"user_id": in_organization(User)}),
    )
    app.state.identity = IdentityContext(
        settings=settings,
        keyring=keyring,
        audit=kit.audit,
        cache=kit.sessions,
        throttle=LoginThrottle(kit.redis, settings),
        outbox=outbox,
        participants=Participants(ServiceClient(settings.presence_url, settings.service_token)),
        verifier=kit.authenticator.verifier,
        sessions=source,
    )
    return app
