"""Single-use, expiring secrets (links and codes), stored only as their SHA-256."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy.orm import Session

from identity.accounts import repository
from identity.accounts.models import AccountToken
from omni_common.db.base import utcnow

INVITATION = "invitation"
PASSWORD_RESET = "password_reset"
INVITATION_CODE = "invitation_code"
TWO_FACTOR_ENROLMENT = "two_factor_enrolment"
EMAIL_CHANGE = "email_change"

LINK_UNUSABLE = "This link has expired or has already been used. Ask for a new one."

# Short, human-typable codes: no 0/O, 1/I/L; 10 characters ≈ 49 bits, single use, expiring, and
# every wrong guess counts as a failed sign-in of the guesser's address.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def hash_secret(raw: str, purpose: str) -> str:
    if purpose == INVITATION_CODE:
        raw = "".join(c for c in raw.upper() if c.isalnum())
    return hashlib.sha256(f"{purpose}:{raw}".encode()).hexdigest()


def link(public_url: str, page: str, raw: str) -> str:
    """The web app's page for a secret; it travels in the fragment, which browsers never send to a
    server, nor in a Referer."""
    return f"{public_url.rstrip('/')}/{page}#token={raw}"


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def issue(
    session: Session,
    *,
    purpose: str,
    organization_id: str,
    ttl: timedelta,
    user_id: str | None = None,
    created_by: str | None = None,
    full_name: str | None = None,
    participant_id: str | None = None,
) -> tuple[AccountToken, str]:
    raw = new_code() if purpose == INVITATION_CODE else secrets.token_urlsafe(32)
    row = AccountToken(
        token_hash=hash_secret(raw, purpose),
        purpose=purpose,
        organization_id=organization_id,
        user_id=user_id,
        created_by=created_by,
        full_name=full_name,
        participant_id=participant_id,
        expires_at=utcnow() + ttl,
    )
    session.add(row)
    session.flush()
    return row, raw


def find_usable(session: Session, raw: str, purpose: str, *, lock: bool = True) -> AccountToken | None:
    """The token if it exists, is unused and has not expired; locked for the caller to use it."""
    row = repository.by_hash(session, hash_secret(raw, purpose), purpose, lock=lock)
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    return row


def revoke_open(session: Session, user_id: str, purpose: str) -> None:
    """Earlier links of this kind stop working (a new invitation or reset replaces them)."""
    repository.use_open(session, user_id, purpose, utcnow())
