"""Identity's Celery worker (queue "identity"): `python -m identity worker` sends identity's mail
and runs identity's part of the data lifecycle (a closed organization's purge)."""

import functools

from identity.config import Settings
from identity.database import AuditLog, OutboxMessage
from identity.lifecycle import service as lifecycle
from identity.mail import tasks
from identity.models import Base
from omni_common.audit import AuditWriter
from omni_common.celery_app import worker_app
from omni_common.db.database import purge_database
from omni_common.kit import redis_client
from omni_common.lifecycle.service import Purger
from omni_common.lifecycle.tasks import register_lifecycle_task

settings = Settings()
app, database, outbox = worker_app("identity", settings, OutboxMessage, include=[])
tasks.register(app, settings, outbox)


@functools.cache
def _purger() -> Purger:
    """The purge user's database, made in the process that purges (after the fork)."""
    return Purger(purge_database(settings), Base.metadata, settings.purge_batch_size)


register_lifecycle_task(
    app,
    "identity",
    lambda now, only: lifecycle.run(
        database,
        _purger(),
        AuditWriter(AuditLog, "identity"),
        settings,
        redis_client(settings.redis_url),
        now=now,
        only=only,
    ),
)
