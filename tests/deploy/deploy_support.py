"""What the deployment files must say, and how they are read.

The process table below is the contract (the same commands in compose, Kubernetes and the test
launcher); every test checks the files against it. No Docker engine and no cluster are needed:
the files are parsed, validated against the real schemas and read for the rules a reviewer cares
about. Tests that need a real server (backup, Celery probe) use the machine's MySQL/MariaDB and
Redis and are skipped, saying why, where there are none.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
K8S = REPO / "deploy" / "k8s"
# The same with the workers scaled on their queues by KEDA: the base and components/keda.
K8S_KEDA = REPO / "deploy" / "k8s-keda"

SERVICES = ("identity", "presence", "sync", "reporting")
IMAGES = (*SERVICES, "gateway")


@dataclass(frozen=True)
class Process:
    name: str  # compose service and Kubernetes Deployment / container name
    image: str  # which image runs it
    command: tuple[str, ...]
    kind: str  # api | worker | beat | provision | migrate | seed
    service: str | None  # whose database passwords it may carry (None: no one's)


def _cmd(*words: str) -> tuple[str, ...]:
    return ("python", "-m", *words)


LONG_RUNNING = (
    *(Process(s, s, _cmd(s, "serve"), "api", s) for s in SERVICES),
    Process("gateway", "gateway", _cmd("gateway", "serve"), "api", None),
    Process("identity-worker", "identity", _cmd("identity", "worker"), "worker", "identity"),
    Process("presence-worker", "presence", _cmd("presence", "worker"), "worker", "presence"),
    Process("presence-beat", "presence", _cmd("presence", "beat"), "beat", "presence"),
    Process("sync-worker", "sync", _cmd("sync", "worker"), "worker", "sync"),
    Process("reporting-worker", "reporting", _cmd("reporting", "worker"), "worker", "reporting"),
    Process("reporting-beat", "reporting", _cmd("reporting", "beat"), "beat", "reporting"),
)
PROVISION = Process("provision", "identity", _cmd("omni_common", "provision"), "provision", None)
MIGRATIONS = tuple(Process(f"migrate-{s}", s, _cmd(s, "migrate"), "migrate", s) for s in SERVICES)
ONE_SHOT = (PROVISION, *MIGRATIONS)
PROCESSES = {p.name: p for p in (*LONG_RUNNING, *ONE_SHOT)}
APIS = tuple(p.name for p in LONG_RUNNING if p.kind == "api")
WORKERS = tuple(p.name for p in LONG_RUNNING if p.kind == "worker")
BEATS = tuple(p.name for p in LONG_RUNNING if p.kind == "beat")
# The beat whose schedules (of reports) must survive a restart: its state is on the reports volume.
BEAT = "reporting-beat"

DB_PASSWORD = re.compile(r"^(IDENTITY|PRESENCE|SYNC|REPORTING)_DB_(MIGRATE_|PURGE_)?PASSWORD$")
SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|PRIVATE_KEY|_KEY$")


def own_passwords(service: str | None) -> set[str]:
    if service is None:
        return set()
    return {f"{service.upper()}_DB_{role}PASSWORD" for role in ("", "MIGRATE_", "PURGE_")}


ALL_PASSWORDS = set().union(*(own_passwords(s) for s in SERVICES))


# ---- compose ----------------------------------------------------------------------------------

INTERPOLATION = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
    r"|(?P<named>[A-Za-z_][A-Za-z0-9_]*))"
)


class MissingVariable(LookupError):
    pass


def interpolate(text: str, env: dict[str, str]) -> str:
    """Compose's variable interpolation (the subset of the spec that compose files use)."""

    def replace(m: re.Match) -> str:
        if m["escaped"]:
            return "$"
        name = m["braced"] or m["named"]
        op, arg = m["op"], m["arg"] or ""
        value = env.get(name)
        if op in (":-", "-"):
            return arg if (value is None or (op == ":-" and value == "")) else value
        if op in (":?", "?"):
            if value is None or (op == ":?" and value == ""):
                raise MissingVariable(f"{name}: {arg}")
            return value
        if op in (":+", "+"):
            return arg if (value not in (None, "") if op == ":+" else value is not None) else ""
        return value or ""

    return INTERPOLATION.sub(replace, text)


def variables(text: str) -> dict[str, str | None]:
    """Each variable a compose text reads, with its operator (None for a plain ${VAR})."""
    found: dict[str, str | None] = {}
    for m in INTERPOLATION.finditer(text):
        name = m["braced"] or m["named"]
        if name:
            found[name] = found.get(name) or m["op"]
    return found


def read_env_file(path: Path) -> dict[str, str]:
    env = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, sep, value = line.partition("=")
            assert sep, f"{path.name}: not KEY=VALUE: {line!r}"
            env[key.strip()] = value.strip()
    return env


def environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.partition("=")[::2] for item in env)
    return {k: ("" if v is None else str(v)) for k, v in env.items()}


# ---- Kubernetes -----------------------------------------------------------------------------------


def load_yaml_documents(path: Path) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def pod_spec(obj: dict) -> dict | None:
    template = obj.get("spec", {}).get("template")
    return template.get("spec") if template else None


def all_containers(obj: dict) -> list[dict]:
    spec = pod_spec(obj)
    if not spec:
        return []
    return [*spec.get("initContainers", []), *spec.get("containers", [])]


def load_kustomization(directory: Path) -> dict:
    return yaml.safe_load((directory / "kustomization.yaml").read_text())


def image_parts(image: str) -> tuple[str, str, str]:
    """(name, tag, digest) of an image reference; a registry's port is part of the name."""
    name, _, digest = image.partition("@")
    head, colon, tag = name.rpartition(":")
    return (head, tag, digest) if colon and "/" not in tag else (name, "", digest)


def image_reference(image: str, entries: dict[str, dict]) -> str:
    """An image as kustomize's `images:` rewrites it: newName, newTag, and a digest (which, without a
    newTag, replaces the tag: name@sha256:…; with one, follows it: name:tag@sha256:…)."""
    name, tag, _ = image_parts(image)
    entry = entries.get(name)
    if entry is None:
        return image
    name, tag = entry.get("newName", name), entry.get("newTag", tag)
    if "digest" in entry:
        return f"{name}:{tag}@{entry['digest']}" if "newTag" in entry else f"{name}@{entry['digest']}"
    return f"{name}:{tag}" if tag else name


def emulate_kustomize(kustomization: dict, root: Path = K8S) -> list[dict]:
    """What kustomize builds of the kustomization in `root`, for machines without kubectl: its
    resources (files, and other kustomizations built first), its components, then its namespace,
    labels and images — the transformations the kustomizations here use (test_kubernetes.py and
    test_keda.py check this against the real build where kubectl is installed)."""
    objects = []
    for resource in kustomization["resources"]:
        path = root / resource
        if path.is_dir():
            objects += emulate_kustomize(load_kustomization(path), path)
        else:
            objects += load_yaml_documents(path)
    for component in kustomization.get("components", []):
        objects = apply_component(objects, root / component)
    images = {i["name"]: i for i in kustomization.get("images", [])}
    for obj in objects:
        if obj["kind"] != "Namespace":
            obj["metadata"]["namespace"] = kustomization["namespace"]
        for entry in kustomization.get("labels", []):
            obj["metadata"].setdefault("labels", {}).update(entry["pairs"])
            template = obj.get("spec", {}).get("template")
            if entry.get("includeTemplates") and template:
                template.setdefault("metadata", {}).setdefault("labels", {}).update(entry["pairs"])
        for container in all_containers(obj):
            container["image"] = image_reference(container["image"], images)
    return objects


def apply_component(objects: list[dict], directory: Path) -> list[dict]:
    """A kustomize Component: its resources added, then its patches (here only deletions) and its
    replacements."""
    component = load_kustomization(directory)
    assert component["kind"] == "Component", directory
    objects = [*objects, *(o for r in component.get("resources", []) for o in load_yaml_documents(directory / r))]
    for patch in component.get("patches", []):
        doc = yaml.safe_load(patch["patch"])
        assert doc.pop("$patch") == "delete", "the emulation knows deleting patches only"
        gone = (doc["kind"], doc["metadata"]["name"])
        assert gone in {(o["kind"], o["metadata"]["name"]) for o in objects}, f"nothing to delete: {gone}"
        objects = [o for o in objects if (o["kind"], o["metadata"]["name"]) != gone]
    for replacement in component.get("replacements", []):
        replace(objects, replacement)
    return objects


def field_path(obj: dict, path: str) -> list[tuple[dict | list, str | int]]:
    """(container, key) of every field a kustomize field path names; `[key=value]` picks the
    items of a list that have that value."""
    found: list[tuple[dict | list, str | int]] = []
    values: list = [obj]
    for part in path.split("."):
        selector = re.fullmatch(r"\[(\w+)=(.*)\]", part)
        found = []
        for value in values:
            if selector and isinstance(value, list):
                found += [(value, i) for i, item in enumerate(value) if item.get(selector[1]) == selector[2]]
            elif isinstance(value, dict) and part in value:
                found.append((value, part))
        values = [parent[key] for parent, key in found]
    return found


