"""The queries a user's notifications are read with."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal
from omni_common.db.database import RetryTransaction
from omni_common.tenancy import in_org, select_in_org, select_scoped
from presence.domains.models import PresenceState
from presence.groups.models import Group, StaffAssignment
from presence.notifications.models import (
    AlertState,
    ContactMail,
    FeedCursor,
    Notification,
    NotificationPreference,
    NotificationRules,
)
from presence.participants.models import Participant
from presence.records.models import FeedCounter, PresenceRecord, RecordVersion
from presence.records.rules import PROVISIONAL
from presence.sessions.models import Session as SessionRow


def _mine(principal: Principal):
    return select_scoped(Notification, principal).where(Notification.user_id == principal.user_id)


def page(session: Session, principal: Principal, *, unread_only: bool, before: str | None, limit: int) -> list:
    """Newest first, ``limit + 1`` of them."""
    stmt = _mine(principal)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    if before:
        stmt = stmt.where(Notification.id < before)
    return list(session.scalars(stmt.order_by(Notification.id.desc()).limit(limit + 1)))


def unread_count(session: Session, principal: Principal) -> int:
    unread = _mine(principal).where(Notification.read_at.is_(None)).subquery()
    return session.scalar(select(func.count()).select_from(unread)) or 0


def mine(session: Session, principal: Principal, notification_id: str) -> Notification | None:
    return session.scalars(_mine(principal).where(Notification.id == notification_id)).one_or_none()


def mark_all_read(session: Session, principal: Principal, at) -> int:
    return session.execute(
        update(Notification)
        .where(
            in_org(Notification, principal.organization_id),
            Notification.user_id == principal.user_id,
            Notification.read_at.is_(None),
        )
        .values(read_at=at)
    ).rowcount


def rules(session: Session, organization_id: str, *, for_update: bool = False) -> NotificationRules:
    """The organization's rules, made with the defaults the first time they are asked for."""
    stmt = select(NotificationRules).where(in_org(NotificationRules, organization_id))
    found = session.scalars(stmt.with_for_update() if for_update else stmt).one_or_none()
    if found is None:
        found = NotificationRules(
            organization_id=organization_id,
            below_threshold=True,
            absent_in_a_row=3,
            register_not_taken_after_minutes=15,
            absent_to_contact=False,
            email=True,
        )
        session.add(found)
        try:
            session.flush()
        except IntegrityError:
            raise RetryTransaction("the rules were being made at the same time") from None
    return found


def preferences(session: Session, principal: Principal) -> dict[str, NotificationPreference]:
    rows = select_scoped(NotificationPreference, principal).where(NotificationPreference.user_id == principal.user_id)
    return {p.kind: p for p in session.scalars(rows)}


def opted_out(session: Session, organization_id: str, user_ids, kind: str) -> set[str]:
    """Who of these users asked not to get this kind by email."""
    if not user_ids:
        return set()
    return set(
        session.scalars(
            select(NotificationPreference.user_id).where(
                in_org(NotificationPreference, organization_id),
                NotificationPreference.user_id.in_(user_ids),
                NotificationPreference.kind == kind,
                NotificationPreference.email.is_(False),
            )
        )
    )


def new_preference(principal: Principal, kind: str, email: bool) -> NotificationPreference:
    return NotificationPreference(
        organization_id=principal.organization_id, user_id=principal.user_id, kind=kind, email=email
    )


# --- what presence's worker follows and decides with ---------------------------------------------


def organizations_with_new_changes(session: Session) -> list[str]:
    """Organizations whose feed has moved past where the worker follows it."""
    rows = session.execute(
        select(FeedCounter.organization_id)
        .outerjoin(FeedCursor, FeedCursor.organization_id == FeedCounter.organization_id)
        .where(FeedCounter.last_seq > func.coalesce(FeedCursor.position, 0))
    )
    return [r[0] for r in rows]


def locked_cursor(session: Session, organization_id: str) -> FeedCursor | None:
    """Where the worker follows the organization's feed, locked until commit; None when the feed
    is gone (a closed organization's purge removes it first, so nothing is acted on behind it)."""
    stmt = select(FeedCursor).where(in_org(FeedCursor, organization_id)).with_for_update()
    cursor = session.scalars(stmt).one_or_none()
    if cursor is None:
        if session.scalar(select(FeedCounter.organization_id).where(in_org(FeedCounter, organization_id))) is None:
            return None
        cursor = FeedCursor(organization_id=organization_id, position=0)
        session.add(cursor)
        try:
            session.flush()
        except IntegrityError:
            raise RetryTransaction("another worker began following this feed") from None
    return cursor


