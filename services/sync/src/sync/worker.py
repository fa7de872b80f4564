"""Sync's Celery worker (queue "sync"): `python -m sync worker`."""

from omni_common.celery_app import worker_app
from sync.config import Settings
from sync.database import OutboxMessage

settings = Settings()
app, database, outbox = worker_app("sync", settings, OutboxMessage, include=[])
