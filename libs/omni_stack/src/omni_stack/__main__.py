"""``python -m omni_stack run`` — what `make run` does; ``python -m omni_stack test`` — what `make test` does.

run: the whole system on this machine at http://127.0.0.1:8000. With no configuration it uses
SQLite files and an embedded Redis under var/; with OMNI_MYSQL_URL and OMNI_REDIS_URL it creates
the schemas and users on that MySQL and uses that Redis. Ctrl-C stops everything.

test: one stack on MariaDB and Redis with a fresh set of schemas and users, the whole test suite
against it (pytest in parallel, then the browser tests), and everything dropped afterwards.

test-stack: that stack alone, kept up until Ctrl-C. private: processes of a test's own beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

from omni_stack import demo
from omni_stack.stack import ROOT, Stack, StackConfig, private_stack, start_redis, throwaway_stack

DEMO = """
  Omnipresence is running at {url}

  Demo organization "Riverside School" — password for every login: omnipresence-demo
    Administrator  admin@example.com
    Manager        manager@example.com
    Frontline      frontline@example.com
    Participant    external@example.com

  API reference: {url}/api/docs     Logs: {logs}/
  Press Ctrl-C to stop.
"""


def _echo(name: str, text: str) -> None:
    for line in text.splitlines():
        print(f"{name:>16} | {line}", flush=True)


def _local_secrets(data_dir: Path) -> dict[str, str]:
    """Secrets of this checkout's `make run`, made once and kept (signing keys are sealed with them)."""
    path = data_dir / "secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    data_dir.mkdir(parents=True, exist_ok=True)
    values = {"secret_key": secrets.token_urlsafe(32), "service_token": secrets.token_urlsafe(32)}
    path.write_text(json.dumps(values))
    path.chmod(0o600)
    return values


def run(args: argparse.Namespace) -> int:
    data_dir = Path(os.environ.get("OMNI_DATA_DIR", ROOT / "var")).resolve()
    local = _local_secrets(data_dir)
    ports = {
        "gateway": args.port,
        "identity": 8101,
        "presence": 8102,
        "sync": 8103,
        "reporting": 8104,
        # Prometheus metrics of the gateway and the workers
        "gateway-metrics": 8110,
        "identity-worker": 8111,
        "presence-worker": 8112,
        "sync-worker": 8113,
        "reporting-worker": 8114,
    }
    embedded_redis = not os.environ.get("OMNI_REDIS_URL")
    redis_port = int(os.environ.get("OMNI_EMBEDDED_REDIS_PORT", "6390"))
    config = StackConfig(
        data_dir=data_dir,
        redis_url=os.environ.get("OMNI_REDIS_URL", f"redis://127.0.0.1:{redis_port}/0"),
        mysql_url=os.environ.get("OMNI_MYSQL_URL") or None,
        db_prefix=os.environ.get("OMNI_DB_PREFIX", "omni"),
        secret_key=os.environ.get("OMNI_SECRET_KEY", local["secret_key"]),
        service_token=os.environ.get("OMNI_SERVICE_TOKEN", local["service_token"]),
        ports=ports,
        spa_dir=ROOT / "frontend" / "dist",
    )
    stack = Stack(config, log_dir=data_dir / "log", echo=_echo)
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        if embedded_redis:
            print(f"Starting the embedded Redis on 127.0.0.1:{redis_port} ...", flush=True)
            start_redis(stack, redis_port, data_dir / "redis")
        where = "MySQL at " + config.mysql_url.split("@")[-1] if config.mysql_url else f"SQLite files in {data_dir}"
        print(f"Preparing the databases ({where}) ...", flush=True)
        stack.prepare()
        print("Starting the services, the gateway and the workers ...", flush=True)
        stack.start_all()
        stack.wait_ready()
        print("Filling in the demo school (its first start takes a minute) ...", flush=True)
        if demo.seed(config.url("gateway"), demo.DEMO_EMAILS, demo.DEMO_PASSWORD):
            print("Built the demo: three classes with a term of registers, a club, an evening, a hotel.", flush=True)
        print(DEMO.format(url=config.url("gateway"), logs=stack.log_dir), flush=True)

        def restarted(name: str, code: int) -> None:
            log = stack.log_dir / f"{name}.log"
            print(f"{name} stopped unexpectedly (exit code {code}); starting it again. See {log}", flush=True)

        while not stopping:
            for name, code in stack.restart_exited(restarted):
                print(f"{name} keeps stopping (exit code {code}); see {stack.log_dir / (name + '.log')}", flush=True)
                return 1
            time.sleep(0.5)
        return 0
    finally:
        print("Stopping ...", flush=True)
        stack.stop_all()


