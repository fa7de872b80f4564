"""Sync and reporting each run a Celery worker on a queue of their own; tasks go through the
durable outbox, and one the broker lost is swept and delivered anyway."""

import json
import os
import signal
import time

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from omni_common.internal import SERVICE_TOKEN_HEADER
from omni_stack.stack import free_port


def _until_done(stack, service: str, task_id: str, timeout: float = 60.0) -> dict:
    """Poll the task's outbox row until a worker marked it done (or fail after ``timeout``)."""
    headers = {SERVICE_TOKEN_HEADER: stack.service_token}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = httpx.get(f"{stack.urls[service]}/internal/diagnostics/tasks/{task_id}", headers=headers).json()
        if status["done_at"]:
            return status
        time.sleep(0.1)
    pytest.fail(f"{service} task {task_id} was not done within {timeout} s: {status}")


@pytest.mark.parametrize("service", ["sync", "reporting"])
def test_a_task_enqueued_after_commit_is_run_by_the_services_worker(stack, service):
    headers = {SERVICE_TOKEN_HEADER: stack.service_token}
    queued = httpx.post(f"{stack.urls[service]}/internal/diagnostics/ping", headers=headers)
    assert queued.status_code == 202
    assert queued.json()["published_at"] is not None
    done = _until_done(stack, service, queued.json()["id"])
    assert done["attempts"] == 1


@pytest.mark.parametrize("service", ["sync", "reporting"])
def test_a_task_the_broker_lost_is_swept_and_run(stack, service):
    headers = {SERVICE_TOKEN_HEADER: stack.service_token}
    lost = httpx.post(f"{stack.urls[service]}/internal/diagnostics/ping", params={"lost": "true"}, headers=headers)
    assert lost.status_code == 202
    assert lost.json()["published_at"] is None  # never reached the broker
    done = _until_done(stack, service, lost.json()["id"])
    assert done["attempts"] == 1  # published once, by the sweeper


def test_internal_routes_want_the_service_token_and_are_not_reachable_through_the_gateway(stack):
    assert httpx.post(f"{stack.urls['sync']}/internal/diagnostics/ping").status_code == 403
    wrong = {SERVICE_TOKEN_HEADER: "guess"}
    assert httpx.post(f"{stack.urls['sync']}/internal/diagnostics/ping", headers=wrong).status_code == 403
    through = httpx.post(
        f"{stack.gateway}/internal/diagnostics/ping", headers={SERVICE_TOKEN_HEADER: stack.service_token}
    )
    assert through.status_code == 405  # the gateway serves the SPA there, never a service's internals


def test_the_request_id_travels_into_the_workers_logs(stack):
    request_id = f"trace-{time.time_ns()}"
    headers = {SERVICE_TOKEN_HEADER: stack.service_token, "X-Request-ID": request_id}
    queued = httpx.post(f"{stack.urls['sync']}/internal/diagnostics/ping", headers=headers)
    _until_done(stack, "sync", queued.json()["id"])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        lines = [
            line for line in (stack.data_dir / "log" / "sync-worker.log").read_text().splitlines() if request_id in line
        ]
        if lines:
            break
        time.sleep(0.1)
    assert lines, "the worker logged nothing with the request id"
    entry = json.loads(lines[-1])
    assert entry["request_id"] == request_id and entry["service"] == "sync-worker"


def _worker_metrics(stack, service: str) -> dict[tuple, float]:
    text = httpx.get(f"{stack.urls[f'{service}-worker']}/metrics").text
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


@pytest.mark.parametrize("service", ["sync", "reporting"])
def test_a_worker_serves_prometheus_metrics_of_its_tasks_and_queue(stack, service):
    """Tasks run by outcome and how long they took (counted in the pool's processes), and how many
    wait in the queue: what an operator graphs and alerts on."""
    task = (("outcome", "success"), ("service", service), ("task", f"{service}.ping"))
    counted = ("omni_worker_tasks_total", task)
    before = _worker_metrics(stack, service).get(counted, 0)
    headers = {SERVICE_TOKEN_HEADER: stack.service_token}
    queued = httpx.post(f"{stack.urls[service]}/internal/diagnostics/ping", headers=headers)
    _until_done(stack, service, queued.json()["id"])
    deadline = time.monotonic() + 10  # the count follows the outbox's mark by a moment
    while (metrics := _worker_metrics(stack, service)).get(counted, 0) <= before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert metrics[counted] >= before + 1
    timed = ("omni_worker_task_seconds_count", (("service", service), ("task", f"{service}.ping")))
    assert metrics[timed] >= 1
    assert ("omni_worker_queue_length", (("queue", service),)) in metrics


def test_a_worker_that_stops_on_its_own_is_started_again_until_it_keeps_stopping(stack):
    """`make run` restarts a process that stopped by itself, as compose's and Kubernetes' restart
    policies do; one that keeps stopping is given up (and the launcher stops, naming it)."""
    with stack.private(["sync-worker"], redis_port=free_port()) as private:
        restarted: list[tuple[str, int]] = []
        for _ in range(2):
            process = private.processes["sync-worker"]
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            assert private.restart_exited(lambda name, code: restarted.append((name, code)), most=2) == []
            assert private.processes["sync-worker"].pid != process.pid
            assert private.processes["sync-worker"].poll() is None
        assert restarted == [("sync-worker", -signal.SIGKILL)] * 2
        process = private.processes["sync-worker"]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        assert private.restart_exited(lambda name, code: restarted.append((name, code)), most=2) == [
            ("sync-worker", -signal.SIGKILL)
        ]


def test_a_worker_yields_the_cpu_to_the_api_processes(stack, monkeypatch):
    """`make run` and `make bench` start the workers below the API processes' CPU priority, and
    where Linux schedules each session's processes as a group (sched_autogroup) the group too: a
    niceness inside a group of its own would yield to nothing."""
    monkeypatch.setenv("OMNI_WORKER_NICENESS", "7")
    with stack.private(["sync-worker"], redis_port=free_port()) as private:
        pid = private.processes["sync-worker"].pid
        assert os.getpriority(os.PRIO_PROCESS, pid) == 7
        group = f"/proc/{pid}/autogroup"
        if os.path.exists(group):
            with open(group) as answer:
                assert answer.read().split()[-1] == "7"


@pytest.mark.parametrize("beat", ["presence-beat", "reporting-beat"])
def test_a_beat_logs_as_itself_in_json_with_iso_times(stack, beat):
    """Every line of a beat's log is a JSON object naming the beat (not its service's worker) with
    an ISO 8601 time and its zone (issue 17, item 10)."""
    from datetime import datetime

    lines = [line for line in (stack.data_dir / "log" / f"{beat}.log").read_text().splitlines() if line.strip()]
    assert lines, f"{beat} wrote nothing"
    for line in lines:
        entry = json.loads(line)  # nothing outside the JSON log, Celery's warnings included
        assert entry["service"] == beat, entry
        assert datetime.fromisoformat(entry["time"]).utcoffset() is not None, entry
