"""docker-compose.yml: valid Compose, every process with its exact command, a start-up order that
holds (mysql → provision → migrate → serve → gateway), each service with its own secrets only."""

from __future__ import annotations

import copy
import re
from graphlib import CycleError, TopologicalSorter

import jsonschema
import pytest
from deploy_support import (
    ALL_PASSWORDS,
    APIS,
    BEAT,
    BEATS,
    DB_PASSWORD,
    IMAGES,
    LONG_RUNNING,
    MIGRATIONS,
    PROCESSES,
    PROVISION,
    REPO,
    SECRET_NAME,
    MissingVariable,
    dockerfile_path,
    environment,
    interpolate,
    own_passwords,
    variables,
)

OURS = set(PROCESSES) | {"seed-demo"}


def schema_errors(schema: dict, document: dict) -> list[str]:
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


# ---- the Compose Specification --------------------------------------------------------------


def test_valid_against_the_compose_specification(compose_schema, compose, compose_resolved):
    assert schema_errors(compose_schema, compose) == []
    assert schema_errors(compose_schema, compose_resolved) == []


def test_the_schema_check_bites(compose_schema, compose):
    """The schema really constrains services: a misspelt key and a YAML boolean `no` are caught."""
    misspelt = copy.deepcopy(compose)
    misspelt["services"]["identity"]["comand"] = misspelt["services"]["identity"].pop("command")
    assert schema_errors(compose_schema, misspelt)
    boolean = copy.deepcopy(compose)
    boolean["services"]["provision"]["restart"] = False  # what an unquoted `restart: no` becomes
    assert schema_errors(compose_schema, boolean)


# ---- processes and images -------------------------------------------------------------------


def test_every_process_runs_its_exact_command(compose, process_name):
    process = PROCESSES[process_name]
    service = compose["services"].get(process_name)
    assert service is not None, f"no compose service {process_name}"
    assert tuple(service["command"]) == process.command


def test_every_process_runs_its_own_service_image(compose, process_name):
    process = PROCESSES[process_name]
    service = compose["services"][process_name]
    assert service["image"].startswith(f"omnipresence/{process.image}:")
    assert service["build"]["context"] == "."
    assert service["build"]["dockerfile"] == str(dockerfile_path(process.image).relative_to(REPO))
    assert service["build"]["target"] == process.image
    # Built here, never pulled: a registry could hold an unrelated image of that name.
    assert service["pull_policy"] == "build"


def test_one_image_per_target(compose):
    built = {s["build"]["target"]: s["image"] for s in compose["services"].values() if "build" in s}
    assert set(built) == set(IMAGES)
    for target, image in built.items():
        assert all(
            s["image"] == image for s in compose["services"].values() if s.get("build", {}).get("target") == target
        )


def test_no_unexpected_services(compose):
    assert set(compose["services"]) == OURS | {"mysql", "redis"}


def test_data_stores(compose):
    services = compose["services"]
    assert services["mysql"]["image"] == "mysql:8.0"
    assert "--character-set-server=utf8mb4" in services["mysql"]["command"]
    assert "--collation-server=utf8mb4_unicode_ci" in services["mysql"]["command"]
    assert services["redis"]["image"].split(":")[1].startswith("7")
    # The broker keeps its queues across a restart and never evicts them.
    assert "--appendonly" in services["redis"]["command"]
    assert services["redis"]["command"][services["redis"]["command"].index("--maxmemory-policy") + 1] == "noeviction"
    for name, path in (("mysql", "/var/lib/mysql"), ("redis", "/data")):
        volume, _, target = services[name]["volumes"][0].partition(":")
        assert target == path and volume in compose["volumes"], f"{name} keeps its data in a named volume"
        assert services[name]["healthcheck"]["test"][0] == "CMD"


# ---- start-up order -------------------------------------------------------------------------


def depends_on(service: dict) -> dict[str, str]:
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):
        return {d: "service_started" for d in deps}
    return {name: spec.get("condition", "service_started") for name, spec in deps.items()}


def test_dependencies_exist_and_form_no_cycle(compose):
    graph = {name: set(depends_on(service)) for name, service in compose["services"].items()}
    for name, deps in graph.items():
        assert deps <= set(graph), f"{name} depends on a service that does not exist: {deps - set(graph)}"
    try:
        list(TopologicalSorter(graph).static_order())
    except CycleError as exc:  # pragma: no cover - the assertion message is the point
        pytest.fail(f"dependency cycle: {exc.args[1]}")


