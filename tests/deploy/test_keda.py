"""deploy/k8s-keda and deploy/k8s/components/keda: the workers scale on their queues with KEDA.

KEDA's ScaledObjects are checked against a schema written from KEDA's documentation
(tests/deploy/schemas/, since its CRD cannot be fetched here), and against the rules that matter:
each worker on its own Celery queue in the Redis its workers use, the fallback CPU autoscaler's
bounds and pace, never scaled to zero, never two autoscalers on one Deployment, beats never
scaled, and nothing else in the build changed.
"""

from __future__ import annotations

import copy
import importlib
import json
import re
import shutil
import textwrap
from pathlib import Path

import jsonschema
import pytest
import yaml
from deploy_support import (
    APIS,
    BEATS,
    K8S,
    K8S_KEDA,
    PROCESSES,
    REPO,
    WORKERS,
    emulate_kustomize,
    kubectl_kustomize,
    load_kustomization,
    load_yaml_documents,
    pod_spec,
)

SCHEMAS = Path(__file__).parent / "schemas"
COMPONENT = K8S / "components" / "keda"
REDIS_URL = re.compile(r"redis://(?P<address>(?P<host>[^:/@]+):(?P<port>\d+))/(?P<db>\d+)")


def schema_for(kind: str) -> dict:
    name = {
        "ScaledObject": "keda-scaledobject",
        "TriggerAuthentication": "keda-triggerauthentication",
        "ClusterTriggerAuthentication": "keda-triggerauthentication",
    }[kind]
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text())


def schema_errors(obj: dict) -> list[str]:
    schema = schema_for(obj["kind"])
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(obj)]


def scaled_objects(objects) -> dict[str, dict]:
    """ScaledObjects by the Deployment they scale."""
    found = {}
    for o in objects:
        if o["kind"] == "ScaledObject":
            target = o["spec"]["scaleTargetRef"]["name"]
            assert target not in found, f"two ScaledObjects scale {target}"
            found[target] = o
    return found


def autoscalers(objects) -> dict[str, dict]:
    return {o["spec"]["scaleTargetRef"]["name"]: o for o in objects if o["kind"] == "HorizontalPodAutoscaler"}


def queue_of(worker: str) -> str:
    """The Celery queue the worker consumes (`-Q`), as its service's command line names it."""
    return importlib.import_module(f"{PROCESSES[worker].service}.commands").COMMANDS.queue


def build(directory: Path) -> list[dict]:
    kubectl = shutil.which("kubectl")
    return (
        kubectl_kustomize(kubectl, directory)
        if kubectl
        else emulate_kustomize(load_kustomization(directory), directory)
    )


@pytest.fixture(scope="module")
def example() -> dict[str, dict]:
    return {d["kind"]: d for d in load_yaml_documents(COMPONENT / "redis-auth.example.yaml")}


# ---- the schema ------------------------------------------------------------------------------


def test_every_keda_object_is_valid_against_its_schema(keda_objects, example):
    keda_kinds = [o for o in [*keda_objects, *example.values()] if o["apiVersion"].startswith("keda.sh/")]
    assert {o["kind"] for o in keda_kinds} == {"ScaledObject", "TriggerAuthentication"}
    assert {o["metadata"]["name"]: schema_errors(o) for o in keda_kinds} == {
        o["metadata"]["name"]: [] for o in keda_kinds
    }


def test_the_rest_of_the_keda_build_is_valid_kubernetes(keda_objects):
    kubernetes_validate = pytest.importorskip("kubernetes_validate", reason="kubernetes-validate not installed")
    for obj in keda_objects:
        if not obj["apiVersion"].startswith("keda.sh/"):
            kubernetes_validate.validate(obj, kubernetes_validate.utils.latest_version(), strict=True)


def _rename(d: dict, old: str, new: str) -> None:
    d[new] = d.pop(old)


BROKEN = {
    "a misspelt trigger key": lambda so: _rename(so["spec"]["triggers"][0]["metadata"], "listName", "listname"),
    "the HPA's field name": lambda so: _rename(so["spec"], "minReplicaCount", "minReplicas"),
    "a number where KEDA wants a string": lambda so: so["spec"]["triggers"][0]["metadata"].update(listLength=5),
    "a count as a string": lambda so: so["spec"].update(maxReplicaCount="10"),
    "no target name": lambda so: so["spec"]["scaleTargetRef"].pop("name"),
    "an idle count other than 0": lambda so: so["spec"].update(idleReplicaCount=1),
    "Utilization on a redis trigger": lambda so: so["spec"]["triggers"][0].update(metricType="Utilization"),
    "a list and a key at once": lambda so: so["spec"]["triggers"][0]["metadata"].update(keyName="k"),
    "no Redis address and no authentication": lambda so: so["spec"]["triggers"][0]["metadata"].pop("address"),
    "an address that is a URL": lambda so: so["spec"]["triggers"][0]["metadata"].update(address="redis://redis:6379/0"),
    "no triggers": lambda so: so["spec"].update(triggers=[]),
    "an unknown authentication kind": lambda so: so["spec"]["triggers"][0].update(
        authenticationRef={"name": "omni-redis", "kind": "Secret"}
    ),
}


