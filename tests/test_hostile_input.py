"""Input a fuzzer (or a careless client) sends never gets a 500 (issue 17's findings, SPEC §1 and §8).

Most checks walk the combined OpenAPI, so a route added later is checked as soon as it is published:
every id in a path, every date and time a request carries, every list's cursor."""

import base64
import itertools
import json
import re

import httpx
import pytest

from gateway.routes import ROUTES, Route
from matrix_resources import MEMBERS_OWN, RESOURCES, world
from omni_common.ids import new_id

WITH_IDS = [r for r in ROUTES if "{" in r.path]
# A control character, a NUL, a "?" that must not become a query string, a new line, dots that must
# not climb out of the route, a "#" and a "%".
HOSTILE_IDS = ["%15", "%00", "%3F", "%0A", "%2E%2E", "%23", "%25", "a%20b", "%C3%A9"]
OUT_OF_RANGE = {
    "date": ["9999-12-31", "0001-01-01", "0"],
    "date-time": ["0001-01-01T00:00:00+14:00", "9999-12-31T23:00:00-05:00"],
}


def fields(answer) -> set[str]:
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    return {e["field"] for e in answer.json()["errors"]}


@pytest.fixture(scope="module")
def document(stack) -> dict:
    return httpx.get(f"{stack.gateway}/api/openapi.json", timeout=30).json()


def _call(client, method: str, path: str, **kw):
    if method in ("POST", "PATCH", "PUT") and "json" not in kw and "content" not in kw:
        kw["json"] = {}
    return client.request(method, path, **kw)


def _bare(answer) -> tuple[int, dict]:
    body = answer.json() if answer.headers.get("content-type", "").endswith("json") else {}
    return answer.status_code, {k: v for k, v in body.items() if k not in ("instance", "request_id")}


# ---- ids in the path -------------------------------------------------------------------------


@pytest.mark.parametrize("route", WITH_IDS, ids=lambda r: f"{r.method} {r.path}")
def test_a_hostile_id_in_the_path_is_no_resource(route: Route, org, anonymous):
    """Never a 500, a broken upstream URL, another route or a list: exactly what an id naming
    nothing gets (401 without a token)."""
    ghost = _call(org.admin.client, route.method, re.sub(r"\{[a-z_]+\}", lambda m: new_id(), route.path))
    for hostile in HOSTILE_IDS:
        path = re.sub(r"\{[a-z_]+\}", hostile, route.path)
        if not route.public:
            answer = _call(anonymous, route.method, path)
            assert answer.status_code == 401, f"{hostile}: {answer.status_code} {answer.text}"
        answer = _call(org.admin.client, route.method, path)
        assert answer.status_code < 500, f"{hostile}: {answer.status_code} {answer.text}"
        if route.path.endswith("{code}"):  # a domain's code: a name, not an id
            assert answer.status_code in (404, 422), f"{hostile}: {answer.text}"
            continue
        assert _bare(answer) == _bare(ghost), f"{hostile}: {answer.status_code} {answer.text}"


def test_a_question_mark_in_a_path_id_is_not_a_query(org):
    world(org)
    answer = org.admin.get("/api/sessions/%3F")
    assert answer.status_code == 404, answer.text
    assert "items" not in answer.json()


def test_a_nul_or_control_character_outside_the_api_is_no_server_error(anonymous):
    for path in ("/%00", "/app%00.js", "/roster/%15"):
        assert anonymous.get(path).status_code < 500, path


def test_an_id_a_service_forwards_to_another_is_checked_first(org):
    """Identity asks presence about the participant a login is linked to: an id that is no id is
    the caller's 422, never presence's broken URL (a 503) nor a way to another internal route."""
    for bad in ("\x15", "a/../b", "x?y=1", "\x00", "../organizations/x"):
        answer = org.admin.patch(f"/api/users/{org.external.id}", json={"participant_id": bad})
        assert fields(answer) == {"participant_id"}, bad
        answer = org.admin.post(
            "/api/users",
            json={
                "email": f"x{new_id()[-8:]}@example.com",
                "full_name": "X",
                "role": "external",
                "participant_id": bad,
            },
        )
        assert fields(answer) == {"participant_id"}, bad


# ---- dates and times --------------------------------------------------------------------------


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _formats(document: dict, schema: dict) -> set[str]:
    schema = _resolve(document, schema)
    found = {schema["format"]} if schema.get("format") in OUT_OF_RANGE else set()
    for option in schema.get("anyOf", []) + schema.get("oneOf", []):
        found |= _formats(document, option)
    return found


def _time_fields(document: dict, schema: dict, prefix: tuple = (), depth: int = 0):
    """(path into the body, format) of every date or date-time a body may carry."""
    schema = _resolve(document, schema)
    for option in schema.get("anyOf", []) + schema.get("oneOf", []):
        if _resolve(document, option).get("type") in ("object", "array"):
            yield from _time_fields(document, option, prefix, depth)
    if depth > 4:
        return
    for name, prop in schema.get("properties", {}).items():
        for fmt in _formats(document, prop):
            yield (*prefix, name), fmt
        yield from _time_fields(document, prop, (*prefix, name), depth + 1)
    if schema.get("type") == "array" and "items" in schema:
        yield from _time_fields(document, schema["items"], (*prefix, 0), depth + 1)


