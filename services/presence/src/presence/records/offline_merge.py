"""Offline changes, merged a chunk at a time for the sync worker (SPEC §4.5 step 3).

Load everything the decisions read in a few queries, decide each mutation by the table below (pure
functions of those facts), then write every applied change in one go. Each mutation gets exactly
one outcome, decided in this order:

1. rejected — the rulebook refuses it (unknown session, participant or state, no permission,
   made outside the session's window), with a reason;
2. duplicate — its id was merged before (the same batch replayed after a crash answers as it did);
3. unchanged — the server holds the same data;
4. conflict, joining the record's open conflict;
5. applied — a new record, the version the device saw, the device's own earlier change, or a
   provisional mark (auto-mark, advance notice);
6. conflict — someone else changed it since, to something else: the record keeps its value.

A check-in or check-out made offline carries facts, not an opinion: the server decides its state
from the (corrected) time, as it does online, and it never conflicts — it applies, or changes
nothing, or is rejected (a check-out with no check-in). Mutations of one record in one chunk are
decided in order, so a device's chained edits follow one another.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal
from omni_common.db.base import utcnow
from presence.context import PresenceContext
from presence.domains.models import PresenceState
from presence.domains.service import states_by_code, states_of
from presence.groups import repository as groups
from presence.groups.models import Group
from presence.groups.service import settings_of
from presence.records import checkins, repository, rules, writer
from presence.records.models import AppliedMutation
from presence.records.schemas import RecordOut
from presence.sessions import repository as sessions
from presence.sessions.models import Session


@dataclass
class Mutation:
    mutation_id: str
    session_id: str
    participant_id: str
    state: str | None
    note: str | None
    check_in_at: datetime | None
    check_out_at: datetime | None
    client_time: datetime  # corrected for the device's clock
    base_version: int | None
    has_open_conflict: bool = False
    # check_in or check_out: the server decides the record from ``at`` (corrected too).
    action: str | None = None
    at: datetime | None = None
    # The device's clock as it was, and whether it was off by more than sync allows.
    device_time: datetime | None = None
    clock_skewed: bool = False

    def __post_init__(self):
        if self.action and self.at is None:
            self.at = self.client_time

    @property
    def key(self) -> tuple[str, str]:
        return self.session_id, self.participant_id

    @property
    def values(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "note": self.note,
            "check_in_at": self.check_in_at,
            "check_out_at": self.check_out_at,
        }


@dataclass
class Facts:
    """What the decisions of one chunk read."""

    sessions: dict[str, tuple[Session, Group]]
    states: dict[tuple[str, str], PresenceState]
    memberships: dict[tuple[str, str], list]
    seen: dict[str, AppliedMutation]
    # What each record holds as the chunk's decisions go (a write earlier in the chunk counts).
    current: dict[tuple[str, str], RecordOut]


@dataclass
class Result:
    mutation: Mutation
    outcome: str
    record: RecordOut | None = None
    reason: str | None = None
    version: int | None = None
    write: writer.Write | None = None

    def answer(self) -> dict[str, Any]:
        record = self.write.result if self.write is not None else self.record
        return {
            "mutation_id": self.mutation.mutation_id,
            "outcome": self.outcome,
            "version": self.version if self.version is not None else (record.version if record else None),
            # Only a conflict needs the record itself (the server's version, for the conflict queue).
            "record": record.model_dump(mode="json") if record and self.outcome == "conflict" else None,
            "reason": self.reason,
        }


# --- load ----------------------------------------------------------------------------------------


def load(db: DbSession, principal: Principal, mutations: list[Mutation]) -> Facts:
    by_session = {s.id: (s, g) for s, g in sessions.with_groups(db, principal, {m.session_id for m in mutations})}
    memberships = defaultdict(list)
    # Plain rows of the columns the decisions read: a chunk meets hundreds of memberships.
    for membership in groups.memberships_of(
        db, {g.id for _, g in by_session.values()}, {m.participant_id for m in mutations}
    ):
        memberships[(membership.group_id, membership.participant_id)].append(membership)
    return Facts(
        sessions=by_session,
        states=states_of(db, principal.organization_id, {g.domain for _, g in by_session.values()}),
        memberships=memberships,
        seen=repository.applied_mutations(db, principal.organization_id, [m.mutation_id for m in mutations]),
        current=repository.locked_pairs(db, {m.key for m in mutations if m.session_id in by_session}),
    )


# --- decide (pure) ---------------------------------------------------------------------------------


def refusal(facts: Facts, m: Mutation, who: rules.Writer, window: rules.Window, now: datetime) -> str | None:
    """1. The rulebook's reason to reject the mutation, if any."""
    found = facts.sessions.get(m.session_id)
    if found is None:
        return "No such session, or not one you record for."
    session, group = found
    states = states_by_code(facts.states, group.domain)
    on_roster = m.key in facts.current or rules.was_member(facts.memberships[(group.id, m.participant_id)], session)
    refused = rules.first(
        rules.session_refusal(session, who, window, device_time=m.client_time),
        rules.participant_refusal(on_roster),
        rules.time_refusal(session, window, m.at, now) if m.action else rules.state_refusal(states, m.state, who),
        rules.times_refusal(m.check_in_at, m.check_out_at) if not m.action else None,
    )
    return refused.message if refused else None


