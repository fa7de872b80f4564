"""deploy/k8s: valid against the Kubernetes schemas, and the rules a reviewer checks by hand —
commands, order of the migration steps, probes, resources, security, autoscaling (never beat),
disruption budgets, secrets that reach only their own service."""

from __future__ import annotations

import copy
import hashlib
import re
import shutil

import pytest
import yaml
from deploy_support import (
    ALL_PASSWORDS,
    APIS,
    BEAT,
    BEATS,
    DB_PASSWORD,
    IMAGES,
    K8S,
    LONG_RUNNING,
    MIGRATIONS,
    PROCESSES,
    PROVISION,
    REPO,
    SECRET_NAME,
    all_containers,
    emulate_kustomize,
    image_parts,
    kubectl_kustomize,
    load_kustomization,
    load_yaml_documents,
    own_passwords,
    pod_spec,
)

kubernetes_validate = pytest.importorskip("kubernetes_validate", reason="kubernetes-validate not installed")

# The oldest Kubernetes deploy/README.md supports, and the newest whose schemas the package bundles.
KUBERNETES_VERSIONS = ("1.27", kubernetes_validate.utils.latest_version())


def deployment(k8s, name):
    obj = k8s.get(("Deployment", name))
    assert obj is not None, f"no Deployment {name}"
    return obj


def container(obj, name=None):
    containers = pod_spec(obj)["containers"]
    assert len(containers) == 1, f"{obj['metadata']['name']}: one container per pod"
    return containers[0]


def memory(quantity: str) -> int:
    number, unit = re.fullmatch(r"(\d+)(Ki|Mi|Gi)?", quantity).groups()
    return int(number) * {None: 1, "Ki": 1024, "Mi": 1024**2, "Gi": 1024**3}[unit]


def cpu(quantity: str) -> float:
    return int(quantity[:-1]) / 1000 if quantity.endswith("m") else float(quantity)


# ---- schemas and the kustomization -----------------------------------------------------------


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_object_is_valid_against_the_kubernetes_schema(k8s_objects, secret_examples, version):
    """Strict schemas: an unknown or misspelt field fails, not only a wrong type."""
    problems = []
    for obj in [*k8s_objects, *secret_examples.values()]:
        try:
            kubernetes_validate.validate(obj, version, strict=True)
        except kubernetes_validate.ValidationError as exc:
            problems.append(f"{obj['kind']}/{obj['metadata']['name']}: {'/'.join(map(str, exc.path))}: {exc.message}")
    assert problems == []


def test_the_schema_check_bites(k8s):
    """A misspelt probe and a string where a number belongs are both refused."""
    misspelt = copy.deepcopy(deployment(k8s, "identity"))
    c = container(misspelt)
    c["readinesProbe"] = c.pop("readinessProbe")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(misspelt, KUBERNETES_VERSIONS[-1], strict=True)
    wrong_type = copy.deepcopy(k8s[("HorizontalPodAutoscaler", "identity")])
    wrong_type["spec"]["maxReplicas"] = "ten"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(wrong_type, KUBERNETES_VERSIONS[-1], strict=True)


def test_kustomization_lists_every_manifest_but_the_secret_example(kustomization):
    manifests = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == manifests - {"secret.example.yaml"}
    assert kustomization["namespace"] == "omnipresence"


def test_kustomize_builds_what_the_files_say(kubectl, kustomization):
    """kustomize's own build (kubectl kustomize) against the emulation used without kubectl."""

    def key(o):
        return (o["kind"], o["metadata"]["name"])

    built = sorted(kubectl_kustomize(kubectl), key=key)
    emulated = sorted(emulate_kustomize(kustomization), key=key)
    assert [key(o) for o in built] == [key(o) for o in emulated]
    for b, e in zip(built, emulated, strict=True):
        assert b == e, key(b)


def test_everything_lands_in_the_namespace(k8s_objects):
    for obj in k8s_objects:
        if obj["kind"] != "Namespace":
            assert obj["metadata"]["namespace"] == "omnipresence", obj["metadata"]["name"]


