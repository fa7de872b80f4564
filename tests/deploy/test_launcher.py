"""The launcher (`make run`, the test stack) runs the same long-running processes as compose and
Kubernetes, with the same commands: what the tests exercise is what production runs."""

from __future__ import annotations

from deploy_support import LONG_RUNNING

from omni_stack.stack import COMMANDS, WORKERS


def test_the_launcher_runs_every_process_with_its_command():
    launched = {name: ("python", "-m", *args) for name, args in COMMANDS.items()}
    assert launched == {p.name: p.command for p in LONG_RUNNING}


def test_the_launcher_serves_every_workers_metrics():
    assert set(WORKERS) == {p.name for p in LONG_RUNNING if p.kind == "worker"}
