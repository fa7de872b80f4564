"""A bounded Schemathesis run over the whole public API (issue 17, "keep it proven").

Every operation of the combined OpenAPI is called with data Schemathesis generates from it — as an
administrator and as a frontline user of an organization of the run's own, through a gateway of its
own — and every answer is checked: no server error (5xx), and an answer the document describes
(response-schema conformance). Path ids name real things of the organization (its group, session,
record, webhook …), so the operations get past "no such thing" to their real work. A route added
later is in the document, so it joins the run; the run fails if any operation was not exercised.

Left out, because they end the run's own login or account, or the organization, for good: logout
and signing sessions out, the password change, two-factor, the caller's own user, closing the
organization, erasing a participant and key rotation. A session the run's own calls end (the
inactivity timeout set to a minute, a role changed) is signed in again. Bounded: a few examples per
operation and role, well under two minutes on the 2-core machine.
"""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass, field

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from gateway.routes import ROUTES, Route
from matrix_resources import MEMBERS_OWN, RESOURCES, world
from omni_common.testing.plugin import PASSWORD

# (method, path pattern): what the run leaves out, and why (see the module's docstring).
EXCLUDED = [
    ("POST", r"/api/auth/logout"),
    ("POST", r"/api/auth/sessions/sign-out(-others)?"),
    ("POST", r"/api/auth/password"),
    ("POST", r".*/two-factor/.*"),
    ("POST", r"/api/organizations/current/close"),
    ("POST", r"/api/participants/\{[^}]+\}/erase"),
    ("POST", r".*/rotate.*"),
]
# The run is bounded by its count of examples per operation and role, never by a clock.
EXAMPLES = {"admin": 4, "frontline": 2}
CHECKS = [not_a_server_error, response_schema_conformance]


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def _excluded(method: str, path: str) -> bool:
    return any(method == m and re.fullmatch(p, path) for m, p in EXCLUDED)


def _fake_address() -> str:
    return f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"


@dataclass
class Caller:
    """One role's login, signed in again whenever the run's own calls end its session."""

    base: str
    email: str
    address: str  # its own sign-ins come from here, never from the address the fuzzed calls use
    token: str = ""
    logins: int = 0

    def login(self) -> None:
        answer = httpx.post(
            f"{self.base}/api/auth/login",
            json={"email": self.email, "password": PASSWORD},
            headers={"X-Forwarded-For": self.address},
            timeout=30,
        )
        assert answer.status_code == 200, f"signing in again as {self.email}: {answer.text}"
        self.token, self.logins = answer.json()["access_token"], self.logins + 1


@dataclass
class Run:
    base: str
    fuzz_address: str
    path_ids: dict[tuple[str, str], dict[str, str]]
    failures: list[str] = field(default_factory=list)
    exercised: dict[tuple[str, str, str], int] = field(default_factory=dict)

    def call(self, role: str, caller: Caller, case) -> None:
        operation = (case.method.upper(), case.path)
        if operation == ("PATCH", "/api/organizations/current") and isinstance(case.body, dict):
            case.body.pop("require_admin_two_factor", None)  # two-factor is left out (see above)
        for attempt in (1, 2):
            headers = {"Authorization": f"Bearer {caller.token}", "X-Forwarded-For": self.fuzz_address}
            response = (
                _stream_head(case, self.base, headers)
                if _streams(case)
                else case.call(base_url=self.base, headers=headers, timeout=30)
            )
            if response.status_code == 401 and attempt == 1 and not _public(case):
                caller.login()  # the run's own calls ended the session: sign in again, once
                continue
            break
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (AssertionError, BaseExceptionGroup) as failure:
            found = failure.exceptions if isinstance(failure, BaseExceptionGroup) else [failure]
            said = "\n".join(str(f).split("\n\n")[0] + " " + str(f)[-600:].replace("\n", " ") for f in found)
            self.failures.append(f"{role} {case.method} {case.formatted_path} -> {response.status_code}: {said}")
        key = (role, *operation)
        self.exercised[key] = self.exercised.get(key, 0) + 1


