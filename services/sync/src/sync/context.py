"""What sync's use cases need besides the database session (API and worker alike), and the
dependency a route asks for it by: ``ctx: Ctx`` (beside the common library's ``db: Db`` and
``principal: Admin`` …)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from omni_common.audit import AuditWriter
from omni_common.internal import ServiceClient
from omni_common.outbox import Outbox
from sync.config import Settings


@dataclass
class SyncContext:
    settings: Settings
    audit: AuditWriter
    outbox: Outbox
    # Presence decides and writes every mutation (merge) and every resolution.
    presence: ServiceClient


async def get_ctx(request: Request) -> SyncContext:
    return request.app.state.sync


Ctx = Annotated[SyncContext, Depends(get_ctx)]
