"""TOTP two-factor (RFC 6238) with recovery codes: enrol, enable, verify at sign-in, disable, reset."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy.orm import Session

from identity.auth.passwords import verify_password
from identity.config import Settings
from identity.context import IdentityContext
from identity.organizations.models import Organization
from identity.two_factor import repository
from identity.two_factor.models import RecoveryCode
from identity.users.models import User
from omni_common.auth.principal import Principal, Role
from omni_common.db.base import utcnow
from omni_common.errors import Conflict, Invalid
from omni_common.tenancy import get_or_404

ISSUER = "Omnipresence"
RECOVERY_CODES = 10
# Letters and digits nobody confuses when copying from paper (no 0/O, 1/I/L).
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


@dataclass
class Enrolment:
    secret: str
    otpauth_uri: str
    qr_code: str  # a data: URI of an SVG image (the CSP allows data: images, nothing inline)

    def as_dict(self) -> dict:
        return {"secret": self.secret, "otpauth_uri": self.otpauth_uri, "qr_code": self.qr_code}


def _fernet(settings: Settings) -> Fernet:
    key = hashlib.sha256(settings.derive("totp-secret-encryption").encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(settings: Settings, secret: str) -> str:
    return _fernet(settings).encrypt(secret.encode()).decode()


def unseal(settings: Settings, sealed: str) -> str | None:
    try:
        return _fernet(settings).decrypt(sealed.encode()).decode()
    except InvalidToken:
        return None


def start_enrolment(settings: Settings, user: User) -> Enrolment:
    """A new secret for the user, kept sealed and not yet enabled until a code from it is shown."""
    secret = pyotp.random_base32()
    user.totp_secret = seal(settings, secret)
    user.totp_enabled_at = None
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    qr = segno.make(uri, error="m").svg_data_uri(scale=4, border=2, dark="#000000", light="#ffffff")
    return Enrolment(secret, uri, qr)


def _normalise_recovery(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def _hash_recovery(code: str) -> str:
    return hashlib.sha256(_normalise_recovery(code).encode()).hexdigest()


def new_recovery_codes(session: Session, user: User) -> list[str]:
    repository.delete_of_user(session, user.id)
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
        code = f"{raw[:5]}-{raw[5:]}"
        session.add(RecoveryCode(user_id=user.id, code_hash=_hash_recovery(code)))
        codes.append(code)
    return codes


def check_totp(settings: Settings, user: User, code: str) -> bool:
    """A code of the current time step (or one either side, for clock drift), each usable once."""
    if not user.totp_secret:
        return False
    secret = unseal(settings, user.totp_secret)
    digits = "".join(c for c in code if c.isdigit())
    if secret is None or len(digits) != 6:
        return False
    totp = pyotp.TOTP(secret)
    now = int(time.time())
    for offset in (0, -1, 1):
        step = now // totp.interval + offset
        if secrets.compare_digest(totp.at(step * totp.interval), digits):
            if user.totp_last_step is not None and step <= user.totp_last_step:
                return False  # replayed
            user.totp_last_step = step
            return True
    return False


def use_recovery_code(session: Session, user: User, code: str) -> bool:
    if len(_normalise_recovery(code)) != 10:
        return False
    row = repository.unused(session, user.id, _hash_recovery(code))
    if row is None:
        return False
    row.used_at = utcnow()
    return True


def verify_second_factor(session: Session, settings: Settings, user: User, code: str) -> str | None:
    """'totp' or 'recovery_code' when the code is right, else None."""
    if check_totp(settings, user, code):
        return "totp"
    if use_recovery_code(session, user, code):
        return "recovery_code"
    return None


def remaining_recovery_codes(session: Session, user: User) -> int:
    return repository.count_unused(session, user.id)


def clear(session: Session, user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    repository.delete_of_user(session, user.id)


# --- the use cases (the user's own, and an administrator's reset) ------------------------------

ALREADY_ON = "Two-factor sign-in is already on. Turn it off first to set it up again."
REQUIRED_FOR_ADMINS = "Your organization requires administrators to use two-factor sign-in."


def setup(session: Session, ctx: IdentityContext, principal: Principal) -> Enrolment:
    user = _me(session, principal)
    if user.two_factor_enabled:
        raise Conflict(ALREADY_ON)
    enrolment = start_enrolment(ctx.settings, user)
    ctx.audit.record(
        session,
        organization_id=user.organization_id,
        entity="user",
        entity_id=user.id,
        action="two_factor_setup",
        actor_id=user.id,
    )
    return enrolment


def enable(session: Session, ctx: IdentityContext, principal: Principal, code: str) -> list[str]:
    user = _me(session, principal)
    if user.two_factor_enabled:
        raise Conflict(ALREADY_ON)
    if not user.totp_secret:
        raise Invalid.field("code", "Start the set-up first: scan the QR code, then enter a code.", "not_started")
    if not check_totp(ctx.settings, user, code):
        raise Invalid.field(
            "code", "That code is not right. Enter the current code from your authenticator app.", "wrong_code"
        )
    return turn_on(session, ctx, user)


def turn_on(session: Session, ctx: IdentityContext, user: User) -> list[str]:
    """Two-factor on, once a code proved the app holds the secret: new recovery codes, audited."""
    user.totp_enabled_at = utcnow()
    codes = new_recovery_codes(session, user)
    ctx.audit.record(
        session,
        organization_id=user.organization_id,
        entity="user",
        entity_id=user.id,
        action="two_factor_enable",
        after={"two_factor_enabled": True},
        actor_id=user.id,
    )
    return codes


def disable(session: Session, ctx: IdentityContext, principal: Principal, password: str) -> None:
    user = _me(session, principal)
    if not verify_password(user.password_hash, password):
        raise Invalid.field("password", "The password is incorrect.", "wrong_password")
    org = session.get(Organization, user.organization_id)
    if user.two_factor_enabled and org.require_admin_two_factor and user.role == Role.admin:
        raise Conflict(REQUIRED_FOR_ADMINS)
    was_on = user.two_factor_enabled
    clear(session, user)
    if was_on:
        ctx.audit.record(
            session,
            organization_id=user.organization_id,
            entity="user",
            entity_id=user.id,
            action="two_factor_disable",
            before={"two_factor_enabled": True},
            after={"two_factor_enabled": False},
            actor_id=user.id,
        )


def reset_for_user(session: Session, ctx: IdentityContext, principal: Principal, user_id: str) -> User:
    """An administrator turns a user's two-factor off (a lost phone); they set it up again."""
    user = get_or_404(session, User, user_id, principal, for_update=True)
    was_on = user.two_factor_enabled
    clear(session, user)
    ctx.audit.record(
        session,
        organization_id=user.organization_id,
        entity="user",
        entity_id=user.id,
        action="two_factor_reset",
        before={"two_factor_enabled": was_on},
        after={"two_factor_enabled": False},
        actor_id=principal.user_id,
    )
    return user


def _me(session: Session, principal: Principal) -> User:
    return get_or_404(session, User, principal.user_id, principal, for_update=True)
