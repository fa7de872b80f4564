"""The queries presence records are read and locked with."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, case, exists, func, select, tuple_, update
from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal, Role
from omni_common.tenancy import in_org, select_in_org, select_scoped
from presence.groups.models import Membership
from presence.groups.repository import during
from presence.participants.models import Participant
from presence.records.models import AppliedMutation, FeedCounter, PresenceRecord, RecordVersion
from presence.records.schemas import RecordOut
from presence.records.writer import allocate_feed
from presence.sessions import repository as sessions
from presence.sessions.models import Session

RECORD_COLUMNS = [getattr(PresenceRecord, name) for name in RecordOut.model_fields]


def applied_mutations(db: DbSession, organization_id: str, mutation_ids: list[str]) -> dict[str, AppliedMutation]:
    """The mutations of these ids applied before, by id."""
    if not mutation_ids:
        return {}
    return {
        a.mutation_id: a
        for a in db.scalars(
            select_in_org(AppliedMutation, organization_id).where(AppliedMutation.mutation_id.in_(mutation_ids))
        )
    }


def locked_record(db: DbSession, session_id: str, participant_id: str) -> RecordOut | None:
    """The participant's record in the session, locked until commit (None: there is none yet; a
    concurrent first write then meets the unique key and the transaction starts again)."""
    row = db.execute(
        select(*RECORD_COLUMNS)
        .where(PresenceRecord.session_id == session_id, PresenceRecord.participant_id == participant_id)
        .with_for_update()
    ).one_or_none()
    return RecordOut.model_validate(row) if row is not None else None


# Locks are taken through the (session, participant) key, never through the statistics' index of
# (session, state): MariaDB would otherwise pick that one for a whole session's pairs and lock every
# record of the session, which halved the offline merge's pace.
BY_PARTICIPANT = "FORCE INDEX (uq_presence_record_session_id_participant_id)"


def locked_records(db: DbSession, session_id: str, participant_ids: list[str]) -> dict[str, object]:
    """The participants' records in the session as plain rows, by participant, locked until commit."""
    rows = db.execute(
        select(*RECORD_COLUMNS)
        .with_hint(PresenceRecord, BY_PARTICIPANT, "mysql")
        .with_hint(PresenceRecord, BY_PARTICIPANT, "mariadb")
        .where(PresenceRecord.session_id == session_id, PresenceRecord.participant_id.in_(participant_ids))
        .with_for_update()
    )
    return {r.participant_id: r for r in rows}


def locked_pairs(db: DbSession, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], RecordOut]:
    """The records of these (session, participant) pairs, locked until commit."""
    if not pairs:
        return {}
    rows = db.execute(
        select(*RECORD_COLUMNS)
        .with_hint(PresenceRecord, BY_PARTICIPANT, "mysql")
        .with_hint(PresenceRecord, BY_PARTICIPANT, "mariadb")
        .where(tuple_(PresenceRecord.session_id, PresenceRecord.participant_id).in_(pairs))
        .with_for_update()
    )
    return {(r.session_id, r.participant_id): RecordOut.model_validate(r) for r in rows}


def version_of(db: DbSession, record_id: str, version: int) -> RecordVersion:
    return db.scalars(
        select(RecordVersion).where(RecordVersion.record_id == record_id, RecordVersion.version == version)
    ).one()


def history(db: DbSession, record_id: str) -> list[RecordVersion]:
    return list(
        db.scalars(select(RecordVersion).where(RecordVersion.record_id == record_id).order_by(RecordVersion.version))
    )


def roster_people(db: DbSession, session: Session) -> list:
    """Plain rows (id, name, external_ref) of everyone who was a member while the session ran."""
    return list(
        db.execute(
            select(Participant.id, Participant.name, Participant.external_ref)
            .join(Membership, Membership.participant_id == Participant.id)
            .where(Membership.group_id == session.group_id, during(session.starts_at, session.ends_at))
        )
    )


def people(db: DbSession, participant_ids) -> list:
    """Plain rows (id, name, external_ref) of these participants."""
    return list(
        db.execute(
            select(Participant.id, Participant.name, Participant.external_ref).where(
                Participant.id.in_(participant_ids)
            )
        )
    )


def session_records(db: DbSession, session_id: str) -> list:
    """Plain rows of every record of the session: a roster is read far more often than written, and
    500 ORM objects would spend most of its time in the ORM."""
    return list(db.execute(select(*RECORD_COLUMNS).where(PresenceRecord.session_id == session_id)))


def visible(principal: Principal):
    """Records the caller may see: all, a frontline user's sessions', or a participant's own."""
    stmt = select_scoped(PresenceRecord, principal)
    if principal.role == Role.external:
        return stmt.where(PresenceRecord.participant_id == (principal.participant_id or ""))
    if principal.role == Role.frontline:
        return stmt.where(PresenceRecord.session_id.in_(sessions.visible_ids(principal)))
    return stmt


def get_visible(db: DbSession, principal: Principal, record_id: str) -> PresenceRecord | None:
    return db.scalars(visible(principal).where(PresenceRecord.id == record_id)).one_or_none()


