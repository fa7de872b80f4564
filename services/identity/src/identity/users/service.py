"""Users of an organization: list, create, change, deactivate."""

from __future__ import annotations

from sqlalchemy.orm import Session

from identity.accounts import email_change, existing_email
from identity.auth.passwords import hash_password
from identity.context import IdentityContext
from identity.login_sessions.service import end_user_sessions, republish_user_sessions
from identity.organizations.models import Organization
from identity.users import repository
from identity.users.models import User
from identity.users.schemas import UserCreate, UserOut, UserPatch
from omni_common.audit import diff
from omni_common.auth.principal import Principal, Role
from omni_common.db.base import utcnow
from omni_common.errors import Conflict, Invalid
from omni_common.pagination import Page, cursor_key, page_of
from omni_common.schemas import patch_changes
from omni_common.tenancy import get_or_404

EMAIL_TAKEN = "This email is already in use."


def email_taken(session: Session, email: str, *, except_id: str | None = None) -> bool:
    return repository.email_taken(session, email, except_id=except_id)


def list_users(
    session: Session, principal: Principal, *, cursor: str | None, limit: int, role: Role | None, q: str | None
) -> Page:
    key = cursor_key(cursor, str)
    rows = repository.page(session, principal, role=role, q=q, after_id=key[0] if key else None, limit=limit)
    return page_of([UserOut.model_validate(u) for u in rows], limit, lambda u: [u.id])


def new_user(
    session: Session, ctx: IdentityContext, *, organization_id: str, body: UserCreate, actor_id: str | None
) -> User:
    if email_taken(session, body.email):
        raise Invalid.field("email", EMAIL_TAKEN, "duplicate")
    user = User(
        organization_id=organization_id,
        email=body.email,
        full_name=body.full_name,
        role=body.role,
        password_hash=hash_password(body.password) if body.password else None,
        participant_id=body.participant_id,
    )
    session.add(user)
    session.flush()
    ctx.audit.record(
        session,
        organization_id=organization_id,
        entity="user",
        entity_id=user.id,
        action="create",
        after=user.as_dict() | {"password_set": bool(body.password)},
        actor_id=actor_id,
    )
    return user


def create_user(session: Session, ctx: IdentityContext, principal: Principal, body: UserCreate) -> User:
    """A user of the caller's organization. An email of another organization's user gets the answer
    a new one would, with nothing made and a mail to that address (existing_email)."""
    owner = existing_email.owner_of(session, body.email)
    if owner is not None and owner.organization_id != principal.organization_id:
        existing_email.same_work(body.password)
        org = session.get(Organization, principal.organization_id)
        existing_email.tell_owner(
            session, ctx, owner, attempt=f"at {org.name} tried to add a user", kind="user_email_taken"
        )
        return stand_in_user(principal, body)
    return new_user(session, ctx, organization_id=principal.organization_id, body=body, actor_id=principal.user_id)


def stand_in_user(principal: Principal, body: UserCreate) -> User:
    """The user a new email would have made, unsaved."""
    return existing_email.stand_in(
        User,
        organization_id=principal.organization_id,
        email=body.email,
        full_name=body.full_name,
        role=body.role,
        participant_id=body.participant_id,
        password_hash="" if body.password else None,
    )


def get_user(session: Session, principal: Principal, user_id: str) -> User:
    return get_or_404(session, User, user_id, principal)


def _keep_an_admin(session: Session, user: User) -> None:
    if (
        user.role == Role.admin
        and user.is_active
        and repository.count_active_admins(session, user.organization_id) <= 1
    ):
        raise Conflict("An organization needs at least one active administrator.", title="Last administrator")


def update_user(session: Session, ctx: IdentityContext, principal: Principal, user_id: str, patch: UserPatch) -> User:
    user = get_or_404(session, User, user_id, principal, for_update=True)
    changes = patch_changes(patch, nullable=("participant_id",))
    before = user.as_dict()
    # Another address is only asked for here: it takes effect when its mailbox confirms it.
    email = changes.pop("email", user.email)
    owner = existing_email.owner_of(session, email) if email != user.email else None
    # Another organization's address is answered as a free one would be (email_change).
    elsewhere = owner is not None and owner.organization_id != user.organization_id
    if owner is not None and not elsewhere:
        raise Invalid.field("email", EMAIL_TAKEN, "duplicate")
    if changes.get("role", user.role) != user.role:
        _keep_an_admin(session, user)
    # Tokens carry the role and the linked participant: changing either forces a token refresh.
    authz_changed = any(k in changes and changes[k] != before[k] for k in ("role", "participant_id"))
    password = changes.pop("password", None)
    for field, value in changes.items():
        setattr(user, field, value)
    if email != user.email:
        email_change.ask(session, ctx, principal, user, email, owner)
    org = session.get(Organization, user.organization_id)
    if authz_changed:
        user.authz_version += 1
    if password:
        user.password_hash = hash_password(password)
        # A password set by an administrator signs the user out everywhere.
        end_user_sessions(
            session, user, org, "password_reset", audit=ctx.audit, cache=ctx.cache, actor_id=principal.user_id
        )
    elif authz_changed:
        republish_user_sessions(session, user, org, cache=ctx.cache)
    old, new = diff(before, user.as_dict())
    if password:
        new["password_set"] = True
    if new:
        ctx.audit.record(
            session,
            organization_id=user.organization_id,
            entity="user",
            entity_id=user.id,
            action="update",
            before=old,
            after=new,
            actor_id=principal.user_id,
        )
    return user


def deactivate_user(session: Session, ctx: IdentityContext, principal: Principal, user_id: str) -> None:
    user = get_or_404(session, User, user_id, principal, for_update=True)
    if not user.is_active:
        return
    _keep_an_admin(session, user)
    user.is_active = False
    user.deactivated_at = utcnow()
    user.authz_version += 1
    org = session.get(Organization, user.organization_id)
    end_user_sessions(session, user, org, "deactivated", audit=ctx.audit, cache=ctx.cache, actor_id=principal.user_id)
    ctx.audit.record(
        session,
        organization_id=user.organization_id,
        entity="user",
        entity_id=user.id,
        action="deactivate",
        before={"is_active": True},
        after={"is_active": False},
        actor_id=principal.user_id,
    )


# --- what other services ask (internal routes) ---------------------------------------------------


def active_with_role(session: Session, organization_id: str, role: str) -> list[User]:
    """The organization's active users with ``role`` (for notifications to every admin, say)."""
    return repository.active_with_role(session, organization_id, role)


def lookup(session: Session, organization_id: str, ids: list[str]) -> list[User]:
    """The users of one organization among ``ids`` (others are simply not there)."""
    return repository.among(session, organization_id, ids) if ids else []
