"""Sync's Celery worker (queue "sync"): `python -m sync worker` merges offline batches."""

from celery import signals

from omni_common.audit import AuditWriter
from omni_common.celery_app import worker_app
from omni_common.internal import ServiceClient
from sync.config import Settings
from sync.database import AuditLog, OutboxMessage
from sync.merge import tasks
from sync.merge.service import Merger

settings = Settings()
app, database, outbox = worker_app("sync", settings, OutboxMessage, include=[])
presence = ServiceClient(settings.presence_url, settings.service_token, timeout=120)
merger = Merger(database, settings, presence, AuditWriter(AuditLog, "sync"))
tasks.register(app, merger, presence)


@signals.worker_ready.connect(weak=False)
def _watch_for_stalled_batches(**_):
    tasks.start_stall_watch(merger, outbox, settings.stall_check_seconds)
