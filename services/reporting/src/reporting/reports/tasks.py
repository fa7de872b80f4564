"""Reporting's Celery tasks: named, bounded, idempotent (the database decides, not the broker)."""

from __future__ import annotations

from reporting.reports import maintenance
from reporting.worker import app, builder, ctx, database, presence_client


@app.task(name="reporting.build_report", acks_late=True)
def build_report(report_id: str) -> str:
    return builder.build(report_id)


@app.task(name="reporting.notify", acks_late=True)
def notify(report_id: str) -> str:
    return maintenance.notify(database, presence_client, report_id)


@app.task(name="reporting.recover_stale")
def recover_stale() -> int:
    return maintenance.recover_stale(database, ctx)


@app.task(name="reporting.expire_reports")
def expire_reports() -> int:
    return maintenance.expire(database, ctx)
