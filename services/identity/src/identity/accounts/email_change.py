"""A user's new email address takes effect only when its own mailbox confirms it (issue 17).

An administrator's PATCH with another email changes nothing yet: the user shows it as
`pending_email` and the new address is mailed a link; following it (``POST
/api/auth/email-change/confirm``) makes it the user's email. When the address already has an account
in another organization the answer and the user's state are exactly the same, no link goes out and
the address's owner is told that someone tried — so the PATCH never tells who has an account. A
duplicate inside the caller's own organization is still a 422 naming `email` (the caller decides),
and nobody's address changes without its owner having read the mail.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from identity.accounts import existing_email, tokens
from identity.context import IdentityContext
from identity.mail.service import enqueue_mail
from identity.organizations.models import Organization
from identity.users import repository as users
from identity.users.models import User
from omni_common.auth.principal import Principal
from omni_common.db.base import utcnow
from omni_common.errors import Invalid


def ask(
    session: Session, ctx: IdentityContext, principal: Principal, user: User, email: str, owner: User | None
) -> None:
    """Ask for ``email`` to become ``user``'s; ``owner`` is whoever has that address now (another
    organization's user, or nobody)."""
    tokens.revoke_open(session, user.id, tokens.EMAIL_CHANGE)
    before = user.pending_email
    user.pending_email = email
    row, raw = tokens.issue(
        session,
        purpose=tokens.EMAIL_CHANGE,
        organization_id=user.organization_id,
        user_id=user.id,
        created_by=principal.user_id,
        ttl=timedelta(hours=ctx.settings.email_change_ttl_hours),
    )
    org = session.get(Organization, user.organization_id)
    if owner is not None:
        existing_email.tell_owner(
            session, ctx, owner, attempt=f"at {org.name} tried to give a user this address", kind="email_change_taken"
        )
    elif ctx.outbox is not None:
        url = tokens.link(ctx.settings.public_url, "confirm-email", raw)
        enqueue_mail(
            session,
            ctx.outbox,
            to=email,
            subject=f"Confirm your new email address for {org.name} on Omnipresence",
            body=(
                f"Hello {user.full_name},\n\n"
                f"{org.name} asked for this to be your email address on Omnipresence. Confirm it here:\n\n"
                f"{url}\n\n"
                f"Until then you sign in with your current address. The link works once and expires in "
                f"{ctx.settings.email_change_ttl_hours} hours. If you did not expect this, ignore this message.\n"
            ),
            kind="email_change",
            organization_id=user.organization_id,
        )
    ctx.audit.record(
        session,
        organization_id=user.organization_id,
        entity="user",
        entity_id=user.id,
        action="request_email_change",
        before={"pending_email": before},
        after={"pending_email": email, "expires_at": row.expires_at},
        actor_id=principal.user_id,
    )


def confirm(session: Session, ctx: IdentityContext, raw: str) -> User:
    """The link was followed: its address becomes the user's email (if it is still free)."""
    row = tokens.find_usable(session, raw, tokens.EMAIL_CHANGE)
    user = session.get(User, row.user_id, with_for_update=True) if row else None
    if (
        row is None
        or user is None
        or not user.is_active
        or not user.pending_email
        or users.email_taken(session, user.pending_email, except_id=user.id)
    ):
        raise Invalid.field("token", tokens.LINK_UNUSABLE, "link_unusable")
    before = user.email
    user.email, user.pending_email = user.pending_email, None
    row.used_at = utcnow()
    ctx.audit.record(
        session,
        organization_id=user.organization_id,
        entity="user",
        entity_id=user.id,
        action="change_email",
        before={"email": before},
        after={"email": user.email},
        actor_id=user.id,
    )
    return user