def duplicate(facts: Facts, m: Mutation, batch_id: str) -> Result | None:
    """2. A mutation merged before answers as it did then (its own batch replayed: as it did)."""
    first = facts.seen.get(m.mutation_id)
    if first is None:
        return None
    if first.batch_id == batch_id:
        outcome = "applied" if first.outcome in ("created", "changed") else "unchanged"
    else:
        outcome = "duplicate"
    return Result(m, outcome, facts.current.get(m.key), version=first.version)


def applies(record: RecordOut | None, m: Mutation, device_id: str) -> bool:
    """5. Whether the change applies without asking anyone."""
    return (
        record is None
        or record.version == m.base_version
        or record.device_id == device_id
        or rules.is_provisional(record.source)
    )


def decide_mark(record: RecordOut | None, m: Mutation, device_id: str) -> str:
    """3 to 6 for a plain mark: unchanged, conflict (joining an open one, or a new one) or applied."""
    if record is not None and writer.same_data(record, m.values):
        return "unchanged"
    if m.has_open_conflict:
        return "joins_conflict"
    return "applied" if applies(record, m, device_id) else "conflict"


def decide_arrival(facts: Facts, record: RecordOut | None, m: Mutation) -> dict | str | None:
    """A check-in's or check-out's new values; a reason to reject it; or None for no change."""
    session, group = facts.sessions[m.session_id]
    if m.action == "check_out":
        decided = checkins.check_out(record, m.at)
    else:
        state = rules.arrival_state(
            states_by_code(facts.states, group.domain).values(), session, settings_of(group).late_after_minutes, m.at
        )
        if state is None:
            return "The group's domain has no state that means present."
        decided = checkins.check_in(record, m.at, state.code)
    return decided.message if isinstance(decided, rules.Refusal) else decided


@dataclass
class Chunk:
    """The decisions of one chunk, in order, and the writes they make."""

    facts: Facts
    device_id: str
    batch_id: str
    stamp: writer.Stamp
    writes: list[writer.Write] = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    last_write: dict[tuple[str, str], writer.Write] = field(default_factory=dict)

    def decide(self, m: Mutation, who: rules.Writer, window: rules.Window, now: datetime) -> Result:
        reason = refusal(self.facts, m, who, window, now)
        if reason:
            return Result(m, "rejected", reason=reason)
        earlier = duplicate(self.facts, m, self.batch_id)
        if earlier:
            return earlier
        record = self.facts.current.get(m.key)
        if m.action:
            values = decide_arrival(self.facts, record, m)
            if isinstance(values, str):
                return Result(m, "rejected", reason=values)
            return self._unchanged(m, record) if values is None else self._apply(m, record, values)
        verdict = decide_mark(record, m, self.device_id)
        if verdict == "unchanged":
            return self._unchanged(m, record)
        if verdict == "joins_conflict":
            return Result(m, "conflict", record, reason="The record already has an open conflict.")
        if verdict == "applied":
            return self._apply(m, record, m.values)
        return Result(m, "conflict", record, reason="Changed by someone else since this device saw it.")

    def _unchanged(self, m: Mutation, record: RecordOut | None) -> Result:
        # (The same data as a write earlier in this chunk: that write's record, once made.)
        self.unchanged.append((m.mutation_id, self.last_write.get(m.key) or record, self.batch_id))
        return Result(m, "unchanged", record)

    def _apply(self, m: Mutation, record: RecordOut | None, values: dict) -> Result:
        change = writer.Write(
            record,
            m.session_id,
            m.participant_id,
            values,
            writer.Stamp(
                **{
                    **self.stamp.__dict__,
                    "client_time": m.client_time,
                    "device_time": m.device_time,
                    "clock_skewed": m.clock_skewed,
                }
            ),
            mutation_id=m.mutation_id,
            batch_id=self.batch_id,
            follows=self.last_write.get(m.key),
        )
        self.writes.append(change)
        self.last_write[m.key] = change
        # The next mutation of this record in the chunk follows this one.
        self.facts.current[m.key] = projected(record, change)
        return Result(m, "applied", write=change)


def projected(record: RecordOut | None, change: writer.Write) -> RecordOut:
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


# --- write ---------------------------------------------------------------------------------------


def apply_chunk(
    db: DbSession,
    ctx: PresenceContext,
    principal: Principal,
    *,
    device_id: str,
    batch_id: str,
    mutations: list[Mutation],
) -> list[dict[str, Any]]:
    now = utcnow()
    stamp = writer.Stamp(actor_id=principal.user_id, source="offline_sync", device_id=device_id)
    chunk = Chunk(load(db, principal, mutations), device_id, batch_id, stamp)
    who = rules.Writer(principal.role, offline=True)
    results = [chunk.decide(m, who, ctx.window, now) for m in mutations]
    writer.write(db, ctx, principal.organization_id, chunk.writes, now, unchanged=chunk.unchanged)
    return [r.answer() for r in results]