def test(args: argparse.Namespace) -> int:
    with throwaway_stack(verbose=args.verbose) as (config, state):
        env = {**os.environ, "OMNI_TEST_STACK": str(state)}
        # loadgroup: the tests of one xdist_group share a worker (and their module's costly fixture).
        pytest = [sys.executable, "-m", "pytest", "-n", str(args.workers), "--dist", "loadgroup", *args.pytest_args]
        code = subprocess.run(pytest, cwd=ROOT, env=env).returncode
        if not args.no_e2e:
            e2e_env = {**env, "OMNI_E2E_BASE_URL": config.url("gateway")}
            code = (
                subprocess.run(["npm", "--prefix", "frontend", "run", "e2e"], cwd=ROOT, env=e2e_env).returncode or code
            )
        if code:
            raise SystemExit(code)
    return 0


def test_stack(args: argparse.Namespace) -> int:
    """A test stack kept up until Ctrl-C, for running single tests against it while developing."""
    with throwaway_stack(verbose=args.verbose) as (config, state):
        print(f"Test stack up; gateway {config.url('gateway')}. Run tests against it with:", flush=True)
        print(f"  OMNI_TEST_STACK={state} .venv/bin/pytest tests/...", flush=True)
        print(
            f"  OMNI_TEST_STACK={state} OMNI_E2E_BASE_URL={config.url('gateway')} npm --prefix frontend run e2e",
            flush=True,
        )
        _wait_for_stop()
    return 0


def private(args: argparse.Namespace) -> int:
    """Processes of their own beside the test stack that OMNI_TEST_STACK names, until stopped: for
    a browser test that changes or breaks something the other tests share. Prints one line of JSON,
    each process's URL, once they answer."""
    state = json.loads(Path(os.environ["OMNI_TEST_STACK"]).read_text())
    settings = dict(item.split("=", 1) for item in args.set)
    with private_stack(state, args.names, extra_env=settings) as stack:
        print(json.dumps({name: stack.config.url(name) for name in stack.config.ports}), flush=True)
        _wait_for_stop()
    return 0


def seed_demo(args: argparse.Namespace) -> int:
    """The demo school (and hotel) through a running gateway's public API; tops it up if it is there."""
    built = demo.seed(args.gateway, demo.DEMO_EMAILS, demo.DEMO_PASSWORD)
    print("Built the demo school and hotel." if built else "Topped up the demo: a lesson today for each class.")
    return 0


def _wait_for_stop() -> None:
    # Blocked after the processes started (they keep their own handlers), then waited for.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    signal.sigwait({signal.SIGINT, signal.SIGTERM})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m omni_stack")
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="the whole system at http://127.0.0.1:8000 (make run)")
    run_parser.add_argument("--port", type=int, default=int(os.environ.get("OMNI_PORT", "8000")))
    test_parser = sub.add_parser("test", help="a fresh stack on MariaDB and Redis, and every test against it")
    test_parser.add_argument("--workers", type=int, default=2)
    test_parser.add_argument("--no-e2e", action="store_true", help="skip the browser tests")
    test_parser.add_argument("--verbose", action="store_true", help="show the stack's warnings and errors")
    test_parser.add_argument("pytest_args", nargs="*", help="passed to pytest (after --)")
    stack_parser = sub.add_parser("test-stack", help="the stack `test` boots, kept up until Ctrl-C")
    stack_parser.add_argument("--verbose", action="store_true", help="show the stack's warnings and errors")
    private_parser = sub.add_parser("private", help="processes beside the test stack OMNI_TEST_STACK names")
    private_parser.add_argument(
        "names", nargs="+", help="gateway, identity, presence, sync, reporting, or a worker (sync-worker …)"
    )
    private_parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="a setting of theirs")
    demo_parser = sub.add_parser("seed-demo", help="the demo school's classes, term and sessions (make run does it)")
    demo_parser.add_argument("--gateway", default="http://127.0.0.1:8000", help="the running gateway's URL")
    args = parser.parse_args(argv)
    commands = {"run": run, "test": test, "test-stack": test_stack, "private": private, "seed-demo": seed_demo}
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
