"""The one place presence records are written: new versions, their history, the audit log, the
mutation ids they answer, and their place in the change feed — in a handful of statements for any
number of records, inside the caller's transaction.

The organization's feed counter is the one row every writer of an organization waits for (it stays
locked until commit, so a cursor never skips a change): everything that does not need a feed
position is written before it is taken, and only the record and its history row after it.

Callers decide (online recording, an offline sync chunk, a conflict's resolution); this writes.
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.dialects import mysql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from omni_common.db.database import RetryTransaction
from omni_common.ids import new_id
from omni_common.tenancy import in_org
from presence.records.models import AppliedMutation, FeedCounter, PresenceRecord, RecordVersion, SessionStateCount
from presence.records.schemas import RecordOut

RECORDED_FIELDS = ("state", "note", "check_in_at", "check_out_at")
# What an update sets, bound as "new_<column>" (a bound name may not be a column's own).
UPDATED_COLUMNS = (
    *RECORDED_FIELDS,
    "version",
    "source",
    "recorded_by",
    "recorded_at",
    "client_time",
    "device_id",
    "feed_seq",
)


@dataclass
class Stamp:
    """Who and what made a change."""

    actor_id: str | None
    source: str = "online"
    device_id: str | None = None
    client_time: datetime | None = None
    # An offline change: the device's own clock, and whether it was off by more than sync allows
    # (client_time is then the corrected time).
    device_time: datetime | None = None
    clock_skewed: bool = False


@dataclass
class Write:
    """A new version of one record: ``current`` is what it holds now (None: no record yet)."""

    current: RecordOut | None
    session_id: str
    participant_id: str
    values: dict[str, Any]
    stamp: Stamp
    mutation_id: str | None = None
    batch_id: str | None = None
    # An earlier write of the same call to the same record: this one builds on its result.
    follows: Write | None = None
    result: RecordOut | None = field(default=None, init=False)
    # Its place in the change feed, once written.
    seq: int = field(default=0, init=False)


def same_data(record: RecordOut, values: dict[str, Any]) -> bool:
    return all(getattr(record, k) == values.get(k) for k in RECORDED_FIELDS)


def allocate_feed(db: DbSession, organization_id: str, count: int) -> int:
    """Reserve ``count`` positions in the organization's feed; returns the first. The counter row
    stays locked until commit, which is why callers do this last."""
    conn = db.connection()
    mysql = conn.dialect.name == "mysql"
    # On MySQL the new value comes back with the UPDATE itself (LAST_INSERT_ID(expr) is this
    # connection's own), saving a round trip per write.
    bumped = FeedCounter.last_seq + count
    result = conn.execute(
        update(FeedCounter.__table__)
        .where(in_org(FeedCounter, organization_id))
        .values(last_seq=func.last_insert_id(bumped) if mysql else bumped)
    )
    if not result.rowcount:
        try:
            conn.execute(insert(FeedCounter.__table__).values(organization_id=organization_id, last_seq=count))
        except IntegrityError:
            raise RetryTransaction("the feed counter was being created") from None
        return 1
    if mysql:
        return result.lastrowid - count + 1
    return conn.scalar(select(FeedCounter.last_seq).where(in_org(FeedCounter, organization_id))) - count + 1


def _count_upsert(dialect: str):
    """INSERT of a (session, state) count that adds to the row already there: one statement for
    every call (its compiled form is cached), given its rows as parameters."""
    table = SessionStateCount.__table__
    if dialect == "mysql":
        stmt = mysql.insert(table)
        return stmt.on_duplicate_key_update(marks=table.c.marks + stmt.inserted.marks)
    stmt = sqlite.insert(table)
    return stmt.on_conflict_do_update(
        index_elements=[table.c.session_id, table.c.state], set_={"marks": table.c.marks + stmt.excluded.marks}
    )


_COUNT_UPSERTS = {dialect: _count_upsert(dialect) for dialect in ("mysql", "sqlite")}


def count_marks(conn: Connection, organization_id: str, changes: Counter) -> None:
    """Add ``changes`` ((session id, state) -> how many records more, or fewer) to the sessions'
    counts; the rows are taken in key order, so two writers never wait on each other's rows the
    other way round."""
    rows = [
        {"organization_id": organization_id, "session_id": session_id, "state": state, "marks": n}
        for (session_id, state), n in sorted(changes.items())
        if n
    ]
    if rows:
        conn.execute(_COUNT_UPSERTS[conn.dialect.name], rows)


@dataclass
class _Statements:
    """The rows one call inserts and updates, a statement per table."""

    new_rows: list[dict] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)
    versions: list[dict] = field(default_factory=list)
    entries: list[dict] = field(default_factory=list)
    mutations: list[tuple] = field(default_factory=list)
    # (session id, state) -> records more (or fewer) in it once these statements ran.
    counted: Counter = field(default_factory=Counter)
    # Each write with its record's row (or update) and history row, given feed positions last.
    sequenced: list[tuple[Write, dict, dict]] = field(default_factory=list)

    def stage(self, organization_id: str, w: Write, now: datetime) -> None:
        """The rows of one new version, its result set on ``w`` (its feed position comes later:
        ``execute_sequenced``)."""
        stamp = {
            "source": w.stamp.source,
            "recorded_by": w.stamp.actor_id,
            "recorded_at": now,
            "client_time": w.stamp.client_time,
            "device_id": w.stamp.device_id,
        }
        values = {k: w.values.get(k) for k in RECORDED_FIELDS}
        if w.current is None:
            row = {
                "id": new_id(),
                "organization_id": organization_id,
                "session_id": w.session_id,
                "participant_id": w.participant_id,
                "version": 1,
                "created_at": now,
                **values,
                **stamp,
            }
            self.new_rows.append(row)
            before = None
        else:
            row = {**w.current.model_dump(), **values, **stamp, "version": w.current.version + 1}
            self.updates.append(
                {
                    "old_id": w.current.id,
                    "old_version": w.current.version,
                    **{f"new_{k}": row.get(k) for k in UPDATED_COLUMNS},  # feed_seq comes last
                }
            )
            before = {k: getattr(w.current, k) for k in RECORDED_FIELDS}
            self.counted[(w.session_id, w.current.state)] -= 1
        self.counted[(w.session_id, row["state"])] += 1
        w.result = RecordOut.model_validate(row)
        self.versions.append(
            {
                "id": new_id(),
                "organization_id": organization_id,
                "record_id": w.result.id,
                "session_id": w.session_id,
                "participant_id": w.participant_id,
                "version": w.result.version,
                **values,
                "source": w.stamp.source,
                "actor_id": w.stamp.actor_id,
                "device_id": w.stamp.device_id,
                "client_time": w.stamp.client_time,
                "device_time": w.stamp.device_time,
                "clock_skewed": w.stamp.clock_skewed,
                "at": now,
            }
        )
        self.sequenced.append((w, self.updates[-1] if w.current else row, self.versions[-1]))
        # When a device made the change (its clock, corrected by the batch's skew): the audit log says
        # "made 08:57, received 09:14"; a skewed clock is flagged with what the device said.
        made = {"client_time": w.stamp.client_time} if w.stamp.client_time else {}
        skew = {"clock_skewed": True, "device_time": w.stamp.device_time} if w.stamp.clock_skewed else {}
        self.entries.append(
            {
                "entity_id": w.result.id,
                "action": "create" if w.current is None else "update",
                "before": before,
                "after": {
                    **values,
                    "session_id": w.session_id,
                    "participant_id": w.participant_id,
                    "version": w.result.version,
                    "source": w.stamp.source,
                    "device_id": w.stamp.device_id,
                    **made,
                    **skew,
                },
            }
        )
        if w.mutation_id:
            self.mutations.append((w.mutation_id, w.result, "created" if w.current is None else "changed", w.batch_id))

    def execute_unsequenced(self, db: DbSession, organization_id: str, now: datetime) -> None:
        """What needs no feed position: the counts and the mutation ids."""
        with _retried_on_collision():
            conn = db.connection()
            count_marks(conn, organization_id, self.counted)
            if self.mutations:
                conn.execute(
                    insert(AppliedMutation.__table__),
                    [
                        {
                            "id": new_id(),
                            "organization_id": organization_id,
                            "mutation_id": m,
                            "record_id": r.id,
                            "version": r.version,
                            "outcome": o,
                            "batch_id": b,
                            "at": now,
                        }
                        for m, r, o, b in self.mutations
                    ],
                )

    def execute_sequenced(self, db: DbSession, first_seq: int) -> None:
        """The records and their history, numbered in the feed from ``first_seq`` in order."""
        for offset, (w, record_row, version_row) in enumerate(self.sequenced):
            w.seq = version_row["feed_seq"] = first_seq + offset
            record_row["new_feed_seq" if w.current else "feed_seq"] = w.seq
        with _retried_on_collision():
            conn = db.connection()
            if self.new_rows:
                conn.execute(insert(PresenceRecord.__table__), self.new_rows)
            if self.updates:
                conn.execute(
                    update(PresenceRecord.__table__)
                    .where(PresenceRecord.id == bindparam("old_id"), PresenceRecord.version == bindparam("old_version"))
                    .values({k: bindparam(f"new_{k}") for k in UPDATED_COLUMNS}),
                    self.updates,
                )
            if self.versions:
                conn.execute(insert(RecordVersion.__table__), self.versions)


@contextmanager
def _retried_on_collision():
    """Someone recorded the same participant (or sent the same mutation) a moment ago: start again,
    and this time their record is there to compare with."""
    try:
        yield
    except IntegrityError:
        raise RetryTransaction("a concurrent write to the same record") from None


def write(
    db: DbSession,
    ctx,
    organization_id: str,
    writes: list[Write],
    now: datetime,
    *,
    unchanged: list[tuple[str, RecordOut | Write, str | None]] = (),
) -> list[RecordOut]:
    """Write every version in ``writes`` (in order: several may follow one another on one record)
    and remember the mutation ids of ``unchanged`` answers (mutation id, record or the write of
    this call that made it, batch). Once the transaction commits, the new versions go out as live
    events (``ctx.events``) to whoever watches their sessions."""
    statements = _Statements()
    for w in writes:
        if w.follows is not None:
            w.current = w.follows.result
        statements.stage(organization_id, w, now)
    statements.mutations += [(m, r.result if isinstance(r, Write) else r, "unchanged", b) for m, r, b in unchanged]
    statements.execute_unsequenced(db, organization_id, now)
    if not writes:
        return []
    # The audit entries of one call share their stamp's source and device; a sync chunk's do too.
    stamp = writes[0].stamp
    ctx.audit.record_many(
        db,
        organization_id=organization_id,
        entity="presence_record",
        actor_id=stamp.actor_id,
        source=stamp.source,
        device_id=stamp.device_id,
        entries=statements.entries,
    )
    # Last: the counter stays locked until commit.
    statements.execute_sequenced(db, allocate_feed(db, organization_id, len(writes)))
    ctx.events.after_commit(db, organization_id, [(w.result, w.seq) for w in writes])
    return [w.result for w in writes]
