"""Identity's Celery worker (queue "identity"): `python -m identity worker` sends identity's mail."""

from identity.config import Settings
from identity.database import OutboxMessage
from identity.mail import tasks
from omni_common.celery_app import worker_app

settings = Settings()
app, database, outbox = worker_app("identity", settings, OutboxMessage, include=[])
tasks.register(app, settings, outbox)
