"""The queries groups, their memberships and their staff are read and changed with."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal
from omni_common.tenancy import select_in_org, select_scoped
from presence.access import visible_groups
from presence.groups.models import Group, Membership, StaffAssignment
from presence.participants.models import Participant


def visible(session: Session, principal: Principal):
    """Groups the caller may see: every one, or a frontline user's assigned groups."""
    return visible_groups(select_scoped(Group, principal), Group.id, principal, session)


def get(session: Session, principal: Principal, group_id: str, *, for_update: bool = False) -> Group | None:
    stmt = visible(session, principal).where(Group.id == group_id)
    return session.scalars(stmt.with_for_update() if for_update else stmt).one_or_none()


def get_any(session: Session, organization_id: str, group_id: str) -> Group:
    """The organization's group, whoever asks (a worker, a rule that needs its settings)."""
    return session.scalars(select_in_org(Group, organization_id).where(Group.id == group_id)).one()


def page(
    session: Session, principal: Principal, *, after: str | None, limit: int, archived: bool, domain: str | None
) -> list[Group]:
    stmt = visible(session, principal).where(
        Group.archived_at.is_not(None) if archived else Group.archived_at.is_(None)
    )
    if domain:
        stmt = stmt.where(Group.domain == domain)
    if after:
        stmt = stmt.where(Group.id > after)
    return list(session.scalars(stmt.order_by(Group.id).limit(limit + 1)))


def members_page(
    session: Session, group_id: str, *, after: list | None, limit: int, past: bool
) -> list[tuple[Membership, Participant]]:
    """Memberships with their participants by name (current ones, or every one with ``past``)."""
    stmt = (
        select(Membership, Participant)
        .join(Participant, Participant.id == Membership.participant_id)
        .where(Membership.group_id == group_id)
    )
    if not past:
        stmt = stmt.where(Membership.ends_at.is_(None))
    if after:
        name, last = after
        stmt = stmt.where(or_(Participant.name > name, and_(Participant.name == name, Membership.id > last)))
    return [tuple(row) for row in session.execute(stmt.order_by(Participant.name, Membership.id).limit(limit + 1))]


def active_participant_ids(session: Session, principal: Principal, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), 1000):
        found |= set(
            session.scalars(
                select_scoped(Participant, principal)
                .with_only_columns(Participant.id)
                .where(Participant.id.in_(ids[start : start + 1000]), Participant.is_active.is_(True))
            )
        )
    return found


def current_memberships(session: Session, group_id: str) -> dict[str, Membership]:
    """The group's members now, by participant."""
    rows = session.scalars(select(Membership).where(Membership.group_id == group_id, Membership.ends_at.is_(None)))
    return {m.participant_id: m for m in rows}


def end_membership(session: Session, group_id: str, participant_id: str, at: datetime) -> bool:
    """End the participant's current membership; whether there was one."""
    return bool(
        session.execute(
            update(Membership)
            .where(
                Membership.group_id == group_id,
                Membership.participant_id == participant_id,
                Membership.ends_at.is_(None),
            )
            .values(ends_at=at)
        ).rowcount
    )


def during(session_starts: datetime, session_ends: datetime):
    """A condition: the membership overlaps the span."""
    return and_(
        Membership.starts_at < session_ends, or_(Membership.ends_at.is_(None), Membership.ends_at > session_starts)
    )


def members_during(session: Session, group_id: str, starts_at: datetime, ends_at: datetime, ids) -> set[str]:
    """Who of ``ids`` was a member of the group at some time between the two instants."""
    if not ids:
        return set()
    return set(
        session.scalars(
            select(Membership.participant_id).where(
                Membership.group_id == group_id, Membership.participant_id.in_(ids), during(starts_at, ends_at)
            )
        )
    )


def memberships_of(session: Session, group_ids, participant_ids) -> list:
    """Plain rows (group_id, participant_id, starts_at, ends_at) of these participants in these groups."""
    if not group_ids or not participant_ids:
        return []
    return list(
        session.execute(
            select(Membership.group_id, Membership.participant_id, Membership.starts_at, Membership.ends_at).where(
                Membership.group_id.in_(group_ids), Membership.participant_id.in_(participant_ids)
            )
        )
    )


def staff(session: Session, group_id: str) -> list[StaffAssignment]:
    return list(
        session.scalars(
            select(StaffAssignment).where(StaffAssignment.group_id == group_id).order_by(StaffAssignment.created_at)
        )
    )


def unassign(session: Session, group_id: str, user_id: str) -> bool:
    """Remove the user's assignment to the group; whether there was one."""
    return bool(
        session.execute(
            delete(StaffAssignment).where(StaffAssignment.group_id == group_id, StaffAssignment.user_id == user_id)
        ).rowcount
    )