def replace(objects: list[dict], replacement: dict) -> None:
    """A kustomize replacement: a source field's value (a delimited part of it, with `options`)
    written into the target fields."""
    source = replacement["source"]
    (obj,) = [o for o in objects if (o["kind"], o["metadata"]["name"]) == (source["kind"], source["name"])]
    ((parent, key),) = field_path(obj, source["fieldPath"])
    value = parent[key]
    if "options" in source:
        value = value.split(source["options"]["delimiter"])[source["options"]["index"]]
    for target in replacement["targets"]:
        select = target["select"]
        for o in objects:
            if o["kind"] == select["kind"] and select.get("name", o["metadata"]["name"]) == o["metadata"]["name"]:
                for path in target["fieldPaths"]:
                    for parent, key in field_path(o, path):
                        parent[key] = value


def kubectl_kustomize(kubectl: str, directory: Path = K8S) -> list[dict]:
    out = subprocess.run([kubectl, "kustomize", str(directory)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return [doc for doc in yaml.safe_load_all(out.stdout) if doc]


# ---- Dockerfiles ----------------------------------------------------------------------------------


@dataclass
class Instruction:
    keyword: str
    args: str
    flags: dict[str, str]

    def exec_form(self) -> list[str] | None:
        try:
            value = json.loads(self.args)
        except json.JSONDecodeError:
            return None
        return value if isinstance(value, list) else None


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[Instruction]

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]


def parse_dockerfile(text: str) -> list[Stage]:
    """Instructions by build stage: continuation lines joined, comments and parser directives
    dropped, leading --flags split off."""
    logical, current = [], ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if current and stripped.startswith("#"):
            continue  # a comment inside a continued instruction
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        logical.append(current + stripped)
        current = ""
    assert not current, "the Dockerfile ends inside a continued line"
    stages: list[Stage] = []
    for line in logical:
        keyword, _, rest = line.partition(" ")
        keyword, rest = keyword.upper(), rest.strip()
        flags = {}
        while rest.startswith("--"):
            flag, _, rest = rest.partition(" ")
            key, _, value = flag[2:].partition("=")
            flags[key] = value
            rest = rest.strip()
        if keyword == "FROM":
            words = rest.split()
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            stages.append(Stage(words[0], name, []))
            continue
        assert stages, f"{keyword} before any FROM"
        stages[-1].instructions.append(Instruction(keyword, rest, flags))
    return stages


DOCKERFILE = REPO / "Dockerfile"


def dockerfile_path(image: str) -> Path:
    """Every image is a target (named like the image) of the one Dockerfile at the root."""
    return DOCKERFILE


def image_stages(stages: list[Stage], target: str) -> list[Stage]:
    """The stages building the ``target`` image runs, in file order: the target and every stage it
    is built FROM or COPYs --from, transitively (the target comes last)."""
    by_name = {s.name: s for s in stages if s.name}
    needed, todo = set(), [target]
    while todo:
        name = todo.pop()
        if name in needed:
            continue
        needed.add(name)
        stage = by_name[name]
        if stage.base in by_name:
            todo.append(stage.base)
        todo += [i.flags["from"] for i in stage.all("COPY") if i.flags.get("from") in by_name]
    return [s for s in stages if s.name in needed]


def lineage(stages: list[Stage]) -> list[Stage]:
    """What the image itself is made of: its target (the last stage) and the stages it is built
    FROM, base first; not the stages it only copies from."""
    by_name = {s.name: s for s in stages if s.name}
    chain = [stages[-1]]
    while chain[0].base in by_name:
        chain.insert(0, by_name[chain[0].base])
    return chain


def dockerignore_patterns() -> list[tuple[bool, re.Pattern]]:
    """.dockerignore as (is_exception, regex), with Docker's matching rules: paths relative to the
    context root, `*` and `?` within one path element, `**` across any number of them."""
    patterns = []
    for line in (REPO / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        exception = line.startswith("!")
        pattern = line[1:].strip() if exception else line
        pattern = pattern.strip("/")
        regex, i = "", 0
        while i < len(pattern):
            if pattern.startswith("**/", i):
                regex += "(?:.*/)?"
                i += 3
            elif pattern.startswith("**", i):
                regex += ".*"
                i += 2
            elif pattern[i] == "*":
                regex += "[^/]*"
                i += 1
            elif pattern[i] == "?":
                regex += "[^/]"
                i += 1
            elif pattern[i] == "[":
                end = pattern.index("]", i)
                regex += pattern[i : end + 1]
                i = end + 1
            else:
                regex += re.escape(pattern[i])
                i += 1
        patterns.append((exception, re.compile(regex + r"\Z")))
    return patterns


def dockerignored(path: str) -> bool:
    """Whether `path` (relative to the repository root) stays out of the build context: the last
    pattern matching it or one of its parent directories decides."""
    parts = path.strip("/").split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = False
    for exception, regex in dockerignore_patterns():
        if any(regex.match(c) for c in candidates):
            excluded = not exception
    return excluded