def released(kustomization, image: str) -> str:
    """The name an image of the manifests gets in the build (newName, for another registry)."""
    entries = {i["name"]: i for i in kustomization["images"]}
    return entries.get(image, {}).get("newName", image)


def test_images_are_pinned_and_consistent(k8s_objects):
    tags = set()
    for obj in k8s_objects:
        for c in all_containers(obj):
            _, tag, digest = image_parts(c["image"])
            assert (tag or digest) and tag != "latest", f"{c['name']}: {c['image']} is not pinned"
            assert c["imagePullPolicy"] == "IfNotPresent"
            tags.add(tag)
    assert len(tags) == 1, f"one release at a time: {tags}"


def manifest_images() -> list[tuple[str, str]]:
    """(file, image) of every container in every manifest under deploy/, before kustomize."""
    return [
        (str(path.relative_to(REPO)), c["image"])
        for path in sorted((REPO / "deploy").rglob("*.yaml"))
        if path.name != "kustomization.yaml"
        for doc in load_yaml_documents(path)
        for c in all_containers(doc)
    ]


def image_problems(kustomization, images: list[tuple[str, str]]) -> list[str]:
    """Each image a manifest names must have its `images:` entry (the one place a release sets
    its tag, registry and digest), and none may ask for :latest."""
    entries = {i["name"]: i for i in kustomization["images"]}
    problems = []
    for path, image in images:
        name, tag, _ = image_parts(image)
        if name not in entries:
            problems.append(f"{path}: {image} has no entry in kustomization.yaml's images:")
        if tag == "latest":
            problems.append(f"{path}: {image} asks for :latest")
    for name, entry in entries.items():
        if entry.get("newTag") in (None, "", "latest"):
            problems.append(f"images: {name} has no release tag")
        if not re.fullmatch(r"sha256:[0-9a-f]{64}", entry.get("digest", "sha256:" + "0" * 64)):
            problems.append(f"images: {name} has a digest that is no sha256")
    return problems


def test_every_image_is_pinned_through_the_kustomization(kustomization):
    images = manifest_images()
    assert image_problems(kustomization, images) == []
    # No entry left over, and all five images there.
    used = {image_parts(image)[0] for _, image in images}
    assert used == {i["name"] for i in kustomization["images"]} == {f"omnipresence/{i}" for i in IMAGES}


def test_the_image_check_bites(kustomization):
    assert len(image_problems(kustomization, [("x.yaml", "busybox:1.36"), ("y.yaml", "omnipresence/sync:latest")])) == 2
    unpinned = copy.deepcopy(kustomization)
    unpinned["images"][0]["newTag"] = "latest"
    assert image_problems(unpinned, [])


def test_a_release_pins_every_image_by_its_digest(tmp_path):
    """deploy/README.md's release step: a `digest:` beside each `newTag`, and every container of
    both builds runs exactly that image (name:tag@sha256:…), whatever becomes of the tag."""
    shutil.copytree(REPO / "deploy", tmp_path / "deploy")
    path = tmp_path / "deploy" / "k8s" / "kustomization.yaml"
    kustomization = yaml.safe_load(path.read_text())
    for entry in kustomization["images"]:
        entry["digest"] = "sha256:" + hashlib.sha256(entry["name"].encode()).hexdigest()
    path.write_text(yaml.safe_dump(kustomization))
    expected = {
        e["name"]: f"{e.get('newName', e['name'])}:{e['newTag']}@{e['digest']}" for e in kustomization["images"]
    }
    for build in ("k8s", "k8s-keda"):
        directory = tmp_path / "deploy" / build
        builds = [emulate_kustomize(load_kustomization(directory), directory)]
        if shutil.which("kubectl"):
            builds.append(kubectl_kustomize(shutil.which("kubectl"), directory))
        for objects in builds:
            images = {c["image"] for o in objects for c in all_containers(o)}
            assert images == set(expected.values()), build


# ---- processes ----------------------------------------------------------------------------------


