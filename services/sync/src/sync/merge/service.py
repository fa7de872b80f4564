"""Merging a batch, a chunk at a time, exactly once in effect (SPEC 4.5 steps 3, 4 and 7).

A worker first takes the batch's lease (so two workers never merge one batch at once, and one that
went silent is replaced within a lease), then for each chunk of mutations not yet decided, in three
steps with no transaction open across the network call (CONVENTIONS 16):

1. take the chunk, in a short transaction: the items from where the decided ones end, the ids
   merged before (answered as duplicates), the records with an open conflict; the lease extended;
2. ask presence to decide and write the rest (its own transaction), the lease kept alive meanwhile;
3. record every outcome (and new conflicts with both versions) in a new short transaction, only if
   this worker still holds the lease and nobody recorded the chunk meanwhile.

A worker that dies between 1 and 3 leaves a lease that runs out; the next one takes the chunk again
and asks presence again: presence knows which mutations of this batch it applied and answers as it
did, so nothing is lost and nothing doubled.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from omni_common.db.base import utcnow
from omni_common.db.database import Database, RetryTransaction
from omni_common.outbox import Outbox
from sync.batches.models import SyncBatch, SyncItem
from sync.conflicts import repository as conflicts
from sync.conflicts.models import ConflictVersion, SyncConflict
from sync.context import SyncContext
from sync.merge import repository

log = logging.getLogger(__name__)
OUTCOMES = ("applied", "duplicate", "unchanged", "conflict", "rejected")
# How long the worker waits for presence to decide one chunk.
PRESENCE_TIMEOUT = 120


def record_key(session_id: str, participant_id: str) -> str:
    return f"{session_id}:{participant_id}"


class LeaseLost(Exception):
    """Another worker took the batch over (this one was too slow): its answers count, not ours."""


@dataclass(frozen=True)
class Chunk:
    """The next mutations of a batch, as taken: what presence is asked, and how its answers are kept."""

    batch: SyncBatch  # as taken (detached: read only)
    holder: int  # the attempt that holds the lease (a later taker's is higher)
    start: int  # the batch's processed count when taken
    items: list[Row]
    # Item id -> the outcome its mutation id got before (in an earlier batch or earlier in this one).
    earlier: dict[str, Row]
    # Item id -> the id of the item earlier in this chunk whose mutation id it repeats.
    repeated: dict[str, str]
    open_keys: frozenset[str]

    @property
    def to_presence(self) -> list[Row]:
        return [i for i in self.items if i.id not in self.earlier and i.id not in self.repeated]


class Merger:
    def __init__(self, database: Database, ctx: SyncContext):
        self.database = database
        self.ctx = ctx
        self.settings = ctx.settings

    def _lease_until(self) -> datetime:
        return utcnow() + timedelta(seconds=self.settings.lease_seconds)

    def claim(self, batch_id: str) -> SyncBatch | None:
        """Take the batch if it is queued, or running under a lease that ran out."""
        return self.database.transaction(repository.claim, batch_id, utcnow(), self._lease_until())

    # --- merging -------------------------------------------------------------------------------

    def merge(self, batch_id: str) -> tuple[str, int]:
        """Merge what is left of the batch; returns its status afterwards and the conflicts it opened."""
        claimed = self.claim(batch_id)
        if claimed is None:
            return "not mine", 0
        opened = 0
        try:
            while (chunk := self.database.transaction(self._take_chunk, batch_id, claimed.attempts)) is not None:
                asked = time.perf_counter()
                decided = self._ask_presence(chunk) if chunk.to_presence else {}
                answered = time.perf_counter()
                made, progress = self.database.transaction(self._record_chunk, chunk, decided)
                opened += made
                log.info(
                    "merged a chunk",
                    extra={
                        "batch_id": batch_id,
                        "mutations": len(chunk.items),
                        "progress": progress,
                        "presence_ms": round((answered - asked) * 1000),
                        "sync_ms": round((time.perf_counter() - answered) * 1000),
                    },
                )
            return "completed", opened
        except LeaseLost:
            log.info("another worker took the batch over", extra={"batch_id": batch_id})
            return "not mine", opened
        except Exception as exc:
            log.exception("merging a batch failed", extra={"batch_id": batch_id})
            if claimed.attempts >= 5:
                reason = f"The batch could not be merged: {type(exc).__name__}"
                self.database.transaction(repository.fail, batch_id, reason, utcnow())
                return "failed", opened
            raise

    def _held(self, session: Session, batch_id: str, holder: int) -> SyncBatch:
        """The batch, locked for this short transaction, if ``holder`` still holds its lease."""
        batch = repository.locked(session, batch_id)
        if batch.status != "running" or batch.attempts != holder:
            raise LeaseLost()
        return batch

    def _take_chunk(self, session: Session, batch_id: str, holder: int) -> Chunk | None:
        """The next chunk (None once every mutation is decided: the batch is completed)."""
        batch = self._held(session, batch_id, holder)
        # Mutations are decided in the batch's order, so the next chunk starts where the decided end.
        items = repository.items_from(session, batch.id, batch.processed_count, self.settings.chunk_size)
        if not items:
            batch.status, batch.progress, batch.completed_at, batch.lease_until = "completed", 100, utcnow(), None
            return None
        earlier, repeated = self._merged_before(session, batch, items)
        # Presence is told which of the records it is asked about have an open conflict.
        keys = {
            record_key(i.session_id, i.participant_id) for i in items if i.id not in earlier and i.id not in repeated
        }
        open_keys = frozenset(conflicts.open_by_key(session, batch.organization_id, keys))
        batch.lease_until = self._lease_until()
        return Chunk(batch, holder, batch.processed_count, items, earlier, repeated, open_keys)

    @staticmethod
    def _merged_before(session: Session, batch: SyncBatch, items: list[Row]) -> tuple[dict[str, Row], dict[str, str]]:
        """Items whose mutation id has an outcome already (an earlier batch, or earlier in this
        batch): by item id, that outcome; and items repeating one earlier in this chunk: by item id,
        the id of the item they repeat."""
        done = repository.outcomes_of(session, batch.organization_id, {i.mutation_id for i in items})
        first: dict[str, Row] = {}
        for outcome in sorted(done, key=lambda o: (o.processed_at, o.position)):
            first.setdefault(outcome.mutation_id, outcome)
        earlier, repeated, seen_here = {}, {}, {}
        for item in items:
            if item.mutation_id in first:
                earlier[item.id] = first[item.mutation_id]
            elif item.mutation_id in seen_here:
                repeated[item.id] = seen_here[item.mutation_id]
            else:
                seen_here[item.mutation_id] = item.id
        return earlier, repeated

    # --- asking presence, outside any transaction --------------------------------------------------

    def _ask_presence(self, chunk: Chunk) -> dict[str, dict[str, Any]]:
        batch = chunk.batch
        body = {
            "actor": {
                "organization_id": batch.organization_id,
                "user_id": batch.user_id,
                "role": batch.role,
                "timezone": batch.timezone,
            },
            "device_id": batch.device_id,
            "device_name": batch.device_name,
            "batch_id": batch.id,
            "mutations": [
                {
                    "mutation_id": i.mutation_id,
                    "session_id": i.session_id,
                    "participant_id": i.participant_id,
                    "state": i.state,
                    "note": i.note,
                    "check_in_at": _iso(i.check_in_at),
                    "check_out_at": _iso(i.check_out_at),
                    "client_time": _iso(i.corrected_time),
                    "device_time": _iso(i.client_time),
                    "clock_skewed": i.clock_skewed,
                    "base_version": i.base_version,
                    "has_open_conflict": record_key(i.session_id, i.participant_id) in chunk.open_keys,
                    "action": i.action,
                    "at": _iso(_arrival_time(i)),
                }
                for i in chunk.to_presence
            ],
        }
        with self._lease_kept(batch.id, chunk.holder):
            answer = self.ctx.presence.request("POST", "/internal/sync/apply", json=body, timeout=PRESENCE_TIMEOUT)
        answer.raise_for_status()
        return {r["mutation_id"]: r for r in answer.json()["results"]}

    @contextlib.contextmanager
    def _lease_kept(self, batch_id: str, holder: int):
        """Renew the lease every third of its length while presence decides (each renewal a
        transaction of its own): a live worker keeps the batch however long presence takes, a dead
        one loses it within a lease."""
        stop = threading.Event()

        def renew() -> None:
            while not stop.wait(self.settings.lease_seconds / 3):
                try:
                    self.database.transaction(repository.renew_lease, batch_id, holder, self._lease_until())
                except Exception:
                    log.warning("could not renew a batch's lease", exc_info=True, extra={"batch_id": batch_id})

        renewer = threading.Thread(target=renew, name="sync-lease", daemon=True)
        renewer.start()
        try:
            yield
        finally:
            stop.set()
            renewer.join()

    # --- recording the answers -------------------------------------------------------------------

    def _record_chunk(self, session: Session, chunk: Chunk, decided: dict[str, dict[str, Any]]) -> tuple[int, int]:
        """Keep every outcome of the chunk; returns how many conflicts it opened, and the progress."""
        batch = self._held(session, chunk.batch.id, chunk.holder)
        # Implied by the lease, and what exactly once rests on: the chunk is recorded only once.
        if batch.processed_count != chunk.start:
            raise LeaseLost()
        # The open conflicts of the records presence answered "conflict" for, read now: one may have
        # been opened (by another batch) or resolved since the chunk was taken.
        keys = {
            record_key(i.session_id, i.participant_id)
            for i in chunk.to_presence
            if decided[i.mutation_id]["outcome"] == "conflict"
        }
        open_conflicts = conflicts.open_by_key(session, batch.organization_id, keys)
        outcomes, opened = self._outcomes(session, batch, chunk, decided, open_conflicts)
        now = utcnow()
        repository.insert_outcomes(
            session,
            [
                {
                    "item_id": item.id,
                    "organization_id": batch.organization_id,
                    "batch_id": batch.id,
                    "position": item.position,
                    "mutation_id": item.mutation_id,
                    "processed_at": now,
                    **outcomes[item.id],
                }
                for item in chunk.items
            ],
        )
        self._progress(batch, [o["outcome"] for o in outcomes.values()])
        return opened, batch.progress

    def _outcomes(
        self,
        session: Session,
        batch: SyncBatch,
        chunk: Chunk,
        decided: dict[str, dict[str, Any]],
        open_conflicts: dict[str, SyncConflict],
    ) -> tuple[dict[str, dict], int]:
        """By item id, its outcome; and how many conflicts were opened."""
        opened = 0
        outcomes: dict[str, dict] = {}
        for item in chunk.items:
            if item.id in chunk.earlier:
                first = chunk.earlier[item.id]
                outcome = {
                    "outcome": "duplicate",
                    "version": first.version,
                    "conflict_id": first.conflict_id,
                    "reason": f"Merged before ({first.outcome}).",
                }
            elif item.id in chunk.repeated:
                first = outcomes[chunk.repeated[item.id]]
                outcome = {
                    "outcome": "duplicate",
                    "version": first["version"],
                    "conflict_id": first["conflict_id"],
                    "reason": f"Earlier in this batch ({first['outcome']}).",
                }
            else:
                result = decided[item.mutation_id]
                outcome = {
                    "outcome": result["outcome"],
                    "version": result["version"],
                    "conflict_id": None,
                    "reason": result["reason"],
                }
                if outcome["outcome"] == "conflict":
                    conflict, made = self._conflict_for(session, batch, item, result, open_conflicts)
                    outcome["conflict_id"] = conflict.id
                    opened += made
            outcomes[item.id] = outcome
        return outcomes, opened

    def _conflict_for(
        self,
        session: Session,
        batch: SyncBatch,
        item: SyncItem,
        result: dict[str, Any],
        open_conflicts: dict[str, SyncConflict],
    ) -> tuple[SyncConflict, bool]:
        """The record's open conflict (made now if it had none), with this device's version added."""
        key = record_key(item.session_id, item.participant_id)
        conflict, made = open_conflicts.get(key), False
        if conflict is None:
            conflict = self._open_conflict(session, batch, item, result.get("record"))
            open_conflicts[key] = conflict
            made = True
        session.add(
            ConflictVersion(
                organization_id=batch.organization_id,
                conflict_id=conflict.id,
                item_id=item.id,
                mutation_id=item.mutation_id,
                device_id=batch.device_id,
                device_name=batch.device_name,
                user_id=batch.user_id,
                state=item.state or "",
                note=item.note,
                check_in_at=item.check_in_at,
                check_out_at=item.check_out_at,
                client_time=item.corrected_time,
                base_version=item.base_version,
                received_at=batch.received_at,
            )
        )
        return conflict, made

    def _open_conflict(self, session: Session, batch: SyncBatch, item: SyncItem, server: dict | None) -> SyncConflict:
        conflict = SyncConflict(
            organization_id=batch.organization_id,
            session_id=item.session_id,
            participant_id=item.participant_id,
            status="open",
            open_key=record_key(item.session_id, item.participant_id),
            server=server,
            server_version=(server or {}).get("version") or 0,
        )
        session.add(conflict)
        try:
            session.flush()
        except IntegrityError:  # another batch opened it a moment ago: record the chunk again
            raise RetryTransaction("a conflict opened at the same time") from None
        self.ctx.audit.record(
            session,
            organization_id=batch.organization_id,
            entity="sync_conflict",
            entity_id=conflict.id,
            action="open",
            actor_id=batch.user_id,
            source="offline_sync",
            device_id=batch.device_id,
            device_name=batch.device_name,
            after={"session_id": item.session_id, "participant_id": item.participant_id, "server": server},
        )
        return conflict

    def _progress(self, batch: SyncBatch, outcomes: list[str]) -> None:
        counts = Counter(batch.counts)
        counts.update(outcomes)
        batch.counts = {k: counts.get(k, 0) for k in OUTCOMES}
        batch.processed_count += len(outcomes)
        batch.progress = min(99, int(100 * batch.processed_count / max(1, batch.mutation_count)))
        batch.lease_until = self._lease_until()

    # --- batches that stalled --------------------------------------------------------------------

    def requeue_stalled(self, outbox: Outbox) -> int:
        """Queue again every batch whose worker went silent mid-merge (its lease ran out). A task the
        broker lost before any worker began is the outbox sweeper's to publish again."""
        now = utcnow()

        def find(session: Session) -> int:
            stalled = repository.stalled(session, now)
            for batch_id in stalled:
                outbox.enqueue(session, "sync.merge_batch", batch_id=batch_id)
            return len(stalled)

        return self.database.transaction(find)


def _arrival_time(item) -> datetime | None:
    """A check-in's or check-out's time, corrected by the batch's clock skew as client_time is."""
    if item.action is None:
        return None
    given = item.check_out_at if item.action == "check_out" else item.check_in_at
    return item.corrected_time if given is None else given + (item.corrected_time - item.client_time)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None
