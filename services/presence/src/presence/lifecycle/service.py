"""Presence's part of the data lifecycle (SPEC §6.5).

**Retention**: once ``presence_retention_days`` have passed since a session ended, its records go,
with every version of them (history), the change ids that made them (applied mutations), and the
audit entries about them are redacted (ids, actions and times stay). First they are folded into
the session's tally (counts per state, checked in and out, expected): the statistics of that period
stay as they were, for the group, never per person. Sessions themselves stay — their group, title,
time and status, no one's data — so a purged period still has its sessions, and sync, which keeps
offline changes by session, learns their ends here. Beside the records, what is older than the
cutoff goes too: kiosk scans, advance notices whose last day is before it, contact mails, finished
webhook deliveries and notifications (they repeat what the records said).

Records go session by session, at most ``OMNI_PURGE_BATCH_SIZE`` a transaction, each transaction
folding what it removes into the tally it holds locked, so statistics never count a record twice
nor miss one, even while a purge runs or after one stopped half-way.

**A closed organization**: every row of it, once identity says its purge is due; its change feed
first, so the worker following it stops before anything else goes."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from omni_common.audit import AuditWriter
from omni_common.auth.principal import Principal
from omni_common.db.base import utcnow
from omni_common.db.database import Database, RetryTransaction
from omni_common.internal import ServiceClient
from omni_common.lifecycle import repository as common
from omni_common.lifecycle.schemas import OrganizationTerms
from omni_common.lifecycle.service import Exporter, Purger, audit_purge, organization_terms
from presence.database import AuditLog
from presence.lifecycle import repository
from presence.lifecycle.models import SessionTally
from presence.lifecycle.schemas import PresenceRetention
from presence.records import repository as records
from presence.records.writer import count_marks
from presence.sessions.models import Session

log = logging.getLogger(__name__)

SESSIONS_PER_QUERY = 100
REASON = "retention"
# Machinery and secrets an organization's export leaves out.
EXPORT_SKIP_TABLES = ("idempotent_request", "feed_counter", "feed_cursor", "alert_state", "session_state_count")
EXPORT_SKIP_COLUMNS = {"kiosk": ("token_hash",), "webhook": ("secret",), "participant": ("pin_hash",)}


def run(
    database: Database, purger: Purger, audit: AuditWriter, identity: ServiceClient, *, now: datetime, only: str | None
) -> dict:
    """Every organization's retention, and the purge of every closed one that is due."""
    done: dict[str, dict[str, int]] = {}
    for org in organization_terms(identity, now=now, organization_id=only):
        try:
            if org.purge_due:
                done[org.id] = purge_closed(database, purger, audit, org.id)
            elif org.closed_at is None and org.presence_retention_days:
                done[org.id] = purge_retention(database, purger, audit, org, now)
        except Exception:  # one organization's trouble must not hold up the others'
            log.exception("an organization's lifecycle purge failed", extra={"organization_id": org.id})
    return {"purged": done}


def cutoff_of(org: OrganizationTerms, now: datetime) -> datetime:
    return now - timedelta(days=org.presence_retention_days or 0)


def purge_retention(
    database: Database, purger: Purger, audit: AuditWriter, org: OrganizationTerms, now: datetime
) -> dict[str, int]:
    cutoff = cutoff_of(org, now)
    counts: Counter[str] = Counter()
    after = None
    while True:
        due = database.read(repository.sessions_due, org.id, cutoff, after, SESSIONS_PER_QUERY)
        for session_id in due:
            counts += purge_session(purger, org.id, session_id)
        if len(due) < SESSIONS_PER_QUERY:
            break
        after = due[-1]
    last_day = cutoff.astimezone(ZoneInfo(org.timezone)).date()
    for table, condition in repository.older_than(org.id, cutoff, last_day).items():
        redact = _redactor(org.id, table) if table == "advance_notice" else None
        counts[table] += purger.delete_where(table, condition, redact)
    counts = Counter({k: v for k, v in counts.items() if v})
    if counts:
        audit_purge(
            database,
            audit,
            organization_id=org.id,
            kind="retention",
            counts=counts,
            detail={"before": cutoff.isoformat()},
        )
    return dict(counts)


