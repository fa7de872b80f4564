"""The public API's OpenAPI document, as the gateway serves it at /api/openapi.json, built without
a running stack: each service's app describes itself, and the gateway's own combiner joins them.

`python scripts/openapi.py > frontend/src/lib/api/openapi.json` — the SPA's API types are generated
from that file (`npm run api-types`), and `make lint` fails when either is stale.
"""

from __future__ import annotations

import json
import logging
import sys


def document() -> dict:
    logging.disable(logging.CRITICAL)  # the apps log their start-up; this prints only the document
    from gateway.main import gateway_paths
    from gateway.openapi import combine
    from gateway.routes import SERVICES, RouteTable

    apps = {}
    for service in SERVICES:
        module = __import__(f"{service}.main", fromlist=["create_app"])
        apps[service] = module.create_app().openapi()
    return combine(apps, RouteTable(), gateway_paths())


if __name__ == "__main__":
    json.dump(document(), sys.stdout, indent=2, sort_keys=True, ensure_ascii=False)
    sys.stdout.write("\n")
