"""Login sessions end on the very next request, in every service (SPEC §3.2)."""

import time

import httpx
import jwt
from sqlalchemy import text

from omni_common.testing.plugin import PASSWORD, login
from omni_stack.stack import free_port, start_redis

# One route per service that administrators and managers may call.
PROBES = {
    "identity": "/api/auth/me",
    "presence": "/api/participants",
    "sync": "/api/admin/sync-conflicts",
    "reporting": "/api/reports",
}


def answers(stack, token: str, *, background: bool = False) -> dict[str, int]:
    headers = {"Authorization": f"Bearer {token}"}
    if background:
        headers["X-Omni-Background"] = "1"
    statuses = {}
    for service, path in PROBES.items():
        statuses[f"{service} direct"] = httpx.get(stack.urls[service] + path, headers=headers).status_code
        statuses[f"{service} via gateway"] = httpx.get(stack.gateway + path, headers=headers).status_code
    return statuses


def problem_types(stack, token: str) -> set[str]:
    headers = {"Authorization": f"Bearer {token}"}
    return {httpx.get(stack.urls[s] + p, headers=headers).json()["type"].rsplit("/", 1)[1] for s, p in PROBES.items()}


def sid(token: str) -> str:
    return jwt.decode(token, options={"verify_signature": False})["sid"]


