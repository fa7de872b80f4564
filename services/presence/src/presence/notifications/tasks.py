"""Presence's worker tasks for notifications and webhooks, and the beat's schedule for them."""

from __future__ import annotations

from celery import Celery

from omni_common.celery_app import periodic
from omni_common.db.base import utcnow
from omni_common.db.database import Database
from omni_common.internal import ServiceClient
from presence.notifications import evaluation, mail
from presence.webhooks import delivery


def register(app: Celery, database: Database, ctx, identity: ServiceClient) -> None:
    @app.task(name="presence.follow_feed")
    def follow_feed() -> int:
        return evaluation.follow(database, ctx, utcnow())

    @app.task(name="presence.registers_not_taken")
    def registers_not_taken() -> int:
        return evaluation.registers_not_taken(database, ctx, utcnow())

    @app.task(name="presence.send_notification_mail")
    def send_notification_mail() -> int:
        return mail.send_due(database, ctx, utcnow())

    @app.task(name=mail.SEND, bind=True, max_retries=None)
    def send_mail(self, **message) -> None:
        # The mail as the outbox keeps it now: an erasure since may have redacted it, or cancelled it
        # (then it is done). A mail sent without the outbox goes as it came.
        kept = ctx.outbox.arguments(self.request.id)
        if kept is False:
            return
        try:
            mail.hand_to_identity(identity, **(kept or message))
        except Exception as exc:  # identity is down for a moment: the mail waits, it is not lost
            raise self.retry(exc=exc, countdown=min(300, 5 * 2**self.request.retries)) from exc

    @app.task(name="presence.deliver_webhooks")
    def deliver_webhooks() -> int:
        return delivery.deliver_due(database, ctx)

    s = ctx.settings
    app.conf.beat_schedule = {
        **(app.conf.beat_schedule or {}),
        "follow-feed": periodic("presence.follow_feed", s.follow_seconds),
        "registers-not-taken": periodic("presence.registers_not_taken", s.register_check_seconds),
        "notification-mail": periodic("presence.send_notification_mail", s.mail_sweep_seconds),
        "deliver-webhooks": periodic("presence.deliver_webhooks", s.webhook_sweep_seconds),
    }