@pytest.mark.parametrize("mistake", list(BROKEN))
def test_the_schema_check_bites(keda, mistake):
    broken = copy.deepcopy(keda[("ScaledObject", "sync-worker")])
    BROKEN[mistake](broken)
    assert schema_errors(broken), f"{mistake} passed the schema"


def test_the_trigger_authentication_schema_bites(example):
    broken = copy.deepcopy(example["TriggerAuthentication"])
    broken["spec"]["secretTargetRef"][0].pop("key")
    assert schema_errors(broken)
    broken = copy.deepcopy(example["TriggerAuthentication"])
    broken["spec"]["secretTargetReference"] = broken["spec"].pop("secretTargetRef")
    assert schema_errors(broken)


# ---- each worker on its queue -----------------------------------------------------------------------


def test_each_worker_scales_on_its_own_celery_queue(keda_objects, worker_name):
    so = scaled_objects(keda_objects).get(worker_name)
    assert so is not None, f"no ScaledObject scales {worker_name}"
    ref = so["spec"]["scaleTargetRef"]
    assert (ref.get("apiVersion", "apps/v1"), ref.get("kind", "Deployment")) == ("apps/v1", "Deployment")
    (trigger,) = so["spec"]["triggers"]
    assert trigger["type"] == "redis"
    # Celery's Redis transport keeps a queue's waiting tasks in a list named after the queue.
    assert trigger["metadata"]["listName"] == queue_of(worker_name)
    assert int(trigger["metadata"]["listLength"]) >= 1
    assert trigger.get("metricType", "AverageValue") == "AverageValue", "tasks waiting per pod"


def test_keda_reads_the_redis_the_workers_use(keda):
    url = keda[("ConfigMap", "omni-config")]["data"]["OMNI_REDIS_URL"]
    m = REDIS_URL.fullmatch(url)
    assert m, f"OMNI_REDIS_URL must be redis://HOST:PORT/DB without credentials for KEDA to read it: {url}"
    # KEDA's operator resolves the host from its own namespace: a bare Service name would miss.
    assert "." in m["host"], f"{m['host']} resolves only inside the namespace"
    for worker, so in scaled_objects(keda.values()).items():
        metadata = so["spec"]["triggers"][0]["metadata"]
        assert (metadata["address"], metadata["databaseIndex"]) == (m["address"], m["db"]), worker


def test_keda_follows_the_config_map(tmp_path):
    """Another Redis in configmap.yaml, and every trigger reads that one: the address is written
    once."""
    copy_of = tmp_path / "deploy"
    shutil.copytree(REPO / "deploy", copy_of)
    config = copy_of / "k8s" / "configmap.yaml"
    text = config.read_text()
    assert "OMNI_REDIS_URL: redis://redis.omnipresence.svc:6379/0" in text
    config.write_text(text.replace("redis://redis.omnipresence.svc:6379/0", "redis://cache.shared.svc:6380/3"))
    for worker, so in scaled_objects(build(copy_of / "k8s-keda")).items():
        metadata = so["spec"]["triggers"][0]["metadata"]
        assert (metadata["address"], metadata["databaseIndex"]) == ("cache.shared.svc:6380", "3"), worker


def test_a_redis_password_can_reach_the_services_from_a_secret(keda_objects):
    """deploy/README.md: a Redis URL with a password goes in the omni-app Secret, whose value wins
    over the ConfigMap's because every container reads the Secret after it."""
    for obj in keda_objects:
        for c in (pod_spec(obj) or {}).get("containers", []):
            sources = [s.get("configMapRef", s.get("secretRef"))["name"] for s in c.get("envFrom", [])]
            assert sources.index("omni-config") < sources.index("omni-app"), c["name"]


def test_the_redis_auth_example_holds_placeholders_only(example):
    assert set(example) == {"Secret", "TriggerAuthentication"}
    secret = example["Secret"]
    assert "data" not in secret and all(v == "CHANGE-ME" for v in secret["stringData"].values())
    refs = example["TriggerAuthentication"]["spec"]["secretTargetRef"]
    assert {(r["parameter"], r["name"]) for r in refs} == {("password", secret["metadata"]["name"])}
    assert all(r["key"] in secret["stringData"] for r in refs)
    assert "redis-auth.example.yaml" not in load_kustomization(COMPONENT)["resources"]


