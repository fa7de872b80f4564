"""What reporting's use cases need besides the database session (API and worker alike); a route
asks for it as ``ctx: Ctx``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from omni_common.audit import AuditWriter
from omni_common.outbox import Outbox
from reporting.config import Settings
from reporting.sources import IdentitySource, PresenceSource
from reporting.storage import ReportStorage


@dataclass
class ReportingContext:
    settings: Settings
    audit: AuditWriter
    outbox: Outbox
    presence: PresenceSource
    identity: IdentitySource
    storage: ReportStorage


async def get_ctx(request: Request) -> ReportingContext:
    return request.app.state.reporting


Ctx = Annotated[ReportingContext, Depends(get_ctx)]