def test_every_long_running_process_has_a_deployment_with_its_exact_command(k8s, kustomization, long_running_name):
    process = PROCESSES[long_running_name]
    c = container(deployment(k8s, long_running_name))
    assert tuple(c["command"]) == process.command
    assert "args" not in c
    assert image_parts(c["image"])[0] == released(kustomization, f"omnipresence/{process.image}")


def test_deployments_are_exactly_the_processes(k8s):
    names = {name for kind, name in k8s if kind == "Deployment"}
    assert names == {p.name for p in LONG_RUNNING}


def test_provision_then_each_migration_in_order(k8s, kustomization):
    job = k8s[("Job", "omni-migrate")]
    spec = pod_spec(job)
    steps = [*spec["initContainers"], *spec["containers"]]
    # Init containers run one at a time, each to completion, in order; the last step is the
    # Job's own container.
    assert [c["name"] for c in steps] == [PROVISION.name, *(m.name for m in MIGRATIONS)]
    assert len(spec["containers"]) == 1
    for c in steps:
        process = PROCESSES[c["name"]]
        assert tuple(c["command"]) == process.command, c["name"]
        assert image_parts(c["image"])[0] == released(kustomization, f"omnipresence/{process.image}"), c["name"]
    assert spec["restartPolicy"] == "Never"
    assert job["spec"]["backoffLimit"] >= 1 and job["spec"]["activeDeadlineSeconds"] > 0


def test_the_prepare_phase_holds_what_the_job_needs(k8s_objects):
    """deploy/README.md step 1 applies only these: the Job and everything it reads."""
    prepare = {
        (o["kind"], o["metadata"]["name"])
        for o in k8s_objects
        if o["metadata"].get("labels", {}).get("omnipresence.io/phase") == "prepare"
    }
    assert prepare == {("Namespace", "omnipresence"), ("ConfigMap", "omni-config"), ("Job", "omni-migrate")}


# ---- probes -------------------------------------------------------------------------------------


def http_probe(c, probe):
    p = c.get(probe)
    assert p is not None, f"{c['name']} has no {probe}"
    port = p["httpGet"]["port"]
    assert port == 8000 or port in {cp["name"] for cp in c["ports"] if cp["containerPort"] == 8000}
    return p["httpGet"]["path"]


def test_apis_have_startup_liveness_and_readiness_probes(k8s, api_name):
    c = container(deployment(k8s, api_name))
    assert http_probe(c, "startupProbe") == "/healthz"
    assert http_probe(c, "livenessProbe") == "/healthz"
    # The gateway's /readyz follows every service; one service down must not take the whole site
    # out of its Service (SPEC §6.3), so its readiness is its own liveness.
    assert http_probe(c, "readinessProbe") == ("/healthz" if api_name == "gateway" else "/readyz")
    startup = c["startupProbe"]
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 30, "at least 30 s to start"


def test_workers_are_probed_by_a_celery_ping(k8s, worker_name):
    c = container(deployment(k8s, worker_name))
    for probe in ("startupProbe", "livenessProbe"):
        assert c[probe]["exec"]["command"] == ["python", "/opt/omni/probe.py", "celery"], probe
        assert c[probe]["timeoutSeconds"] >= 5, "a broadcast ping waits for replies"
    assert "readinessProbe" not in c, "no Service routes to a worker"


# ---- resources ---------------------------------------------------------------------------------


def test_every_container_has_requests_and_limits(k8s_objects):
    for obj in k8s_objects:
        for c in all_containers(obj):
            resources = c.get("resources", {})
            for bound in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(resources.get(bound, {})), f"{c['name']}: {bound}"
            assert memory(resources["requests"]["memory"]) <= memory(resources["limits"]["memory"]), c["name"]
            assert cpu(resources["requests"]["cpu"]) <= cpu(resources["limits"]["cpu"]), c["name"]


def test_api_memory_follows_the_target(k8s, api_name):
    # Each API process targets at most 200 MB resident under load (SPEC §6.1).
    assert memory(container(deployment(k8s, api_name))["resources"]["limits"]["memory"]) <= 256 * 1024**2


