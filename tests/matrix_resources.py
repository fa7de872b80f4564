"""What a {placeholder} of a route names, made in an organization for the role-by-tenant matrix.

Each factory gets the organization (with a signed-in member per role) and returns the id of a
resource of that kind that every role allowed on the route can see: the frontline member is
assigned to the group, the participant is its member, the session and record are theirs. A route
whose path names a new kind of resource adds its factory here, in the same change as the route."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from classroom import wait_for_batch
from omni_common.testing.plugin import Org


def world(org: Org) -> dict[str, str]:
    """One group with a member, its frontline staff, a session now and a record: made once per org."""
    if "world" in org.__dict__:
        return org.__dict__["world"]
    admin = org.admin

    def made(answer):
        assert answer.status_code in (200, 201, 202), answer.text
        return answer.json()

    group = made(admin.post("/api/groups", json={"name": "Matrix class", "domain": "education"}))
    participant = made(admin.post("/api/participants", json={"name": "Pat Matrix", "external_ref": "M-1"}))
    made(admin.post(f"/api/groups/{group['id']}/members", json={"participant_ids": [participant["id"]]}))
    made(admin.post(f"/api/groups/{group['id']}/staff", json={"user_ids": [org.frontline.id]}))
    # The participant's own login: what the external member sees of the world is theirs (the link
    # changes what their token says, so it is refreshed).
    made(admin.patch(f"/api/users/{org.external.id}", json={"participant_id": participant["id"]}))
    external = org.external
    external.tokens = made(external.post("/api/auth/refresh", json={"refresh_token": external.tokens["refresh_token"]}))
    external.client.headers["Authorization"] = f"Bearer {external.token}"
    now = datetime.now(UTC)
    session = made(
        admin.post(
            "/api/sessions",
            json={
                "group_id": group["id"],
                "title": "Matrix lesson",
                "starts_at": (now - timedelta(minutes=10)).isoformat(),
                "ends_at": (now + timedelta(minutes=50)).isoformat(),
            },
        )
    )
    record = made(
        admin.post(
            "/api/presence", json={"session_id": session["id"], "participant_id": participant["id"], "state": "present"}
        )
    )
    made(
        admin.post(
            "/api/domains",
            json={
                "code": "matrix",
                "name": "Matrix domain",
                "terminology": {
                    "participant": "Person",
                    "participants": "People",
                    "group": "Circle",
                    "groups": "Circles",
                    "session": "Gathering",
                    "sessions": "Gatherings",
                },
            },
        )
    )
    state = made(
        admin.post(
            "/api/presence-states",
            json={
                "domain": "matrix",
                "code": "here",
                "label": "Here",
                "color": "#1b7f3b",
                "category": "present",
                "weight": 1,
            },
        )
    )
    # An offline change from the frontline user's tablet, made before it saw the admin's mark:
    # its batch, and the conflict it opens.
    batch = made(
        org.frontline.post(
            "/api/sync",
            json={
                "device_id": "matrix-tablet",
                "sent_at": now.isoformat(),
                "mutations": [
                    {
                        "mutation_id": str(uuid.uuid4()),
                        "session_id": session["id"],
                        "participant_id": participant["id"],
                        "state": "absent",
                        "client_time": now.isoformat(),
                        "base_version": None,
                    }
                ],
            },
        )
    )
    merged = wait_for_batch(org.frontline, batch["batch_id"])
    org.__dict__["world"] = {
        "sync_batch": batch["batch_id"],
        "sync_conflict": merged["results"][0]["conflict_id"],
        "group": group["id"],
        "member": participant["id"],
        "session": session["id"],
        "presence_record": record["id"],
        "domain": "matrix",
        "presence_state": state["id"],
        "assigned_user": org.frontline.id,
    }
    return org.__dict__["world"]


def report(org: Org) -> str:
    """A sign-in sheet the frontline member asked for: theirs to see, and their managers'."""
    if "report" not in org.__dict__:
        answer = org.frontline.post(
            "/api/reports",
            json={"type": "sign_in_sheet", "format": "pdf", "params": {"session_id": world(org)["session"]}},
        )
        assert answer.status_code == 202, answer.text
        org.__dict__["report"] = answer.json()["id"]
    return org.__dict__["report"]


