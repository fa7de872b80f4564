"""Making an account with an email that already has one: the answer tells nothing (issue 17).

Emails are unique across organizations, so "this email is already in use" would tell anyone who can
sign up (anyone) who has an account. Sign-up, adding or inviting a user with another organization's
email, and redeeming an invitation code with a taken email therefore answer exactly as for a new
email — the same status, shape and types — and make nothing: the answer is a stand-in whose ids lead
nowhere, a password given is hashed all the same (hashing is most of the time a new account takes,
so the two answers take as long), and the address's owner gets a mail saying someone tried. Inside
the caller's own organization a duplicate is still a 422 naming the email: an administrator sees
their own users anyway.
"""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from identity.auth.passwords import hash_password
from identity.context import IdentityContext
from identity.mail.service import enqueue_mail
from identity.users import repository as users
from identity.users.models import User

log = logging.getLogger(__name__)

M = TypeVar("M")


def owner_of(session: Session, email: str) -> User | None:
    return users.by_email(session, email)


def stand_in(model: type[M], **values: Any) -> M:
    """An unsaved row with the defaults a flush would give it, fresh ids included: answered as if
    made, never added to the session."""
    row = model(**values)
    for column in model.__table__.columns:  # type: ignore[attr-defined]
        default = column.default
        if default is not None and getattr(row, column.key) is None:
            setattr(row, column.key, default.arg(None) if default.is_callable else default.arg)
    return row


def same_work(password: str | None) -> None:
    """What making the account would have cost: hashing the password given."""
    if password:
        hash_password(password)


def tell_owner(session: Session, ctx: IdentityContext, owner: User, *, attempt: str, kind: str) -> None:
    """Mail the address's owner that someone tried (``attempt``: what they tried, as a phrase)."""
    log.info("an account was asked for with an email that has one", extra={"kind": kind, "user_id": owner.id})
    if ctx.outbox is None:
        return
    enqueue_mail(
        session,
        ctx.outbox,
        to=owner.email,
        subject="Someone tried to use your email address on Omnipresence",
        body=(
            f"Hello {owner.full_name},\n\n"
            f"Someone {attempt} with this email address on Omnipresence ({ctx.settings.public_url}). "
            "The address already has an account, so nothing was made and nothing of yours was changed.\n\n"
            "If it was you, sign in with your account as usual; if you forgot your password, reset it from "
            "the sign-in page. If it was not you, you need do nothing.\n"
        ),
        kind=kind,
        organization_id=owner.organization_id,
    )