def test_the_report_worker_gets_more_memory(k8s):
    report = memory(container(deployment(k8s, "reporting-worker"))["resources"]["limits"]["memory"])
    assert all(report > memory(container(deployment(k8s, api))["resources"]["limits"]["memory"]) for api in APIS)
    # Sized for its processes, each streaming a report in at most 300 MB.
    env = {e["name"]: e["value"] for e in container(deployment(k8s, "reporting-worker")).get("env", [])}
    assert report >= int(env["OMNI_WORKER_CONCURRENCY"]) * 300 * 1024**2


# ---- security ------------------------------------------------------------------------------------


def pod_objects(k8s_objects):
    return [o for o in k8s_objects if pod_spec(o)]


def test_pods_run_as_non_root_without_a_token_or_service_links(k8s_objects):
    for obj in pod_objects(k8s_objects):
        spec = pod_spec(obj)
        name = obj["metadata"]["name"]
        security = spec["securityContext"]
        assert security["runAsNonRoot"] is True, name
        assert security["runAsUser"] != 0 and security["runAsGroup"] != 0, name
        assert security["seccompProfile"]["type"] == "RuntimeDefault", name
        assert spec["automountServiceAccountToken"] is False, name
        # Service links would inject IDENTITY_PORT=tcp://… into the services' prefixed settings.
        assert spec["enableServiceLinks"] is False, name


def test_containers_drop_everything_and_write_only_to_volumes(k8s_objects):
    for obj in pod_objects(k8s_objects):
        spec = pod_spec(obj)
        volumes = {v["name"]: v for v in spec.get("volumes", [])}
        for c in all_containers(obj):
            security = c["securityContext"]
            assert security["allowPrivilegeEscalation"] is False, c["name"]
            assert security["capabilities"] == {"drop": ["ALL"]}, c["name"]
            assert security["readOnlyRootFilesystem"] is True, c["name"]
            tmp = [m for m in c.get("volumeMounts", []) if m["mountPath"] == "/tmp"]
            assert tmp and "emptyDir" in volumes[tmp[0]["name"]], f"{c['name']}: /tmp must be a writable emptyDir"


