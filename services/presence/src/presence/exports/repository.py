"""The queries reports read through (exports/service.py): every one names the organization, since
these routes carry no user's token, only the service's."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, exists, func, or_, select, text
from sqlalchemy.orm import Session as DbSession

from omni_common.tenancy import in_org, select_in_org
from presence.domains.models import Domain, PresenceState
from presence.groups.models import Group, Membership
from presence.groups.repository import during
from presence.participants.models import Participant
from presence.records.models import PresenceRecord
from presence.sessions.models import Session


def group(db: DbSession, organization_id: str, group_id: str) -> Group | None:
    return db.scalars(select_in_org(Group, organization_id).where(Group.id == group_id)).one_or_none()


def session(db: DbSession, organization_id: str, session_id: str) -> Session | None:
    return db.scalars(select_in_org(Session, organization_id).where(Session.id == session_id)).one_or_none()


def participants_among(db: DbSession, organization_id: str, ids: list[str]) -> list[str]:
    """Those of ``ids`` that name participants of the organization (others are left out)."""
    return list(
        db.scalars(
            select_in_org(Participant, organization_id).with_only_columns(Participant.id).where(Participant.id.in_(ids))
        )
    )


def domain(db: DbSession, organization_id: str, code: str) -> Domain | None:
    return db.scalars(select_in_org(Domain, organization_id).where(Domain.code == code)).one_or_none()


def states(db: DbSession, organization_id: str, domain_code: str) -> list[PresenceState]:
    return list(
        db.scalars(
            select_in_org(PresenceState, organization_id)
            .where(PresenceState.domain == domain_code)
            .order_by(PresenceState.sort_order, PresenceState.code)
        )
    )


class Register:
    """The queries of one group's register over a period."""

    def __init__(self, organization_id: str, group_id: str, starts_from: datetime, starts_before: datetime):
        self.organization_id, self.group_id = organization_id, group_id
        self.in_time = (
            in_org(Session, organization_id),
            Session.group_id == group_id,
            Session.starts_at >= starts_from,
            Session.starts_at < starts_before,
            Session.status != "cancelled",
        )
        self.in_period = select(Session.id).where(*self.in_time)
        self.who = None
        self.period: tuple[datetime, datetime] | None = None

    def sessions(self, db: DbSession) -> list[Session]:
        """The period's sessions, cancelled ones left out, by start."""
        return list(db.scalars(select(Session).where(*self.in_time).order_by(Session.starts_at, Session.id)))

    def of(self, period: tuple[datetime, datetime], participant_ids: list[str] | None) -> None:
        """Who the register lists: members at any time of the period, or anyone recorded in it."""
        self.period = period
        who = and_(
            in_org(Participant, self.organization_id),
            or_(
                exists().where(
                    Membership.group_id == self.group_id,
                    Membership.participant_id == Participant.id,
                    during(*period),
                ),
                exists().where(
                    PresenceRecord.participant_id == Participant.id, PresenceRecord.session_id.in_(self.in_period)
                ),
            ),
        )
        self.who = who if participant_ids is None else and_(who, Participant.id.in_(participant_ids))

    def size(self, db: DbSession) -> tuple[int, int | None]:
        """How many participants, and the longest name."""
        return tuple(db.execute(select(func.count(), func.max(func.length(Participant.name))).where(self.who)).one())

    def people(self, db: DbSession, after: tuple[str, str] | None, limit: int) -> list:
        stmt = select(Participant.id, Participant.name, Participant.external_ref).where(self.who)
        if after:
            stmt = stmt.where(
                or_(Participant.name > after[0], and_(Participant.name == after[0], Participant.id > after[1]))
            )
        return list(db.execute(stmt.order_by(Participant.name, Participant.id).limit(limit)))

    def memberships(self, db: DbSession, ids: list[str]) -> list:
        return list(
            db.execute(
                select(Membership.participant_id, Membership.starts_at, Membership.ends_at).where(
                    Membership.group_id == self.group_id, Membership.participant_id.in_(ids), during(*self.period)
                )
            )
        )

    def marks(self, db: DbSession, ids: list[str]) -> dict[str, list[list[str]]]:
        """Each participant's marks as [session id, state] pairs (a third item: the record has a note).
        One row per participant with the marks joined into one string: the driver decodes 500 rows
        rather than 50,000, which was most of the time a page took."""
        if db.get_bind().dialect.name == "mysql":
            db.execute(text("SET SESSION group_concat_max_len = 16777216"))
        noted = case((PresenceRecord.note.is_(None), ""), (PresenceRecord.note == "", ""), else_="=n")
        rows = db.execute(
            select(
                PresenceRecord.participant_id,
                func.aggregate_strings(PresenceRecord.session_id + "=" + PresenceRecord.state + noted, ","),
            )
            .where(PresenceRecord.participant_id.in_(ids), PresenceRecord.session_id.in_(self.in_period))
            .group_by(PresenceRecord.participant_id)
        )
        return {pid: [pair.split("=") for pair in joined.split(",")] for pid, joined in rows}

    def notes(self, db: DbSession, ids: set[str]) -> list[Any]:
        if not ids:
            return []
        return list(
            db.execute(
                select(PresenceRecord.participant_id, PresenceRecord.session_id, PresenceRecord.note).where(
                    PresenceRecord.participant_id.in_(ids),
                    PresenceRecord.session_id.in_(self.in_period),
                    PresenceRecord.note.is_not(None),
                )
            )
        )
