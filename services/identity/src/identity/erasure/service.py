"""Identity's part of a participant's erasure (SPEC §6.5), asked by presence's worker with ids
only: the login linked to the participant loses its email (replaced by an address that can never
be signed in with), its name, password, two-factor secret and recovery codes; its sessions end at
once (every service refuses its tokens from the next request, and its refresh tokens with them),
so signing in with the old email answers exactly as a wrong password does. Invitation codes that
named the participant lose the name; mails that named them (tagged with their id by presence, or
sent to the login) are redacted and, if not sent yet, not sent at all; the audit log keeps ids,
actions and times. Idempotent: once done, asking again changes nothing."""

from __future__ import annotations

from sqlalchemy.orm import Session

from identity.context import IdentityContext
from identity.database import AuditLog, Base
from identity.erasure import repository
from identity.login_sessions.service import end_user_sessions
from identity.organizations.models import Organization
from identity.users.models import User
from omni_common.db.base import utcnow
from omni_common.db.provision import lift_append_only
from omni_common.redaction import (
    ERASED,
    PARTICIPANT_LABEL,
    USER_LABEL,
    ErasureRequest,
    Redactor,
    audit_about,
    erased_before,
    like_patterns,
    mentioning,
)

ERASED_DOMAIN = "erased.invalid"


def erase(session: Session, ctx: IdentityContext, body: ErasureRequest) -> dict:
    """On the purge user's database, in one transaction."""
    lift_append_only(session, Base.metadata)
    organization_id, participant_id = body.organization_id, body.participant_id
    if erased_before(session, AuditLog, organization_id, participant_id):
        return {"erased": True, "users": 0}
    users = repository.linked_users(session, organization_id, participant_id, lock=True)
    user_ids = [u.id for u in users]
    tokens = repository.tokens(session, organization_id, participant_id, user_ids)
    values = {t.full_name: PARTICIPANT_LABEL for t in tokens if t.full_name}
    for user in users:
        values |= {user.email: ERASED, user.full_name: USER_LABEL}
        if user.pending_email:
            values[user.pending_email] = ERASED
    redactor = Redactor(values=values, ids={participant_id, *user_ids})
    for entity, ids in (("user", user_ids), ("invitation_code", [t.id for t in tokens])):
        for entry in audit_about(session, AuditLog, organization_id, entity, ids):
            redactor.row(entry, ("before", "after"), ("detail",), about=True)
    patterns = like_patterns([*redactor.searched_values, participant_id, *user_ids])
    for entry in mentioning(
        session, AuditLog, organization_id, [AuditLog.before, AuditLog.after, AuditLog.detail], patterns
    ):
        redactor.row(entry, ("before", "after"), ("detail",))
    redact_mail(session, redactor, organization_id, participant_id, users, patterns)
    now = utcnow()
    for token in tokens:
        token.full_name, token.used_at = None, token.used_at or now
    org = session.get(Organization, organization_id)
    for user in users:
        erase_login(session, ctx, user, org)
    ctx.audit.record(
        session,
        organization_id=organization_id,
        entity="participant",
        entity_id=participant_id,
        action="erase",
        after={"user_ids": user_ids, "tokens": len(tokens)},
    )
    return {"erased": True, "users": len(users)}


def erase_login(session: Session, ctx: IdentityContext, user: User, org: Organization) -> None:
    now = utcnow()
    user.email, user.pending_email = f"erased-{user.id}@{ERASED_DOMAIN}", None
    user.full_name = USER_LABEL
    user.password_hash = user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
    if user.is_active:
        user.is_active, user.deactivated_at = False, now
    user.authz_version += 1
    end_user_sessions(session, user, org, "erased", audit=ctx.audit, cache=ctx.cache, actor_id=None)
    repository.forget_sessions(session, user.id)
    repository.delete_recovery_codes(session, user.id)


def redact_mail(
    session: Session, redactor: Redactor, organization_id: str, participant_id: str, users: list[User], patterns
) -> None:
    """Mails naming them: by value, and whole for those tagged with them or sent to the login. Not
    sent yet, they are not sent at all (the mail task finds them done)."""
    theirs = {a.casefold() for u in users for a in (u.email, u.pending_email) if a}
    others = repository.other_addresses(session, organization_id, [u.id for u in users])
    now = utcnow()
    for message in repository.mail_mentioning(session, organization_id, patterns):
        kwargs, changed = redactor.changed(message.kwargs)
        to = str(message.kwargs.get("to") or "")
        whole = participant_id in (message.kwargs.get("participant_ids") or []) or to.casefold() in theirs
        if whole:
            kwargs |= {"subject": ERASED, **({"body": ""} if "body" in kwargs else {})}
            if to and to.casefold() not in others:
                kwargs["to"] = ERASED
        if changed or whole:
            message.kwargs = kwargs
            if message.done_at is None:
                message.done_at = now
