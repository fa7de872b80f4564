"""Sends identity's mail through SMTP, off the request's thread, and retries what failed.

Identity has no Celery worker, and a mail is not worth adding one for: the row written in the
request's transaction is the durable record (an outbox), a small thread pool sends it right after
commit, and a sweeper thread sends again whatever is still unsent when its time comes (a failed
send, or a process that stopped before sending). Replicas claim rows with SKIP LOCKED and a lease,
so two never send the same mail at once. Once sent, the body (which may hold a link) is blanked.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
import ssl
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from identity.config import Settings
from identity.mail.models import MailMessage
from omni_common.db.base import utcnow
from omni_common.db.database import Database

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)


class MailSender:
    def __init__(self, database: Database, settings: Settings):
        self.database = database
        self.settings = settings
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="mail")
        self._stop = threading.Event()

    # --- sending -----------------------------------------------------------------------------

    def send_soon(self, message_id: str) -> None:
        """After commit: send in the background; the request does not wait."""
        # Shutting down (RuntimeError): the sweeper of the next start sends it.
        with contextlib.suppress(RuntimeError):
            self._pool.submit(self._send_one, message_id)

    def _claim(self, session: Session, message_id: str) -> tuple[str, str, str] | None:
        row = session.scalars(
            select(MailMessage)
            .where(
                MailMessage.id == message_id,
                MailMessage.sent_at.is_(None),
                MailMessage.failed_at.is_(None),
                MailMessage.next_attempt_at <= utcnow() + timedelta(seconds=1),
            )
            .with_for_update(skip_locked=True)
        ).one_or_none()
        if row is None:
            return None
        row.attempts += 1
        row.next_attempt_at = utcnow() + LEASE  # nobody else sends it meanwhile
        return row.to_address, row.subject, row.body

    def _send_one(self, message_id: str) -> None:
        try:
            claimed = self.database.transaction(self._claim, message_id)
        except Exception:
            log.warning("could not claim a mail; the sweeper will", exc_info=True)
            return
        if claimed is None:
            return
        to, subject, body = claimed
        try:
            self.deliver(to, subject, body)
        except Exception as exc:
            log.warning("sending a mail failed; it will be retried", extra={"mail_id": message_id, "error": str(exc)})
            self.database.transaction(self._failed, message_id, f"{type(exc).__name__}: {exc}"[:500])
            return
        self.database.transaction(self._sent, message_id)
        log.info("mail sent", extra={"mail_id": message_id})

    def _sent(self, session: Session, message_id: str) -> None:
        row = session.get(MailMessage, message_id)
        row.sent_at = utcnow()
        row.body = ""  # the link in it has no business staying in the database
        row.last_error = None

    def _failed(self, session: Session, message_id: str, error: str) -> None:
        row = session.get(MailMessage, message_id)
        row.last_error = error
        if row.attempts >= self.settings.mail_max_attempts:
            row.failed_at = utcnow()
            row.body = ""
            log.error("giving up on a mail", extra={"mail_id": message_id, "error": error})
        else:
            # Back off: 1, 2, 4 ... retry periods.
            row.next_attempt_at = utcnow() + timedelta(
                seconds=self.settings.mail_retry_seconds * 2 ** (row.attempts - 1)
            )

    def deliver(self, to: str, subject: str, body: str) -> None:
        s = self.settings
        if not s.smtp_host:
            # No SMTP server configured (a developer's machine): the mail goes to the log instead.
            if s.is_production:
                raise RuntimeError("IDENTITY_SMTP_HOST is not set")
            log.info("mail (no SMTP server configured)", extra={"to": to, "subject": subject, "body": body})
            return
        mail = EmailMessage()
        mail["From"] = s.smtp_from
        mail["To"] = to
        mail["Subject"] = subject
        mail["Message-ID"] = make_msgid(domain=s.smtp_from.rsplit("@", 1)[-1].strip("> ") or None)
        mail.set_content(body)
        with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_seconds) as smtp:
            if s.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if s.smtp_user:
                smtp.login(s.smtp_user, s.smtp_password)
            smtp.send_message(mail)

    # --- the sweeper -------------------------------------------------------------------------

    def due(self, session: Session) -> list[str]:
        return list(
            session.scalars(
                select(MailMessage.id)
                .where(
                    MailMessage.sent_at.is_(None),
                    MailMessage.failed_at.is_(None),
                    or_(MailMessage.next_attempt_at <= utcnow()),
                )
                .order_by(MailMessage.next_attempt_at)
                .limit(50)
            )
        )

    def sweep(self) -> int:
        ids = self.database.read(self.due)
        for message_id in ids:
            self._send_one(message_id)
        return len(ids)

    def start(self) -> None:
        def loop() -> None:
            while not self._stop.wait(self.settings.mail_retry_seconds):
                try:
                    self.sweep()
                except Exception:
                    log.warning("mail sweep failed", exc_info=True)

        threading.Thread(target=loop, name="mail-sweeper", daemon=True).start()

    def close(self) -> None:
        self._stop.set()
        self._pool.shutdown(wait=False)
