"""Prometheus metrics of a Celery worker (SPEC §6.4): tasks run, by outcome, and how long they
took — counted in the forked pool processes and gathered with prometheus_client's multiprocess
mode — and the length of the worker's queue, read from Redis when scraped. The worker's main
process serves them on ``OMNI_WORKER_METRICS_PORT`` (0, the default, serves none)."""

from __future__ import annotations

import os
import shutil
import tempfile
import time

import redis
from celery import Celery, signals

from omni_common.settings import CommonSettings

# From a ping to a 5,000-change merge or a 50,000-record register.
DURATION_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)


def prepare(settings: CommonSettings, service: str) -> None:
    """A fresh directory for the pool processes' samples. Call before prometheus_client is
    imported: the multiprocess mode is chosen then."""
    if not settings.worker_metrics_port:
        return
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix=f"omni-{service}-worker-metrics-")


class QueueLength:
    """Messages waiting in the worker's queue, counted at scrape time."""

    def __init__(self, redis_url: str, queue: str):
        self.redis = redis.Redis.from_url(redis_url, socket_timeout=2, socket_connect_timeout=2)
        self.queue = queue

    def collect(self):
        from prometheus_client.core import GaugeMetricFamily

        gauge = GaugeMetricFamily("omni_worker_queue_length", "Tasks waiting in the queue", labels=["queue"])
        try:
            gauge.add_metric([self.queue], self.redis.llen(self.queue))
        except redis.RedisError:
            return
        yield gauge


def install(app: Celery, *, service: str, settings: CommonSettings, queue: str) -> None:
    from prometheus_client import CollectorRegistry, Counter, Histogram, start_http_server
    from prometheus_client.multiprocess import MultiProcessCollector

    labels = ["service", "task"]
    tasks = Counter("omni_worker_tasks", "Tasks run, by outcome", [*labels, "outcome"])
    durations = Histogram("omni_worker_task_seconds", "How long tasks took", labels, buckets=DURATION_BUCKETS)
    started: dict[str, float] = {}

    @signals.task_prerun.connect(weak=False)
    def _start(task_id=None, **_):
        started[task_id] = time.perf_counter()

    @signals.task_postrun.connect(weak=False)
    def _finish(task_id=None, task=None, state=None, **_):
        began = started.pop(task_id, None)
        name = getattr(task, "name", "unknown")
        tasks.labels(service, name, (state or "unknown").lower()).inc()
        if began is not None:
            durations.labels(service, name).observe(time.perf_counter() - began)

    @signals.worker_ready.connect(weak=False)
    def _serve(**_):
        if not settings.worker_metrics_port:
            return
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        registry.register(QueueLength(settings.redis_url, queue))
        start_http_server(settings.worker_metrics_port, addr=settings.worker_metrics_host, registry=registry)

    @signals.worker_shutdown.connect(weak=False)
    def _clean(**_):
        if settings.worker_metrics_port and os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
