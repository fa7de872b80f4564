"""The gateway: routing by its table, no redirects, limits, headers, the SPA, and failing services."""

import socket
import threading

import httpx
import pytest

from omni_common.testing.plugin import PASSWORD
from omni_stack.stack import free_port


def is_problem(answer, status: int) -> dict:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    return answer.json()


def test_paths_work_with_and_without_a_trailing_slash_and_never_redirect(org, anonymous):
    for path in ("/api/auth/me", "/api/auth/me/", "/api/participants/", "/api/admin/sync-conflicts/"):
        answer = org.admin.get(path)
        assert answer.status_code == 200, (path, answer.text)
        assert "location" not in answer.headers
    signup = anonymous.post(
        "/api/organizations/",
        json={
            "name": "Slash Club",
            "domain": "community",
            "admin_email": f"slash-{org.id[-8:]}@example.com",
            "admin_password": PASSWORD,
            "admin_name": "S",
        },
    )
    assert signup.status_code == 201


def test_unknown_api_routes_and_methods_are_problems(org):
    assert is_problem(org.admin.get("/api/nowhere"), 404)["detail"] == "No such API route."
    wrong = org.admin.put("/api/users", json={})
    is_problem(wrong, 405)
    assert wrong.headers["allow"] == "GET, POST"


def test_a_body_over_the_limit_is_refused_before_any_service_sees_it(anonymous):
    huge = b"{" + b" " * (16 * 1024 * 1024 + 1) + b"}"
    answer = anonymous.post("/api/organizations", content=huge, headers={"content-type": "application/json"})
    is_problem(answer, 413)


@pytest.mark.parametrize("path", ["/", "/sessions/123", "/api/auth/me", "/api/nowhere"])
def test_every_answer_carries_the_security_headers(anonymous, path):
    headers = anonymous.get(path).headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert len(headers["x-request-id"]) >= 16


def test_cors_is_closed_by_default(anonymous):
    preflight = anonymous.options(
        "/api/auth/login",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    answer = anonymous.post("/api/auth/login", json={}, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in answer.headers


def test_the_spa_is_served_with_history_fallback_outside_the_api(anonymous):
    for path in ("/", "/sign-in", "/sessions/42/roster"):
        answer = anonymous.get(path)
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/html")
        assert answer.headers["cache-control"] == "no-cache"
        assert '<div id="root"' in answer.text
    assert anonymous.get("/assets/gone-1234.js").status_code == 404
    keys = anonymous.get("/.well-known/jwks.json")
    assert keys.headers["content-type"].startswith("application/json")
    assert keys.json()["keys"][0]["alg"] == "EdDSA"
    assert anonymous.get("/.well-known/other").status_code == 404


def test_a_request_id_travels_from_the_gateway_into_the_services_audit(org):
    request_id = f"test-{org.id[-12:]}"
    answer = org.admin.patch(
        "/api/organizations/current", json={"name": "Renamed"}, headers={"X-Request-ID": request_id}
    )
    assert answer.status_code == 200
    assert answer.headers["x-request-id"] == request_id
    entries = org.admin.get("/api/audit-logs", params={"entity": "organization"}).json()["items"]
    assert entries[0]["request_id"] == request_id
    assert entries[0]["after"] == {"name": "Renamed"}


def test_a_service_that_is_down_gets_503_while_the_rest_keeps_working(stack, org):
    closed = free_port()  # nothing listens there
    with stack.private(["gateway"], extra_env={"OMNI_PRESENCE_URL": f"http://127.0.0.1:{closed}"}) as private:
        gateway = private.config.url("gateway")
        headers = {"Authorization": f"Bearer {org.admin.token}"}
        problem = is_problem(httpx.get(f"{gateway}/api/participants", headers=headers), 503)
        assert "presence" in problem["detail"]
        assert httpx.get(f"{gateway}/api/auth/me", headers=headers).status_code == 200
        assert httpx.get(f"{gateway}/api/reports", headers=headers).status_code == 200
        ready = httpx.get(f"{gateway}/readyz")
        assert ready.status_code == 503
        assert ready.json()["services"]["presence"]["status"] == "unavailable"
        assert ready.json()["services"]["identity"]["status"] == "ok"


@pytest.fixture
def silent_server():
    """A TCP server that accepts connections and never answers: a hung service."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


def test_a_service_that_is_too_slow_gets_504(stack, org, silent_server):
    env = {"OMNI_REPORTING_URL": f"http://127.0.0.1:{silent_server}", "GATEWAY_UPSTREAM_TIMEOUT_SECONDS": "1"}
    with stack.private(["gateway"], extra_env=env) as private:
        gateway = private.config.url("gateway")
        headers = {"Authorization": f"Bearer {org.admin.token}"}
        problem = is_problem(httpx.get(f"{gateway}/api/reports", headers=headers, timeout=10), 504)
        assert "reporting" in problem["detail"]
        assert httpx.get(f"{gateway}/api/participants", headers=headers).status_code == 200


def test_the_gateway_keeps_no_cookie_of_its_own(stack, org):
    """One browser's sign-in must never sign in the next visitor: the refresh cookie belongs to
    the browser that got it, not to the gateway's shared connection to identity."""
    with httpx.Client(base_url=stack.gateway) as browser:
        assert browser.post("/api/auth/login", json={"email": org.admin.email, "password": PASSWORD}).status_code == 200
        assert browser.post("/api/auth/refresh", json={}).status_code == 200  # the browser's own cookie works
    with httpx.Client(base_url=stack.gateway) as stranger:
        answer = stranger.post("/api/auth/refresh", json={})
        assert answer.status_code == 401
        assert "access_token" not in answer.text