def page(
    db: DbSession,
    principal: Principal,
    *,
    session_id: str | None,
    group_id: str | None,
    participant_id: str | None,
    state: str | None,
    starts_from: datetime | None,
    starts_before: datetime | None,
    after: str | None,
    limit: int,
) -> list[PresenceRecord]:
    """By id, ``limit + 1`` of them; the dates bound the sessions' starts."""
    stmt = visible(principal)
    if session_id:
        stmt = stmt.where(PresenceRecord.session_id == session_id)
    if participant_id:
        stmt = stmt.where(PresenceRecord.participant_id == participant_id)
    if state:
        stmt = stmt.where(PresenceRecord.state == state)
    if group_id or starts_from or starts_before:
        in_sessions = select(Session.id).where(in_org(Session, principal.organization_id))
        if group_id:
            in_sessions = in_sessions.where(Session.group_id == group_id)
        if starts_from:
            in_sessions = in_sessions.where(Session.starts_at >= starts_from)
        if starts_before:
            in_sessions = in_sessions.where(Session.starts_at < starts_before)
        stmt = stmt.where(PresenceRecord.session_id.in_(in_sessions))
    if after:
        stmt = stmt.where(PresenceRecord.id > after)
    return list(db.scalars(stmt.order_by(PresenceRecord.id).limit(limit + 1)))


def locked_in_session(
    db: DbSession, organization_id: str, session_id: str, participant_id: str
) -> PresenceRecord | None:
    return db.scalars(
        select_in_org(PresenceRecord, organization_id)
        .where(PresenceRecord.session_id == session_id, PresenceRecord.participant_id == participant_id)
        .with_for_update()
    ).one_or_none()


def feed_position(db: DbSession, organization_id: str) -> int:
    """The organization's last committed position in the change feed."""
    return db.scalar(select(FeedCounter.last_seq).where(in_org(FeedCounter, organization_id))) or 0


def changed_since(db: DbSession, principal: Principal, after: int, limit: int) -> list[PresenceRecord]:
    """Records the caller may see changed after the feed position, in feed order."""
    stmt = visible(principal).where(PresenceRecord.feed_seq > after)
    return list(db.scalars(stmt.order_by(PresenceRecord.feed_seq).limit(limit)))


def sessions_of_both(db: DbSession, first: str, second: str) -> list[str]:
    """The sessions in which both participants have a record."""
    theirs = select(PresenceRecord.session_id).where(PresenceRecord.participant_id == second)
    return list(
        db.scalars(
            select(PresenceRecord.session_id).where(
                PresenceRecord.participant_id == first, PresenceRecord.session_id.in_(theirs)
            )
        )
    )


def move_to(db: DbSession, organization_id: str, from_participant: str, to_participant: str) -> int:
    """Give one participant's records to another, each at a new place in the change feed (so
    devices learn whose they are now); how many moved. Each record keeps its id, its version and
    its history, which is kept by record."""
    ids = list(db.scalars(select(PresenceRecord.id).where(PresenceRecord.participant_id == from_participant)))
    if not ids:
        return 0
    first = allocate_feed(db, organization_id, len(ids))
    for offset, record_id in enumerate(ids):
        db.execute(
            update(PresenceRecord)
            .where(PresenceRecord.id == record_id)
            .values(participant_id=to_participant, feed_seq=first + offset)
        )
    return len(ids)


def state_counts(db: DbSession, session_ids: list[str]) -> list:
    """Plain rows (session_id, state, marks, checked_in, in_now, checked_out) per session and state."""
    in_now = case((and_(PresenceRecord.check_in_at.is_not(None), PresenceRecord.check_out_at.is_(None)), 1), else_=0)
    return list(
        db.execute(
            select(
                PresenceRecord.session_id,
                PresenceRecord.state,
                func.count(),
                func.count(PresenceRecord.check_in_at),
                func.sum(in_now),
                func.count(PresenceRecord.check_out_at),
            )
            .where(PresenceRecord.session_id.in_(session_ids))
            .group_by(PresenceRecord.session_id, PresenceRecord.state)
        )
    )


def expected_counts(db: DbSession, session_ids: list[str]) -> dict[str, int]:
    """Each session's list: members while it ran, and anyone else recorded in it (a walk-in)."""
    member = exists().where(
        Membership.group_id == Session.group_id,
        Membership.participant_id == PresenceRecord.participant_id,
        during(Session.starts_at, Session.ends_at),
    )
    members = db.execute(
        select(Session.id, func.count(Membership.id))
        .join(Membership, and_(Membership.group_id == Session.group_id, during(Session.starts_at, Session.ends_at)))
        .where(Session.id.in_(session_ids))
        .group_by(Session.id)
    )
    others = db.execute(
        select(PresenceRecord.session_id, func.count())
        .join(Session, Session.id == PresenceRecord.session_id)
        .where(PresenceRecord.session_id.in_(session_ids), ~member)
        .group_by(PresenceRecord.session_id)
    )
    expected = dict.fromkeys(session_ids, 0)
    for session_id, n in [*members, *others]:
        expected[session_id] += n
    return expected


def session_changes(db: DbSession, session_id: str, after: int, limit: int) -> list[tuple[RecordOut, int]]:
    """The session's records changed after the feed position, each with its position, in feed order."""
    rows = db.execute(
        select(*RECORD_COLUMNS, PresenceRecord.feed_seq)
        .where(PresenceRecord.session_id == session_id, PresenceRecord.feed_seq > after)
        .order_by(PresenceRecord.feed_seq)
        .limit(limit)
    )
    return [(RecordOut.model_validate(r), r.feed_seq) for r in rows]
