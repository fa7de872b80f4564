"""Every route of the gateway's table by {anonymous, each role, another organization} (SPEC §1).

- anonymous: 401 on every route that is not public;
- a role the route does not allow: 403;
- a role it allows: neither 401 nor 403 (nor 404 for a resource of its own organization);
- another organization's administrator: 404 for a resource in the path, and never a trace of the
  first organization's data in any answer.
"""

import re

import pytest

from gateway.routes import ROUTES, Route
from matrix_resources import RESOURCES
from omni_common.testing.plugin import ROLES

PROTECTED = [r for r in ROUTES if not r.public]


def _path(route: Route, org) -> str:
    if route.resource is None:
        return route.path
    return re.sub(r"\{[a-z_]+\}", RESOURCES[route.resource](org), route.path)


def _call(client, route: Route, path: str):
    # Bodies are empty on purpose: authentication and role come before validation, and an
    # allowed role's 422 shows the route let it through without changing anything.
    body = {} if route.method in ("POST", "PATCH", "PUT") else None
    return client.request(route.method, path, json=body)


def test_every_path_placeholder_has_a_resource_factory():
    for route in ROUTES:
        if "{" in route.path:
            assert route.resource in RESOURCES, f"{route.method} {route.path} needs a factory in matrix_resources.py"


@pytest.mark.parametrize("route", PROTECTED, ids=lambda r: f"{r.method} {r.path}")
def test_route_answers_each_caller_as_spec_1_says(route: Route, make_org, anonymous):
    org, other = make_org(), make_org()
    path = _path(route, org)
    # Ids the caller already named in the path do not count as traces.
    traces = {org.id, *(m.id for m in org.members.values())} - set(path.split("/"))

    answer = _call(anonymous, route, path)
    assert answer.status_code == 401, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")

    answer = _call(other.admin.client, route, path)
    if route.resource:
        assert answer.status_code == 404, f"another organization got {answer.status_code}: {answer.text}"
    else:
        assert answer.status_code not in (401, 404), answer.text
    leaked = [t for t in traces if t in answer.text]
    assert not leaked, f"another organization's answer mentions {leaked}"

    # Roles that may not: 403. Then the roles that may, administrators last (DELETE really deletes).
    for role in [r for r in ROLES if r not in route.roles]:
        answer = _call(org.members[role].client, route, path)
        assert answer.status_code == 403, f"{role}: {answer.status_code} {answer.text}"
        assert answer.headers["content-type"].startswith("application/problem+json")
    for role in sorted(route.roles, key=lambda r: r == "admin"):
        answer = _call(org.members[role].client, route, path)
        assert answer.status_code not in (401, 403, 404), f"{role}: {answer.status_code} {answer.text}"
        assert answer.status_code < 500, f"{role}: {answer.status_code} {answer.text}"
