"""The internal lifecycle routes every service mounts (never through the gateway):

- ``POST /internal/lifecycle/run`` queues the service's lifecycle task now, optionally for one
  organization and at a given time (tests inject the clock here); answers the task's outbox row,
  which ``GET /internal/lifecycle/runs/{id}`` follows until it is done;
- ``GET /internal/lifecycle/export`` lists what the service exports of an organization;
- ``GET /internal/lifecycle/export/{entity}?organization_id=&cursor=&limit=`` pages through it."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from omni_common.diagnostics import TaskStatus
from omni_common.errors import NotFound
from omni_common.internal import require_service
from omni_common.lifecycle.schemas import ExportCatalogue, ExportPage, LifecycleRun
from omni_common.lifecycle.service import TASK, Exporter
from omni_common.outbox import Outbox
from omni_common.pagination import MAX_LIMIT


def lifecycle_router(outbox: Outbox, service: str, exporter: Exporter) -> APIRouter:
    router = APIRouter(prefix="/internal/lifecycle", dependencies=[Depends(require_service)], include_in_schema=False)

    @router.post("/run", response_model=TaskStatus, status_code=202)
    def run_lifecycle(body: LifecycleRun) -> TaskStatus:
        kwargs = {"now": body.now.isoformat() if body.now else None, "organization_id": body.organization_id}
        message_id = outbox.database.transaction(lambda s: outbox.enqueue(s, TASK.format(service=service), **kwargs))
        return run_status(message_id)

    @router.get("/runs/{task_id}", response_model=TaskStatus)
    def run_status(task_id: str) -> TaskStatus:
        row = outbox.database.read(lambda s: s.get(outbox.model, task_id))
        if row is None or row.task_name != TASK.format(service=service):
            raise NotFound()
        return TaskStatus.model_validate(row, from_attributes=True)

    @router.get("/export", response_model=ExportCatalogue)
    def export_catalogue() -> ExportCatalogue:
        return exporter.catalogue()

    @router.get("/export/{entity}", response_model=ExportPage)
    def export_page(
        entity: str,
        organization_id: str = Query(..., max_length=36),
        cursor: str | None = Query(None, max_length=1024),
        limit: int = Query(500, ge=1, le=MAX_LIMIT),
    ) -> ExportPage:
        return exporter.page(entity, organization_id, cursor, limit)

    return router
