"""The SQL of presence's data lifecycle: sessions whose records are due, the records folded into a
session's tally and removed, the rest purged by age, tallies read back for statistics."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ColumnElement, delete, exists, func, select
from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal
from omni_common.tenancy import in_org
from presence.advance_notices.models import AdvanceNotice
from presence.groups.models import Group
from presence.kiosks.models import KioskAttempt
from presence.lifecycle.models import SessionTally
from presence.notifications.models import ContactMail, FeedCursor, Notification
from presence.records.models import AppliedMutation, FeedCounter, PresenceRecord, RecordVersion
from presence.sessions import repository as sessions
from presence.sessions.models import Session
from presence.sessions.schemas import Status
from presence.webhooks.models import WebhookDelivery

_HAS_RECORDS = exists().where(PresenceRecord.session_id == Session.id)


# --- retention: records, session by session ------------------------------------------------


def sessions_due(
    db: DbSession, organization_id: str, ended_before: datetime, after: str | None, limit: int
) -> list[str]:
    """Ids of the organization's sessions that ended before the cutoff and still hold records."""
    stmt = select(Session.id).where(in_org(Session, organization_id), Session.ends_at < ended_before, _HAS_RECORDS)
    if after:
        stmt = stmt.where(Session.id > after)
    return list(db.scalars(stmt.order_by(Session.id).limit(limit)))


def locked_tally(db: DbSession, session_id: str) -> SessionTally | None:
    return db.get(SessionTally, session_id, with_for_update=True)


def records_to_fold(db: DbSession, session_id: str, limit: int) -> list:
    """Plain rows (id, state, check_in_at, check_out_at) of the session's records, locked."""
    return list(
        db.execute(
            select(PresenceRecord.id, PresenceRecord.state, PresenceRecord.check_in_at, PresenceRecord.check_out_at)
            .where(PresenceRecord.session_id == session_id)
            .order_by(PresenceRecord.id)
            .limit(limit)
            .with_for_update()
        )
    )


def delete_records(db: DbSession, record_ids: list[str]) -> dict[str, int]:
    """The records, every version of them, and the change ids that made them; how many of each."""
    return {
        "presence_record_history": db.execute(
            delete(RecordVersion).where(RecordVersion.record_id.in_(record_ids))
        ).rowcount,
        "applied_mutation": db.execute(
            delete(AppliedMutation).where(AppliedMutation.record_id.in_(record_ids))
        ).rowcount,
        "presence_record": db.execute(delete(PresenceRecord).where(PresenceRecord.id.in_(record_ids))).rowcount,
    }


# --- retention: the rest, by age ------------------------------------------------------------


def older_than(organization_id: str, cutoff: datetime, last_day: date) -> dict[str, ColumnElement[bool]]:
    """Table -> the organization's rows of it that are older than the cutoff: kiosk scans, advance
    notices whose last day is before it, contact mails, finished webhook deliveries and
    notifications (they repeat what the records said)."""
    return {
        "kiosk_attempt": in_org(KioskAttempt, organization_id) & (KioskAttempt.at < cutoff),
        "advance_notice": in_org(AdvanceNotice, organization_id) & (AdvanceNotice.to_date < last_day),
        "contact_mail": in_org(ContactMail, organization_id) & (ContactMail.created_at < cutoff),
        "webhook_delivery": in_org(WebhookDelivery, organization_id)
        & (WebhookDelivery.created_at < cutoff)
        & (WebhookDelivery.status != "pending"),
        "notification": in_org(Notification, organization_id) & (Notification.created_at < cutoff),
    }


# --- a closed organization ------------------------------------------------------------------


def delete_feed(db: DbSession, organization_id: str) -> dict[str, int]:
    """The organization's change feed and where the worker follows it, in one transaction: the
    cursor first, so a follower acting on the organization meanwhile finishes before this does."""
    return {
        model.__tablename__: db.execute(delete(model).where(in_org(model, organization_id))).rowcount
        for model in (FeedCursor, FeedCounter)
    }


# --- what is held ------------------------------------------------------------------------


def held(db: DbSession, organization_id: str) -> tuple[datetime | None, int]:
    """The end of the oldest session that still holds records, and how many sessions hold some."""
    row = db.execute(
        select(func.min(Session.ends_at), func.count()).where(in_org(Session, organization_id), _HAS_RECORDS)
    ).one()
    return row[0], row[1]


def due_count(db: DbSession, organization_id: str, ended_before: datetime) -> int:
    return db.scalar(
        select(func.count()).where(in_org(Session, organization_id), Session.ends_at < ended_before, _HAS_RECORDS)
    )


def tallied(db: DbSession, organization_id: str) -> tuple[int, datetime | None]:
    """How many sessions' records were purged into tallies, and when last."""
    row = db.execute(
        select(func.count(), func.max(SessionTally.folded_at)).where(in_org(SessionTally, organization_id))
    ).one()
    return row[0], row[1]


def session_ends(db: DbSession, organization_id: str, session_ids: list[str]) -> dict[str, datetime]:
    rows = db.execute(
        select(Session.id, Session.ends_at).where(in_org(Session, organization_id), Session.id.in_(session_ids))
    )
    return {session_id: ends_at for session_id, ends_at in rows}


# --- tallies, read back -----------------------------------------------------------------------


def tallies(db: DbSession, session_ids: list[str]) -> list[SessionTally]:
    return list(db.scalars(select(SessionTally).where(SessionTally.session_id.in_(session_ids))))


def tallies_between(
    db: DbSession, principal: Principal, *, starts_from: datetime, starts_before: datetime, group_id: str | None
) -> list:
    """Plain rows (starts_at, domain, counts) of the tallies of sessions the caller may see that start
    in the span and were not cancelled."""
    visible = sessions.visible(principal).subquery()
    stmt = (
        select(visible.c.starts_at, Group.domain, SessionTally.counts)
        .select_from(SessionTally)
        .join(visible, visible.c.id == SessionTally.session_id)
        .join(Group, Group.id == visible.c.group_id)
        .where(
            visible.c.starts_at >= starts_from,
            visible.c.starts_at < starts_before,
            visible.c.status != Status.cancelled,
        )
    )
    if group_id:
        stmt = stmt.where(visible.c.group_id == group_id)
    return list(db.execute(stmt))
