"""Each service's lifecycle task, the same shape everywhere: ``<service>.lifecycle(now=None,
organization_id=None)``. Presence's beat sends it to every service's queue; the internal run route
queues it with an injected clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from celery import Celery

from omni_common.db.base import utcnow
from omni_common.lifecycle.service import TASK


def register_lifecycle_task(app: Celery, service: str, run: Callable[[datetime, str | None], dict[str, Any]]) -> None:
    """``run(now, organization_id)`` does the service's retention and closed-organization purges."""

    @app.task(name=TASK.format(service=service))
    def lifecycle(now: str | None = None, organization_id: str | None = None) -> dict[str, Any]:
        return run(datetime.fromisoformat(now) if now else utcnow(), organization_id)
