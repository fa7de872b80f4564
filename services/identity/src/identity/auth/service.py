"""Sign-in, token refresh and sign-out."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from identity.accounts import tokens as account_tokens
from identity.auth.passwords import hash_password, needs_rehash, verify_password
from identity.auth.schemas import Login, TwoFactorEnrol
from identity.context import IdentityContext
from identity.login_sessions import repository as login_sessions
from identity.login_sessions.models import LoginSession, RefreshToken
from identity.login_sessions.service import current_state, end_session, load_session
from identity.organizations.models import Organization
from identity.two_factor import service as two_factor
from identity.users import repository as users
from identity.users.models import User
from omni_common.auth.principal import Principal, Role
from omni_common.db.base import utcnow
from omni_common.errors import FieldError, Forbidden, Invalid, Unauthorized
from omni_common.ids import new_id
from omni_common.tenancy import get_or_404


@dataclass
class Tokens:
    access_token: str
    expires_in: int
    refresh_token: str
    user: User


def me(session: Session, principal: Principal) -> User:
    return get_or_404(session, User, principal.user_id, principal)


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_access_token(ctx: IdentityContext, user: User, org: Organization, sid: str) -> tuple[str, int]:
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


def _issue_refresh_token(session: Session, ctx: IdentityContext, sid: str) -> str:
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
CODE_REQUIRED = "Enter the 6-digit code from your authenticator app, or one of your recovery codes."
CODE_WRONG = "That code is not right. Enter the current code from your authenticator app, or a recovery code."
ENROLMENT_REQUIRED = (
    "Your organization requires administrators to use two-factor sign-in. Set it up now to finish signing in."
)
ENROLMENT_OVER = "This sign-in step has expired. Please sign in again."


def record_failure(
    session: Session, ctx: IdentityContext, email: str, user: User | None, client_address: str | None, reason: str
) -> None:
    """Count a failed sign-in for the (email, address) pair and the address, and audit it."""
    failure = ctx.throttle.failed(email, client_address) if ctx.throttle else None
    ctx.audit.record(
        session,
        organization_id=user.organization_id if user else None,
        entity="user",
        entity_id=user.id if user else None,
        action="login_failed",
        after={"client_address": client_address, "reason": reason, "failures": failure.count if failure else None},
        actor_id=user.id if user else None,
    )
    if failure and failure.blocked_now:
        ctx.audit.record(
            session,
            organization_id=user.organization_id if user else None,
            entity="user",
            entity_id=user.id if user else None,
            action="login_blocked",
            after={"client_address": client_address, "block_seconds": ctx.settings.login_block_seconds},
            actor_id=user.id if user else None,
        )


def start_session(
    session: Session,
    ctx: IdentityContext,
    user: User,
    org: Organization,
    *,
    client_address: str | None,
    user_agent: str | None,
    method: str = "password",
) -> Tokens:
    if org.closed_at is not None:  # every way in is shut once the organization is closed
        raise Unauthorized(INVALID_CREDENTIALS, slug="invalid-credentials")
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
        after={"user_id": user.id, "client_address": client_address, "method": method},
        actor_id=user.id,
    )
    return Tokens(access, ttl, refresh, user)


def login(
    session: Session, ctx: IdentityContext, body: Login, *, client_address: str | None, user_agent: str | None
) -> Tokens:
    if ctx.throttle:
        ctx.throttle.check(body.email, client_address)  # blocked: 429 at once, no password checked
    user = users.by_email(session, body.email)
    password_ok = verify_password(user.password_hash if user else None, body.password)
    org = session.get(Organization, user.organization_id) if user else None
    if user is None or not password_ok or not user.is_active or org.closed_at is not None:
        # One answer whether or not the email exists, or its organization was closed (SPEC §3.2,
        # §8); the attempt is kept.
        record_failure(session, ctx, body.email, user, client_address, "password")
        raise Unauthorized(INVALID_CREDENTIALS, slug="invalid-credentials", commit_changes=True)
    method = "password"
    if user.two_factor_enabled:
        # Only someone who knows the password learns that a second factor is wanted.
        if not body.totp:
            raise Unauthorized(CODE_REQUIRED, slug="two-factor-required")
        second = two_factor.verify_second_factor(session, ctx.settings, user, body.totp)
        if second is None:
            record_failure(session, ctx, body.email, user, client_address, "two_factor")
            raise Unauthorized(CODE_WRONG, slug="two-factor-invalid", commit_changes=True)
        method = second
    elif org.require_admin_two_factor and user.role == Role.admin:
        raise _enrolment_required(session, ctx, user)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(body.password)
    if ctx.throttle:
        ctx.throttle.succeeded(body.email, client_address)
    return start_session(session, ctx, user, org, client_address=client_address, user_agent=user_agent, method=method)


def _enrolment_required(session: Session, ctx: IdentityContext, user: User) -> Forbidden:
    """An administrator of an organization that requires two-factor, without it: no session yet,
    but a short-lived enrolment token and a new secret to set it up with."""
    enrolment = two_factor.start_enrolment(ctx.settings, user)
    account_tokens.revoke_open(session, user.id, account_tokens.TWO_FACTOR_ENROLMENT)
    _, raw = account_tokens.issue(
        session,
        purpose=account_tokens.TWO_FACTOR_ENROLMENT,
        organization_id=user.organization_id,
        user_id=user.id,
        ttl=timedelta(minutes=15),
    )
    ctx.audit.record(
        session,
        organization_id=user.organization_id,
        entity="user",
        entity_id=user.id,
        action="two_factor_enrolment_required",
        actor_id=user.id,
    )
    return Forbidden(
        ENROLMENT_REQUIRED,
        slug="two-factor-enrolment-required",
        commit_changes=True,
        enrolment_token=raw,
        **enrolment.as_dict(),
    )


def enrol_at_sign_in(
    session: Session, ctx: IdentityContext, body: TwoFactorEnrol, *, client_address: str | None, user_agent: str | None
) -> tuple[Tokens, list[str]]:
    """Finish a sign-in that had to set up two-factor first: the code proves the app has the secret."""
    token = account_tokens.find_usable(session, body.enrolment_token, account_tokens.TWO_FACTOR_ENROLMENT)
    user = session.get(User, token.user_id, with_for_update=True) if token else None
    if token is None or user is None or not user.is_active:
        raise Unauthorized(ENROLMENT_OVER, slug="enrolment-expired")
    if ctx.throttle:
        ctx.throttle.check(user.email, client_address)
    if not two_factor.check_totp(ctx.settings, user, body.code):
        record_failure(session, ctx, user.email, user, client_address, "two_factor_enrolment")
        raise Invalid([FieldError("code", CODE_WRONG, "wrong_code")], commit_changes=True)
    token.used_at = utcnow()
    codes = two_factor.turn_on(session, ctx, user)
    org = session.get(Organization, user.organization_id)
    tokens = start_session(session, ctx, user, org, client_address=client_address, user_agent=user_agent, method="totp")
    return tokens, codes


SESSION_OVER = "Your session has ended; please sign in again."


def refresh(session: Session, ctx: IdentityContext, raw_token: str) -> Tokens:
    token = login_sessions.refresh_token(session, _hash_token(raw_token), lock=True)
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
    if ctx.throttle:
        ctx.throttle.refreshing(row.id)  # per login session: a looping client is refused alone
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


def logout(session: Session, ctx: IdentityContext, *, sid: str | None, raw_token: str | None) -> None:
    """End the session named by the access token, or else the one the refresh token belongs to."""
    if sid is None and raw_token:
        token = login_sessions.refresh_token(session, _hash_token(raw_token))
        sid = token.session_id if token else None
    if sid is None:
        return
    loaded = load_session(session, sid, lock=True)
    if loaded is not None:
        row, user, org = loaded
        end_session(session, row, user, org, "logout", audit=ctx.audit, cache=ctx.cache)