def _body_with(path: tuple, value) -> dict:
    """A body holding ``value`` at ``path`` (a list index 0 makes a list of one)."""
    root: dict | list = {}
    node = root
    for step, following in itertools.pairwise(path):
        child = [] if isinstance(following, int) else {}
        if isinstance(node, list):
            node.append(child)
        else:
            node[step] = child
        node = child
    if isinstance(node, list):
        node.append(value)
    else:
        node[path[-1]] = value
    return root


def _time_inputs(document: dict):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for param in operation.get("parameters", []):
                if param["in"] == "query":
                    for fmt in _formats(document, param.get("schema", {})):
                        yield method.upper(), path, "query", (param["name"],), fmt
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                for where, fmt in _time_fields(document, body["schema"]):
                    yield method.upper(), path, "body", where, fmt


def test_every_date_and_time_a_request_carries_is_found(document):
    found = {(m, p, ".".join(map(str, w))) for m, p, _, w, _ in _time_inputs(document)}
    # The walk itself works: the ones issue 17 names are among them.
    assert {
        ("GET", "/api/sessions", "to"),
        ("GET", "/api/sessions", "from"),
        ("POST", "/api/sessions", "starts_at"),
        ("POST", "/api/sync", "sent_at"),
        ("POST", "/api/sync", "mutations.0.client_time"),
        ("POST", "/api/presence", "check_in_at"),
    } <= found


