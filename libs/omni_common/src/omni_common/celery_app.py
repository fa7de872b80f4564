"""The Celery factory every worker uses: JSON, explicit names, late acknowledgement, bounded time.

Correctness never rests on the broker delivering once: tasks are idempotent (unique keys written
with their outcome), acknowledged only when finished, and rejected back to the queue when the
worker process dies. The request id travels in the task headers into the worker's logs.
"""

from __future__ import annotations

import logging

from celery import Celery, signals

from omni_common import worker_metrics
from omni_common.context import REQUEST_ID_HEADER, request_id_var
from omni_common.db.database import Database
from omni_common.diagnostics import register_ping
from omni_common.logs import setup_logging
from omni_common.outbox import Outbox
from omni_common.settings import CommonSettings

log = logging.getLogger(__name__)


def create_celery(
    service: str,
    settings: CommonSettings,
    *,
    queue: str,
    include: list[str],
    time_limit: int = 300,
) -> Celery:
    app = Celery(service, broker=settings.redis_url, backend=None, include=include)
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        task_ignore_result=True,
        task_default_queue=queue,
        task_create_missing_queues=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_acks_on_failure_or_timeout=True,
        task_time_limit=time_limit,
        task_soft_time_limit=max(1, time_limit - 30),
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        worker_redirect_stdouts=False,
        worker_send_task_events=False,
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            # A message a dead worker held comes back after this; the outbox sweeper and each
            # task's own lease usually act sooner.
            "visibility_timeout": time_limit + 60,
            "socket_timeout": 5,
            "socket_connect_timeout": 3,
        },
        enable_utc=True,
        timezone="UTC",
    )
    return app


# A periodic tick waits at least this long for a worker before it expires: with the sub-second
# intervals of the tests, expiring at the next tick would drop every tick while real work is queued.
MIN_TICK_WAIT_SECONDS = 10.0


def periodic(task: str, seconds: float, **options) -> dict:
    """A beat entry running ``task`` every ``seconds``. A tick no worker has started by the time the
    next one is due (and at least ``MIN_TICK_WAIT_SECONDS``) expires unrun: a busy or stopped worker
    finds a few ticks, never a backlog of the same sweep queued ahead of real work (every periodic
    task catches up on its own)."""
    expires = max(seconds, MIN_TICK_WAIT_SECONDS)
    return {"task": task, "schedule": seconds, "options": {"expires": expires, **options}}


def install_worker_hooks(
    app: Celery, *, service: str, settings: CommonSettings, database: Database, outbox: Outbox
) -> None:
    """Logging, request ids, a fresh engine per forked process, outbox completion and sweeping,
    metrics."""
    worker_metrics.install(app, service=service, settings=settings, queue=app.conf.task_default_queue)

    @signals.setup_logging.connect(weak=False)
    def _logging(**_):
        # A beat runs the same app: the command line marks it (omni_common.cli), and it logs as one.
        setup_logging(f"{service}-{getattr(app, 'omni_process', 'worker')}", settings.log_level)

    @signals.worker_process_init.connect(weak=False)
    def _after_fork(**_):
        # Connections opened by the parent must not be shared with the child.
        database.engine.dispose(close=False)

    @signals.before_task_publish.connect(weak=False)
    def _propagate_request_id(headers=None, **_):
        if headers is not None and REQUEST_ID_HEADER not in headers and request_id_var.get():
            headers[REQUEST_ID_HEADER] = request_id_var.get()

    @signals.task_prerun.connect(weak=False)
    def _task_context(task=None, **_):
        request_id_var.set(
            getattr(task.request, REQUEST_ID_HEADER, None) or (task.request.headers or {}).get(REQUEST_ID_HEADER)
        )

    @signals.task_success.connect(weak=False)
    def _done(sender=None, **_):
        try:
            outbox.mark_done(sender.request.id)
        except Exception:
            log.warning("could not mark an outbox message done", exc_info=True)

    sweeper = {}

    @signals.worker_ready.connect(weak=False)
    def _start_sweeper(**_):
        sweeper["stop"] = outbox.start_sweeper(settings.outbox_sweep_seconds)

    @signals.worker_shutdown.connect(weak=False)
    def _stop_sweeper(**_):
        if "stop" in sweeper:
            sweeper["stop"].set()


def service_outbox(
    service: str,
    settings: CommonSettings,
    outbox_model: type,
    database: Database,
    *,
    include: list[str] = (),
    time_limit: int = 300,
) -> Outbox:
    """A service's outbox and, behind it, its Celery app on the queue named after the service.
    The API process uses it to enqueue; the worker process also to run tasks."""
    app = create_celery(service, settings, queue=service, include=list(include), time_limit=time_limit)
    return Outbox(outbox_model, app, database, service, redeliver_after=settings.outbox_redeliver_seconds)


def worker_app(
    service: str, settings: CommonSettings, outbox_model: type, *, include: list[str], time_limit: int = 300
):
    """The worker side of a service: its Celery app, its own database engine and its outbox.

    Returns (app, database, outbox); tasks use that database, never the API's."""
    database = Database(settings.database_url("app"), pool_size=4, tls=settings.mysql_tls_context())
    outbox = service_outbox(service, settings, outbox_model, database, include=include, time_limit=time_limit)
    install_worker_hooks(outbox.celery, service=service, settings=settings, database=database, outbox=outbox)
    register_ping(outbox.celery, service, database)
    return outbox.celery, database, outbox
