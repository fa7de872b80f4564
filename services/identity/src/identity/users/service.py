"""Users of an organization: list, create, change, deactivate."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from identity.auth.passwords import hash_password
from identity.auth.service import AuthContext
from identity.login_sessions.service import end_user_sessions, republish_user_sessions
from identity.organizations.models import Organization
from identity.users.models import User
from identity.users.schemas import UserCreate, UserOut, UserPatch
from omni_common.audit import diff
from omni_common.auth.principal import Principal, Role
from omni_common.db.base import utcnow
from omni_common.errors import Conflict, Invalid
from omni_common.pagination import Page, cursor_key, page_of
from omni_common.schemas import LIKE_ESCAPE, contains, patch_changes
from omni_common.tenancy import get_or_404, select_scoped

EMAIL_TAKEN = "This email is already in use."


def email_taken(session: Session, email: str, *, except_id: str | None = None) -> bool:
    stmt = select(User.id).where(User.email == email)
    if except_id:
        stmt = stmt.where(User.id != except_id)
    return session.scalars(stmt.limit(1)).first() is not None


def list_users(
    session: Session, principal: Principal, *, cursor: str | None, limit: int, role: Role | None, q: str | None
) -> Page:
    stmt = select_scoped(User, principal)
    if role:
        stmt = stmt.where(User.role == role)
    if q:
        like = contains(q)
        stmt = stmt.where(
            func.lower(User.full_name).like(like, escape=LIKE_ESCAPE) | User.email.like(like, escape=LIKE_ESCAPE)
        )
    key = cursor_key(cursor)
    if key:
        stmt = stmt.where(User.id > str(key[0]))
    rows = session.scalars(stmt.order_by(User.id).limit(limit + 1)).all()
    return page_of([UserOut.model_validate(u) for u in rows], limit, lambda u: [u.id])


def new_user(
    session: Session, ctx: AuthContext, *, organization_id: str, body: UserCreate, actor_id: str | None
) -> User:
    if email_taken(session, body.email):
        raise Invalid.field("email", EMAIL_TAKEN)
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


def create_user(session: Session, ctx: AuthContext, principal: Principal, body: UserCreate) -> User:
    return new_user(session, ctx, organization_id=principal.organization_id, body=body, actor_id=principal.user_id)


def get_user(session: Session, principal: Principal, user_id: str) -> User:
    return get_or_404(session, User, user_id, principal)


def _active_admins(session: Session, organization_id: str) -> int:
    return session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.organization_id == organization_id, User.role == Role.admin, User.is_active.is_(True))
    )


def _keep_an_admin(session: Session, user: User) -> None:
    if user.role == Role.admin and user.is_active and _active_admins(session, user.organization_id) <= 1:
        raise Conflict("An organization needs at least one active administrator.", title="Last administrator")


def update_user(session: Session, ctx: AuthContext, principal: Principal, user_id: str, patch: UserPatch) -> User:
    user = get_or_404(session, User, user_id, principal, for_update=True)
    changes = patch_changes(patch, nullable=("participant_id",))
    before = user.as_dict()
    if (
        "email" in changes
        and changes["email"] != user.email
        and email_taken(session, changes["email"], except_id=user.id)
    ):
        raise Invalid.field("email", EMAIL_TAKEN)
    if changes.get("role", user.role) != user.role:
        _keep_an_admin(session, user)
    # Tokens carry the role and the linked participant: changing either forces a token refresh.
    authz_changed = any(k in changes and changes[k] != before[k] for k in ("role", "participant_id"))
    password = changes.pop("password", None)
    for field, value in changes.items():
        setattr(user, field, value)
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


def deactivate_user(session: Session, ctx: AuthContext, principal: Principal, user_id: str) -> None:
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
