"""The command line every service shares: ``python -m <service> serve | migrate | worker | beat | …``.

The same commands run in `make run`, in the tests, in docker-compose and in Kubernetes.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from omni_common.settings import CommonSettings


@dataclass
class ServiceCommands:
    name: str
    app_factory: str  # "identity.main:create_app"
    settings: Callable[[], CommonSettings]
    migrations_dir: Path | None = None
    metadata: Callable[[], object] | None = None  # imported lazily: serving needs no Alembic
    celery_app: Callable[[], object] | None = None
    queue: str | None = None
    extra: dict[
        str, tuple[str, Callable[[argparse.Namespace], int | None], Callable[[argparse.ArgumentParser], None]]
    ] = field(default_factory=dict)

    def main(self, argv: list[str] | None = None) -> int:
        parser = argparse.ArgumentParser(prog=f"python -m {self.name}")
        sub = parser.add_subparsers(dest="command", required=True)
        sub.add_parser("serve", help="run the HTTP API (OMNI_HTTP_HOST, OMNI_HTTP_PORT)")
        if self.migrations_dir:
            sub.add_parser("migrate", help="bring this service's schema up to date and grant the app user")
        if self.celery_app:
            worker = sub.add_parser("worker", help=f"run a Celery worker on the '{self.queue}' queue")
            worker.add_argument("--concurrency", type=int, default=int(os.environ.get("OMNI_WORKER_CONCURRENCY", "2")))
            worker.add_argument("--pool", default=os.environ.get("OMNI_WORKER_POOL", "prefork"))
            sub.add_parser("beat", help="run Celery beat (exactly one per installation)")
        for command, (help_text, _, configure) in self.extra.items():
            configure(sub.add_parser(command, help=help_text))
        args = parser.parse_args(argv)
        if args.command == "serve":
            return self.serve()
        if args.command == "migrate":
            return self.migrate()
        if args.command == "worker":
            return self.worker(args.concurrency, args.pool)
        if args.command == "beat":
            return self.beat()
        return self.extra[args.command][1](args) or 0

    def serve(self) -> int:
        import uvicorn

        uvicorn.run(
            self.app_factory,
            factory=True,
            host=os.environ.get("OMNI_HTTP_HOST", "127.0.0.1"),
            port=int(os.environ.get("OMNI_HTTP_PORT", "8000")),
            # Processes on the one port; one each by default: containers scale by replicas, and
            # `make bench` measures what a second process buys on one machine (OMNI_HTTP_WORKERS).
            workers=int(os.environ.get("OMNI_HTTP_WORKERS", "1")),
            log_config=None,
            access_log=False,
            proxy_headers=False,
            # Longer than the gateway's idle connections live (30 s), so the gateway never reuses a
            # connection the service has just closed.
            timeout_keep_alive=75,
            timeout_graceful_shutdown=10,
        )
        return 0

    def migrate(self) -> int:
        from omni_common.db.migrations import upgrade
        from omni_common.logs import setup_logging

        settings = self.settings()
        setup_logging(f"{self.name}-migrate", settings.log_level)
        upgrade(self.migrations_dir, settings, self.metadata())
        return 0

    def worker(self, concurrency: int, pool: str) -> int:
        from omni_common import worker_metrics

        worker_metrics.prepare(self.settings(), self.name)  # before the app imports prometheus_client
        self._log_as(f"{self.name}-worker")
        app = self.celery_app()
        app.start(
            [
                "--quiet",
                "worker",
                "-Q",
                self.queue,
                "-n",
                f"{self.name}@%h",
                "--concurrency",
                str(concurrency),
                "--pool",
                pool,
                "--loglevel",
                self.settings().log_level,
                "--without-gossip",
                "--without-mingle",
            ]
        )
        return 0

    def beat(self) -> int:
        settings = self.settings()
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        schedule = settings.data_dir / f"{self.name}-beat-schedule"
        self._log_as(f"{self.name}-beat")
        app = self.celery_app()
        app.omni_process = "beat"  # its log lines say <service>-beat
        app.start(["--quiet", "beat", "--loglevel", settings.log_level, "--schedule", str(schedule)])
        return 0

    def _log_as(self, process: str) -> None:
        """JSON logs from the first line: Celery warns (e.g. about running as root) before it sets its
        logging up, and a warning must not bypass the log."""
        from omni_common.logs import setup_logging

        setup_logging(process, self.settings().log_level)


def run(commands: ServiceCommands) -> None:
    sys.exit(commands.main())
