"""The queries sessions are read and locked with."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, exists, false, or_, select, update
from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal, Role
from omni_common.tenancy import select_in_org, select_scoped
from presence.access import assigned_at, sees_everything
from presence.domains.models import Domain
from presence.groups.models import Group, Membership
from presence.groups.repository import during
from presence.records.models import PresenceRecord
from presence.sessions.models import Session
from presence.sessions.schemas import Status


def visible(principal: Principal):
    """Sessions the caller may see: every one; a frontline user's within their assignments; a
    participant's, of the groups they belonged to at the time (or where they have a record: a
    walk-in's)."""
    stmt = select_scoped(Session, principal)
    if sees_everything(principal):
        return stmt
    if principal.role == Role.frontline:
        return stmt.where(assigned_at(principal, Session.group_id, Session.starts_at))
    if principal.participant_id is None:
        return stmt.where(false())
    return stmt.where(
        or_(
            exists().where(
                Membership.participant_id == principal.participant_id,
                Membership.group_id == Session.group_id,
                during(Session.starts_at, Session.ends_at),
            ),
            exists().where(
                PresenceRecord.participant_id == principal.participant_id, PresenceRecord.session_id == Session.id
            ),
        )
    )


def visible_ids(principal: Principal):
    """A subquery of the ids of the sessions the caller may see."""
    return visible(principal).with_only_columns(Session.id)


def with_groups(db: DbSession, principal: Principal, session_ids) -> list[tuple[Session, Group]]:
    """The visible sessions of these ids, each with its group, in one query."""
    rows = db.execute(
        visible(principal)
        .add_columns(Group)
        .join(Group, Group.id == Session.group_id)
        .where(Session.id.in_(session_ids))
    )
    return [(s, g) for s, g in rows]


def with_group_and_states_version(
    db: DbSession, principal: Principal, session_id: str
) -> tuple[Session, Group, int | None] | None:
    """The visible session, its group and the version of its domain's states (None: the domain is
    not in the organization yet), in one query."""
    row = db.execute(
        visible(principal)
        .add_columns(Group, Domain.states_version)
        .join(Group, Group.id == Session.group_id)
        .outerjoin(Domain, and_(Domain.organization_id == Group.organization_id, Domain.code == Group.domain))
        .where(Session.id == session_id)
    ).first()
    return None if row is None else tuple(row)


def with_groups_between(
    db: DbSession, principal: Principal, starts_from: datetime, starts_before: datetime
) -> list[tuple[Session, Group]]:
    """The visible sessions starting in the span, by start, each with its group."""
    rows = db.execute(
        visible(principal)
        .add_columns(Group)
        .join(Group, Group.id == Session.group_id)
        .where(Session.starts_at >= starts_from, Session.starts_at < starts_before)
        .order_by(Session.starts_at, Session.id)
    )
    return [(s, g) for s, g in rows]


def get(db: DbSession, principal: Principal, session_id: str, *, for_update: bool = False) -> Session | None:
    stmt = visible(principal).where(Session.id == session_id)
    return db.scalars(stmt.with_for_update() if for_update else stmt).one_or_none()


def page(
    db: DbSession,
    principal: Principal,
    *,
    group_id: str | None,
    starts_from: datetime | None,
    starts_before: datetime | None,
    status: Status | None,
    after: tuple[datetime, str] | None,
    limit: int,
) -> list[Session]:
    """By start time, ``limit + 1`` of them."""
    stmt = visible(principal)
    if group_id:
        stmt = stmt.where(Session.group_id == group_id)
    if starts_from:
        stmt = stmt.where(Session.starts_at >= starts_from)
    if starts_before:
        stmt = stmt.where(Session.starts_at < starts_before)
    if status:
        stmt = stmt.where(Session.status == status)
    if after:
        at, last = after
        stmt = stmt.where(or_(Session.starts_at > at, and_(Session.starts_at == at, Session.id > last)))
    return list(db.scalars(stmt.order_by(Session.starts_at, Session.id).limit(limit + 1)))


def series_from(db: DbSession, principal: Principal, target: Session) -> list[Session]:
    """The target and every later session of its series not yet held, locked, by start."""
    return list(
        db.scalars(
            visible(principal)
            .where(
                Session.series_id == target.series_id,
                Session.starts_at >= target.starts_at,
                or_(Session.id == target.id, Session.status == Status.scheduled),
            )
            .order_by(Session.starts_at)
            .with_for_update()
        )
    )


def open_for_self_check_in(db: DbSession, organization_id: str) -> list[tuple[Session, Group]]:
    """The organization's open self-check-in sessions, with their groups: what a typed code may name."""
    rows = db.execute(
        select_in_org(Session, organization_id)
        .add_columns(Group)
        .join(Group, Group.id == Session.group_id)
        .where(Session.mode == "self_check_in", Session.status == Status.open)
    )
    return [(s, g) for s, g in rows]


def ended_not_closed(db: DbSession, ended_after: datetime, ended_before: datetime) -> list[tuple[Session, Group]]:
    """Sessions of every organization that ended in the span and are neither closed nor cancelled,
    with their groups (what presence's worker may have to close)."""
    rows = db.execute(
        select(Session, Group)
        .join(Group, Group.id == Session.group_id)
        .where(
            Session.ends_at > ended_after,
            Session.ends_at <= ended_before,
            Session.status.in_((Status.scheduled, Status.open)),
        )
    )
    return [(s, g) for s, g in rows]


def close_if_open(db: DbSession, session_id: str) -> Session | None:
    """Close the session unless it is closed or cancelled already: the session, or None."""
    closed = db.execute(
        update(Session)
        .where(Session.id == session_id, Session.status.in_((Status.scheduled, Status.open)))
        .values(status=Status.closed)
    ).rowcount
    return db.get(Session, session_id) if closed else None
