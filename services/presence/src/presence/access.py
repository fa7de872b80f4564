"""Who may see which groups, sessions and participants (SPEC §1 and §3.3).

Administrators and managers see the whole organization; a frontline user sees the groups they are
assigned to — a session only if it falls within their assignment (a cover teacher's dates); an
external participant sees only themselves. Whatever falls outside is answered exactly like
something that does not exist."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, exists, or_, select
from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal, Role
from omni_common.tenancy import in_org
from presence.groups.models import Membership, StaffAssignment


def sees_everything(principal: Principal) -> bool:
    return principal.role in (Role.admin, Role.manager)


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants a calendar day of the organization starts and ends."""
    start = datetime.combine(day, time(), tz).astimezone(UTC)
    return start, datetime.combine(day + timedelta(days=1), time(), tz).astimezone(UTC)


def as_local(value: datetime, tz: ZoneInfo) -> datetime:
    """A time as given: with its zone, or (without one) in the organization's local time."""
    return value.replace(tzinfo=tz) if value.tzinfo is None else value


def assigned_at(principal: Principal, group_id_column, at_column):
    """A condition: the frontline user is assigned to the row's group at the row's instant."""
    return exists().where(
        in_org(StaffAssignment, principal.organization_id),
        StaffAssignment.user_id == principal.user_id,
        StaffAssignment.group_id == group_id_column,
        or_(StaffAssignment.starts_at.is_(None), StaffAssignment.starts_at <= at_column),
        or_(StaffAssignment.ends_at.is_(None), StaffAssignment.ends_at > at_column),
    )


def assigned_group_ids(session: DbSession, principal: Principal) -> set[str]:
    """Groups a frontline user is assigned to, on any day."""
    return set(
        session.scalars(
            select(StaffAssignment.group_id).where(
                in_org(StaffAssignment, principal.organization_id), StaffAssignment.user_id == principal.user_id
            )
        )
    )


def visible_groups(stmt: Select, group_id_column, principal: Principal, session: DbSession) -> Select:
    """Narrow a query by group to what the caller may see (none at all for an external participant)."""
    if sees_everything(principal):
        return stmt
    if principal.role == Role.frontline:
        return stmt.where(group_id_column.in_(assigned_group_ids(session, principal)))
    return stmt.where(group_id_column.in_([]))


def member_of_visible_group(principal: Principal, session: DbSession, participant_id_column):
    """A condition: the participant is (now) a member of a group the frontline user is assigned to."""
    return exists().where(
        Membership.participant_id == participant_id_column,
        Membership.group_id.in_(assigned_group_ids(session, principal)),
        Membership.ends_at.is_(None),
    )
