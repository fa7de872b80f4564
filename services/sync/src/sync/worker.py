"""Sync's Celery worker (queue "sync"): `python -m sync worker` merges offline batches."""

from celery import signals

from omni_common.audit import AuditWriter
from omni_common.celery_app import worker_app
from omni_common.internal import ServiceClient
from sync.config import Settings
from sync.context import SyncContext
from sync.database import AuditLog, OutboxMessage
from sync.merge import tasks
from sync.merge.service import PRESENCE_TIMEOUT, Merger

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


@signals.worker_ready.connect(weak=False)
def _watch_for_stalled_batches(**_):
    tasks.start_stall_watch(merger, outbox, settings.stall_check_seconds)