def versions_after(session: Session, organization_id: str, position: int, limit: int) -> list:
    """The versions recorded after the feed position, in feed order (plain rows)."""
    v = RecordVersion
    return list(
        session.execute(
            select(
                v.record_id,
                v.session_id,
                v.participant_id,
                v.version,
                v.state,
                v.note,
                v.check_in_at,
                v.check_out_at,
                v.source,
                v.at,
                v.feed_seq,
            )
            .where(in_org(v, organization_id), v.feed_seq > position)
            .order_by(v.feed_seq)
            .limit(limit)
        )
    )


class SessionFacts(NamedTuple):
    id: str
    title: str
    starts_at: datetime


class GroupFacts(NamedTuple):
    id: str
    name: str
    domain: str
    settings: dict | None


def sessions_with_groups(session: Session, session_ids: set[str]) -> dict[str, tuple[SessionFacts, GroupFacts]]:
    """Session id -> (its title and start, its group's name, domain and settings), as plain rows:
    what the rules say about a batch of changes, with no objects to load for it."""
    columns = (SessionRow.id, SessionRow.title, SessionRow.starts_at)
    columns += (Group.id, Group.name, Group.domain, Group.settings)
    rows = session.execute(
        select(*columns).join(Group, Group.id == SessionRow.group_id).where(SessionRow.id.in_(session_ids))
    )
    return {r[0]: (SessionFacts(*r[:3]), GroupFacts(*r[3:])) for r in rows}


def participants(session: Session, ids: set[str]) -> dict:
    return {p.id: p for p in session.scalars(select(Participant).where(Participant.id.in_(ids)))}


def _weighted_records():
    """A participant's records with their state (for its category and weight), and their session."""
    return (
        select()
        .select_from(PresenceRecord)
        .join(SessionRow, SessionRow.id == PresenceRecord.session_id)
        .join(Group, Group.id == SessionRow.group_id)
        .join(
            PresenceState,
            (PresenceState.organization_id == PresenceRecord.organization_id)
            & (PresenceState.domain == Group.domain)
            & (PresenceState.code == PresenceRecord.state),
        )
        .where(SessionRow.status != "cancelled")
    )


def participant_rates(
    session: Session, organization_id: str, participant_ids: set[str], since: datetime, until: datetime
) -> dict[str, tuple]:
    """Per participant, the weighted sum and the number of weighted marks of their sessions in the
    span ((0, 0) for one with none), in one query for them all."""
    rows = session.execute(
        _weighted_records()
        .add_columns(PresenceRecord.participant_id, func.sum(PresenceState.weight), func.count(PresenceState.weight))
        .where(
            in_org(PresenceRecord, organization_id),
            PresenceRecord.participant_id.in_(participant_ids),
            SessionRow.starts_at >= since,
            SessionRow.starts_at < until,
        )
        .group_by(PresenceRecord.participant_id)
    )
    found = {pid: (weighted or 0, counted or 0) for pid, weighted, counted in rows}
    return {pid: found.get(pid, (0, 0)) for pid in participant_ids}


def latest_categories(
    session: Session, organization_id: str, participant_ids: set[str], limit: int
) -> dict[str, list[str]]:
    """Per participant, the categories of their latest ``limit`` records by their sessions' start,
    newest first, in one query for them all."""
    ranked = (
        _weighted_records()
        .add_columns(
            PresenceRecord.participant_id,
            PresenceState.category,
            func.row_number()
            .over(partition_by=PresenceRecord.participant_id, order_by=SessionRow.starts_at.desc())
            .label("n"),
        )
        .where(in_org(PresenceRecord, organization_id), PresenceRecord.participant_id.in_(participant_ids))
        .subquery()
    )
    found: dict[str, list[str]] = {pid: [] for pid in participant_ids}
    rows = session.execute(
        select(ranked.c.participant_id, ranked.c.category).where(ranked.c.n <= limit).order_by(ranked.c.n)
    )
    for pid, category in rows:
        found[pid].append(category)
    return found


def alert(session: Session, organization_id: str, rule: str, subject_id: str) -> AlertState:
    """Whether the rule stands crossed for the subject, locked (made uncrossed the first time)."""
    return alerts(session, organization_id, rule, {subject_id})[subject_id]


