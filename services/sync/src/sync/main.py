"""The sync service's app."""

from fastapi import FastAPI

from omni_common.app import create_service_app
from omni_common.celery_app import service_outbox
from omni_common.diagnostics import diagnostics_router
from omni_common.internal import ServiceClient
from omni_common.kit import ServiceKit
from sync.batches.router import router as batches_router
from sync.config import Settings
from sync.conflicts.router import router as conflicts_router
from sync.context import SyncContext
from sync.database import AuditLog, OutboxMessage


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    kit = ServiceKit(settings, AuditLog)
    outbox = service_outbox("sync", settings, OutboxMessage, kit.database)
    app = create_service_app(
        kit=kit,
        title="Omnipresence sync",
        description="Offline batches, merged by a worker, and the conflict queue.",
        routers=[batches_router, conflicts_router, diagnostics_router(outbox, "sync")],
    )
    app.state.sync = SyncContext(
        settings=settings,
        audit=kit.audit,
        outbox=outbox,
        presence=ServiceClient(settings.presence_url, settings.service_token),
    )
    return app
