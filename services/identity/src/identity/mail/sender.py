"""Hands a mail to the SMTP server (or, with none configured outside production, to the log)."""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid

from identity.config import Settings

log = logging.getLogger(__name__)


def deliver(settings: Settings, to: str, subject: str, body: str) -> None:
    s = settings
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
