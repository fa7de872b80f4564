"""My login sessions: the list, signing one out or all the others, and a password change."""

import httpx
import jwt

from omni_common.testing.plugin import PASSWORD, login


def sid(token: str) -> str:
    return jwt.decode(token, options={"verify_signature": False})["sid"]


def test_i_see_my_active_sessions_with_device_address_and_times(stack, org):
    phone = httpx.Client(base_url=stack.gateway, headers={"User-Agent": "PhoneBrowser/1.0"})
    answer = phone.post("/api/auth/login", json={"email": org.manager.email, "password": PASSWORD})
    phone.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"

    mine = org.manager.get("/api/auth/sessions")
    assert mine.status_code == 200
    items = {s["id"]: s for s in mine.json()["items"]}
    here, there = sid(org.manager.token), sid(answer.json()["access_token"])
    assert set(items) == {here, there}  # nobody else's
    assert items[here]["current"] is True and items[there]["current"] is False
    assert items[there]["user_agent"] == "PhoneBrowser/1.0"
    assert items[there]["client_address"] == "127.0.0.1"
    assert items[there]["created_at"] <= items[there]["last_activity_at"]

    # Signing the phone out from here: it is refused on its very next request.
    assert org.manager.post("/api/auth/sessions/sign-out", json={"session_id": there}).status_code == 204
    assert phone.get("/api/auth/me").status_code == 401
    assert [s["id"] for s in org.manager.get("/api/auth/sessions").json()["items"]] == [here]
    entries = org.admin.get("/api/audit-logs", params={"entity": "login_session", "entity_id": there}).json()["items"]
    assert entries[0]["action"] == "end" and entries[0]["after"]["reason"] == "signed_out"


def test_another_users_session_is_as_unknown_as_a_made_up_one(org):
    theirs = sid(org.frontline.token)
    for session_id in (theirs, "01a21a00-0000-7000-8000-000000000000"):
        answer = org.manager.post("/api/auth/sessions/sign-out", json={"session_id": session_id})
        assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "session_id"
    assert org.frontline.get("/api/auth/me").status_code == 200


def test_sign_out_everywhere_else_keeps_only_this_session(stack, org):
    others = [login(stack.gateway, org.admin.email)[0] for _ in range(2)]
    ended = org.admin.post("/api/auth/sessions/sign-out-others")
    assert ended.status_code == 200 and ended.json() == {"ended": 2}
    assert [c.get("/api/auth/me").status_code for c in others] == [401, 401]
    assert org.admin.get("/api/auth/me").status_code == 200


def test_changing_my_password_needs_the_current_one_and_ends_my_other_sessions(stack, org):
    other, _ = login(stack.gateway, org.frontline.email)
    wrong = org.frontline.post(
        "/api/auth/password", json={"current_password": "not-it-at-all", "new_password": "new-password-123"}
    )
    assert wrong.status_code == 422 and [e["field"] for e in wrong.json()["errors"]] == ["current_password"]
    short = org.frontline.post("/api/auth/password", json={"current_password": PASSWORD, "new_password": "short"})
    assert short.status_code == 422 and [e["field"] for e in short.json()["errors"]] == ["new_password"]

    changed = org.frontline.post(
        "/api/auth/password", json={"current_password": PASSWORD, "new_password": "new-password-123"}
    )
    assert changed.status_code == 204
    assert org.frontline.get("/api/auth/me").status_code == 200  # this device stays signed in
    assert other.get("/api/auth/me").status_code == 401
    login(stack.gateway, org.frontline.email, "new-password-123")
    entries = org.admin.get("/api/audit-logs", params={"entity": "user", "entity_id": org.frontline.id}).json()["items"]
    assert "change_password" in {e["action"] for e in entries}
