"""Presence's Celery worker (queue "presence"): `python -m presence worker` closes sessions on time
and runs presence's work after commit; its beat, `python -m presence beat` (exactly one per
installation), schedules the periodic tasks. Later work adds its tasks here, never another worker."""

from omni_common.audit import AuditWriter
from omni_common.celery_app import worker_app
from omni_common.internal import ServiceClient
from omni_common.kit import redis_client
from presence.config import Settings
from presence.context import build_context
from presence.database import AuditLog, OutboxMessage
from presence.erasure import tasks as erasure_tasks
from presence.lifecycle import tasks as lifecycle_tasks
from presence.notifications import tasks as notification_tasks
from presence.sessions import tasks as session_tasks

settings = Settings()
app, database, outbox = worker_app("presence", settings, OutboxMessage, include=[])
identity = ServiceClient(settings.identity_url, settings.service_token, timeout=10.0)
ctx = build_context(
    settings, AuditWriter(AuditLog, "presence"), redis_client(settings.redis_url), identity, database, outbox
)
session_tasks.register(app, database, ctx)
notification_tasks.register(app, database, ctx, identity)
erasure_tasks.register(app, database, ctx, erasure_tasks.clients(settings))
lifecycle_tasks.register(app, database, ctx, identity)
