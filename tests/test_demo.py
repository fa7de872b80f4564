"""The demo `make run` fills in, through the public API: a school worth opening on every screen."""

from datetime import UTC, datetime

from identity.commands import DEMO_PASSWORD, DEMO_USERS
from omni_common.testing.plugin import PASSWORD
from omni_stack import demo


def test_the_demo_logins_are_identitys():
    assert demo.DEMO_PASSWORD == DEMO_PASSWORD
    assert {role: email for email, _, role in DEMO_USERS} == demo.DEMO_EMAILS


def test_the_demo_school_has_classes_registers_every_mode_and_a_participant_who_sees_their_own(make_org, stack):
    org = make_org(timezone="Europe/London")
    emails = {role: member.email for role, member in org.members.items()}
    # A short term and no extra teachers, so the test stays quick; make run builds eight weeks.
    assert demo.seed(stack.gateway, emails, PASSWORD, weeks=1, teachers=[], hotel=False) is True

    groups = {g["name"]: g for g in org.admin.get("/api/groups").json()["items"]}
    assert set(groups) == {
        "Year 9 Maths",
        "Year 10 English",
        "Year 8 Science",
        "Science club",
        "Parents' evening",
        "School office",
    }
    modes = {s["mode"] for s in org.admin.get("/api/sessions", params={"limit": 500}).json()["items"]}
    assert modes == {"roll_call", "self_check_in", "check_in_out"}
    maths = groups["Year 9 Maths"]["id"]
    rates = org.manager.get("/api/stats/attendance", params={"group_id": maths}).json()["items"]
    assert rates and all(p["rate"] is None or 50 <= p["rate"] <= 100 for p in rates)
    assert [c["status"] for c in org.admin.get("/api/admin/sync-conflicts").json()["items"]] == ["open"]
    assert len(org.manager.get("/api/reports").json()["items"]) == 1
    today = str(datetime.now(UTC).date())
    lessons_today = org.admin.get("/api/sessions", params={"group_id": maths, "from": today, "to": today}).json()[
        "items"
    ]
    assert len(lessons_today) == 1

    # Opened again (another day, another start): topped up, nothing doubled.
    assert demo.seed(stack.gateway, emails, PASSWORD, weeks=1, teachers=[], hotel=False) is False
    again = org.admin.get("/api/sessions", params={"group_id": maths, "from": today, "to": today}).json()["items"]
    assert len(again) == 1

    # The participant's login: their own lessons and attendance, at once.
    external = org.external
    external.tokens = external.post(
        "/api/auth/refresh", json={"refresh_token": external.tokens["refresh_token"]}
    ).json()
    external.client.headers["Authorization"] = f"Bearer {external.token}"
    assert external.get("/api/auth/me").json()["participant_id"] is not None
    mine = external.get("/api/stats/attendance").json()["items"]
    assert mine and sum(sum(p["counts"].values()) for p in mine) >= 3