def test_provision_then_migrate_then_serve(compose):
    services = compose["services"]
    assert depends_on(services["provision"]) == {"mysql": "service_healthy"}
    for migration in MIGRATIONS:
        deps = depends_on(services[migration.name])
        assert deps.get("provision") == "service_completed_successfully", migration.name
        assert deps.get("mysql") == "service_healthy", migration.name
    for process in LONG_RUNNING:
        if process.service is None:
            continue
        deps = depends_on(services[process.name])
        assert deps.get(f"migrate-{process.service}") == "service_completed_successfully", (
            f"{process.name} must wait for its own migration"
        )
        assert deps.get("redis") == "service_healthy", process.name


def test_gateway_waits_for_every_api(compose):
    deps = depends_on(compose["services"]["gateway"])
    for api in APIS:
        if api != "gateway":
            assert deps.get(api) == "service_healthy", api


def test_a_healthy_condition_has_a_healthcheck_to_wait_for(compose):
    services = compose["services"]
    for name, service in services.items():
        for dep, condition in depends_on(service).items():
            if condition == "service_healthy":
                check = services[dep].get("healthcheck")
                assert check and not check.get("disable"), (
                    f"{name} waits for {dep} to be healthy, which it never reports"
                )
            if condition == "service_completed_successfully":
                assert services[dep]["restart"] == "no", f"{dep} is a one-shot step and must not be restarted"


def test_topological_order_is_the_documented_one(compose):
    graph = {name: set(depends_on(service)) for name, service in compose["services"].items()}
    order = list(TopologicalSorter(graph).static_order())
    position = {name: i for i, name in enumerate(order)}
    assert position["mysql"] < position["provision"]
    for migration in MIGRATIONS:
        assert position["provision"] < position[migration.name] < position[migration.name.removeprefix("migrate-")]
    assert all(position[api] < position["gateway"] for api in APIS if api != "gateway")


# ---- health, restarts, resources, hardening -------------------------------------------------


def test_healthchecks_use_the_shared_probe(compose, long_running_name):
    process = PROCESSES[long_running_name]
    check = compose["services"][long_running_name]["healthcheck"]
    if process.kind == "api":
        path = "/healthz" if long_running_name == "gateway" else "/readyz"
        assert check["test"] == ["CMD", "python", "/opt/omni/probe.py", "http", path]
    elif process.kind == "worker":
        assert check["test"] == ["CMD", "python", "/opt/omni/probe.py", "celery"]
    else:  # beat has no port and no control channel to ask
        assert check == {"disable": True}


def test_restart_policies(compose):
    for name, service in compose["services"].items():
        if name in OURS - {p.name for p in LONG_RUNNING}:
            assert service["restart"] == "no", name
        else:
            assert service["restart"] in ("unless-stopped", "always"), name


def memory_bytes(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)([kmgKMG]?)[bB]?", str(value)).groups()
    return int(float(number) * 1024 ** " kmg".index(unit.lower() or " "))


def test_memory_limits(compose):
    services = compose["services"]
    for name in [p.name for p in LONG_RUNNING] + ["mysql", "redis"]:
        assert memory_bytes(services[name]["deploy"]["resources"]["limits"]["memory"]) > 0, name
    for api in APIS:
        # Each API process targets at most 200 MB resident (SPEC §6.1).
        assert memory_bytes(services[api]["deploy"]["resources"]["limits"]["memory"]) <= 256 * 1024**2, api
    report = memory_bytes(services["reporting-worker"]["deploy"]["resources"]["limits"]["memory"])
    assert report > memory_bytes(services["identity"]["deploy"]["resources"]["limits"]["memory"])


def test_workers_stop_gracefully(compose, worker_name):
    grace = compose["services"][worker_name]["stop_grace_period"]
    minutes, seconds = re.fullmatch(r"(?:(\d+)m)?(?:(\d+)s)?", grace).groups()
    # Longer than a task's 300 s time limit: warm shutdown finishes what it runs.
    assert int(minutes or 0) * 60 + int(seconds or 0) > 300


def test_every_beat_is_exactly_one(compose):
    for name in BEATS:
        beat = compose["services"][name]
        assert beat["deploy"]["replicas"] == 1, name
        assert "scale" not in beat, name


def test_our_containers_are_hardened(compose):
    for name in OURS:
        service = compose["services"][name]
        assert service["read_only"] is True, name
        assert service["cap_drop"] == ["ALL"], name
        assert "no-new-privileges:true" in service["security_opt"], name
        assert "/tmp" in service["tmpfs"], name


