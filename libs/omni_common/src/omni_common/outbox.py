"""The durable outbox: Celery tasks enqueued only after their transaction commits, never lost.

``outbox.enqueue(session, "sync.merge_batch", batch_id=...)`` writes a row in the caller's
transaction; once it commits the task is published with the row's id as its task id. The row is
marked published optimistically in the same transaction (no extra write on the happy path); if the
publish fails the mark is cleared. A task that finishes marks its row done. The sweeper, running in
every worker, publishes rows never published and republishes rows published long ago yet not done
(the broker lost the message, or a worker died with it): tasks are idempotent, so a second
delivery changes nothing.

A task that talks to the world and must not do it twice at once (a mail) claims its message first
(:meth:`Outbox.claim`), and one that failed for a reason that may pass asks to be delivered again
later (:meth:`Outbox.later`): ``published_at`` is then when the message is next due, in the future,
and the sweeper leaves it alone until ``redeliver_after`` past that.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from typing import Any

from celery import Celery
from sqlalchemy import Index, Integer, String, delete, or_, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from omni_common.context import REQUEST_ID_HEADER, current_request_id
from omni_common.db.base import MYSQL_TABLE_ARGS, UTCDateTime, utcnow
from omni_common.db.database import Database, after_commit
from omni_common.ids import new_id

log = logging.getLogger(__name__)


def outbox_model(base: type[DeclarativeBase]) -> type:
    class OutboxMessage(base):
        __tablename__ = "outbox_message"
        __table_args__ = (Index("ix_outbox_message_pending", "done_at", "published_at"), MYSQL_TABLE_ARGS)

        id: Mapped[str] = mapped_column(String(36), primary_key=True)
        task_name: Mapped[str] = mapped_column(String(128))
        queue: Mapped[str] = mapped_column(String(64))
        kwargs: Mapped[dict[str, Any]]
        request_id: Mapped[str | None] = mapped_column(String(128))
        attempts: Mapped[int] = mapped_column(Integer, default=0)
        created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
        published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
        done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    return OutboxMessage


class Outbox:
    def __init__(
        self, model: type, celery_app: Celery, database: Database, queue: str, *, redeliver_after: float = 60.0
    ):
        self.model = model
        self.celery = celery_app
        self.database = database
        self.queue = queue
        self.redeliver_after = timedelta(seconds=redeliver_after)

    def enqueue(self, session: Session, task_name: str, *, publish: bool = True, **kwargs: Any) -> str:
        """Enqueue ``task_name(**kwargs)`` once ``session`` commits. ``publish=False`` leaves it
        to the sweeper (as if the broker had lost it; diagnostics use this)."""
        message = self.model(
            id=new_id(),
            task_name=task_name,
            queue=self.queue,
            kwargs=kwargs,
            request_id=current_request_id(),
            attempts=1 if publish else 0,
            published_at=utcnow() if publish else None,
        )
        session.add(message)
        if publish:
            after_commit(session, lambda: self._publish_after_commit(message.id, task_name, kwargs, message.request_id))
        return message.id

    def _publish_after_commit(self, message_id: str, task_name: str, kwargs: dict, request_id: str | None) -> None:
        try:
            self.publish(message_id, task_name, kwargs, request_id)
        except Exception:
            log.warning("could not publish a task; the sweeper will", exc_info=True, extra={"task": task_name})
            self.database.transaction(
                lambda s: s.execute(update(self.model).where(self.model.id == message_id).values(published_at=None))
            )

    def publish(self, message_id: str, task_name: str, kwargs: dict, request_id: str | None) -> None:
        self.celery.send_task(
            task_name,
            kwargs=kwargs,
            task_id=message_id,
            queue=self.queue,
            headers={REQUEST_ID_HEADER: request_id} if request_id else None,
            retry=False,
        )

    def mark_done(self, message_id: str, *, kwargs: dict[str, Any] | None = None) -> None:
        """The task finished. ``kwargs``: what of its arguments to keep instead, for the week done
        messages are kept (a mail's body, which may hold a link, has no business staying)."""
        values: dict[str, Any] = {"done_at": utcnow()}
        if kwargs is not None:
            values["kwargs"] = kwargs
        self.database.transaction(
            lambda s: s.execute(
                update(self.model).where(self.model.id == message_id, self.model.done_at.is_(None)).values(**values)
            )
        )

    def arguments(self, message_id: str) -> dict[str, Any] | bool | None:
        """A message's arguments as they are kept now (a purge may have redacted them since it was
        published): False if it is done (a purge may also have cancelled it), None if there is no
        such message."""
        row = self.database.read(lambda s: s.get(self.model, message_id))
        if row is None:
            return None
        return False if row.done_at is not None else dict(row.kwargs)

    def claim(self, message_id: str, *, hold: float) -> int | None:
        """Take a message whose task is about to act, for ``hold`` seconds, if it is due: returns
        how often it was published, or None if it is done, or held or due later by another delivery
        of it (a copy the broker delivered twice, a retry the sweeper overtook). A holder that dies
        leaves it to the sweeper, ``redeliver_after`` after the hold ends."""
        now = utcnow()

        def take(session: Session) -> int | None:
            row = session.get(self.model, message_id, with_for_update=True)
            # A second of slack: the clock that set published_at may be another machine's.
            if row is None or row.done_at is not None or (row.published_at or now) > now + timedelta(seconds=1):
                return None
            row.published_at = now + timedelta(seconds=hold)
            return row.attempts

        return self.database.transaction(take)

    def later(self, message_id: str, seconds: float) -> None:
        """The task failed for a reason that may pass: its message is due again ``seconds`` from
        now (counted as one more publication). The task's own retry brings it then (a countdown);
        if that is lost, or the wait is too long for a countdown, the sweeper does."""
        model = self.model
        self.database.transaction(
            lambda s: s.execute(
                update(model)
                .where(model.id == message_id, model.done_at.is_(None))
                .values(published_at=utcnow() + timedelta(seconds=seconds), attempts=model.attempts + 1)
            )
        )

    def sweep(self, *, limit: int = 500) -> int:
        """Publish what was never published and republish what was lost. Returns how many."""
        now = utcnow()
        model = self.model

        def claim(session: Session) -> list[Any]:
            rows = session.scalars(
                select(model)
                .where(
                    model.done_at.is_(None),
                    or_(
                        model.published_at.is_(None) & (model.created_at < now - timedelta(seconds=5)),
                        model.published_at < now - self.redeliver_after,
                    ),
                )
                .order_by(model.created_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            ).all()
            for row in rows:
                row.published_at = now
                row.attempts += 1
            return [(r.id, r.task_name, r.kwargs, r.request_id) for r in rows]

        claimed = self.database.transaction(claim)
        for message_id, task_name, kwargs, request_id in claimed:
            try:
                self.publish(message_id, task_name, kwargs, request_id)
                log.info("outbox republished a task", extra={"task": task_name, "task_id": message_id})
            except Exception:
                log.warning("outbox could not publish; will try again", exc_info=True)
                break
        # Done messages are kept a week for inspection.
        self.database.transaction(lambda s: s.execute(delete(model).where(model.done_at < now - timedelta(days=7))))
        return len(claimed)

    def start_sweeper(self, interval: float = 10.0) -> threading.Event:
        """Sweep every ``interval`` seconds in a daemon thread until the returned event is set."""
        stop = threading.Event()

        def loop() -> None:
            while not stop.wait(interval):
                try:
                    self.sweep()
                except Exception:
                    log.warning("outbox sweep failed", exc_info=True)

        threading.Thread(target=loop, name="outbox-sweeper", daemon=True).start()
        return stop
