"""What reporting's use cases need besides the database session (API and worker alike), and the
dependencies a route asks for by name: ``ctx: Ctx``, ``db: Db``, ``principal: Staff``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from omni_common.audit import AuditWriter
from omni_common.auth.dependencies import managers, staff
from omni_common.auth.principal import Principal
from omni_common.db.database import Database
from omni_common.kit import get_database
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
Db = Annotated[Database, Depends(get_database)]
# Who may call a route: any staff member (frontline users included), or managers and administrators.
Staff = Annotated[Principal, Depends(staff)]
Managers = Annotated[Principal, Depends(managers)]
