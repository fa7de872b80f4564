"""Bad input gets 422 problem details naming each bad field, in every service, never a 500."""

import pytest


def fields(answer) -> dict[str, str]:
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    body = answer.json()
    assert body["status"] == 422 and body["title"] and body["detail"]
    return {e["field"]: e["message"] for e in body["errors"]}


def test_a_new_user_with_nothing_right_names_every_field(org):
    errors = fields(org.admin.post("/api/users", json={"email": "not-an-email", "role": "boss", "colour": "red"}))
    assert set(errors) == {"email", "full_name", "role", "colour"}
    assert errors["colour"] == "Unknown field."
    assert errors["full_name"] == "This field is required."


def test_a_body_that_is_not_json_is_named_as_the_body(org):
    answer = org.admin.post("/api/users", content=b"{not json", headers={"content-type": "application/json"})
    assert fields(answer) == {"body": "The body is not valid JSON."}
    answer = org.admin.post("/api/users", json=[1, 2])
    assert fields(answer) == {"body": "Expected a JSON object."}


@pytest.mark.parametrize("limit", ["0", "1001", "5000", "many"])
@pytest.mark.parametrize("path", ["/api/users", "/api/participants", "/api/admin/sync-conflicts", "/api/reports"])
def test_limit_is_checked_in_every_service(org, path, limit):
    assert set(fields(org.admin.get(path, params={"limit": limit}))) == {"limit"}


@pytest.mark.parametrize("path", ["/api/users", "/api/participants", "/api/admin/sync-conflicts", "/api/reports"])
def test_a_cursor_that_was_not_given_out_is_named(org, path):
    assert set(fields(org.admin.get(path, params={"cursor": "not-ours"}))) == {"cursor"}


def test_filters_with_unknown_values_are_named(org):
    assert set(fields(org.admin.get("/api/admin/sync-conflicts", params={"status": "bogus"}))) == {"status"}
    assert set(fields(org.admin.get("/api/users", params={"role": "boss"}))) == {"role"}


def test_organization_settings_are_checked_field_by_field(org):
    errors = fields(
        org.admin.patch(
            "/api/organizations/current",
            json={
                "timezone": "Mars/Olympus_Mons",
                "session_inactivity_minutes": 0,
                "attendance_threshold_percent": 101,
                "domains": [],
            },
        )
    )
    assert set(errors) == {"timezone", "session_inactivity_minutes", "attendance_threshold_percent", "domains"}
    assert set(fields(org.admin.patch("/api/organizations/current", json={"name": None}))) == {"name"}
    assert set(fields(org.admin.patch("/api/organizations/current", json={"domains": ["education", "education"]}))) == {
        "domains"
    }
    # Nothing of the refused changes was applied.
    assert org.admin.get("/api/organizations/current").json()["session_inactivity_minutes"] == 30


def test_sign_up_names_a_short_password_and_an_unknown_domain(anonymous):
    answer = anonymous.post(
        "/api/organizations",
        json={
            "name": "X",
            "domain": "space",
            "admin_email": "a@example.com",
            "admin_password": "short",
            "admin_name": "A",
        },
    )
    assert set(fields(answer)) == {"domain", "admin_password"}


def test_an_email_in_use_is_named_without_creating_anything(org):
    answer = org.admin.post(
        "/api/users", json={"email": org.manager.email.upper(), "full_name": "Twin", "role": "manager"}
    )
    assert fields(answer) == {"email": "This email is already in use."}


def test_the_last_administrator_cannot_be_removed_or_demoted(org):
    demote = org.admin.patch(f"/api/users/{org.admin.id}", json={"role": "manager"})
    assert demote.status_code == 409
    assert demote.headers["content-type"].startswith("application/problem+json")
    assert org.admin.delete(f"/api/users/{org.admin.id}").status_code == 409
    assert org.admin.get("/api/auth/me").json()["role"] == "admin"
