"""Presence's periodic work on sessions, run by its worker and scheduled by its beat."""

from __future__ import annotations

from celery import Celery

from omni_common.celery_app import periodic
from omni_common.db.base import utcnow
from omni_common.db.database import Database
from presence.context import PresenceContext
from presence.sessions.closing import close_due


def register(app: Celery, database: Database, ctx: PresenceContext) -> None:
    @app.task(name="presence.close_due_sessions")
    def close_due_sessions() -> int:
        return close_due(database, ctx, utcnow())

    app.conf.beat_schedule = {
        **(app.conf.beat_schedule or {}),
        "close-due-sessions": periodic("presence.close_due_sessions", ctx.settings.close_sweep_seconds),
    }
