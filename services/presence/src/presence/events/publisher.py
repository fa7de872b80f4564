"""Live events (SPEC §4.3): what presence tells whoever watches a session, after each commit.

Every new version of a record goes out on the session's Redis channel the moment its transaction
commits, with its change-feed position as the event's id; then the session's counts follow, from a
thread of their own that reads them after the burst — every session marked within a quarter of a
second (`PRESENCE_LIVE_COUNTS_SECONDS`) in one read — so a roll call of 500 sends one counts event,
a busy hour costs a few reads a second rather than one per mark, and no mark waits for a count.
The gateway holds the streams (gateway/events.py): it subscribes, replays a reconnecting client's
gap from the feed, and forwards. Publishing is best effort — a
client that missed an event finds it in the feed when it resumes with Last-Event-ID — and never
fails or slows a write.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from typing import Any

from sqlalchemy.orm import Session as DbSession

from omni_common.db.database import Database, after_commit
from presence.events.counts import counts_for
from presence.records.schemas import RecordOut

log = logging.getLogger(__name__)

SESSION_CHANNEL = "omni:events:session:{}"
USER_CHANNEL = "omni:events:user:{}"


def message(event: str, event_id: int, data: dict[str, Any]) -> str:
    return json.dumps({"id": event_id, "event": event, "data": data}, separators=(",", ":"), default=str)


class LiveEvents:
    def __init__(self, redis, database: Database, window: float = 0.25):
        self.redis = redis
        self.database = database
        self.window = window
        self._pending: queue.Queue[tuple[str, int]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def after_commit(self, db: DbSession, organization_id: str, written: list[tuple[RecordOut, int]]) -> None:
        """Publish these new versions once ``db``'s transaction commits (nothing if it rolls back)."""
        after_commit(db, lambda: self._publish_records(written))

    def _publish_records(self, written: list[tuple[RecordOut, int]]) -> None:
        last: dict[str, int] = {}
        try:
            pipe = self.redis.pipeline(transaction=False)
            for record, seq in written:
                data = record.model_dump(mode="json")
                pipe.publish(SESSION_CHANNEL.format(record.session_id), message("presence", seq, data))
                last[record.session_id] = max(seq, last.get(record.session_id, 0))
            pipe.execute()
        except Exception:
            log.warning("could not publish live events", exc_info=True)
        for session_id, seq in last.items():
            self._pending.put((session_id, seq))
        self._ensure_thread()

    def notification(self, user_id: str, event_id: int, data: dict[str, Any]) -> None:
        try:
            self.redis.publish(USER_CHANNEL.format(user_id), message("notification", event_id, data))
        except Exception:
            log.warning("could not publish a notification event", exc_info=True)

    # --- counts, after the burst ------------------------------------------------------------------

    def _ensure_thread(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._count_loop, name="live-counts", daemon=True)
                self._thread.start()

    def _count_loop(self) -> None:
        while True:
            burst = dict([self._pending.get()])
            time.sleep(self.window)  # let the burst gather: one read counts it all
            while True:  # everything that came meanwhile: one count per session
                try:
                    session_id, seq = self._pending.get_nowait()
                except queue.Empty:
                    break
                burst[session_id] = max(seq, burst.get(session_id, 0))
            try:
                self.publish_counts(burst)
            except Exception:
                log.warning("could not publish live counts", exc_info=True)

    def publish_counts(self, positions: dict[str, int]) -> None:
        """The counts of these sessions, each as of the change at its position."""
        counts = self.database.read(counts_for, list(positions))
        pipe = self.redis.pipeline(transaction=False)
        for session_id, seq in positions.items():
            data = {"session_id": session_id, **counts[session_id].model_dump()}
            pipe.publish(SESSION_CHANNEL.format(session_id), message("counts", seq, data))
        pipe.execute()
