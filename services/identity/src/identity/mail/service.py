"""Mail that identity sends (invitations, password resets): written with the change, sent after commit."""

from __future__ import annotations

from sqlalchemy.orm import Session

from identity.mail.models import MailMessage
from omni_common.db.database import after_commit


def enqueue_mail(
    session: Session, mailer, *, to: str, subject: str, body: str, kind: str, organization_id: str | None
) -> MailMessage:
    """Keep the mail in this transaction; once it commits, hand it to the sender (never blocking
    the request, never failing it). A send that fails is retried by the sweeper."""
    message = MailMessage(organization_id=organization_id, to_address=to, subject=subject, body=body, kind=kind)
    session.add(message)
    session.flush()
    after_commit(session, lambda: mailer.send_soon(message.id))
    return message
