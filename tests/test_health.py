"""The stack is really there: every service ready on its database and Redis, through the gateway."""

import httpx

from omni_common.testing.plugin import SERVICES


def test_gateway_is_alive_and_every_service_is_ready(anonymous):
    assert anonymous.get("/healthz").json()["status"] == "ok"
    ready = anonymous.get("/readyz")
    assert ready.status_code == 200
    services = ready.json()["services"]
    assert set(services) == set(SERVICES)
    for name, result in services.items():
        assert result == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}, name


def test_each_service_has_health_readiness_and_metrics(stack):
    for service in SERVICES:
        base = stack.urls[service]
        assert httpx.get(f"{base}/healthz").json() == {"status": "ok", "service": service}
        assert httpx.get(f"{base}/readyz").status_code == 200
        httpx.get(f"{base}/api/nothing-here")
        metrics = httpx.get(f"{base}/metrics").text
        assert "omni_http_requests_total" in metrics
        assert f'service="{service}"' in metrics


def test_gateway_metrics_count_requests_by_route_on_their_own_port_never_the_public_one(stack, anonymous):
    anonymous.get("/api/auth/me")
    metrics = httpx.get(f"{stack.urls['gateway-metrics']}/metrics").text
    assert 'omni_http_requests_total{method="GET",route="/api/auth/me",service="gateway",status="401"}' in metrics
    assert "omni_gateway_upstream_seconds" in metrics
    public = anonymous.get("/metrics")  # just another path of the web app
    assert "omni_http_requests_total" not in public.text and "# TYPE" not in public.text
