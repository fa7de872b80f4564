"""The queries kiosks are made, found and logged with."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import and_, insert, or_, select
from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal, Role
from omni_common.ids import new_id
from omni_common.tenancy import in_org, select_in_org, select_scoped
from presence.groups.models import Group
from presence.kiosks.models import Kiosk, KioskAttempt, KioskSession
from presence.participants.models import Participant
from presence.sessions.models import Session

# Outcomes of a scan that got past the PIN (or needed none): they start a badge's count of wrong
# PINs again. (A scan without a PIN is logged as pin_required and counts for nothing.)
PIN_PASSED = ("checked_in", "checked_out", "not_expected")


def visible(principal: Principal):
    """Kiosks the caller may see: all of the organization's for an administrator, the ones they
    made for a frontline user."""
    stmt = select_scoped(Kiosk, principal)
    if principal.role != Role.admin:
        stmt = stmt.where(Kiosk.created_by == principal.user_id)
    return stmt


def get(db: DbSession, principal: Principal, kiosk_id: str, *, for_update: bool = False) -> Kiosk | None:
    stmt = visible(principal).where(Kiosk.id == kiosk_id)
    return db.scalars(stmt.with_for_update() if for_update else stmt).one_or_none()


def page(db: DbSession, principal: Principal, after: list | None, limit: int) -> list[Kiosk]:
    """Newest first, ``limit + 1`` of them to tell whether more follow."""
    stmt = visible(principal)
    if after:
        at, last = after
        stmt = stmt.where(or_(Kiosk.created_at < at, and_(Kiosk.created_at == at, Kiosk.id < last)))
    return list(db.scalars(stmt.order_by(Kiosk.created_at.desc(), Kiosk.id.desc()).limit(limit + 1)))


def sessions_of(db: DbSession, kiosk_ids: list[str]) -> dict[str, list[tuple[Session, Group]]]:
    """Each kiosk's sessions, with their groups, by start."""
    found: dict[str, list[tuple[Session, Group]]] = defaultdict(list)
    if kiosk_ids:
        rows = db.execute(
            select(KioskSession.kiosk_id, Session, Group)
            .join(Session, Session.id == KioskSession.session_id)
            .join(Group, Group.id == Session.group_id)
            .where(KioskSession.kiosk_id.in_(kiosk_ids))
            .order_by(Session.starts_at, Session.id)
        )
        for kiosk_id, session, group in rows:
            found[kiosk_id].append((session, group))
    return found


def participant_by_badge(db: DbSession, organization_id: str, badge: str) -> Participant | None:
    """The active participant whose external reference the badge carries, locked so that two
    scans of one badge count its wrong PINs one after the other."""
    return db.scalars(
        select_in_org(Participant, organization_id)
        .where(Participant.external_ref == badge, Participant.is_active.is_(True))
        .with_for_update()
    ).one_or_none()


def wrong_pins_since(db: DbSession, organization_id: str, participant_id: str, since: datetime) -> list[datetime]:
    """When this badge's PIN was wrong since ``since`` and since it last got past the PIN."""
    passed = db.scalar(
        select(KioskAttempt.at)
        .where(
            in_org(KioskAttempt, organization_id),
            KioskAttempt.participant_id == participant_id,
            KioskAttempt.outcome.in_(PIN_PASSED),
            KioskAttempt.at >= since,
        )
        .order_by(KioskAttempt.at.desc())
        .limit(1)
    )
    return list(
        db.scalars(
            select(KioskAttempt.at)
            .where(
                in_org(KioskAttempt, organization_id),
                KioskAttempt.participant_id == participant_id,
                KioskAttempt.outcome == "wrong_pin",
                KioskAttempt.at > (passed or since),
            )
            .order_by(KioskAttempt.at)
        )
    )


def log_attempt(
    db: DbSession,
    kiosk: Kiosk,
    at: datetime,
    badge: str,
    outcome: str,
    participant_id: str | None = None,
    session_id: str | None = None,
) -> None:
    db.execute(
        insert(KioskAttempt.__table__).values(
            id=new_id(),
            organization_id=kiosk.organization_id,
            kiosk_id=kiosk.id,
            at=at,
            badge=badge[:100],
            outcome=outcome,
            participant_id=participant_id,
            session_id=session_id,
        )
    )


def attempts(db: DbSession, kiosk: Kiosk, after: list | None, limit: int) -> list:
    """Newest first, with the participant's name, ``limit + 1`` of them."""
    stmt = (
        select(KioskAttempt, Participant.name)
        .outerjoin(Participant, Participant.id == KioskAttempt.participant_id)
        .where(KioskAttempt.kiosk_id == kiosk.id)
    )
    if after:
        at, last = after
        stmt = stmt.where(or_(KioskAttempt.at < at, and_(KioskAttempt.at == at, KioskAttempt.id < last)))
    return db.execute(stmt.order_by(KioskAttempt.at.desc(), KioskAttempt.id.desc()).limit(limit + 1)).all()
