"""The mail task (`identity.send_mail`), run by identity's worker on its own queue.

A mail sent twice arrives twice, so the task claims its outbox message before sending: another
delivery of it meanwhile (the sweeper's, or a copy the broker delivered twice) finds it held or
done and does nothing. Once sent, the message keeps no body (it may hold a link). A send that fails
is tried again after ``mail_retry_seconds``, doubling each time, up to ``mail_max_attempts``; then
the mail is given up, logged as an error.
"""

from __future__ import annotations

import logging

from celery import Celery
from celery.exceptions import Ignore

from identity.config import Settings
from identity.mail.sender import deliver
from identity.mail.service import SEND
from omni_common.outbox import Outbox

log = logging.getLogger(__name__)


def register(app: Celery, settings: Settings, outbox: Outbox) -> None:
    # A countdown the broker would hand out again before it is due (its visibility timeout) is
    # left to the sweeper instead.
    longest_countdown = app.conf.broker_transport_options["visibility_timeout"] - 60

    @app.task(name=SEND, bind=True, max_retries=None)
    def send_mail(
        self,
        *,
        to: str,
        subject: str,
        body: str,
        kind: str,
        organization_id: str | None = None,
        participant_ids: list[str] | None = None,
    ) -> str:
        message_id = self.request.id
        attempts = outbox.claim(message_id, hold=settings.smtp_timeout_seconds + 30)
        if attempts is None:
            raise Ignore()  # sent already (or cancelled by an erasure), or another delivery holds it
        kept = {"to": to, "subject": subject, "kind": kind, "organization_id": organization_id}
        if participant_ids:
            kept["participant_ids"] = participant_ids
        try:
            deliver(settings, to, subject, body)
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]
            if attempts >= settings.mail_max_attempts:
                log.error("giving up on a mail", extra={"mail_id": message_id, "error": error})
                outbox.mark_done(message_id, kwargs={**kept, "given_up": error})
                return "given up"
            delay = settings.mail_retry_seconds * 2 ** (attempts - 1)
            log.warning(
                "sending a mail failed; it will be retried",
                extra={"mail_id": message_id, "error": error, "retry_in_seconds": delay},
            )
            outbox.later(message_id, delay)
            if delay <= longest_countdown:
                raise self.retry(countdown=delay) from exc
            raise Ignore() from exc  # the sweeper publishes it once due
        outbox.mark_done(message_id, kwargs=kept)
        log.info("mail sent", extra={"mail_id": message_id, "kind": kind})
        return "sent"