def report_schedule(org: Org) -> str:
    answer = org.admin.post(
        "/api/report-schedules",
        json={
            "name": "Weekly register",
            "type": "attendance_register",
            "format": "pdf",
            "params": {"group_id": world(org)["group"]},
        },
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def kiosk(org: Org) -> str:
    """A kiosk the frontline member made for a check-in session of their group: theirs to see and
    revoke, and their administrators'."""
    now = datetime.now(UTC)
    session = org.admin.post(
        "/api/sessions",
        json={
            "group_id": world(org)["group"],
            "title": "Matrix drop-in",
            "mode": "check_in_out",
            "status": "open",
            "starts_at": (now - timedelta(minutes=10)).isoformat(),
            "ends_at": (now + timedelta(minutes=50)).isoformat(),
        },
    )
    assert session.status_code == 201, session.text
    answer = org.frontline.post("/api/kiosks", json={"name": "Matrix door", "session_ids": [session.json()["id"]]})
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def walk_in(org: Org) -> str:
    """Someone added on the spot to the world's session."""
    answer = org.frontline.post(
        f"/api/sessions/{world(org)['session']}/walk-ins", json={"name": "Wanda Walk-in", "state": "present"}
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["participant"]["id"]


def advance_notice(org: Org) -> str:
    """The world participant's request for an absence tomorrow."""
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    answer = org.external.post(
        "/api/advance-notices",
        json={"participant_id": world(org)["member"], "from": tomorrow, "to": tomorrow, "state": "excused"},
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def webhook(org: Org) -> str:
    """A webhook target of the organization (a name the test stack keeps on loopback)."""
    if "webhook" not in org.__dict__:
        answer = org.admin.post(
            "/api/webhooks", json={"url": "http://receiver.test:9/matrix", "events": ["report.ready"]}
        )
        assert answer.status_code == 201, answer.text
        org.__dict__["webhook"] = answer.json()["id"]
    return org.__dict__["webhook"]


def webhook_delivery(org: Org) -> str:
    """A test delivery to that target (it goes nowhere: nothing listens on port 9)."""
    answer = org.admin.post(f"/api/webhooks/{webhook(org)}/test")
    assert answer.status_code == 202, answer.text
    return answer.json()["id"]


def organization_export(org: Org) -> str:
    """An administrator's export of the whole organization (only administrators may follow it)."""
    answer = org.admin.post("/api/organizations/current/export")
    assert answer.status_code == 202, answer.text
    return answer.json()["id"]


RESOURCES: dict[str, Callable[[Org], str]] = {
    "kiosk": kiosk,
    "webhook": webhook,
    "webhook_delivery": webhook_delivery,
    "walk_in": walk_in,
    "advance_notice": advance_notice,
    "report": report,
    "report_schedule": report_schedule,
    "organization_export": organization_export,
    # A colleague's account: what an administrator or manager looks at and changes.
    "user": lambda org: org.frontline.id,
    **{
        kind: (lambda org, kind=kind: world(org)[kind])
        for kind in (
            "group",
            "member",
            "session",
            "presence_record",
            "domain",
            "presence_state",
            "assigned_user",
            "sync_batch",
            "sync_conflict",
        )
    },
}


def own_notification(org: Org, role: str) -> str:
    """A notification for the member of ``role`` (sent the way services send them)."""
    import httpx

    from omni_common.internal import SERVICE_TOKEN_HEADER

    stack = org.stack
    member = org.members[role]
    httpx.post(
        f"{stack.urls['presence']}/internal/notifications",
        headers={SERVICE_TOKEN_HEADER: stack.service_token},
        json={"organization_id": org.id, "user_ids": [member.id], "kind": "test", "title": "Hello"},
    )
    return member.get("/api/notifications").json()["items"][0]["id"]


# Resources that belong to one member: made for the member whose role is asking.
MEMBERS_OWN: dict[str, Callable[[Org, str], str]] = {"own_notification": own_notification}

EVERYONE = frozenset({"admin", "manager", "frontline", "external"})
# Which roles of the organization can see what each factory made (SPEC §1, visibility first): a role
# a route never allows is told 403 about these, and 404 — exactly as if it did not exist — about
# anything else. A manager sees the whole organization; a frontline user their groups and what
# hangs off them (the world's group, its member, session, record and notice; their own sync batch);
# an external participant themselves (the world's member is their participant: its record, its
# notice, its group's session), not groups, not a walk-in, nor another user's batch. The
# organization's configuration, accounts, devices and jobs are the organization's to see.
SEEN_BY: dict[str, frozenset[str]] = {
    **{kind: EVERYONE for kind in (*RESOURCES, *MEMBERS_OWN)},
    "group": EVERYONE - {"external"},
    "walk_in": frozenset({"admin", "manager"}),
    "sync_batch": EVERYONE - {"external"},
}
