"""Reporting's Celery worker (queue "reporting"): `python -m reporting worker`."""

from omni_common.celery_app import worker_app
from reporting.config import Settings
from reporting.database import OutboxMessage

settings = Settings()
app, database, outbox = worker_app("reporting", settings, OutboxMessage, include=[])
