"""The reporting service's app."""

from fastapi import FastAPI

from omni_common.app import create_service_app
from omni_common.auth.visibility import PathVisibility, in_organization
from omni_common.celery_app import service_outbox
from omni_common.diagnostics import diagnostics_router
from omni_common.internal import ServiceClient
from omni_common.kit import ServiceKit
from omni_common.lifecycle.router import lifecycle_router
from reporting.config import Settings
from reporting.context import ReportingContext
from reporting.database import AuditLog, OutboxMessage
from reporting.erasure.router import router as erasure_router
from reporting.exports.models import OrganizationExport
from reporting.exports.router import router as exports_router
from reporting.lifecycle import service as lifecycle
from reporting.lifecycle.router import router as retention_router
from reporting.models import Base
from reporting.reports.internal import router as maintenance_router
from reporting.reports.models import Report
from reporting.reports.router import router as reports_router
from reporting.schedules.models import ReportSchedule
from reporting.schedules.router import router as schedules_router
from reporting.sources import IdentitySource, PresenceSource
from reporting.storage import LocalStorage


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    kit = ServiceKit(settings, AuditLog)
    outbox = service_outbox("reporting", settings, OutboxMessage, kit.database)
    app = create_service_app(
        kit=kit,
        title="Omnipresence reporting",
        description="Reports (PDF, XLSX, CSV) built by workers, and their schedules.",
        routers=[
            reports_router,
            schedules_router,
            exports_router,
            retention_router,
            maintenance_router,
            erasure_router,
            diagnostics_router(outbox, "reporting"),
            lifecycle_router(outbox, "reporting", lifecycle.exporter(Base, kit.database)),
        ],
        # Visibility first (SPEC §1): a role a route refuses is told 403 for its organization's own.
        visibility=PathVisibility(
            {
                "report_id": in_organization(Report),
                "schedule_id": in_organization(ReportSchedule),
                "export_id": in_organization(OrganizationExport),
            }
        ),
    )
    app.state.reporting = ReportingContext(
        settings=settings,
        audit=kit.audit,
        outbox=outbox,
        presence=PresenceSource(ServiceClient(settings.presence_url, settings.service_token)),
        identity=IdentitySource(kit.identity),
        storage=LocalStorage(settings.storage_dir),
    )
    return app
