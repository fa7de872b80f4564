"""Fixtures of the deployment checks: the parsed files, once per session.

The rules themselves (the process table, the parsers) live in deploy_support.py.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
import yaml

# The helpers beside this file are imported by name whatever pytest's import mode.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from deploy_support import (
    APIS,
    IMAGES,
    K8S,
    K8S_KEDA,
    LONG_RUNNING,
    PROCESSES,
    REPO,
    SERVICES,
    WORKERS,
    Stage,
    dockerfile_path,
    emulate_kustomize,
    image_stages,
    interpolate,
    kubectl_kustomize,
    load_kustomization,
    load_yaml_documents,
    parse_dockerfile,
    read_env_file,
)


def pytest_generate_tests(metafunc):
    """Parametrise by name, so a failure names the process or file it is about."""
    table = {
        "process_name": sorted(PROCESSES),
        "long_running_name": [p.name for p in LONG_RUNNING],
        "api_name": list(APIS),
        "worker_name": list(WORKERS),
        "service_name": list(SERVICES),
        "image_name": list(IMAGES),
    }
    for arg, values in table.items():
        if arg in metafunc.fixturenames:
            metafunc.parametrize(arg, values)


@pytest.fixture(scope="session")
def compose_text() -> str:
    return (REPO / "docker-compose.yml").read_text()


@pytest.fixture(scope="session")
def compose(compose_text) -> dict:
    """docker-compose.yml as compose reads it, before interpolation (YAML anchors merged)."""
    return yaml.safe_load(compose_text)


@pytest.fixture(scope="session")
def env_example() -> dict[str, str]:
    return read_env_file(REPO / "deploy" / "env.example")


@pytest.fixture(scope="session")
def filled_env(env_example) -> dict[str, str]:
    """env.example with a made-up value for every secret left empty."""
    return {k: (v or f"test-{k.lower()}-0123456789abcdef0123456789abcdef") for k, v in env_example.items()}


@pytest.fixture(scope="session")
def compose_resolved(compose_text, filled_env) -> dict:
    """docker-compose.yml after interpolation with a filled-in env.example."""
    return yaml.safe_load(interpolate(compose_text, filled_env))


@pytest.fixture(scope="session")
def compose_schema() -> dict:
    """The Compose Specification's JSON schema, as vendored by check-jsonschema."""
    resources = pytest.importorskip("check_jsonschema.builtin_schemas.vendor", reason="check-jsonschema not installed")
    from importlib.resources import files

    return json.loads(files(resources).joinpath("compose-spec.json").read_text())


@pytest.fixture(scope="session")
def kustomization() -> dict:
    return yaml.safe_load((K8S / "kustomization.yaml").read_text())


@pytest.fixture(scope="session")
def kubectl() -> str:
    path = shutil.which("kubectl")
    if not path:
        pytest.skip("kubectl is not installed: the kustomize build itself is not checked")
    return path


@pytest.fixture(scope="session")
def k8s_objects(kustomization) -> list[dict]:
    """What `kubectl apply -k deploy/k8s` sends: kustomize's own build where kubectl is installed."""
    kubectl = shutil.which("kubectl")
    return kubectl_kustomize(kubectl) if kubectl else emulate_kustomize(kustomization)


def by_kind_and_name(objects: list[dict]) -> dict[tuple[str, str], dict]:
    index = {}
    for obj in objects:
        key = (obj["kind"], obj["metadata"]["name"])
        assert key not in index, f"two objects are {key}"
        index[key] = obj
    return index


@pytest.fixture(scope="session")
def k8s(k8s_objects) -> dict[tuple[str, str], dict]:
    """The objects by (kind, name)."""
    return by_kind_and_name(k8s_objects)


@pytest.fixture(scope="session")
def keda_objects() -> list[dict]:
    """What `kubectl apply -k deploy/k8s-keda` sends: the base with its workers scaled by KEDA."""
    kubectl = shutil.which("kubectl")
    return (
        kubectl_kustomize(kubectl, K8S_KEDA) if kubectl else emulate_kustomize(load_kustomization(K8S_KEDA), K8S_KEDA)
    )


@pytest.fixture(scope="session")
def keda(keda_objects) -> dict[tuple[str, str], dict]:
    return by_kind_and_name(keda_objects)


@pytest.fixture(scope="session")
def secret_examples() -> dict[str, dict]:
    return {doc["metadata"]["name"]: doc for doc in load_yaml_documents(K8S / "secret.example.yaml")}


@pytest.fixture(scope="session")
def dockerfiles() -> dict[str, list[Stage]]:
    """By image: the stages its build runs (its target last)."""
    return {image: image_stages(parse_dockerfile(dockerfile_path(image).read_text()), image) for image in IMAGES}
