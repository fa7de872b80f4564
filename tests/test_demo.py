"""The demo `make run` fills in: a school worth opening, made through the public API."""

from identity.commands import DEMO_PASSWORD, DEMO_USERS
from omni_common.testing.plugin import PASSWORD
from omni_stack import demo


def test_the_demo_logins_are_identitys():
    assert demo.DEMO_PASSWORD == DEMO_PASSWORD
    assert {role: email for email, _, role in DEMO_USERS} == demo.DEMO_EMAILS


def test_the_demo_has_classes_registers_every_mode_and_a_participant_who_sees_their_own(make_org, stack):
    org = make_org(timezone="Europe/London")
    emails = {role: member.email for role, member in org.members.items()}
    assert demo.seed(stack.gateway, emails, PASSWORD) is True
    assert demo.seed(stack.gateway, emails, PASSWORD) is False  # once only

    groups = {g["name"]: g for g in org.admin.get("/api/groups").json()["items"]}
    assert set(groups) == {"Year 9 Maths", "Science club", "Parents' evening", "School office"}
    modes = {s["mode"] for s in org.admin.get("/api/sessions", params={"limit": 200}).json()["items"]}
    assert modes == {"roll_call", "self_check_in", "check_in_out"}
    rates = org.manager.get("/api/stats/attendance", params={"group_id": groups["Year 9 Maths"]["id"]}).json()["items"]
    assert len(rates) >= 10 and all(70 <= p["rate"] <= 100 for p in rates)
    # The participant's login: their own lessons and attendance, at once.
    external = org.external
    external.tokens = external.post(
        "/api/auth/refresh", json={"refresh_token": external.tokens["refresh_token"]}
    ).json()
    external.client.headers["Authorization"] = f"Bearer {external.token}"
    assert external.get("/api/auth/me").json()["participant_id"] is not None
    mine = external.get("/api/stats/attendance").json()["items"]
    assert mine and sum(sum(p["counts"].values()) for p in mine) >= 10
    assert len(external.get("/api/sessions", params={"limit": 200}).json()["items"]) > 20
