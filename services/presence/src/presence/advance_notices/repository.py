"""The queries advance notices are read and applied with."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal, Role
from omni_common.tenancy import select_in_org, select_scoped
from presence.advance_notices.models import AdvanceNotice
from presence.groups.models import Membership
from presence.participants import repository as participants
from presence.participants.models import Participant
from presence.records.models import PresenceRecord
from presence.sessions.models import Session
from presence.sessions.schemas import Status


def visible(db: DbSession, principal: Principal):
    """Notices the caller may see: all, a frontline user's groups' members', or a participant's own."""
    stmt = select_scoped(AdvanceNotice, principal)
    if principal.role in (Role.admin, Role.manager):
        return stmt
    if principal.role == Role.frontline:
        members = participants.visible(db, principal).with_only_columns(Participant.id)
        return stmt.where(AdvanceNotice.participant_id.in_(members))
    return stmt.where(AdvanceNotice.participant_id == (principal.participant_id or ""))


def get(db: DbSession, principal: Principal, notice_id: str, *, for_update: bool = False) -> AdvanceNotice | None:
    stmt = visible(db, principal).where(AdvanceNotice.id == notice_id)
    return db.scalars(stmt.with_for_update() if for_update else stmt).one_or_none()


def page(
    db: DbSession,
    principal: Principal,
    *,
    status: str | None,
    participant_id: str | None,
    before: str | None,
    limit: int,
) -> list[tuple[AdvanceNotice, str]]:
    """Newest first, each with the participant's name, ``limit + 1`` of them."""
    stmt = (
        visible(db, principal)
        .add_columns(Participant.name)
        .join(Participant, Participant.id == AdvanceNotice.participant_id)
    )
    if status:
        stmt = stmt.where(AdvanceNotice.status == status)
    if participant_id:
        stmt = stmt.where(AdvanceNotice.participant_id == participant_id)
    if before:
        stmt = stmt.where(AdvanceNotice.id < before)
    return [(n, name) for n, name in db.execute(stmt.order_by(AdvanceNotice.id.desc()).limit(limit + 1))]


def pending(db: DbSession, principal: Principal) -> int:
    waiting = visible(db, principal).where(AdvanceNotice.status == "requested").subquery()
    return db.scalar(select(func.count()).select_from(waiting)) or 0


def memberships_of(db: DbSession, participant_id: str) -> list:
    """Plain rows (group_id, starts_at, ends_at) of every membership the participant has had."""
    return list(
        db.execute(
            select(Membership.group_id, Membership.starts_at, Membership.ends_at).where(
                Membership.participant_id == participant_id
            )
        )
    )


def sessions_to_fill(
    db: DbSession, organization_id: str, group_ids, starts_from: datetime, starts_before: datetime, now: datetime
) -> list[Session]:
    """The groups' sessions starting in the span that have not ended and are not cancelled."""
    if not group_ids:
        return []
    return list(
        db.scalars(
            select_in_org(Session, organization_id).where(
                Session.group_id.in_(group_ids),
                Session.starts_at >= starts_from,
                Session.starts_at < starts_before,
                Session.ends_at > now,
                Session.status != Status.cancelled,
            )
        )
    )


def recorded_sessions(db: DbSession, participant_id: str, session_ids: list[str]) -> set[str]:
    """Of these sessions, those in which the participant already has a record."""
    if not session_ids:
        return set()
    return set(
        db.scalars(
            select(PresenceRecord.session_id).where(
                PresenceRecord.participant_id == participant_id, PresenceRecord.session_id.in_(session_ids)
            )
        )
    )


def approved_overlapping(db: DbSession, organization_id: str, first: date, last: date) -> list[AdvanceNotice]:
    """Approved notices of the organization that cover any day from ``first`` to ``last``."""
    return list(
        db.scalars(
            select_in_org(AdvanceNotice, organization_id).where(
                AdvanceNotice.status == "approved", AdvanceNotice.to_date >= first, AdvanceNotice.from_date <= last
            )
        )
    )
