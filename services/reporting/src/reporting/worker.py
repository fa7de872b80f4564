"""Reporting's Celery worker (queue "reporting"): `python -m reporting worker`, and its beat:
`python -m reporting beat` (exactly one per installation) for scheduled reports and clean-up."""

from omni_common.audit import AuditWriter
from omni_common.celery_app import worker_app
from omni_common.internal import ServiceClient
from reporting.config import Settings
from reporting.context import ReportingContext
from reporting.database import AuditLog, OutboxMessage
from reporting.reports.builder import Builder
from reporting.sources import IdentitySource, PresenceSource
from reporting.storage import LocalStorage

settings = Settings()
app, database, outbox = worker_app(
    "reporting",
    settings,
    OutboxMessage,
    include=["reporting.reports.tasks", "reporting.schedules.tasks"],
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
app.conf.beat_schedule = {
    "run-due-schedules": {"task": "reporting.run_schedules", "schedule": settings.schedule_interval_seconds},
    "recover-stale-builds": {"task": "reporting.recover_stale", "schedule": settings.lease_seconds / 2},
    "expire-report-files": {"task": "reporting.expire_reports", "schedule": settings.expiry_interval_seconds},
}
