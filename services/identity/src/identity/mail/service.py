"""Mail that identity sends (invitations, password resets): written with the change, sent after commit."""

from __future__ import annotations

from sqlalchemy.orm import Session

from omni_common.outbox import Outbox

SEND = "identity.send_mail"


def enqueue_mail(
    session: Session,
    outbox: Outbox,
    *,
    to: str,
    subject: str,
    body: str,
    kind: str,
    organization_id: str | None,
    participant_ids: list[str] | None = None,
) -> str:
    """Keep the mail in this transaction, through the outbox: once it commits, identity's worker
    sends it (never blocking the request, never failing it); a send that fails is tried again.
    ``participant_ids``: the participants it names (an erasure finds the mail by them)."""
    about = {"participant_ids": participant_ids} if participant_ids else {}
    return outbox.enqueue(
        session, SEND, to=to, subject=subject, body=body, kind=kind, organization_id=organization_id, **about
    )
