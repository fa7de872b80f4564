"""One-time invitation codes: an external participant without email makes their own account."""

import secrets

import httpx

from omni_common.testing.plugin import login, unique_email


def test_a_code_makes_one_participant_account_once(stack, org, anonymous):
    pupil = org.admin.post("/api/participants", json={"name": "Pat Pupil"}).json()["id"]
    created = org.admin.post("/api/invitation-codes", json={"full_name": "Pat Pupil", "participant_id": pupil})
    assert created.status_code == 201, created.text
    code = created.json()["code"]
    assert len(code) == 11 and code[5] == "-"  # XXXXX-XXXXX, easy to read out and type

    listed = org.admin.get("/api/invitation-codes").json()["items"]
    assert listed[0]["id"] == created.json()["id"] and listed[0]["code"] is None  # kept only as a hash

    email = unique_email("pupil")
    # Typed the way people type: lower case, without the dash, with spaces.
    typed = f" {code.replace('-', '').lower()} "
    made = anonymous.post("/api/auth/code-sign-up", json={"code": typed, "email": email, "password": "pupil-password"})
    assert made.status_code == 201, made.text
    _, tokens = login(stack.gateway, email, "pupil-password")
    user = tokens["user"]
    assert user["role"] == "external" and user["full_name"] == "Pat Pupil" and user["participant_id"] == pupil
    assert user["organization_id"] == org.id

    again = anonymous.post(
        "/api/auth/code-sign-up", json={"code": code, "email": unique_email("x"), "password": "pupil-password"}
    )
    assert again.status_code == 422 and [e["field"] for e in again.json()["errors"]] == ["code"]
    assert org.admin.get("/api/invitation-codes").json()["items"][0]["used_at"] is not None


def test_a_wrong_code_is_named_and_the_guesses_are_limited(stack):
    env = {"IDENTITY_LOGIN_FAILURES_PER_ACCOUNT": "3"}
    with stack.private(["identity"], extra_env=env) as private:
        url = f"{private.config.url('identity')}/api/auth/code-sign-up"
        # An address of this run's own: the failures counted in Redis outlive the test.
        headers = {"X-Forwarded-For": f"10.77.{secrets.randbelow(256)}.{secrets.randbelow(256)}"}
        body = {"code": "AAAAA-AAAAA", "email": unique_email("guess"), "password": "guessing-password"}
        statuses = [httpx.post(url, json=body, headers=headers).status_code for _ in range(4)]
        assert statuses == [422, 422, 422, 429]


def test_a_login_links_only_to_a_participant_of_its_own_organization(org, other_org):
    """Users, invitations and codes name a participant of presence; an unknown one and another
    organization's get the same 422, naming the field, and nothing is made."""
    mine = org.admin.post("/api/participants", json={"name": "Mine"}).json()["id"]
    theirs = other_org.admin.post("/api/participants", json={"name": "Theirs"}).json()["id"]
    users_before = len(org.admin.get("/api/users", params={"limit": 200}).json()["items"])
    for wrong in (theirs, "no-such-participant"):
        attempts = [
            org.admin.post(
                "/api/users",
                json={"email": unique_email("x"), "full_name": "X", "role": "external", "participant_id": wrong},
            ),
            org.admin.post(
                "/api/invitations",
                json={"email": unique_email("x"), "full_name": "X", "role": "external", "participant_id": wrong},
            ),
            org.admin.post("/api/invitation-codes", json={"full_name": "X", "participant_id": wrong}),
            org.admin.patch(f"/api/users/{org.external.id}", json={"participant_id": wrong}),
        ]
        for answer in attempts:
            assert answer.status_code == 422, answer.text
            assert [e["field"] for e in answer.json()["errors"]] == ["participant_id"]
    assert len(org.admin.get("/api/users", params={"limit": 200}).json()["items"]) == users_before
    assert org.admin.get("/api/invitation-codes").json()["items"] == []

    linked = org.admin.patch(f"/api/users/{org.external.id}", json={"participant_id": mine})
    assert linked.status_code == 200 and linked.json()["participant_id"] == mine
