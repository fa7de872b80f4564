"""Merging a batch, a chunk at a time, exactly once in effect (SPEC 4.5 steps 3, 4 and 7).

A worker first takes the batch's lease (so two workers never merge one batch at once, and one that
went silent is replaced within a minute), then for each chunk of mutations not yet decided: marks
the ids merged before as duplicates, tells presence which records already have an open conflict,
lets presence decide and write the rest in one transaction, and records every outcome (and new
conflicts with both versions) in one transaction of its own. If the worker dies between the two,
the next one asks presence again: presence knows which mutations of this batch it applied and
answers as it did, so nothing is lost and nothing doubled.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from omni_common.audit import AuditWriter
from omni_common.db.base import utcnow
from omni_common.db.database import Database, RetryTransaction
from omni_common.internal import ServiceClient
from omni_common.outbox import Outbox
from sync.batches.models import SyncBatch, SyncItem, SyncOutcome
from sync.config import Settings
from sync.conflicts.models import ConflictVersion, SyncConflict

log = logging.getLogger(__name__)
OUTCOMES = ("applied", "duplicate", "unchanged", "conflict", "rejected")


def record_key(session_id: str, participant_id: str) -> str:
    return f"{session_id}:{participant_id}"


class Merger:
    def __init__(self, database: Database, settings: Settings, presence: ServiceClient, audit: AuditWriter):
        self.database = database
        self.settings = settings
        self.presence = presence
        self.audit = audit

    # --- the lease -----------------------------------------------------------------------------

    def claim(self, batch_id: str) -> SyncBatch | None:
        """Take the batch if it is queued, or running under a lease that ran out."""
        now = utcnow()

        def take(session: Session) -> SyncBatch | None:
            taken = session.execute(
                update(SyncBatch)
                .where(
                    SyncBatch.id == batch_id,
                    SyncBatch.status.in_(("queued", "running")),
                    (SyncBatch.lease_until.is_(None)) | (SyncBatch.lease_until < now),
                )
                .values(
                    status="running",
                    lease_until=now + timedelta(seconds=self.settings.lease_seconds),
                    attempts=SyncBatch.attempts + 1,
                )
            ).rowcount
            return session.get(SyncBatch, batch_id) if taken else None

        return self.database.transaction(take)

    # --- merging -------------------------------------------------------------------------------

    def merge(self, batch_id: str) -> tuple[str, int]:
        """Merge what is left of the batch; returns its status afterwards and the conflicts it opened."""
        claimed = self.claim(batch_id)
        if claimed is None:
            return "not mine", 0
        opened = 0
        try:
            while True:
                more, made = self.database.transaction(self._next_chunk, batch_id)
                opened += made
                if not more:
                    return "completed", opened
        except Exception as exc:
            log.exception("merging a batch failed", extra={"batch_id": batch_id})
            if claimed.attempts >= 5:
                self.database.transaction(self._fail, batch_id, f"The batch could not be merged: {type(exc).__name__}")
                return "failed", opened
            raise

    def _next_chunk(self, session: Session, batch_id: str) -> tuple[bool, int]:
        """Decide the next chunk: whether there was one, and how many conflicts it opened."""
        # Locked: a second worker on the same batch (its first one was only slow) waits, then finds
        # this chunk decided. Mutations are decided in the batch's order, so the next chunk starts
        # where the decided ones end.
        batch = session.get(SyncBatch, batch_id, with_for_update=True)
        items = session.execute(
            select(SyncItem.__table__)
            .where(SyncItem.batch_id == batch.id, SyncItem.position >= batch.processed_count)
            .order_by(SyncItem.position)
            .limit(self.settings.chunk_size)
        ).all()
        if not items:
            self._complete(session, batch)
            return False, 0
        earlier, repeated = self._merged_before(session, batch, items)
        open_conflicts = {
            c.open_key: c
            for c in session.scalars(
                select(SyncConflict).where(
                    SyncConflict.organization_id == batch.organization_id,
                    SyncConflict.open_key.in_({record_key(i.session_id, i.participant_id) for i in items}),
                )
            )
        }
        to_presence = [i for i in items if i.id not in earlier and i.id not in repeated]
        asked = time.perf_counter()
        decided = self._ask_presence(batch, to_presence, open_conflicts) if to_presence else {}
        answered = time.perf_counter()
        now = utcnow()
        new_conflicts = 0
        outcomes: dict[str, dict] = {}
        for item in items:
            if item.id in earlier:
                first = earlier[item.id]
                outcome = {
                    "outcome": "duplicate",
                    "version": first.version,
                    "conflict_id": first.conflict_id,
                    "reason": f"Merged before ({first.outcome}).",
                }
            elif item.id in repeated:
                first = outcomes[repeated[item.id]]
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
                    new_conflicts += made
            outcomes[item.id] = outcome
        # A Core INSERT of plain rows: the ORM's bulk path adds only time here.
        session.execute(
            insert(SyncOutcome.__table__),
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
                for item in items
            ],
        )
        self._progress(session, batch, [o["outcome"] for o in outcomes.values()])
        log.info(
            "merged a chunk",
            extra={
                "batch_id": batch.id,
                "mutations": len(items),
                "progress": batch.progress,
                "presence_ms": round((answered - asked) * 1000),
                "sync_ms": round((time.perf_counter() - answered) * 1000),
            },
        )
        return True, new_conflicts

    def _merged_before(
        self, session: Session, batch: SyncBatch, items: list[SyncItem]
    ) -> tuple[dict[str, Row], dict[str, str]]:
        """Items whose mutation id has an outcome already (an earlier batch, or earlier in this
        batch): by item id, that outcome; and items repeating one earlier in this chunk: by item id,
        the id of the item they repeat."""
        # Plain rows of what a duplicate's answer repeats: a replayed chunk meets a thousand.
        done = session.execute(
            select(
                SyncOutcome.mutation_id,
                SyncOutcome.processed_at,
                SyncOutcome.position,
                SyncOutcome.outcome,
                SyncOutcome.version,
                SyncOutcome.conflict_id,
            ).where(
                SyncOutcome.organization_id == batch.organization_id,
                SyncOutcome.mutation_id.in_({i.mutation_id for i in items}),
            )
        ).all()
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

    def _ask_presence(
        self, batch: SyncBatch, items: list[SyncItem], open_conflicts: dict[str, SyncConflict]
    ) -> dict[str, dict[str, Any]]:
        body = {
            "actor": {
                "organization_id": batch.organization_id,
                "user_id": batch.user_id,
                "role": batch.role,
                "timezone": batch.timezone,
            },
            "device_id": batch.device_id,
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
                    "base_version": i.base_version,
                    "has_open_conflict": record_key(i.session_id, i.participant_id) in open_conflicts,
                    "action": i.action,
                    "at": _iso(_arrival_time(i)),
                }
                for i in items
            ],
        }
        answer = self.presence.request("POST", "/internal/sync/apply", json=body, timeout=120)
        answer.raise_for_status()
        return {r["mutation_id"]: r for r in answer.json()["results"]}

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
            server = result.get("record")
            conflict = SyncConflict(
                organization_id=batch.organization_id,
                session_id=item.session_id,
                participant_id=item.participant_id,
                status="open",
                open_key=key,
                server=server,
                server_version=(server or {}).get("version") or 0,
            )
            session.add(conflict)
            try:
                session.flush()
            except IntegrityError:  # another batch opened it a moment ago: start the chunk again
                raise RetryTransaction("a conflict opened at the same time") from None
            open_conflicts[key] = conflict
            made = True
            self.audit.record(
                session,
                organization_id=batch.organization_id,
                entity="sync_conflict",
                entity_id=conflict.id,
                action="open",
                actor_id=batch.user_id,
                source="offline_sync",
                device_id=batch.device_id,
                after={"session_id": item.session_id, "participant_id": item.participant_id, "server": server},
            )
        session.add(
            ConflictVersion(
                organization_id=batch.organization_id,
                conflict_id=conflict.id,
                item_id=item.id,
                mutation_id=item.mutation_id,
                device_id=batch.device_id,
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

    def _progress(self, session: Session, batch: SyncBatch, outcomes: list[str]) -> None:
        counts = Counter(batch.counts)
        counts.update(outcomes)
        batch.counts = {k: counts.get(k, 0) for k in OUTCOMES}
        batch.processed_count += len(outcomes)
        batch.progress = min(99, int(100 * batch.processed_count / max(1, batch.mutation_count)))
        batch.lease_until = utcnow() + timedelta(seconds=self.settings.lease_seconds)

    @staticmethod
    def _complete(session: Session, batch: SyncBatch) -> None:
        batch.status, batch.progress, batch.completed_at, batch.lease_until = "completed", 100, utcnow(), None

    @staticmethod
    def _fail(session: Session, batch_id: str, reason: str) -> None:
        session.execute(
            update(SyncBatch)
            .where(SyncBatch.id == batch_id)
            .values(status="failed", error=reason, lease_until=None, completed_at=utcnow())
        )

    # --- batches that stalled --------------------------------------------------------------------

    def requeue_stalled(self, outbox: Outbox) -> int:
        """Queue again every batch whose worker went silent mid-merge (its lease ran out). A task the
        broker lost before any worker began is the outbox sweeper's to publish again."""
        now = utcnow()

        def find(session: Session) -> int:
            stalled = session.scalars(
                select(SyncBatch.id).where(SyncBatch.status == "running", SyncBatch.lease_until < now).limit(100)
            ).all()
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
