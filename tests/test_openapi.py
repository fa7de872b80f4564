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