def test_only_the_gateway_is_published_on_8000(compose_resolved):
    published = {name: s["ports"] for name, s in compose_resolved["services"].items() if s.get("ports")}
    assert published == {"gateway": ["8000:8000"]}


def test_http_processes_listen_on_all_interfaces(compose_resolved):
    for process in LONG_RUNNING:
        env = environment(compose_resolved["services"][process.name])
        assert env["OMNI_HTTP_HOST"] == "0.0.0.0" and env["OMNI_HTTP_PORT"] == "8000", process.name


def test_the_gateway_serves_its_metrics_on_a_port_of_its_own(compose_resolved):
    """Scraped on the compose network (GATEWAY_METRICS_PORT, not published), never on 8000."""
    env = environment(compose_resolved["services"]["gateway"])
    assert env["GATEWAY_METRICS_PORT"] not in ("", "0", env["OMNI_HTTP_PORT"])
    assert env["GATEWAY_METRICS_HOST"] == "0.0.0.0"
    published = compose_resolved["services"]["gateway"]["ports"]
    assert not any(str(p).endswith(f":{env['GATEWAY_METRICS_PORT']}") for p in published)


def test_service_urls_point_at_compose_services(compose_resolved):
    env = environment(compose_resolved["services"]["gateway"])
    for service in ("identity", "presence", "sync", "reporting"):
        assert env[f"OMNI_{service.upper()}_URL"] == f"http://{service}:8000"
        assert service in compose_resolved["services"]


def test_report_files_are_shared(compose):
    mounts = {}
    for name in ("reporting", "reporting-worker", BEAT):
        service = compose["services"][name]
        mounts[name] = service["volumes"]
        data_dir = environment(service)["OMNI_DATA_DIR"]
        assert f"reports:{data_dir}" in service["volumes"], name
    assert "reports" in compose["volumes"]
    others = [n for n in OURS if n not in mounts and "reports" in str(compose["services"][n].get("volumes", ""))]
    assert others == [], "only reporting's processes see the report files"


# ---- secrets ------------------------------------------------------------------------------------


def test_each_container_carries_only_its_own_database_passwords(compose):
    for name in OURS:
        env = environment(compose["services"][name])
        passwords = {k for k in env if DB_PASSWORD.match(k)}
        process = PROCESSES.get(name) or PROCESSES["migrate-identity"]  # seed-demo is identity's
        expected = ALL_PASSWORDS if name == PROVISION.name else own_passwords(process.service)
        assert passwords == expected, name


def test_only_provision_and_mysql_see_the_administrator(compose):
    for name, service in compose["services"].items():
        env = environment(service)
        uses_admin = any("MYSQL_ROOT_PASSWORD" in value for value in env.values()) or "MYSQL_ROOT_PASSWORD" in env
        assert uses_admin == (name in ("provision", "mysql")), name
        url = env.get("OMNI_MYSQL_URL")
        if url is not None and name != "provision":
            assert "@" not in url, f"{name}: the server URL must carry no credentials"


def test_secrets_come_only_from_required_variables(compose):
    """No secret value is written in the file: each one is ${VAR:?message}, so compose refuses to
    start without it instead of running with an empty password."""
    for name, service in compose["services"].items():
        for key, value in environment(service).items():
            if SECRET_NAME.search(key):
                assert re.fullmatch(r"\$\{[A-Z0-9_]+:\?[^}]+\}", value), f"{name}.{key} = {value!r}"


def test_compose_refuses_to_start_without_each_secret(compose_text, filled_env, env_example):
    required = {name for name, op in variables(compose_text).items() if op == ":?"}
    assert required == {k for k, v in env_example.items() if v == ""}
    for name in required:
        env = dict(filled_env, **{name: ""})
        with pytest.raises(MissingVariable, match=name):
            interpolate(compose_text, env)


def test_env_example_lists_every_variable(compose_text, env_example):
    used = set(variables(compose_text))
    assert used == set(env_example), f"missing: {used - set(env_example)}, unused: {set(env_example) - used}"


def test_env_example_holds_no_secret(env_example):
    for key, value in env_example.items():
        if SECRET_NAME.search(key):
            assert value == "", f"{key} must be left empty in env.example"


def test_demo_seed_is_opt_in(compose):
    seed = compose["services"]["seed-demo"]
    assert seed["profiles"] == ["demo"]
    assert seed["command"] == ["python", "-m", "identity", "seed-demo"]
    assert depends_on(seed) == {"migrate-identity": "service_completed_successfully"}
