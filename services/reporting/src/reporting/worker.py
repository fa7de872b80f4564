"""Reporting's Celery worker (queue "reporting"): `python -m reporting worker`, and its beat:
`python -m reporting beat` (exactly one per installation) for scheduled reports and clean-up. The
worker also builds organizations' exports and runs reporting's part of the data lifecycle (its task
sent by presence's beat)."""

import functools

from omni_common.audit import AuditWriter
from omni_common.celery_app import periodic, worker_app
from omni_common.db.database import purge_database
from omni_common.internal import ServiceClient
from omni_common.lifecycle.service import Purger
from omni_common.lifecycle.tasks import register_lifecycle_task
from reporting.config import Settings
from reporting.context import ReportingContext
from reporting.database import AuditLog, OutboxMessage
from reporting.exports.builder import ExportBuilder
from reporting.exports.sources import LocalSource, RemoteSource
from reporting.lifecycle import service as lifecycle
from reporting.models import Base
from reporting.reports.builder import Builder
from reporting.sources import IdentitySource, PresenceSource
from reporting.storage import LocalStorage

settings = Settings()
app, database, outbox = worker_app(
    "reporting",
    settings,
    OutboxMessage,
    include=["reporting.reports.tasks", "reporting.schedules.tasks", "reporting.exports.tasks"],
    time_limit=settings.task_time_limit_seconds,
)
presence_client = ServiceClient(settings.presence_url, settings.service_token, timeout=30.0)
identity_client = ServiceClient(settings.identity_url, settings.service_token, timeout=10.0)
ctx = ReportingContext(
    settings=settings,
    audit=AuditWriter(AuditLog, "reporting"),
    outbox=outbox,
    presence=PresenceSource(presence_client, settings.presence_read_timeout_seconds),
    identity=IdentitySource(identity_client),
    storage=LocalStorage(settings.storage_dir),
)
builder = Builder(
    database=database,
    settings=settings,
    storage=ctx.storage,
    presence=ctx.presence,
    identity=ctx.identity,
    outbox=outbox,
    audit=ctx.audit,
)
export_builder = ExportBuilder(
    database=database,
    settings=settings,
    storage=ctx.storage,
    sources=[
        RemoteSource("identity", identity_client),
        RemoteSource("presence", presence_client),
        RemoteSource("sync", ServiceClient(settings.sync_url, settings.service_token, timeout=30.0)),
        LocalSource(lifecycle.exporter(Base, database)),
    ],
    organization=ctx.identity.organization,
    audit=ctx.audit,
)


@functools.cache
def _purger() -> Purger:
    """The purge user's database, made in the process that purges (after the fork)."""
    return Purger(purge_database(settings), Base.metadata, settings.purge_batch_size)


register_lifecycle_task(
    app,
    "reporting",
    lambda now, only: lifecycle.run(database, _purger(), ctx.audit, ctx.storage, identity_client, now=now, only=only),
)
app.conf.beat_schedule = {
    "run-due-schedules": periodic("reporting.run_schedules", settings.schedule_interval_seconds),
    "recover-stale-builds": periodic("reporting.recover_stale", settings.lease_seconds / 2),
    "expire-report-files": periodic("reporting.expire_reports", settings.expiry_interval_seconds),
}
