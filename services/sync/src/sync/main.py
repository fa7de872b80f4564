"""The sync service's app."""

from fastapi import FastAPI
from sqlalchemy.orm import Session

from omni_common.app import create_service_app
from omni_common.auth.principal import Principal, Role
from omni_common.auth.visibility import PathVisibility, in_organization
from omni_common.celery_app import service_outbox
from omni_common.diagnostics import diagnostics_router
from omni_common.internal import ServiceClient
from omni_common.kit import ServiceKit
from omni_common.lifecycle.router import lifecycle_router
from sync.batches import repository as batches
from sync.batches.router import router as batches_router
from sync.config import Settings
from sync.conflicts.models import SyncConflict
from sync.conflicts.router import router as conflicts_router
from sync.context import SyncContext
from sync.database import AuditLog, OutboxMessage
from sync.erasure.router import router as erasure_router
from sync.lifecycle import service as lifecycle
from sync.models import Base


def _batch(session: Session, principal: Principal, batch_id: str, _params) -> bool:
    """A frontline user's own batches; everyone's for a manager or administrator."""
    own_only = principal.role not in (Role.admin, Role.manager)
    return batches.visible(session, principal, batch_id, own_only=own_only) is not None


# Visibility first (SPEC §1): for a role a route refuses, 404 unless it can see what the path names.
PATH_VISIBILITY = PathVisibility({"batch_id": _batch, "conflict_id": in_organization(SyncConflict)})


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    kit = ServiceKit(settings, AuditLog)
    outbox = service_outbox("sync", settings, OutboxMessage, kit.database)
    app = create_service_app(
        kit=kit,
        title="Omnipresence sync",
        description="Offline batches, merged by a worker, and the conflict queue.",
        routers=[
            batches_router,
            conflicts_router,
            erasure_router,
            diagnostics_router(outbox, "sync"),
            lifecycle_router(outbox, "sync", lifecycle.exporter(Base, kit.database)),
        ],
        visibility=PATH_VISIBILITY,
    )
    app.state.sync = SyncContext(
        settings=settings,
        audit=kit.audit,
        outbox=outbox,
        presence=ServiceClient(settings.presence_url, settings.service_token),
    )
    return app
