"""A real task through the real chain, for readiness checks and tests: outbox → broker → worker.

``POST /internal/diagnostics/ping`` enqueues ``<service>.ping`` through the outbox (or, with
``lost=true``, writes the outbox row as if the broker had lost the message, so only the sweeper
can deliver it); ``GET /internal/diagnostics/tasks/{id}`` shows whether a worker finished it."""

from __future__ import annotations

from datetime import datetime

from celery import Celery
from fastapi import APIRouter, Depends
from pydantic import BaseModel

from omni_common.db.database import Database
from omni_common.errors import NotFound
from omni_common.internal import require_service
from omni_common.outbox import Outbox


class TaskStatus(BaseModel):
    id: str
    task_name: str
    attempts: int
    created_at: datetime
    published_at: datetime | None
    done_at: datetime | None


def register_ping(celery_app: Celery, service: str, database: Database) -> None:
    @celery_app.task(name=f"{service}.ping")
    def ping() -> None:
        database.ping()


def diagnostics_router(outbox: Outbox, service: str) -> APIRouter:
    router = APIRouter(prefix="/internal/diagnostics", dependencies=[Depends(require_service)], include_in_schema=False)
    model = outbox.model

    @router.post("/ping", response_model=TaskStatus, status_code=202)
    def enqueue_ping(lost: bool = False) -> TaskStatus:
        message_id = outbox.database.transaction(lambda s: outbox.enqueue(s, f"{service}.ping", publish=not lost))
        return task_status(message_id)

    @router.get("/tasks/{task_id}", response_model=TaskStatus)
    def task_status(task_id: str) -> TaskStatus:
        row = outbox.database.read(lambda s: s.get(model, task_id))
        if row is None:
            raise NotFound()
        return TaskStatus.model_validate(row, from_attributes=True)

    return router