def test_logout_ends_the_session_everywhere_and_only_that_one(stack, org):
    other_device, _ = login(stack.gateway, org.admin.email)
    client, tokens = login(stack.gateway, org.admin.email)
    assert set(answers(stack, tokens["access_token"]).values()) == {200}

    assert client.post("/api/auth/logout").status_code == 204

    assert set(answers(stack, tokens["access_token"]).values()) == {401}
    assert problem_types(stack, tokens["access_token"]) == {"session-ended"}
    refreshed = httpx.post(f"{stack.gateway}/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 401
    # The same user's other sign-in is untouched.
    assert other_device.get("/api/auth/me").status_code == 200


def test_deactivation_ends_every_session_of_the_user_at_once(stack, org):
    _, second_tokens = login(stack.gateway, org.manager.email)
    assert set(answers(stack, org.manager.token).values()) == {200}

    assert org.admin.delete(f"/api/users/{org.manager.id}").status_code == 204

    for token in (org.manager.token, second_tokens["access_token"]):
        assert set(answers(stack, token).values()) == {401}
    relogin = httpx.post(f"{stack.gateway}/api/auth/login", json={"email": org.manager.email, "password": PASSWORD})
    assert relogin.status_code == 401
    assert org.admin.get(f"/api/users/{org.manager.id}").json()["is_active"] is False


def _age_session(stack, session_id: str, seconds: int) -> None:
    """Make the session look idle for ``seconds``: the clock, in effect, moved on."""
    with stack.engine("identity").begin() as conn:
        conn.execute(
            text("UPDATE login_session SET last_activity_at = last_activity_at - INTERVAL :s SECOND WHERE id = :id"),
            {"s": seconds, "id": session_id},
        )
    stack.redis().set(f"omni:ls:{session_id}:seen", repr(time.time() - seconds))


def test_inactivity_ends_the_session_everywhere(stack, org):
    assert org.admin.patch("/api/organizations/current", json={"session_inactivity_minutes": 1}).status_code == 200
    _, tokens = login(stack.gateway, org.manager.email)
    assert set(answers(stack, tokens["access_token"]).values()) == {200}

    _age_session(stack, sid(tokens["access_token"]), 61)

    assert set(answers(stack, tokens["access_token"]).values()) == {401}
    refreshed = httpx.post(f"{stack.gateway}/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 401


def test_background_requests_do_not_keep_a_session_alive(stack, org):
    assert org.admin.patch("/api/organizations/current", json={"session_inactivity_minutes": 1}).status_code == 200
    _, tokens = login(stack.gateway, org.manager.email)
    token, session_id = tokens["access_token"], sid(tokens["access_token"])

    _age_session(stack, session_id, 50)
    assert set(answers(stack, token, background=True).values()) == {200}  # polling still works ...
    seen = float(stack.redis().get(f"omni:ls:{session_id}:seen"))
    assert time.time() - seen >= 50  # ... but did not count as activity

    _age_session(stack, session_id, 61)
    assert set(answers(stack, token, background=True).values()) == {401}


def test_user_activity_does_keep_it_alive(stack, org):
    assert org.admin.patch("/api/organizations/current", json={"session_inactivity_minutes": 1}).status_code == 200
    _, tokens = login(stack.gateway, org.manager.email)
    session_id = sid(tokens["access_token"])
    _age_session(stack, session_id, 50)
    assert set(answers(stack, tokens["access_token"]).values()) == {200}
    assert time.time() - float(stack.redis().get(f"omni:ls:{session_id}:seen")) < 10


def test_a_role_change_forces_a_refresh_and_the_new_token_carries_the_new_role(stack, org):
    client, tokens = login(stack.gateway, org.frontline.email)
    assert client.get("/api/users").status_code == 403  # managers and admins only

    changed = org.admin.patch(f"/api/users/{org.frontline.id}", json={"role": "manager"})
    assert changed.status_code == 200 and changed.json()["role"] == "manager"

    assert set(answers(stack, tokens["access_token"]).values()) == {401}
    assert problem_types(stack, tokens["access_token"]) == {"token-stale"}
    refreshed = httpx.post(f"{stack.gateway}/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 200
    assert refreshed.json()["user"]["role"] == "manager"
    assert set(answers(stack, refreshed.json()["access_token"]).values()) == {200}


def test_refresh_tokens_rotate_and_a_reused_one_ends_the_whole_session(stack, org):
    _, tokens = login(stack.gateway, org.admin.email)
    first = httpx.post(f"{stack.gateway}/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert first.status_code == 200
    assert first.json()["refresh_token"] != tokens["refresh_token"]

    # The old refresh token again: someone copied it. The whole session ends, for both holders.
    replay = httpx.post(f"{stack.gateway}/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert replay.status_code == 401
    assert set(answers(stack, first.json()["access_token"]).values()) == {401}
    later = httpx.post(f"{stack.gateway}/api/auth/refresh", json={"refresh_token": first.json()["refresh_token"]})
    assert later.status_code == 401


def test_a_redis_restart_brings_no_revoked_session_back(stack, org):
    """A private Redis, identity and presence: the Redis restarts empty, the truth is the database."""
    port = free_port()
    with stack.private(["identity", "presence"], redis_port=port) as private:
        identity, presence = private.config.url("identity"), private.config.url("presence")
        kept = httpx.post(f"{identity}/api/auth/login", json={"email": org.admin.email, "password": PASSWORD}).json()
        ended = httpx.post(f"{identity}/api/auth/login", json={"email": org.admin.email, "password": PASSWORD}).json()
        for tokens in (kept, ended):
            headers = {"Authorization": f"Bearer {tokens['access_token']}"}
            assert httpx.get(f"{presence}/api/participants", headers=headers).status_code == 200
        logout = httpx.post(f"{identity}/api/auth/logout", headers={"Authorization": f"Bearer {ended['access_token']}"})
        assert logout.status_code == 204

        private.stop(f"redis-{port}")
        start_redis(private, port, private.log_dir / "redis", durable=False)

        def status(tokens):
            headers = {"Authorization": f"Bearer {tokens['access_token']}"}
            return httpx.get(f"{presence}/api/participants", headers=headers).status_code

        assert status(ended) == 401
        assert status(kept) == 200


def test_with_identity_down_a_session_check_answers_503_not_500(stack, org):
    """Presence must ask identity about a session its cache no longer holds; identity is down: the
    request is refused for now (503 problem details with Retry-After), not failed as a bug."""
    port = free_port()
    with stack.private(["identity", "presence"], redis_port=port) as private:
        identity, presence = private.config.url("identity"), private.config.url("presence")
        tokens = httpx.post(f"{identity}/api/auth/login", json={"email": org.admin.email, "password": PASSWORD}).json()
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        assert httpx.get(f"{presence}/api/participants", headers=headers).status_code == 200

        private.stop("identity")
        private.stop(f"redis-{port}")  # the cached session goes with it
        start_redis(private, port, private.log_dir / "redis", durable=False)
        answer = httpx.get(f"{presence}/api/participants", headers=headers)
        assert answer.status_code == 503, answer.text
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert answer.headers["retry-after"] == "5"
        assert answer.json()["title"] == "Service Unavailable"
