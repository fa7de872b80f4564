"""The merge task (`sync.merge_batch`), run by the sync worker on its own queue."""

from __future__ import annotations

import logging
import threading

from celery import Celery

from omni_common.outbox import Outbox
from sync.batches.models import SyncBatch
from sync.merge.service import Merger

log = logging.getLogger(__name__)


def register(app: Celery, merger: Merger) -> None:
    @app.task(name="sync.merge_batch", bind=True, max_retries=None)
    def merge_batch(self, batch_id: str) -> str:
        try:
            status, opened = merger.merge(batch_id)
        except Exception as exc:
            # Presence or the database failed for a moment: try again soon (the lease is ours).
            raise self.retry(exc=exc, countdown=min(30, 2**self.request.retries)) from exc
        if opened:
            notify_admins(merger, batch_id, opened)
        return status


def notify_admins(merger: Merger, batch_id: str, opened: int) -> None:
    """Tell the organization's admins (best effort: the conflicts wait in the queue regardless)."""
    batch = merger.database.read(lambda s: s.get(SyncBatch, batch_id))
    try:
        merger.ctx.presence.request(
            "POST",
            "/internal/notifications",
            json={
                "organization_id": batch.organization_id,
                "roles": ["admin"],
                "kind": "sync_conflict",
                "title": f"{opened} sync conflict{'s' if opened != 1 else ''} to settle",
                "body": "Records were changed differently on two devices. Open the conflict queue to choose.",
                "data": {"batch_id": batch_id},
            },
        ).raise_for_status()
    except Exception:
        log.warning("could not notify admins of new conflicts", exc_info=True, extra={"batch_id": batch_id})


def start_stall_watch(merger: Merger, outbox: Outbox, interval: float) -> threading.Event:
    """Requeue batches whose worker went silent, every ``interval`` seconds, until the event is set."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(interval):
            try:
                if requeued := merger.requeue_stalled(outbox):
                    log.info("requeued stalled batches", extra={"count": requeued})
            except Exception:
                log.warning("the stalled-batch check failed", exc_info=True)

    threading.Thread(target=loop, name="sync-stall-watch", daemon=True).start()
    return stop
