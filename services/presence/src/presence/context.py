"""What presence's use cases need besides the database session."""

from dataclasses import dataclass

from fastapi import Request

from omni_common.audit import AuditWriter
from omni_common.idempotency import Idempotency
from presence.config import Settings
from presence.directory import Directory


@dataclass
class PresenceContext:
    settings: Settings
    audit: AuditWriter
    directory: Directory
    idempotency: Idempotency


async def get_ctx(request: Request) -> PresenceContext:
    return request.app.state.presence