def _streams(case) -> bool:
    """A live stream (text/event-stream) never ends by itself: its answer is its status and headers."""
    content = case.operation.definition.raw.get("responses", {}).get("200", {}).get("content", {})
    return "text/event-stream" in content


def _stream_head(case, base: str, headers: dict) -> httpx.Response:
    kwargs = case.as_transport_kwargs(base_url=base, headers=headers)
    with httpx.stream(
        kwargs["method"], kwargs["url"], params=kwargs.get("params"), headers=kwargs["headers"]
    ) as answer:
        body = answer.read() if answer.status_code >= 400 else b""
    made = httpx.Response(answer.status_code, headers=answer.headers, content=body, request=answer.request)
    made.elapsed = answer.elapsed
    return made


def _public(case) -> bool:
    return not case.operation.definition.raw.get("security")


def _route(method: str, path: str) -> Route:
    return next(r for r in ROUTES if r.method == method and _shape(r.path) == _shape(path))


def _path_ids(org, document: dict) -> dict[tuple[str, str], dict[str, str]]:
    """For each operation with ids in its path, real ids of the run's organization."""
    made: dict[str, str] = {}
    found = {}
    for path, operations in document["paths"].items():
        names = re.findall(r"\{([^}]+)\}", path)
        for method in operations:
            if not names or _excluded(method.upper(), path):
                continue
            route = _route(method.upper(), path)
            table_names = re.findall(r"\{([^}]+)\}", route.path)
            ids = {}
            for name, table_name in zip(names, table_names, strict=True):
                kind = route.resource[table_name] if isinstance(route.resource, dict) else route.resource
                if kind not in made:
                    made[kind] = MEMBERS_OWN[kind](org, "admin") if kind in MEMBERS_OWN else RESOURCES[kind](org)
                ids[name] = made[kind]
            found[(method.upper(), path)] = ids
    return found


def _operations(schema, document: dict) -> list:
    """Every operation the run exercises, deletions last (they take the run's things away)."""
    operations = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if not _excluded(operation.method.upper(), operation.path):
            operations.append(operation)
    return sorted(operations, key=lambda o: (o.method.upper() == "DELETE", o.path, o.method))


def _exercise(run: Run, role: str, caller: Caller, operation, examples: int) -> None:
    ids = run.path_ids.get((operation.method.upper(), operation.path))
    strategy = operation.as_strategy(path_parameters=ids) if ids else operation.as_strategy()

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def exercise(case):
        run.call(role, caller, case)

    exercise()


@pytest.fixture(scope="module")
def gateway(stack):
    """A gateway of the run's own, behind a trusted proxy at 127.0.0.1: each caller's address is
    one the run makes up, so identity's counts of failed sign-ins stay the run's own."""
    with stack.private(["gateway"], extra_env={"GATEWAY_TRUSTED_PROXIES": "127.0.0.0/8, ::1"}) as private:
        yield private.config.url("gateway")


def test_every_operation_answers_generated_input_without_a_server_error_and_as_documented(gateway, make_org):
    started = time.monotonic()
    org = make_org(gateway=gateway)
    world(org)
    document = httpx.get(f"{gateway}/api/openapi.json", timeout=30).json()
    schema = schemathesis.openapi.from_dict(document)
    run = Run(gateway, _fake_address(), _path_ids(org, document))
    operations = _operations(schema, document)
    # The frontline user first: the administrator's run may change or deactivate their account.
    for role in ("frontline", "admin"):
        caller = Caller(gateway, org.members[role].email, _fake_address(), token=org.members[role].token)
        for operation in operations:
            _exercise(run, role, caller, operation, EXAMPLES[role])
    elapsed = time.monotonic() - started
    skipped = [
        f"{role} {o.method.upper()} {o.path}"
        for role in EXAMPLES
        for o in operations
        if not run.exercised.get((role, o.method.upper(), o.path))
    ]
    print(f"{sum(run.exercised.values())} calls over {len(operations)} operations in {elapsed:.0f} s")
    assert not skipped, "operations not exercised:\n" + "\n".join(skipped)
    assert not run.failures, f"{len(run.failures)} failures:\n\n" + "\n\n".join(run.failures[:30])
