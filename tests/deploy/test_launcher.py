"""The launcher (`make run`, the test stack) runs the same long-running processes as compose and
Kubernetes, with the same commands: what the tests exercise is what production runs."""

from __future__ import annotations

from deploy_support import LONG_RUNNING

from omni_stack.stack import COMMANDS, GATEWAY_METRICS, WORKERS, Stack, StackConfig


def test_the_launcher_runs_every_process_with_its_command():
    launched = {name: ("python", "-m", *args) for name, args in COMMANDS.items()}
    assert launched == {p.name: p.command for p in LONG_RUNNING}


def test_the_launcher_serves_every_workers_metrics():
    assert set(WORKERS) == {p.name for p in LONG_RUNNING if p.kind == "worker"}


def test_the_launcher_serves_the_gateways_metrics_apart_from_its_public_port(tmp_path):
    config = StackConfig(
        data_dir=tmp_path, redis_url="redis://127.0.0.1:1/0", ports={"gateway": 8000, GATEWAY_METRICS: 8110}
    )
    env = Stack(config, log_dir=tmp_path)._env("gateway")
    assert env["GATEWAY_METRICS_PORT"] == "8110" and env["OMNI_HTTP_PORT"] == "8000"