def test_a_date_or_time_out_of_range_is_named_everywhere(document, org):
    """1900-01-01 … 2999-12-31 after conversion to UTC; `to=0` is no date either."""
    failures = []
    for method, path, where, name, fmt in _time_inputs(document):
        if re.search(r"/self-check-in$|/kiosk/", path):
            continue  # an external participant's or a kiosk's own routes carry no dates of this kind
        url = re.sub(r"\{[a-z_]+\}", lambda m: new_id(), path)
        field = ".".join(map(str, name))
        for value in OUT_OF_RANGE[fmt]:
            if where == "query":
                answer = _call(org.admin.client, method, url, params={name[0]: value})
            else:
                answer = _call(org.admin.client, method, url, json=_body_with(name, value))
            named = {e["field"] for e in answer.json().get("errors", [])} if answer.status_code == 422 else set()
            if field not in named:
                failures.append(f"{method} {path} {field}={value}: {answer.status_code} {answer.text[:200]}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("path", ["/api/sessions", "/api/presence", "/api/stats/attendance"])
def test_dates_out_of_range_are_refused_for_every_role(make_org, path):
    org = make_org()
    world(org)
    for role in ("admin", "manager", "frontline", "external"):
        for params, field in (({"to": "9999-12-31"}, "to"), ({"from": "0001-01-01"}, "from"), ({"to": "0"}, "to")):
            assert fields(org.members[role].get(path, params=params)) == {field}, (role, params)


def test_the_audit_log_names_a_date_out_of_range(org):
    for params, field in (({"to": "9999-12-31"}, "to"), ({"from": "0001-01-01T00:00:00+14:00"}, "from")):
        assert fields(org.admin.get("/api/audit-logs", params=params)) == {field}


def test_a_sync_batch_from_a_device_with_a_wrong_clock_is_refused_not_retried_for_ever(org):
    world(org)
    ids = world(org)
    mutation = {
        "mutation_id": new_id(),
        "session_id": ids["session"],
        "participant_id": ids["member"],
        "state": "present",
        "client_time": "2026-01-01T09:00:00+00:00",
        "base_version": None,
    }
    batch = {"device_id": "tablet", "sent_at": "0001-01-01T00:00:00+14:00", "mutations": [mutation]}
    assert fields(org.frontline.post("/api/sync", json=batch)) == {"sent_at"}
    late = {**mutation, "client_time": "9999-12-31T23:00:00-05:00"}
    batch = {"device_id": "tablet", "sent_at": "2026-01-01T09:00:00Z", "mutations": [mutation, late]}
    assert fields(org.frontline.post("/api/sync", json=batch)) == {"mutations.1.client_time"}


# ---- numbers and mutation ids -------------------------------------------------------------------


def test_device_seq_and_versions_beyond_a_bigint_are_named(org):
    ids = world(org)
    change = {
        "mutation_id": new_id(),
        "session_id": ids["session"],
        "participant_id": ids["member"],
        "state": "present",
        "client_time": "2026-01-01T09:00:00Z",
        "base_version": None,
    }
    for key, value in (("device_seq", 10**20), ("device_seq", -1), ("device_seq", 2**63), ("base_version", 10**20)):
        batch = {"device_id": "tablet", "sent_at": "2026-01-01T09:00:00Z", "mutations": [{**change, key: value}]}
        assert fields(org.frontline.post("/api/sync", json=batch)) == {f"mutations.0.{key}"}, (key, value)
    batch = {
        "device_id": "tablet",
        "sent_at": "2026-01-01T09:00:00Z",
        "mutations": [{**change, "device_seq": 2**63 - 1}],
    }
    assert org.frontline.post("/api/sync", json=batch).status_code == 202
    record = {
        "session_id": ids["session"],
        "participant_id": ids["member"],
        "state": "late",
        "expected_version": 10**20,
    }
    assert fields(org.admin.post("/api/presence", json=record)) == {"expected_version"}


def test_a_mutation_id_must_be_a_uuid(org):
    ids = world(org)
    change = {
        "mutation_id": "door-1",
        "session_id": ids["session"],
        "participant_id": ids["member"],
        "state": "present",
        "client_time": "2026-01-01T09:00:00Z",
        "base_version": None,
    }
    batch = {"device_id": "tablet", "sent_at": "2026-01-01T09:00:00Z", "mutations": [change]}
    assert fields(org.frontline.post("/api/sync", json=batch)) == {"mutations.0.mutation_id"}
    online = {"session_id": ids["session"], "participant_id": ids["member"], "state": "late", "mutation_id": "door-1"}
    assert fields(org.admin.post("/api/presence", json=online)) == {"mutation_id"}
    check_in = {"participant_id": ids["member"], "mutation_id": "x" * 36}
    assert fields(org.admin.post(f"/api/sessions/{ids['session']}/check-in", json=check_in)) == {"mutation_id"}


# ---- cursors ----------------------------------------------------------------------------------


def _b64(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


# Not one of them is a cursor any list gives out: the wrong shape, the wrong types, too large, not
# base64, not JSON.
FORGED_CURSORS = [
    "not-ours",
    "%%%",
    "x" * 5000,
    _b64([]),
    _b64([None]),
    _b64([-1]),
    _b64([10**20]),
    _b64([1.5, "x"]),
    _b64(["a", "b", "c"]),
    _b64({"a": 1}),
    _b64([["x"], "y"]),
    _b64(["9999-12-31T23:00:00-05:00", "x", "y"]),
    base64.urlsafe_b64encode(b"\xff\xfe").decode(),
]


def _path_of(route: Route, org) -> str:
    path = route.path
    for name in re.findall(r"\{([a-z_]+)\}", path):
        kind = route.resource[name] if isinstance(route.resource, dict) else route.resource
        made = MEMBERS_OWN[kind](org, "admin") if kind in MEMBERS_OWN else RESOURCES[kind](org)
        path = path.replace("{" + name + "}", made)
    return path


def test_every_list_names_a_cursor_it_did_not_give_out(document, org):
    """`?cursor=WzBd` ([0]) on a group's members was a 500; so was any key of the wrong shape."""
    world(org)
    lists = []
    for route in ROUTES:
        if route.method != "GET" or route.stream:
            continue
        operation = next(
            (
                ops.get("get")
                for p, ops in document["paths"].items()
                if re.sub(r"\{[^}]+\}", "{}", p) == re.sub(r"\{[^}]+\}", "{}", route.path)
            ),
            None,
        )
        if operation and any(p["name"] == "cursor" for p in operation.get("parameters", [])):
            lists.append(route)
    assert len(lists) >= 15, [r.path for r in lists]
    failures = []
    for route in lists:
        path = _path_of(route, org)
        client = org.admin.client
        forged = FORGED_CURSORS + ([] if route.path == "/api/sync/changes" else ["WzBd"])
        for cursor in forged:
            answer = client.get(path, params={"cursor": cursor})
            if answer.status_code != 422 or "cursor" not in {e["field"] for e in answer.json()["errors"]}:
                failures.append(f"{route.path} cursor={cursor[:40]}: {answer.status_code} {answer.text[:200]}")
    assert not failures, "\n".join(failures)


# ---- imports ----------------------------------------------------------------------------------


def test_an_import_with_old_mac_line_endings_is_read_row_by_row(org):
    answer = org.admin.post(
        "/api/participants/import",
        params={"dry_run": "true"},
        files={"file": ("old-mac.csv", b"name\rA\rB\r", "text/csv")},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["created"] == 2


def test_an_import_with_an_enormous_cell_is_named_and_the_next_request_is_served(org):
    big = b"name,notes\nA," + b"x" * 200_000 + b"\n"
    for _ in range(3):
        answer = org.admin.post("/api/participants/import", files={"file": ("big.csv", big, "text/csv")})
        assert fields(answer) == {"file"}
        assert "Row 2" in answer.json()["errors"][0]["message"]
        # Nothing the refusal did leaves the gateway a dead connection to the service.
        assert org.admin.get("/api/participants").status_code == 200