def _redactor(organization_id: str, entity: str):
    def redact(session: DbSession, keys: list[tuple]) -> None:
        common.redact_audit(session, AuditLog, organization_id, entity, [k[0] for k in keys], REASON)

    return redact


def purge_session(purger: Purger, organization_id: str, session_id: str) -> Counter[str]:
    """Every record of one session, folded into its tally, a batch a transaction."""
    counts: Counter[str] = Counter()
    while True:
        removed = purger.run(fold_batch, organization_id, session_id, purger.batch_size)
        counts += Counter(removed)
        if removed["presence_record"] < purger.batch_size:
            counts["sessions"] += 1
            return counts


def fold_batch(db: DbSession, organization_id: str, session_id: str, limit: int) -> dict[str, int]:
    """One batch of a session's records: their counts added to the session's tally (held locked,
    so two purges of one session add each record once), then the records, their history and the
    change ids that made them removed, and the audit entries about them redacted."""
    tally = repository.locked_tally(db, session_id) or _new_tally(db, organization_id, session_id)
    rows = repository.records_to_fold(db, session_id, limit)
    counts = dict(tally.counts or {})
    gone: Counter = Counter()
    for _, state, check_in_at, check_out_at in rows:
        counts[state] = counts.get(state, 0) + 1
        gone[(session_id, state)] -= 1
        tally.checked_in += check_in_at is not None
        tally.in_now += check_in_at is not None and check_out_at is None
        tally.checked_out += check_out_at is not None
    tally.counts = counts
    tally.marked += len(rows)
    tally.folded_at = utcnow()
    ids = [r[0] for r in rows]
    removed = repository.delete_records(db, ids) if ids else {"presence_record": 0}
    count_marks(db.connection(), organization_id, gone)
    common.redact_audit(db, AuditLog, organization_id, "presence_record", ids, REASON)
    return removed


def _new_tally(db: DbSession, organization_id: str, session_id: str) -> SessionTally:
    session = db.get(Session, session_id)
    tally = SessionTally(
        session_id=session_id,
        organization_id=organization_id,
        group_id=session.group_id,
        counts={},
        marked=0,
        # Who was expected, counted while the walk-ins' records are still there.
        expected=records.expected_counts(db, [session_id])[session_id],
        checked_in=0,
        in_now=0,
        checked_out=0,
    )
    db.add(tally)
    try:
        db.flush()
    except IntegrityError:  # another purge of this session made it first: start again, and lock it
        raise RetryTransaction() from None
    return tally


def purge_closed(database: Database, purger: Purger, audit: AuditWriter, organization_id: str) -> dict[str, int]:
    # The feed goes first: the worker, still acting on the organization's last marks, writes
    # nothing of it (its rules, an alert) behind the purge.
    stopped = {table: n for table, n in purger.run(repository.delete_feed, organization_id).items() if n}
    counts = stopped | purger.purge_organization(organization_id)
    if counts:
        audit_purge(database, audit, organization_id=organization_id, kind="closed_organization", counts=counts)
        log.info("a closed organization's presence data was purged", extra={"organization_id": organization_id})
    return counts


# --- what is held ---------------------------------------------------------------------------


def overview(db: DbSession, principal: Principal, retention_days: int | None) -> PresenceRetention:
    oldest, held = repository.held(db, principal.organization_id)
    due = 0
    if retention_days:
        due = repository.due_count(db, principal.organization_id, utcnow() - timedelta(days=retention_days))
    purged, last = repository.tallied(db, principal.organization_id)
    return PresenceRetention(
        retention_days=retention_days,
        oldest_held_session_ended_at=oldest,
        sessions_held=held,
        sessions_due=due,
        sessions_purged=purged,
        last_purged_at=last,
    )


def exporter(base, database: Database) -> Exporter:
    return Exporter("presence", base, database, skip_tables=EXPORT_SKIP_TABLES, skip_columns=EXPORT_SKIP_COLUMNS)
