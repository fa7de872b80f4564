"""The presence service's app."""

from fastapi import FastAPI

from omni_common.app import create_service_app
from omni_common.celery_app import service_outbox
from omni_common.kit import ServiceKit
from omni_common.lifecycle.router import lifecycle_router
from presence.advance_notices.router import router as advance_notices_router
from presence.config import Settings
from presence.context import build_context
from presence.database import AuditLog, OutboxMessage
from presence.domains.router import router as domains_router
from presence.erasure.router import router as erasure_router
from presence.events.router import router as events_router
from presence.exports.router import router as exports_router
from presence.groups.router import router as groups_router
from presence.kiosks.router import device as kiosk_device_router
from presence.kiosks.router import router as kiosks_router
from presence.lifecycle import service as lifecycle
from presence.lifecycle.router import internal as lifecycle_internal_router
from presence.lifecycle.router import router as retention_router
from presence.models import Base
from presence.notifications.router import internal as notifications_internal_router
from presence.notifications.router import router as notifications_router
from presence.participants.router import internal as participants_internal_router
from presence.participants.router import router as participants_router
from presence.records.internal import router as records_internal_router
from presence.records.router import router as records_router
from presence.self_check_in.router import router as self_check_in_router
from presence.sessions.router import router as sessions_router
from presence.stats.router import router as stats_router
from presence.subject_access.router import internal as subject_access_internal_router
from presence.visibility import PATH_VISIBILITY
from presence.walk_ins.router import router as walk_ins_router
from presence.webhooks.router import router as webhooks_router


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    kit = ServiceKit(settings, AuditLog)
    outbox = service_outbox("presence", settings, OutboxMessage, kit.database)
    app = create_service_app(
        kit=kit,
        title="Omnipresence presence",
        description="Domains and presence states, participants, groups, sessions and presence records.",
        routers=[
            domains_router,
            participants_router,
            participants_internal_router,
            erasure_router,
            subject_access_internal_router,
            groups_router,
            sessions_router,
            records_router,
            self_check_in_router,
            kiosks_router,
            kiosk_device_router,
            walk_ins_router,
            advance_notices_router,
            stats_router,
            webhooks_router,
            exports_router,
            records_internal_router,
            events_router,
            notifications_router,
            notifications_internal_router,
            retention_router,
            lifecycle_internal_router,
            lifecycle_router(outbox, "presence", lifecycle.exporter(Base, kit.database)),
        ],
        visibility=PATH_VISIBILITY,
    )
    app.state.presence = build_context(
        settings,
        kit.audit,
        kit.redis,
        kit.identity,
        kit.database,
        outbox,
    )
    return app
