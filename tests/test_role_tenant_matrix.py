"""Every route of the gateway's table by {anonymous, each role, another organization} (SPEC §1,
visibility first).

- anonymous: 401 on every route that is not public;
- another organization, in every role: for a resource in the path, exactly the answer a resource
  that does not exist gets (404, or the body's own 422) — a role the route never allows included —
  and never a trace of the first organization's data in any answer;
- a role the route does not allow: 403 for a resource it can see, 404 (as if it did not exist) for
  one it cannot (matrix_resources.SEEN_BY says which);
- a role it allows: neither 401 nor 403 (nor 404 for a resource of its own organization).
"""

import re

import httpx
import pytest

from gateway.routes import ROUTES, Route
from matrix_resources import MEMBERS_OWN, RESOURCES, SEEN_BY, world
from omni_common.ids import new_id
from omni_common.testing.plugin import ROLES

PROTECTED = [r for r in ROUTES if not r.public]


def _kinds(route: Route) -> dict[str, str]:
    """Placeholder -> the kind of resource it names."""
    names = re.findall(r"\{([a-z_]+)\}", route.path)
    if isinstance(route.resource, dict):
        return route.resource
    return {name: route.resource for name in names}


def _path(route: Route, org, role: str = "admin") -> str:
    """The route's path naming the org's resources (a member's own ones: those of ``role``)."""
    path = route.path
    for name, kind in _kinds(route).items():
        made = MEMBERS_OWN[kind](org, role) if kind in MEMBERS_OWN else RESOURCES[kind](org)
        path = path.replace("{" + name + "}", made)
    return path


def _ghost_path(route: Route) -> str:
    """The route's path naming things that exist nowhere."""
    return re.sub(r"\{[a-z_]+\}", lambda m: "nosuchcode" if m.group(0) == "{code}" else new_id(), route.path)


def _bare(answer) -> dict:
    """A problem without what differs from request to request."""
    return {k: v for k, v in answer.json().items() if k not in ("instance", "request_id")}


def _call(client, route: Route, path: str):
    # Bodies are empty on purpose: authentication and role come before validation, and an
    # allowed role's 422 shows the route let it through without changing anything.
    body = {} if route.method in ("POST", "PATCH", "PUT") else None
    if route.stream:
        # A live stream never ends by itself: its answer is its status and headers, and an error's body.
        with client.stream(route.method, path) as answer:
            if answer.status_code >= 400:
                answer.read()
                return answer
            return httpx.Response(answer.status_code, headers=answer.headers, content=b"")
    return client.request(route.method, path, json=body)


def test_every_path_placeholder_has_a_resource_factory():
    for route in ROUTES:
        kinds = _kinds(route)
        assert set(kinds) == set(re.findall(r"\{([a-z_]+)\}", route.path)), f"{route.method} {route.path}"
        for kind in kinds.values():
            assert kind in RESOURCES or kind in MEMBERS_OWN, (
                f"{route.method} {route.path} needs a factory for {kind!r} in matrix_resources.py"
            )


def _refusal(route: Route, role: str) -> int:
    """What a role the route never allows gets for the world's resources: 403 if it can see them all."""
    return 403 if all(role in SEEN_BY[kind] for kind in _kinds(route).values()) else 404


@pytest.mark.parametrize("route", PROTECTED, ids=lambda r: f"{r.method} {r.path}")
def test_route_answers_each_caller_as_spec_1_says(route: Route, make_org, anonymous):
    org, other = make_org(), make_org()
    world(org)  # data to see, or to fail to see: a group, a member, a session, a record
    path = _path(route, org)
    # Ids the caller already named in the path do not count as traces.
    traces = {org.id, *(m.id for m in org.members.values()), *world(org).values()} - set(path.split("/")) - {"matrix"}

    answer = _call(anonymous, route, path)
    assert answer.status_code == 401, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")

    # Another organization, in every role: as if nothing were there.
    for role in ROLES:
        answer = _call(other.members[role].client, route, path)
        if route.resource:
            ghost = _call(other.members[role].client, route, _ghost_path(route))
            assert answer.status_code in (404, 422), (
                f"another organization's {role} got {answer.status_code}: {answer.text}"
            )
            assert (answer.status_code, _bare(answer)) == (ghost.status_code, _bare(ghost)), (
                f"{role}: distinguishable from nothing"
            )
        elif role not in route.roles:
            assert answer.status_code == 403, f"{role}: {answer.status_code} {answer.text}"
        else:
            assert answer.status_code not in (401, 404), f"{role}: {answer.text}"
        leaked = [t for t in traces if t in answer.text]
        assert not leaked, f"another organization's {role}: the answer mentions {leaked}"

    # Roles that may not: 403 for what they can see, 404 for what they cannot. Then the roles that
    # may, administrators last (DELETE really deletes).
    for role in [r for r in ROLES if r not in route.roles]:
        answer = _call(org.members[role].client, route, path)
        expected = _refusal(route, role) if route.resource else 403
        assert answer.status_code == expected, f"{role}: {answer.status_code} {answer.text}"
        assert answer.headers["content-type"].startswith("application/problem+json")
    for role in sorted(route.roles, key=lambda r: r == "admin"):
        answer = _call(org.members[role].client, route, _path(route, org, role))
        assert answer.status_code not in (401, 403, 404), f"{role}: {answer.status_code} {answer.text}"
        assert answer.status_code < 500, f"{role}: {answer.status_code} {answer.text}"
