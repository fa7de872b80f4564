"""Offline changes, merged a chunk at a time for the sync worker (SPEC §4.5 step 3), and the change
feed devices pull (step 5).

Each mutation gets exactly one outcome, decided in this order: rejected (invalid, with a reason),
duplicate (its id was merged before), unchanged (the server holds the same data), conflict with an
already open conflict (the sync service says which records have one), applied (a new record, the
version the device saw, the device's own earlier change, or a provisional auto-mark), conflict
(someone else changed it since, to something else: the record keeps its value). Mutations of one
record in one chunk are decided in order, so a device's chained edits follow each other.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal, Role
from omni_common.db.base import utcnow
from omni_common.pagination import cursor_key, encode_cursor
from presence.context import PresenceContext
from presence.domains.models import PresenceState
from presence.domains.service import may_use
from presence.groups.models import Group, Membership
from presence.records import writer
from presence.records.models import AppliedMutation, FeedCounter, PresenceRecord
from presence.records.schemas import RecordOut
from presence.sessions import service as sessions
from presence.sessions.models import Session
from presence.sessions.schemas import Status


@dataclass
class Mutation:
    mutation_id: str
    session_id: str
    participant_id: str
    state: str
    note: str | None
    check_in_at: datetime | None
    check_out_at: datetime | None
    client_time: datetime  # corrected for the device's clock
    base_version: int | None
    has_open_conflict: bool = False


def _outcome(m: Mutation, outcome: str, record: RecordOut | None = None, reason: str | None = None) -> dict[str, Any]:
    return {
        "mutation_id": m.mutation_id,
        "outcome": outcome,
        "version": record.version if record else None,
        # Only a conflict needs the record itself (the server's version, for the conflict queue).
        "record": record.model_dump(mode="json") if record and outcome == "conflict" else None,
        "reason": reason,
    }


def apply_chunk(
    db: DbSession,
    ctx: PresenceContext,
    principal: Principal,
    *,
    device_id: str,
    batch_id: str,
    mutations: list[Mutation],
) -> list[dict[str, Any]]:
    settings = ctx.settings
    # Everything the decisions need, in a few queries.
    found = db.execute(
        sessions.visible(principal)
        .add_columns(Group)
        .join(Group, Group.id == Session.group_id)
        .where(Session.id.in_({m.session_id for m in mutations}))
    ).all()
    by_session = {s.id: (s, g) for s, g in found}
    domains = {g.domain for _, g in by_session.values()}
    states = (
        {
            (s.domain, s.code): s
            for s in db.scalars(
                select(PresenceState).where(
                    PresenceState.organization_id == principal.organization_id,
                    PresenceState.domain.in_(domains),
                    PresenceState.retired_at.is_(None),
                )
            )
        }
        if domains
        else {}
    )
    memberships = defaultdict(list)
    # Plain rows of the columns the decisions read: a chunk meets hundreds of memberships.
    for membership in (
        db.execute(
            select(Membership.group_id, Membership.participant_id, Membership.starts_at, Membership.ends_at).where(
                Membership.group_id.in_({g.id for _, g in by_session.values()}),
                Membership.participant_id.in_({m.participant_id for m in mutations}),
            )
        )
        if by_session
        else ()
    ):
        memberships[(membership.group_id, membership.participant_id)].append(membership)
    seen = {
        a.mutation_id: a
        for a in db.scalars(
            select(AppliedMutation).where(
                AppliedMutation.organization_id == principal.organization_id,
                AppliedMutation.mutation_id.in_([m.mutation_id for m in mutations]),
            )
        )
    }
    pairs = {(m.session_id, m.participant_id) for m in mutations if m.session_id in by_session}
    # What each record holds as the chunk's decisions go (a write this chunk made counts).
    current: dict[tuple[str, str], RecordOut] = (
        {
            (r.session_id, r.participant_id): RecordOut.model_validate(r)
            for r in db.scalars(
                select(PresenceRecord)
                .where(tuple_(PresenceRecord.session_id, PresenceRecord.participant_id).in_(pairs))
                .with_for_update()
            )
        }
        if pairs
        else {}
    )

    before, after = (
        timedelta(minutes=settings.sync_window_before_minutes),
        timedelta(minutes=settings.sync_window_after_minutes),
    )
    stamp = writer.Stamp(actor_id=principal.user_id, source="offline_sync", device_id=device_id)
    results: list[dict[str, Any]] = []
    writes: list[writer.Write] = []
    last_write: dict[tuple[str, str], writer.Write] = {}
    unchanged: list[tuple[str, RecordOut | writer.Write, str | None]] = []
    for m in mutations:
        # 1. rejected
        found_session = by_session.get(m.session_id)
        reason = None
        if found_session is None:
            reason = "No such session, or not one you record for."
        else:
            session, group = found_session
            state = states.get((group.domain, m.state))
            was_member = any(
                ms.starts_at < session.ends_at and (ms.ends_at is None or ms.ends_at > session.starts_at)
                for ms in memberships[(group.id, m.participant_id)]
            )
            if session.status == Status.cancelled:
                reason = "The session was cancelled."
            elif not session.starts_at - before <= m.client_time <= session.ends_at + after:
                reason = "Recorded outside the session's time."
            elif not was_member:
                reason = "Not a member of the session's group."
            elif state is None:
                reason = f"No state {m.state!r} in the group's domain (or it was retired)."
            elif not may_use(state, principal.role):
                reason = "Your role may not record this state."
            elif m.check_in_at and m.check_out_at and m.check_out_at < m.check_in_at:
                reason = "Check-out is before check-in."
        if reason:
            results.append(_outcome(m, "rejected", reason=reason))
            continue
        key = (m.session_id, m.participant_id)
        record = current.get(key)
        # 2. duplicate (the same batch replayed after a crash answers as it did then)
        if m.mutation_id in seen:
            first = seen[m.mutation_id]
            same_batch = first.batch_id == batch_id
            outcome = (
                ("applied" if first.outcome in ("created", "changed") else "unchanged") if same_batch else "duplicate"
            )
            results.append({**_outcome(m, outcome, record), "version": first.version})
            continue
        values = {"state": m.state, "note": m.note, "check_in_at": m.check_in_at, "check_out_at": m.check_out_at}
        # 3. unchanged
        if record is not None and writer.same_data(record, values):
            # (The same data as a write earlier in this chunk: that write's record, once made.)
            unchanged.append((m.mutation_id, last_write.get(key) or record, batch_id))
            results.append(_outcome(m, "unchanged", record))
            continue
        # 4. joins an open conflict
        if m.has_open_conflict:
            results.append(_outcome(m, "conflict", record, reason="The record already has an open conflict."))
            continue
        # 5. applied
        if (
            record is None
            or record.version == m.base_version
            or record.device_id == device_id
            or record.source == "auto_mark"
        ):
            change = writer.Write(
                record,
                m.session_id,
                m.participant_id,
                values,
                writer.Stamp(**{**stamp.__dict__, "client_time": m.client_time}),
                mutation_id=m.mutation_id,
                batch_id=batch_id,
                follows=last_write.get(key),
            )
            writes.append(change)
            last_write[key] = change
            # The next mutation of this record in the chunk follows this one.
            current[key] = _projected(record, change)
            results.append({"mutation_id": m.mutation_id, "outcome": "applied", "write": change})
            continue
        # 6. conflict: both versions go to the conflict queue; the record keeps its value.
        results.append(_outcome(m, "conflict", record, reason="Changed by someone else since this device saw it."))

    writer.write(db, ctx.audit, principal.organization_id, writes, utcnow(), unchanged=unchanged)
    for result in results:
        change = result.pop("write", None)
        if change is not None:
            result.update(version=change.result.version, record=None, reason=None)
    return results


def _projected(record: RecordOut | None, change: writer.Write) -> RecordOut:
    """What the record will hold once ``change`` is written, for the decisions after it in the
    chunk (the writer gives it the same version; its id is the writer's to make)."""
    base = (
        record.model_dump()
        if record
        else {
            "id": "pending",
            "session_id": change.session_id,
            "participant_id": change.participant_id,
            "version": 0,
            "recorded_at": utcnow(),
            "source": "",
            "recorded_by": None,
            "client_time": None,
            "device_id": None,
        }
    )
    return RecordOut.model_validate(
        {
            **base,
            **change.values,
            "version": base["version"] + 1,
            "device_id": change.stamp.device_id,
            "source": change.stamp.source,
        }
    )


LATEST = "latest"


def changes_since(db: DbSession, principal: Principal, cursor: str | None, limit: int) -> tuple[list[RecordOut], str]:
    """Records changed after the cursor, in feed order, that the caller may see. The cursor never
    skips a committed change: positions are given out under a lock held until commit.

    ``latest`` answers nothing and the position of the last committed change: a device that has
    just read what it shows starts there instead of reading the whole history."""
    if cursor == LATEST:
        last = db.scalar(select(FeedCounter.last_seq).where(FeedCounter.organization_id == principal.organization_id))
        return [], encode_cursor([last or 0])
    key = cursor_key(cursor)
    after = int(key[0]) if key else 0
    stmt = select(PresenceRecord).where(
        PresenceRecord.organization_id == principal.organization_id, PresenceRecord.feed_seq > after
    )
    if principal.role == Role.frontline:
        stmt = stmt.where(PresenceRecord.session_id.in_(sessions.visible(principal).with_only_columns(Session.id)))
    elif principal.role == Role.external:
        stmt = stmt.where(PresenceRecord.participant_id == (principal.participant_id or ""))
    rows = db.scalars(stmt.order_by(PresenceRecord.feed_seq).limit(limit)).all()
    last = rows[-1].feed_seq if rows else after
    return [RecordOut.model_validate(r) for r in rows], encode_cursor([last])
