"""Sync's Celery worker (queue "sync"): `python -m sync worker` merges offline batches and runs
sync's part of the data lifecycle (retention, a closed organization's purge)."""

import functools

from celery import signals

from omni_common.audit import AuditWriter
from omni_common.celery_app import worker_app
from omni_common.db.database import purge_database
from omni_common.internal import ServiceClient
from omni_common.lifecycle.service import Purger
from omni_common.lifecycle.tasks import register_lifecycle_task
from sync.config import Settings
from sync.context import SyncContext
from sync.database import AuditLog, OutboxMessage
from sync.lifecycle import service as lifecycle
from sync.merge import tasks
from sync.merge.service import PRESENCE_TIMEOUT, Merger
from sync.models import Base

settings = Settings()
app, database, outbox = worker_app("sync", settings, OutboxMessage, include=[])
ctx = SyncContext(
    settings=settings,
    audit=AuditWriter(AuditLog, "sync"),
    outbox=outbox,
    presence=ServiceClient(settings.presence_url, settings.service_token, timeout=PRESENCE_TIMEOUT),
)
merger = Merger(database, ctx)
tasks.register(app, merger)
identity = ServiceClient(settings.identity_url, settings.service_token, timeout=10.0)


@functools.cache
def _purger() -> Purger:
    """The purge user's database, made in the process that purges (after the fork)."""
    return Purger(purge_database(settings), Base.metadata, settings.purge_batch_size)


register_lifecycle_task(
    app,
    "sync",
    lambda now, only: lifecycle.run(database, _purger(), ctx.audit, identity, ctx.presence, now=now, only=only),
)


@signals.worker_ready.connect(weak=False)
def _watch_for_stalled_batches(**_):
    tasks.start_stall_watch(merger, outbox, settings.stall_check_seconds)
