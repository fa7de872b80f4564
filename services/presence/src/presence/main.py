"""The presence service's app."""

from fastapi import FastAPI

from omni_common.app import create_service_app
from omni_common.kit import ServiceKit
from presence.config import Settings
from presence.database import AuditLog
from presence.participants.router import router as participants_router


def create_app(settings: Settings | None = None) -> FastAPI:
    kit = ServiceKit(settings or Settings(), AuditLog)
    return create_service_app(
        kit=kit,
        title="Omnipresence presence",
        description="Domains and presence states, participants, groups, sessions and presence records.",
        routers=[participants_router],
    )