def test_a_password_for_keda_as_the_readme_says(kubectl, tmp_path, example):
    """deploy/README.md's patch, in an overlay with a copy of redis-auth.example.yaml: every trigger
    names the TriggerAuthentication, and stays valid."""
    readme = (REPO / "deploy" / "README.md").read_text()
    (snippet,) = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "authenticationRef" in b]
    shutil.copytree(REPO / "deploy", tmp_path / "deploy")
    mine = tmp_path / "deploy" / "mine"
    mine.mkdir()
    shutil.copy(COMPONENT / "redis-auth.example.yaml", mine / "redis-auth.yaml")
    overlay = {"resources": ["../k8s-keda", "redis-auth.yaml"], **yaml.safe_load(textwrap.dedent(snippet))}
    (mine / "kustomization.yaml").write_text(yaml.safe_dump(overlay))
    built = kubectl_kustomize(kubectl, mine)
    auth = example["TriggerAuthentication"]["metadata"]["name"]
    assert ("TriggerAuthentication", auth) in {(o["kind"], o["metadata"]["name"]) for o in built}
    for worker, so in scaled_objects(built).items():
        assert so["spec"]["triggers"][0]["authenticationRef"] == {"name": auth}, worker
        assert schema_errors(so) == [], worker


# ---- one autoscaler per Deployment, the fallback's bounds ------------------------------------------


def test_never_two_autoscalers_on_one_deployment(k8s_objects, keda_objects):
    assert scaled_objects(k8s_objects) == {}, "the base scales on CPU alone"
    hpas, queues = autoscalers(keda_objects), scaled_objects(keda_objects)
    assert not set(hpas) & set(queues)
    assert set(queues) == set(WORKERS)
    assert set(hpas) == set(APIS) == set(autoscalers(k8s_objects)) - set(WORKERS)


def test_keda_keeps_the_fallbacks_bounds_and_pace(k8s_objects, keda_objects, worker_name):
    """Whichever autoscaler a cluster uses, a worker runs between the same bounds, added and
    removed at the same pace."""
    hpa = autoscalers(k8s_objects)[worker_name]["spec"]
    so = scaled_objects(keda_objects)[worker_name]["spec"]
    assert (so["minReplicaCount"], so["maxReplicaCount"]) == (hpa["minReplicas"], hpa["maxReplicas"])
    assert so["advanced"]["horizontalPodAutoscalerConfig"]["behavior"] == hpa["behavior"]


def test_workers_never_scale_to_zero(keda_objects, worker_name):
    """A worker also sweeps its service's outbox for tasks the broker lost: with no pod, nothing
    would, and no queue length would ever bring one back."""
    so = scaled_objects(keda_objects)[worker_name]["spec"]
    assert so["minReplicaCount"] >= 1
    assert "idleReplicaCount" not in so


@pytest.mark.parametrize("which", ["base", "keda"])
def test_beats_are_one_replica_never_scaled(k8s_objects, keda_objects, which):
    objects = k8s_objects if which == "base" else keda_objects
    scaled = set(autoscalers(objects)) | set(scaled_objects(objects))
    for name in BEATS:
        assert name not in scaled, f"{name} is autoscaled"
        (beat,) = [o for o in objects if (o["kind"], o["metadata"]["name"]) == ("Deployment", name)]
        assert beat["spec"]["replicas"] == 1 and beat["spec"]["strategy"] == {"type": "Recreate"}, name


def test_the_keda_build_is_the_base_but_for_the_workers_autoscalers(k8s_objects, keda_objects):
    def index(objects):
        return {(o["kind"], o["metadata"]["name"]): o for o in objects}

    base, with_keda = index(k8s_objects), index(keda_objects)
    assert set(base) - set(with_keda) == {("HorizontalPodAutoscaler", w) for w in WORKERS}
    assert set(with_keda) - set(base) == {("ScaledObject", w) for w in WORKERS} | {("NetworkPolicy", "redis-from-keda")}
    changed = [key for key in set(base) & set(with_keda) if base[key] != with_keda[key]]
    assert changed == []


def test_kustomize_builds_what_the_emulation_says(kubectl):
    """kustomize's own build of deploy/k8s-keda against the emulation used without kubectl."""

    def key(o):
        return (o["kind"], o["metadata"]["name"])

    built = sorted(kubectl_kustomize(kubectl, K8S_KEDA), key=key)
    emulated = sorted(emulate_kustomize(load_kustomization(K8S_KEDA), K8S_KEDA), key=key)
    assert [key(o) for o in built] == [key(o) for o in emulated]
    for b, e in zip(built, emulated, strict=True):
        assert b == e, key(b)


def test_the_component_is_all_the_overlay_adds():
    """deploy/k8s-keda is the base, the component, and the base's namespace and labels: an overlay
    of your own can list the component the same way."""
    overlay, base = load_kustomization(K8S_KEDA), load_kustomization(K8S)
    assert overlay["resources"] == ["../k8s"] and overlay["components"] == ["../k8s/components/keda"]
    assert (overlay["namespace"], overlay["labels"]) == (base["namespace"], base["labels"])
    assert yaml.safe_load((COMPONENT / "kustomization.yaml").read_text())["kind"] == "Component"
