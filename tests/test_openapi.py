"""One OpenAPI document for the whole public API, and its reference page."""

import json
import re

from gateway.openapi import shape
from gateway.routes import ROUTES


def test_the_combined_document_has_exactly_the_routes_of_the_gateways_table(anonymous):
    document = anonymous.get("/api/openapi.json").json()
    published = {
        (method.upper(), shape(path)): op for path, ops in document["paths"].items() for method, op in ops.items()
    }
    assert set(published) == {(r.method, shape(r.path)) for r in ROUTES}
    for route in ROUTES:
        operation = published[(route.method, shape(route.path))]
        assert ("security" in operation) == (not route.public), route
        assert "application/problem+json" in operation["responses"]["422"]["content"]


def test_schemas_every_operation_refers_to_are_there(anonymous):
    document = anonymous.get("/api/openapi.json").text
    schemas = json.loads(document)["components"]["schemas"]
    for ref in set(re.findall(r'"#/components/schemas/([^"]+)"', document)):
        assert ref in schemas, ref


def test_the_reference_page_is_served(anonymous):
    page = anonymous.get("/api/docs")
    assert page.status_code == 200
    assert "/api/openapi.json" in page.text
    assert anonymous.get("/api/docs/assets/docs-init.js").status_code == 200
    # Swagger UI comes from the web app's build, from this origin (the CSP allows nothing else).
    bundle = anonymous.get("/api/docs/assets/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and "javascript" in bundle.headers["content-type"]
    assert anonymous.get("/api/docs/assets/swagger-ui.css").headers["content-type"].startswith("text/css")
    assert "'unsafe-inline'" in page.headers["content-security-policy"].split("style-src")[1].split(";")[0]
    assert "'unsafe-inline'" not in page.headers["content-security-policy"].split("script-src")[1].split(";")[0]


def test_every_operation_has_a_written_summary_a_stable_id_and_says_when_to_retry(anonymous):
    """Issue 17, item 10: the docs page and generated clients read well. A summary is written, not
    FastAPI's title-cased function name; an operationId is the route's name, one per operation across
    every service; every route counts against the fair-use limits (SPEC §3.1), so 429 with
    Retry-After is documented everywhere."""
    document = anonymous.get("/api/openapi.json").json()
    ids = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            assert operation.get("operationId"), where
            ids.append(operation["operationId"])
            summary = operation.get("summary", "")
            assert summary and summary != operation["operationId"].replace("_", " ").title(), where
            assert "Retry-After" in operation["responses"]["429"]["headers"], where
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_every_json_body_has_an_example(anonymous):
    """The docs page shows, and Schemathesis sends first, a body that reads like real use."""
    document = anonymous.get("/api/openapi.json").json()
    schemas = document["components"]["schemas"]

    def examples(schema: dict) -> bool:
        options = [schema, *schema.get("anyOf", [])]
        return any("examples" in schemas.get(o.get("$ref", "").rsplit("/", 1)[-1], o) for o in options)

    missing = [
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for media, content in operation.get("requestBody", {}).get("content", {}).items()
        if media == "application/json" and not examples(content["schema"])
    ]
    assert not missing, missing
