"""Organizations: sign-up (or the command line) creates one with its first administrator."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from identity.accounts import existing_email
from identity.accounts import repository as account_tokens
from identity.context import IdentityContext
from identity.login_sessions.service import end_organization_sessions
from identity.mail.service import enqueue_mail
from identity.organizations.models import Organization
from identity.organizations.schemas import (
    CloseOrganization,
    OrganizationClosed,
    OrganizationPatch,
    OrganizationSettings,
    SignUp,
)
from identity.users.models import User
from identity.users.schemas import UserCreate
from identity.users.service import EMAIL_TAKEN, email_taken, new_user
from omni_common import orgcache
from omni_common.audit import diff
from omni_common.auth.principal import Principal, Role
from omni_common.db.base import utcnow
from omni_common.db.database import after_commit
from omni_common.errors import Invalid, NotFound
from omni_common.schemas import patch_changes

# Settings a PATCH may set to null: keep the data for ever.
RETENTION_FIELDS = ("presence_retention_days", "report_retention_days")


def sign_up(session: Session, ctx: IdentityContext, body: SignUp) -> tuple[Organization, User]:
    """The organization and its first administrator, who can sign in at once; for an email that
    has an account, the same answer with nothing made and a mail to that address (existing_email)."""
    owner = existing_email.owner_of(session, body.admin_email)
    if owner is None:
        org, admin = create_organization(session, ctx, body)
        _welcome(session, ctx, org, admin)
        return org, admin
    existing_email.same_work(body.admin_password)
    existing_email.tell_owner(session, ctx, owner, attempt="tried to sign up a new organization", kind="sign_up_taken")
    org = existing_email.stand_in(
        Organization,
        name=body.name,
        timezone=body.timezone,
        domains=[body.domain],
        report_retention_days=ctx.settings.report_retention_days,
    )
    admin = existing_email.stand_in(
        User,
        organization_id=org.id,
        email=body.admin_email,
        full_name=body.admin_name,
        role=Role.admin,
        password_hash="",  # has_password, as the new administrator's
    )
    return org, admin


def _welcome(session: Session, ctx: IdentityContext, org: Organization, admin: User) -> None:
    """Both kinds of sign-up send one mail, so neither answers sooner."""
    if ctx.outbox is None:
        return
    enqueue_mail(
        session,
        ctx.outbox,
        to=admin.email,
        subject=f"{org.name} is ready on Omnipresence",
        body=(
            f"Hello {admin.full_name},\n\n"
            f"{org.name} is ready on Omnipresence, with you as its administrator. Sign in at "
            f"{ctx.settings.public_url.rstrip('/')}/ with this email address and the password you chose.\n"
        ),
        kind="sign_up",
        organization_id=org.id,
    )


def create_organization(
    session: Session, ctx: IdentityContext, body: SignUp, *, actor_id: str | None = None
) -> tuple[Organization, User]:
    """An organization and its administrator (sign-up, or the command line, which is told plainly
    when the email is taken)."""
    if email_taken(session, body.admin_email):
        raise Invalid.field("admin_email", EMAIL_TAKEN, "duplicate")
    # Report files are kept REPORTING_RETENTION_DAYS unless the organization says otherwise;
    # presence data for ever until it sets its retention.
    org = Organization(
        name=body.name,
        timezone=body.timezone,
        domains=[body.domain],
        report_retention_days=ctx.settings.report_retention_days,
    )
    session.add(org)
    session.flush()
    ctx.audit.record(
        session,
        organization_id=org.id,
        entity="organization",
        entity_id=org.id,
        action="create",
        after=org.as_dict(),
        actor_id=actor_id,
    )
    admin = new_user(
        session,
        ctx,
        organization_id=org.id,
        body=UserCreate(
            email=body.admin_email, full_name=body.admin_name, role=Role.admin, password=body.admin_password
        ),
        actor_id=actor_id,
    )
    return org, admin


def get_organization(session: Session, organization_id: str) -> Organization:
    org = session.get(Organization, organization_id)
    if org is None:
        raise NotFound()
    return org


def settings_of(session: Session, organization_id: str) -> dict:
    """The settings other services cache (omni_common.orgcache), as identity's internal route answers them."""
    return OrganizationSettings.model_validate(get_organization(session, organization_id)).model_dump(mode="json")


def current_organization(session: Session, principal: Principal) -> Organization:
    return get_organization(session, principal.organization_id)


def update_organization(
    session: Session, ctx: IdentityContext, principal: Principal, patch: OrganizationPatch
) -> Organization:
    org = current_organization(session, principal)
    before = org.as_dict()
    for field, value in patch_changes(patch, nullable=RETENTION_FIELDS).items():
        setattr(org, field, value)
    old, new = diff(before, org.as_dict())
    if new:
        ctx.audit.record(
            session,
            organization_id=org.id,
            entity="organization",
            entity_id=org.id,
            action="update",
            before=old,
            after=new,
            actor_id=principal.user_id,
        )
        # Other services keep the settings in Redis: let them see the change at once.
        after_commit(session, lambda: orgcache.forget(ctx.cache.redis, org.id))
    return org


CONFIRM_MISMATCH = "Type the organization's name exactly as it is written, to confirm that it is to be closed."


def close_organization(
    session: Session, ctx: IdentityContext, principal: Principal, body: CloseOrganization
) -> OrganizationClosed:
    """Close the caller's organization for good: every login session ends now (so every service
    refuses every token already issued from the next request on), every invitation, reset link and
    code stops working, every sign-in answers as a wrong password does, and its data is purged in
    every service OMNI_CLOSED_ORG_PURGE_DAYS later. There is no reopening through the API."""
    org = session.get(Organization, principal.organization_id, with_for_update=True)
    if org is None or org.closed_at is not None:
        raise NotFound()
    if body.confirm.strip() != org.name:
        raise Invalid.field("confirm", CONFIRM_MISMATCH, code="mismatch")
    now = utcnow()
    org.closed_at, org.closed_by = now, principal.user_id
    purge_at = now + timedelta(days=ctx.settings.closed_org_purge_days)
    ended = end_organization_sessions(
        session, org, "organization_closed", audit=ctx.audit, cache=ctx.cache, actor_id=principal.user_id
    )
    account_tokens.use_open_of_organization(session, org.id, now)
    ctx.audit.record(
        session,
        organization_id=org.id,
        entity="organization",
        entity_id=org.id,
        action="close",
        after={"closed_at": now, "purge_at": purge_at, "sessions_ended": ended},
        actor_id=principal.user_id,
    )
    after_commit(session, lambda: orgcache.forget(ctx.cache.redis, org.id))
    return OrganizationClosed(id=org.id, name=org.name, closed_at=now, purge_at=purge_at)
