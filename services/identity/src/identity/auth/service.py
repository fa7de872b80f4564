"""Sign-in, token refresh and sign-out."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from identity.auth.passwords import hash_password, needs_rehash, verify_password
from identity.auth.schemas import Login
from identity.config import Settings
from identity.keys.service import KeyRing
from identity.login_sessions.models import LoginSession, RefreshToken
from identity.login_sessions.service import current_state, end_session, load_session
from identity.organizations.models import Organization
from identity.users.models import User
from omni_common.audit import AuditWriter
from omni_common.auth.sessions import LoginSessions
from omni_common.db.base import utcnow
from omni_common.errors import Unauthorized
from omni_common.ids import new_id


@dataclass
class Tokens:
    access_token: str
    expires_in: int
    refresh_token: str
    user: User


@dataclass
class AuthContext:
    """What the auth use cases need besides the database session."""

    settings: Settings
    keyring: KeyRing
    audit: AuditWriter
    cache: LoginSessions


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_access_token(ctx: AuthContext, user: User, org: Organization, sid: str) -> tuple[str, int]:
    now = int(time.time())
    ttl = ctx.settings.access_token_ttl_seconds
    claims = {
        "iss": ctx.settings.jwt_issuer,
        "aud": ctx.settings.jwt_audience,
        "sub": user.id,
        "org": user.organization_id,
        "role": user.role,
        "sid": sid,
        "pid": user.participant_id,
        "tz": org.timezone,
        "av": user.authz_version,
        "typ": "access",
        "iat": now,
        "nbf": now,
        "exp": now + ttl,
        "jti": secrets.token_urlsafe(12),
    }
    return ctx.keyring.sign(claims), ttl


def _issue_refresh_token(session: Session, ctx: AuthContext, sid: str) -> str:
    raw = secrets.token_urlsafe(32)
    session.add(
        RefreshToken(
            token_hash=_hash_token(raw),
            session_id=sid,
            expires_at=utcnow() + timedelta(seconds=ctx.settings.refresh_token_ttl_seconds),
        )
    )
    return raw


INVALID_CREDENTIALS = "The email or password is incorrect."


def login(
    session: Session, ctx: AuthContext, body: Login, *, client_address: str | None, user_agent: str | None
) -> Tokens:
    user = session.scalars(select(User).where(User.email == body.email)).one_or_none()
    password_ok = verify_password(user.password_hash if user else None, body.password)
    if user is None or not password_ok or not user.is_active:
        # One answer whether or not the email exists (SPEC §3.2); the attempt is kept.
        ctx.audit.record(
            session,
            organization_id=user.organization_id if user else None,
            entity="user",
            entity_id=user.id if user else None,
            action="login_failed",
            after={"client_address": client_address},
            actor_id=user.id if user else None,
        )
        raise Unauthorized(INVALID_CREDENTIALS, slug="invalid-credentials", commit_changes=True)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(body.password)
    org = session.get(Organization, user.organization_id)
    row = LoginSession(
        id=new_id(),
        organization_id=user.organization_id,
        user_id=user.id,
        user_agent=(user_agent or "")[:255] or None,
        client_address=client_address,
    )
    session.add(row)
    user.last_login_at = utcnow()
    refresh = _issue_refresh_token(session, ctx, row.id)
    access, ttl = issue_access_token(ctx, user, org, row.id)
    ctx.audit.record(
        session,
        organization_id=user.organization_id,
        entity="login_session",
        entity_id=row.id,
        action="login",
        after={"user_id": user.id, "client_address": client_address},
        actor_id=user.id,
    )
    return Tokens(access, ttl, refresh, user)


SESSION_OVER = "Your session has ended; please sign in again."


def refresh(session: Session, ctx: AuthContext, raw_token: str) -> Tokens:
    token = session.scalars(
        select(RefreshToken).where(RefreshToken.token_hash == _hash_token(raw_token)).with_for_update()
    ).one_or_none()
    if token is None:
        raise Unauthorized(SESSION_OVER, slug="session-ended")
    loaded = load_session(session, token.session_id, lock=True)
    row, user, org = loaded
    if token.used_at is not None:
        # A refresh token is good once. Seeing it again means it was copied: end the session for
        # whoever holds it, the thief and the user alike.
        end_session(session, row, user, org, "refresh_reuse", audit=ctx.audit, cache=ctx.cache)
        raise Unauthorized(SESSION_OVER, slug="session-ended", commit_changes=True)
    now = utcnow()
    if token.expires_at <= now:
        raise Unauthorized(SESSION_OVER, slug="session-ended")
    # Refreshing is not activity; but the cache's record of activity is, so bring it in.
    state = current_state(
        session, row.id, last_seen=ctx.cache.last_seen(row.id), touch=False, audit=ctx.audit, cache=ctx.cache
    )
    if state is None or not state.active:
        raise Unauthorized(SESSION_OVER, slug="session-ended", commit_changes=True)
    token.used_at = now
    new_refresh = _issue_refresh_token(session, ctx, row.id)
    access, ttl = issue_access_token(ctx, user, org, row.id)
    return Tokens(access, ttl, new_refresh, user)


def logout(session: Session, ctx: AuthContext, *, sid: str | None, raw_token: str | None) -> None:
    """End the session named by the access token, or else the one the refresh token belongs to."""
    if sid is None and raw_token:
        token = session.scalars(
            select(RefreshToken).where(RefreshToken.token_hash == _hash_token(raw_token))
        ).one_or_none()
        sid = token.session_id if token else None
    if sid is None:
        return
    loaded = load_session(session, sid, lock=True)
    if loaded is not None:
        row, user, org = loaded
        end_session(session, row, user, org, "logout", audit=ctx.audit, cache=ctx.cache)