def alerts(session: Session, organization_id: str, rule: str, subject_ids: set[str]) -> dict[str, AlertState]:
    """``alert`` for several subjects, locked together in one query."""
    stmt = select_in_org(AlertState, organization_id).where(
        AlertState.rule == rule, AlertState.subject_id.in_(subject_ids)
    )
    found = {a.subject_id: a for a in session.scalars(stmt.with_for_update())}
    missing = [
        AlertState(organization_id=organization_id, rule=rule, subject_id=subject_id, active=False)
        for subject_id in subject_ids - found.keys()
    ]
    if missing:
        session.add_all(missing)
        try:
            session.flush()
        except IntegrityError:
            raise RetryTransaction("the alert was being made at the same time") from None
        found.update((a.subject_id, a) for a in missing)
    return found


def queue_contact_mail(session: Session, organization_id: str, person, *, subject: str, body: str) -> None:
    session.add(
        ContactMail(
            organization_id=organization_id, participant_id=person.id, email=person.email, subject=subject, body=body
        )
    )


def registers_maybe_not_taken(session: Session, since: datetime, until: datetime) -> list:
    """Sessions of every organization that started in the span, are neither closed nor cancelled,
    have no human mark and were not told about yet, with their groups: one query for what the
    minute's check looks at one by one (every session of the last hours, most of them taken,
    was a transaction of four queries each minute)."""
    told = (
        select(AlertState.id)
        .where(
            AlertState.organization_id == SessionRow.organization_id,
            AlertState.rule == "register_not_taken",
            AlertState.subject_id == SessionRow.id,
            AlertState.active.is_(True),
        )
        .exists()
    )
    rows = session.execute(
        select(SessionRow, Group)
        .join(Group, Group.id == SessionRow.group_id)
        .where(
            SessionRow.starts_at >= since,
            SessionRow.starts_at <= until,
            SessionRow.status.in_(("scheduled", "open")),
            ~_human_mark(SessionRow.id),
            ~told,
        )
    )
    return [(s, g) for s, g in rows]


def session_by_id(session: Session, session_id: str) -> SessionRow:
    return session.get(SessionRow, session_id)


def _human_mark(session_id):
    """Whether anyone took the register: a mark that is not provisional (an auto-mark, a notice's)."""
    return (
        select(PresenceRecord.id)
        .where(PresenceRecord.session_id == session_id, PresenceRecord.source.not_in(PROVISIONAL))
        .exists()
    )


def has_human_mark(session: Session, session_id: str) -> bool:
    return bool(session.scalar(select(_human_mark(session_id))))


def staff_at(session: Session, group_id: str, at: datetime) -> set[str]:
    """The users assigned to the group at that instant."""
    return set(
        session.scalars(
            select(StaffAssignment.user_id).where(
                StaffAssignment.group_id == group_id,
                or_(StaffAssignment.starts_at.is_(None), StaffAssignment.starts_at <= at),
                or_(StaffAssignment.ends_at.is_(None), StaffAssignment.ends_at > at),
            )
        )
    )


def unemailed_groups(session: Session, limit: int) -> list:
    """(organization, user, kind) of the notifications whose email has not gone (nor been decided
    against), the longest waiting first: a digest's decision needs only these, not the notifications
    themselves, which mostly wait for their hour."""
    return list(
        session.execute(
            select(Notification.organization_id, Notification.user_id, Notification.kind)
            .where(Notification.emailed.is_(False))
            .group_by(Notification.organization_id, Notification.user_id, Notification.kind)
            .order_by(func.min(Notification.created_at))
            .limit(limit)
        )
    )


def unemailed(session: Session, organization_id: str, user_id: str, kind: str, limit: int) -> list[Notification]:
    """One digest's notifications, oldest first."""
    return list(
        session.scalars(
            select_in_org(Notification, organization_id)
            .where(Notification.user_id == user_id, Notification.kind == kind, Notification.emailed.is_(False))
            .order_by(Notification.created_at)
            .limit(limit)
        )
    )


def last_emailed(session: Session, user_id: str, kind: str) -> datetime | None:
    return session.scalar(
        select(func.max(Notification.emailed_at)).where(Notification.user_id == user_id, Notification.kind == kind)
    )


def unsent_contact_mail(session: Session, limit: int) -> list[ContactMail]:
    return list(
        session.scalars(
            select(ContactMail).where(ContactMail.sent_at.is_(None)).order_by(ContactMail.created_at).limit(limit)
        )
    )


def last_contact_mail(session: Session, email: str) -> datetime | None:
    return session.scalar(select(func.max(ContactMail.sent_at)).where(ContactMail.email == email))
