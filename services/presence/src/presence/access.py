"""Who may see which groups, sessions and participants (SPEC §1 and §3.3).

Administrators and managers see the whole organization; a frontline user sees the groups they are
assigned to (on the day in question, for a cover teacher's dated assignment); an external
participant sees only themselves. Whatever falls outside is answered exactly like something that
does not exist."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Select, and_, exists, or_, select
from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal, Role
from presence.groups.models import Membership, StaffAssignment


def sees_everything(principal: Principal) -> bool:
    return principal.role in (Role.admin, Role.manager)


def local_date(principal: Principal, at: datetime) -> date:
    return at.astimezone(principal.tz).date()


def today(principal: Principal) -> date:
    return datetime.now(principal.tz).date()


def assignment_covers(day: date):
    return and_(
        or_(StaffAssignment.valid_from.is_(None), StaffAssignment.valid_from <= day),
        or_(StaffAssignment.valid_to.is_(None), StaffAssignment.valid_to >= day),
    )


def assigned_group_ids(session: DbSession, principal: Principal, day: date | None = None) -> set[str]:
    """Groups a frontline user is assigned to on ``day`` (any day when None)."""
    stmt = select(StaffAssignment.group_id).where(
        StaffAssignment.organization_id == principal.organization_id, StaffAssignment.user_id == principal.user_id
    )
    if day is not None:
        stmt = stmt.where(assignment_covers(day))
    return set(session.scalars(stmt))


def visible_groups(stmt: Select, group_id_column, principal: Principal, session: DbSession) -> Select:
    """Narrow a query by group to what the caller may see (none at all for an external participant)."""
    if sees_everything(principal):
        return stmt
    if principal.role == Role.frontline:
        return stmt.where(group_id_column.in_(assigned_group_ids(session, principal)))
    return stmt.where(group_id_column.in_([]))


def is_assigned(session: DbSession, principal: Principal, group_id: str, day: date) -> bool:
    return session.scalar(
        select(
            exists().where(
                StaffAssignment.organization_id == principal.organization_id,
                StaffAssignment.user_id == principal.user_id,
                StaffAssignment.group_id == group_id,
                assignment_covers(day),
            )
        )
    )


def member_of_visible_group(principal: Principal, session: DbSession, participant_id_column):
    """A condition: the participant is (now) a member of a group the frontline user is assigned to."""
    groups = assigned_group_ids(session, principal)
    return exists().where(
        Membership.participant_id == participant_id_column,
        Membership.group_id.in_(groups),
        Membership.ends_at.is_(None),
    )