def test_the_namespace_enforces_the_restricted_pod_security_standard(k8s):
    labels = k8s[("Namespace", "omnipresence")]["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"


# ---- scaling -----------------------------------------------------------------------------------------


def autoscalers(k8s):
    return {o["spec"]["scaleTargetRef"]["name"]: o for (kind, _), o in k8s.items() if kind == "HorizontalPodAutoscaler"}


def test_every_api_and_worker_autoscales_and_beat_never(k8s):
    hpas = autoscalers(k8s)
    assert set(hpas) == set(APIS) | {p.name for p in LONG_RUNNING if p.kind == "worker"}
    assert not set(BEATS) & set(hpas)
    for target, hpa in hpas.items():
        ref = hpa["spec"]["scaleTargetRef"]
        assert (ref["apiVersion"], ref["kind"]) == ("apps/v1", "Deployment"), target
        assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"], target
        assert hpa["spec"]["metrics"], target
        # The autoscaler owns the count: a replicas field would reset it on every apply.
        assert "replicas" not in deployment(k8s, target)["spec"], target


def test_every_beat_is_one_replica_recreated(k8s):
    for name in BEATS:
        beat = deployment(k8s, name)
        assert beat["spec"]["replicas"] == 1, name
        assert beat["spec"]["strategy"] == {"type": "Recreate"}, name


def test_workers_outlive_their_tasks_on_shutdown(k8s, worker_name):
    # Longer than a task's 300 s time limit: warm shutdown finishes what it runs.
    assert pod_spec(deployment(k8s, worker_name))["terminationGracePeriodSeconds"] > 300


def test_apis_roll_without_losing_capacity(k8s, api_name):
    strategy = deployment(k8s, api_name)["spec"]["strategy"]
    assert strategy["type"] == "RollingUpdate" and strategy["rollingUpdate"]["maxUnavailable"] == 0


def test_every_api_has_a_disruption_budget_it_can_honour(k8s, api_name):
    pdb = k8s.get(("PodDisruptionBudget", api_name))
    assert pdb is not None
    labels = deployment(k8s, api_name)["spec"]["template"]["metadata"]["labels"]
    assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()
    # With fewer replicas than minAvailable + 1, no node could ever be drained.
    assert pdb["spec"]["minAvailable"] < autoscalers(k8s)[api_name]["spec"]["minReplicas"]


# ---- wiring ---------------------------------------------------------------------------------------


def test_selectors_match_their_pods(k8s):
    for (kind, name), obj in k8s.items():
        if kind == "Deployment":
            labels = obj["spec"]["template"]["metadata"]["labels"]
            assert obj["spec"]["selector"]["matchLabels"].items() <= labels.items(), name


def test_every_api_has_a_service_reaching_its_port(k8s, api_name):
    service = k8s.get(("Service", api_name))
    assert service is not None
    labels = deployment(k8s, api_name)["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    (port,) = service["spec"]["ports"]
    c = container(deployment(k8s, api_name))
    assert port["port"] == 8000
    assert port["targetPort"] in {p["name"] for p in c["ports"]} | {p["containerPort"] for p in c["ports"]}


def test_service_urls_in_the_config_point_at_the_services(k8s):
    config = k8s[("ConfigMap", "omni-config")]["data"]
    for service in ("identity", "presence", "sync", "reporting"):
        host, port = re.fullmatch(r"http://([a-z-]+):(\d+)", config[f"OMNI_{service.upper()}_URL"]).groups()
        assert ("Service", host) in k8s and int(port) == k8s[("Service", host)]["spec"]["ports"][0]["port"]
    assert config["OMNI_HTTP_HOST"] == "0.0.0.0"


def test_the_ingress_reaches_the_gateway_only(k8s):
    ingresses = [o for (kind, _), o in k8s.items() if kind == "Ingress"]
    assert len(ingresses) == 1
    backends = [p["backend"]["service"] for rule in ingresses[0]["spec"]["rules"] for p in rule["http"]["paths"]]
    assert {b["name"] for b in backends} == {"gateway"}
    gateway_ports = {p["name"] for p in k8s[("Service", "gateway")]["spec"]["ports"]}
    assert all(b["port"].get("name") in gateway_ports for b in backends)


def container_port(c, port) -> int:
    """A port as a container names it (its name or its number) → its number."""
    by_name = {p["name"]: p["containerPort"] for p in c.get("ports", []) if "name" in p}
    return by_name[port] if isinstance(port, str) else port


def test_the_gateway_metrics_port_is_not_routed_by_the_ingress(k8s):
    """GATEWAY_METRICS_PORT is a port of its own, which Prometheus scrapes and no Service exposes:
    an Ingress routes only to a Service's ports, so nothing from outside reaches the metrics."""
    gateway = deployment(k8s, "gateway")
    c = container(gateway)
    env = {e["name"]: e.get("value") for e in c.get("env", [])}
    metrics = int(env["GATEWAY_METRICS_PORT"])
    assert metrics != 8000
    assert env["GATEWAY_METRICS_HOST"] == "0.0.0.0"  # Prometheus reaches it from another pod
    assert container_port(c, "metrics") == metrics
    assert int(gateway["spec"]["template"]["metadata"]["annotations"]["prometheus.io/port"]) == metrics
    labels = gateway["spec"]["template"]["metadata"]["labels"]
    exposed = {}  # Service name -> {its port (name and number) -> the container port it reaches}
    for (kind, name), service in k8s.items():
        if kind == "Service" and service["spec"].get("selector", {}).items() <= labels.items():
            for p in service["spec"]["ports"]:
                target = container_port(c, p.get("targetPort", p["port"]))
                assert target != metrics, f"Service {name} exposes the gateway's metrics port"
                exposed.setdefault(name, {}).update({p["port"]: target, p.get("name"): target})
    for (kind, name), ingress in k8s.items():
        if kind != "Ingress":
            continue
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                backend = path["backend"]["service"]
                port = backend["port"].get("name") or backend["port"]["number"]
                assert exposed[backend["name"]][port] == 8000, f"Ingress {name} {path['path']}"


def test_report_files_are_on_a_shared_volume(k8s):
    claim = k8s[("PersistentVolumeClaim", "omni-reports")]
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    data_dir = k8s[("ConfigMap", "omni-config")]["data"]["OMNI_DATA_DIR"]
    users = set()
    for (_, name), obj in k8s.items():
        spec = pod_spec(obj)
        if not spec:
            continue
        claims = {
            v["name"]
            for v in spec.get("volumes", [])
            if v.get("persistentVolumeClaim", {}).get("claimName") == "omni-reports"
        }
        for c in all_containers(obj):
            if any(m["name"] in claims and m["mountPath"] == data_dir for m in c.get("volumeMounts", [])):
                users.add(name)
    assert users == {"reporting", "reporting-worker", BEAT}


# ---- secrets ------------------------------------------------------------------------------------------


def container_env_names(c, secrets, config) -> tuple[set[str], set[str]]:
    """(every variable name the container gets, the Secrets it reads)."""
    names, used = set(), set()
    for source in c.get("envFrom", []):
        if "secretRef" in source:
            secret = source["secretRef"]["name"]
            used.add(secret)
            assert secret in secrets, f"{c['name']} reads Secret {secret}, which secret.example.yaml does not describe"
            names |= set(secrets[secret].get("stringData", {}))
        else:
            names |= set(config[source["configMapRef"]["name"]])
    for entry in c.get("env", []):
        names.add(entry["name"])
        ref = entry.get("valueFrom", {}).get("secretKeyRef")
        if ref:
            used.add(ref["name"])
            assert ref["key"] in secrets[ref["name"]]["stringData"], (
                f"{c['name']}: no key {ref['key']} in {ref['name']}"
            )
    return names, used


def configs(k8s):
    return {name: obj["data"] for (kind, name), obj in k8s.items() if kind == "ConfigMap"}


def test_each_container_carries_only_its_own_database_passwords(k8s_objects, k8s, secret_examples):
    seen = set()
    for obj in pod_objects(k8s_objects):
        for c in all_containers(obj):
            process = PROCESSES[c["name"]]
            names, _ = container_env_names(c, secret_examples, configs(k8s))
            expected = ALL_PASSWORDS if process is PROVISION else own_passwords(process.service)
            assert {n for n in names if DB_PASSWORD.match(n)} == expected, c["name"]
            seen.add(c["name"])
    assert seen == set(PROCESSES)


def test_only_provision_sees_the_administrator(k8s_objects, k8s, secret_examples):
    for obj in pod_objects(k8s_objects):
        for c in all_containers(obj):
            _, used = container_env_names(c, secret_examples, configs(k8s))
            assert ("omni-mysql-admin" in used) == (c["name"] == PROVISION.name), c["name"]


def test_no_secret_value_is_written_into_a_manifest(k8s_objects):
    for obj in k8s_objects:
        assert obj["kind"] != "Secret", "Secrets are created apart from the kustomization"
        for c in all_containers(obj):
            for entry in c.get("env", []):
                if SECRET_NAME.search(entry["name"]):
                    assert "value" not in entry and "secretKeyRef" in entry["valueFrom"], (
                        f"{c['name']}: {entry['name']}"
                    )


def test_the_config_map_holds_no_secret(k8s):
    for key in k8s[("ConfigMap", "omni-config")]["data"]:
        assert not SECRET_NAME.search(key), key
    assert "@" not in k8s[("ConfigMap", "omni-config")]["data"]["OMNI_MYSQL_URL"], "no credentials in the server URL"


def test_the_secret_example_holds_placeholders_only(secret_examples):
    assert {"omni-app", "omni-mysql-admin"} | {
        f"omni-{s}-db" for s in ("identity", "presence", "sync", "reporting")
    } == set(secret_examples)
    for name, secret in secret_examples.items():
        assert "data" not in secret, f"{name}: base64 data would hide what it holds"
        for key, value in secret["stringData"].items():
            assert "CHANGE-ME" in value, f"{name}.{key} is not a placeholder"
            assert len(value.replace("CHANGE-ME", "")) <= len("mysql+pymysql://root:@mysql:3306"), f"{name}.{key}"
