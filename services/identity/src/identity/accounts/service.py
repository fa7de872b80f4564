"""Account lifecycle: invitations, one-time invitation codes, password change and reset."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

import redis
from sqlalchemy.orm import Session

from identity.accounts import existing_email, repository, tokens
from identity.accounts.models import AccountToken
from identity.accounts.schemas import (
    AcceptInvitation,
    CodeSignUp,
    InvitationCodeCreate,
    InvitationCreate,
    InvitationPreview,
    PasswordChange,
    PasswordResetConfirm,
)
from identity.auth.passwords import hash_password, verify_password
from identity.auth.service import record_failure
from identity.context import IdentityContext
from identity.login_sessions import repository as login_sessions
from identity.login_sessions.service import end_session
from identity.mail.service import enqueue_mail
from identity.organizations.models import Organization
from identity.users import repository as users
from identity.users.models import User
from identity.users.schemas import UserCreate
from identity.users.service import new_user, stand_in_user
from omni_common.auth.principal import Principal, Role
from omni_common.db.base import utcnow
from omni_common.errors import Conflict, FieldError, Invalid
from omni_common.ratelimit import Rate
from omni_common.tenancy import get_or_404

log = logging.getLogger(__name__)

CODE_UNUSABLE = "This code is not valid: it may be mistyped, used already or expired."
RESET_ANSWER = (
    "If an account uses this email address, a message with a link to choose a new password is on its way. "
    "The link works once, for a limited time."
)
# Reset mails one address may be sent in an hour.
RESETS = Rate("password-reset", 5, 3600)


def _mail(session: Session, ctx: IdentityContext, **kw) -> None:
    if ctx.outbox is not None:
        enqueue_mail(session, ctx.outbox, **kw)


# --- invitations -----------------------------------------------------------------------------


def _send_invitation(
    session: Session, ctx: IdentityContext, principal: Principal, user: User
) -> tuple[AccountToken, str]:
    tokens.revoke_open(session, user.id, tokens.INVITATION)
    row, raw = tokens.issue(
        session,
        purpose=tokens.INVITATION,
        organization_id=user.organization_id,
        user_id=user.id,
        created_by=principal.user_id,
        ttl=timedelta(hours=ctx.settings.invitation_ttl_hours),
    )
    org = session.get(Organization, user.organization_id)
    url = tokens.link(ctx.settings.public_url, "invitation", raw)
    _mail(
        session,
        ctx,
        to=user.email,
        subject=f"You are invited to {org.name} on Omnipresence",
        body=(
            f"Hello {user.full_name},\n\n"
            f"You have been invited to {org.name} on Omnipresence. Choose your password here:\n\n{url}\n\n"
            f"The link works once and expires in {ctx.settings.invitation_ttl_hours} hours.\n"
        ),
        kind="invitation",
        organization_id=user.organization_id,
    )
    ctx.audit.record(
        session,
        organization_id=user.organization_id,
        entity="user",
        entity_id=user.id,
        action="invite",
        after={"email": user.email, "expires_at": row.expires_at},
        actor_id=principal.user_id,
    )
    return row, url


def invite(
    session: Session, ctx: IdentityContext, principal: Principal, body: InvitationCreate
) -> tuple[User, AccountToken, str]:
    """Add a user and mail them their link. An email of another organization's user gets the
    answer a new one would (a link that leads nowhere), nothing made, and a mail (existing_email)."""
    owner = existing_email.owner_of(session, body.email)
    if owner is not None and owner.organization_id != principal.organization_id:
        org = session.get(Organization, principal.organization_id)
        existing_email.tell_owner(
            session, ctx, owner, attempt=f"at {org.name} tried to invite a user", kind="invite_taken"
        )
        created = UserCreate(
            email=body.email, full_name=body.full_name, role=body.role, participant_id=body.participant_id
        )
        user = stand_in_user(principal, created)
        row = existing_email.stand_in(
            AccountToken,
            purpose=tokens.INVITATION,
            organization_id=principal.organization_id,
            expires_at=utcnow() + timedelta(hours=ctx.settings.invitation_ttl_hours),
        )
        return user, row, tokens.link(ctx.settings.public_url, "invitation", secrets.token_urlsafe(32))
    user = new_user(
        session,
        ctx,
        organization_id=principal.organization_id,
        body=UserCreate(email=body.email, full_name=body.full_name, role=body.role, participant_id=body.participant_id),
        actor_id=principal.user_id,
    )
    row, url = _send_invitation(session, ctx, principal, user)
    return user, row, url


def reinvite(
    session: Session, ctx: IdentityContext, principal: Principal, user_id: str
) -> tuple[User, AccountToken, str]:
    user = get_or_404(session, User, user_id, principal, for_update=True)
    if user.password_hash is not None:
        raise Conflict("This user has set a password already; they can reset it from the sign-in page.")
    if not user.is_active:
        raise Conflict("This user is deactivated.")
    row, url = _send_invitation(session, ctx, principal, user)
    return user, row, url


def _invitation(session: Session, raw: str, *, lock: bool) -> tuple[AccountToken, User, Organization]:
    row = tokens.find_usable(session, raw, tokens.INVITATION, lock=lock)
    user = session.get(User, row.user_id) if row else None
    if row is None or user is None or not user.is_active or user.password_hash is not None:
        raise Invalid.field("token", tokens.LINK_UNUSABLE, "link_unusable")
    return row, user, session.get(Organization, user.organization_id)


def preview_invitation(session: Session, raw: str) -> InvitationPreview:
    _, user, org = _invitation(session, raw, lock=False)
    return InvitationPreview(email=user.email, full_name=user.full_name, organization_name=org.name)


def accept_invitation(session: Session, ctx: IdentityContext, body: AcceptInvitation) -> User:
    row, user, _ = _invitation(session, body.token, lock=True)
    row.used_at = utcnow()
    user.password_hash = hash_password(body.password)
    ctx.audit.record(
        session,
        organization_id=user.organization_id,
        entity="user",
        entity_id=user.id,
        action="accept_invitation",
        after={"password_set": True},
        actor_id=user.id,
    )
    return user


# --- one-time invitation codes (external participants without email) ------------------------


def create_code(
    session: Session, ctx: IdentityContext, principal: Principal, body: InvitationCodeCreate
) -> tuple[AccountToken, str]:
    row, code = tokens.issue(
        session,
        purpose=tokens.INVITATION_CODE,
        organization_id=principal.organization_id,
        created_by=principal.user_id,
        full_name=body.full_name,
        participant_id=body.participant_id,
        ttl=timedelta(hours=ctx.settings.invitation_code_ttl_hours),
    )
    ctx.audit.record(
        session,
        organization_id=principal.organization_id,
        entity="invitation_code",
        entity_id=row.id,
        action="create",
        after={"full_name": body.full_name, "participant_id": body.participant_id, "expires_at": row.expires_at},
        actor_id=principal.user_id,
    )
    return row, code


def list_codes(session: Session, principal: Principal) -> list[AccountToken]:
    return repository.of_organization(session, principal, tokens.INVITATION_CODE)


def sign_up_with_code(session: Session, ctx: IdentityContext, body: CodeSignUp, *, client_address: str | None) -> User:
    """The participant's own account, from a code an administrator handed them. Wrong codes count
    as failed sign-ins of the address, so codes cannot be guessed at speed."""
    throttle_key = "invitation-code"
    if ctx.throttle:
        ctx.throttle.check(throttle_key, client_address)
    row = tokens.find_usable(session, body.code, tokens.INVITATION_CODE)
    if row is None:
        record_failure(session, ctx, throttle_key, None, client_address, "invitation_code")
        raise Invalid([FieldError("code", CODE_UNUSABLE, "wrong_code")], commit_changes=True)
    row.used_at = utcnow()
    owner = existing_email.owner_of(session, body.email)
    if owner is not None:
        # The code is spent either way: tried again, it would otherwise tell which answer was true.
        existing_email.same_work(body.password)
        existing_email.tell_owner(session, ctx, owner, attempt="tried to make an account", kind="code_sign_up_taken")
        return existing_email.stand_in(User, organization_id=row.organization_id, email=body.email)
    user = new_user(
        session,
        ctx,
        organization_id=row.organization_id,
        body=UserCreate(
            email=body.email,
            full_name=row.full_name or body.email,
            role=Role.external,
            password=body.password,
            participant_id=row.participant_id,
        ),
        actor_id=None,
    )
    row.user_id = user.id
    ctx.audit.record(
        session,
        organization_id=row.organization_id,
        entity="invitation_code",
        entity_id=row.id,
        action="redeem",
        after={"user_id": user.id},
        actor_id=user.id,
    )
    return user


# --- passwords -------------------------------------------------------------------------------


def _end_sessions_except(session: Session, ctx: IdentityContext, user: User, keep: str | None, reason: str) -> int:
    org = session.get(Organization, user.organization_id)
    ended = 0
    for row in login_sessions.open_of_user(session, user.id, lock=True):
        if row.id != keep:
            end_session(session, row, user, org, reason, audit=ctx.audit, cache=ctx.cache, actor_id=user.id)
            ended += 1
    return ended


def change_password(session: Session, ctx: IdentityContext, principal: Principal, body: PasswordChange) -> None:
    user = get_or_404(session, User, principal.user_id, principal, for_update=True)
    if not verify_password(user.password_hash, body.current_password):
        raise Invalid.field("current_password", "The current password is incorrect.", "wrong_password")
    if body.new_password == body.current_password:
        raise Invalid.field("new_password", "Choose a password different from the current one.", "same_as_current")
    user.password_hash = hash_password(body.new_password)
    # Whoever else was signed in with the old password is signed out; this device stays.
    _end_sessions_except(session, ctx, user, principal.session_id, "password_change")
    tokens.revoke_open(session, user.id, tokens.PASSWORD_RESET)
    ctx.audit.record(
        session,
        organization_id=user.organization_id,
        entity="user",
        entity_id=user.id,
        action="change_password",
        after={"password_set": True},
        actor_id=user.id,
    )


def request_password_reset(session: Session, ctx: IdentityContext, email: str, *, client_address: str | None) -> None:
    """Mails a reset link if an active account has this email. The caller answers the same either way."""
    user = users.by_email(session, email)
    if user is None or not user.is_active:
        return
    if _too_many_resets(ctx, email):
        log.info("password reset not sent: too many asked for this address within the hour")
        return
    tokens.revoke_open(session, user.id, tokens.PASSWORD_RESET)
    row, raw = tokens.issue(
        session,
        purpose=tokens.PASSWORD_RESET,
        organization_id=user.organization_id,
        user_id=user.id,
        ttl=timedelta(minutes=ctx.settings.password_reset_ttl_minutes),
    )
    url = tokens.link(ctx.settings.public_url, "reset-password", raw)
    _mail(
        session,
        ctx,
        to=user.email,
        subject="Choose a new Omnipresence password",
        body=(
            f"Hello {user.full_name},\n\n"
            f"Someone (we hope you) asked to reset the password of your Omnipresence account. "
            f"Choose a new one here:\n\n{url}\n\n"
            f"The link works once and expires in {ctx.settings.password_reset_ttl_minutes} minutes. "
            f"If you did not ask, ignore this message: your password stays as it is.\n"
        ),
        kind="password_reset",
        organization_id=user.organization_id,
    )
    ctx.audit.record(
        session,
        organization_id=user.organization_id,
        entity="user",
        entity_id=user.id,
        action="request_password_reset",
        after={"client_address": client_address, "expires_at": row.expires_at},
        actor_id=None,
    )


def _too_many_resets(ctx: IdentityContext, email: str) -> bool:
    if ctx.throttle is None:
        return False
    try:
        return bool(ctx.throttle.limiter.hit(RESETS, hashlib.sha256(email.encode()).hexdigest()[:32]))
    except redis.RedisError:
        return False


def confirm_password_reset(session: Session, ctx: IdentityContext, body: PasswordResetConfirm) -> User:
    row = tokens.find_usable(session, body.token, tokens.PASSWORD_RESET)
    user = session.get(User, row.user_id, with_for_update=True) if row else None
    if row is None or user is None or not user.is_active:
        raise Invalid.field("token", tokens.LINK_UNUSABLE, "link_unusable")
    row.used_at = utcnow()
    user.password_hash = hash_password(body.password)
    # Anyone signed in with the old password is out.
    _end_sessions_except(session, ctx, user, None, "password_reset")
    ctx.audit.record(
        session,
        organization_id=user.organization_id,
        entity="user",
        entity_id=user.id,
        action="reset_password",
        after={"password_set": True},
        actor_id=user.id,
    )
    return user
