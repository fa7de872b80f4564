"""Reporting's task that builds an organization's export: named, bounded, idempotent."""

from __future__ import annotations

from reporting.worker import app, export_builder


@app.task(name="reporting.build_export", acks_late=True)
def build_export(export_id: str) -> str:
    return export_builder.build(export_id)
