"""Identity's part of a participant's export (subject access, SPEC §8), for the gateway once
presence has said the caller may have it: the login linked to the participant, its sign-ins, and
identity's audit entries about them. Secrets (password hash, two-factor secret) are never in it."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from identity.database import AuditLog
from identity.subject_access import repository
from omni_common.audit import AuditEntry
from omni_common.redaction import audit_about, like_patterns, mentioning


class SignInOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    created_at: datetime
    last_activity_at: datetime
    ended_at: datetime | None
    end_reason: str | None
    user_agent: str | None
    client_address: str | None


class LoginOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    email: str
    pending_email: str | None = None
    full_name: str
    role: str
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None
    deactivated_at: datetime | None
    two_factor_enabled: bool
    sessions: list[SignInOut] = []


def export(session: Session, organization_id: str, participant_id: str) -> dict:
    users = repository.linked_users(session, organization_id, participant_id)
    user_ids = [u.id for u in users]
    signins = repository.login_sessions(session, organization_id, user_ids)
    logins = []
    for user in users:
        login = LoginOut.model_validate(user)
        login.sessions = [SignInOut.model_validate(s) for s in signins if s.user_id == user.id]
        logins.append(login.model_dump(mode="json"))
    found = {}
    for entity, ids in (
        ("user", user_ids),
        ("login_session", [s.id for s in signins]),
        ("invitation_code", [t.id for t in repository.codes_naming(session, organization_id, participant_id)]),
        ("participant", [participant_id]),
    ):
        found.update({e.id: e for e in audit_about(session, AuditLog, organization_id, entity, ids)})
    columns = [AuditLog.before, AuditLog.after]
    patterns = like_patterns([participant_id, *user_ids])
    found.update({e.id: e for e in mentioning(session, AuditLog, organization_id, columns, patterns)})
    audit = sorted(found.values(), key=lambda e: (e.created_at, e.id), reverse=True)
    return {
        "user": logins[0] if logins else None,
        "audit": [AuditEntry.model_validate(e).model_dump(mode="json") for e in audit],
    }
