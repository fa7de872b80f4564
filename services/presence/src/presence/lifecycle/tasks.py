"""Presence's lifecycle task, and the beat entries that send every service its own: presence's beat
is the one clock of the data lifecycle (retention and closed organizations' purges); each service's
task asks identity for the terms and purges its own data on its own purge user."""

from __future__ import annotations

import functools

from celery import Celery

from omni_common.celery_app import periodic
from omni_common.db.database import Database, purge_database
from omni_common.internal import ServiceClient
from omni_common.lifecycle.service import TASK, Purger
from omni_common.lifecycle.tasks import register_lifecycle_task
from omni_common.settings import SERVICES
from presence.context import PresenceContext
from presence.lifecycle import service
from presence.models import Base


def register(app: Celery, database: Database, ctx: PresenceContext, identity: ServiceClient) -> None:
    @functools.cache
    def purger() -> Purger:
        # Made in the process that purges, after the worker forked.
        return Purger(purge_database(ctx.settings), Base.metadata, ctx.settings.purge_batch_size)

    register_lifecycle_task(
        app,
        "presence",
        lambda now, only: service.run(database, purger(), ctx.audit, identity, now=now, only=only),
    )
    app.conf.beat_schedule = {
        **(app.conf.beat_schedule or {}),
        **{
            # Another service's task goes to its own queue, where its worker runs it.
            f"{name}-lifecycle": periodic(TASK.format(service=name), ctx.settings.lifecycle_seconds, queue=name)
            for name in SERVICES
        },
    }
