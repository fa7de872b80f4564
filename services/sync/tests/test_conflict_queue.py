"""An admin settles conflicts: the choice is applied at once, with version checking, and audited;
devices learn it on their next pull."""

import uuid
from datetime import UTC, datetime

from classroom import ok, wait_for_batch


def conflict_on(org, room, participant=0) -> dict:
    """The frontline tablet's 'present' applied, then the admin's phone's 'absent' in conflict."""
    now = datetime.now(UTC).isoformat()
    for member, device, state in ((org.frontline, "tablet", "present"), (org.admin, "phone", "absent")):
        sent = ok(
            member.post(
                "/api/sync",
                json={
                    "device_id": device,
                    "sent_at": now,
                    "mutations": [
                        {
                            "mutation_id": str(uuid.uuid4()),
                            "session_id": room.session["id"],
                            "participant_id": room.ids[participant],
                            "state": state,
                            "note": f"from the {device}",
                            "client_time": now,
                            "base_version": None,
                        }
                    ],
                },
            ),
            202,
        )
        batch = wait_for_batch(member, sent["batch_id"])
    conflict_id = batch["results"][0]["conflict_id"]
    assert conflict_id
    return ok(org.admin.get(f"/api/admin/sync-conflicts/{conflict_id}"))


def roster_record(member, room, participant=0) -> dict:
    items = ok(member.get(f"/api/sessions/{room.session['id']}/roster"))["items"]
    return next(i["record"] for i in items if i["participant"]["id"] == room.ids[participant])


def test_taking_the_device_version_records_it_as_a_resolution(org, classroom):
    conflict = conflict_on(org, classroom)
    device_version = conflict["versions"][0]
    resolved = ok(
        org.admin.post(
            f"/api/admin/sync-conflicts/{conflict['id']}/resolve",
            json={"choice": "client", "version_id": device_version["id"]},
        )
    )
    assert resolved["status"] == "resolved" and resolved["resolution"]["choice"] == "client"
    record = roster_record(org.manager, classroom)
    assert (record["state"], record["note"], record["version"], record["source"]) == (
        "absent",
        "from the phone",
        2,
        "conflict_resolution",
    )
    audit = ok(org.manager.get("/api/audit-logs", params={"entity": "sync_conflict", "entity_id": conflict["id"]}))
    assert [(e["action"], e["source"]) for e in audit["items"]] == [
        ("resolve", "conflict_resolution"),
        ("open", "offline_sync"),
    ]


def test_keeping_the_server_value_changes_nothing_and_a_custom_value_is_recorded(org, classroom, make_org):
    kept = conflict_on(org, classroom, 0)
    ok(org.admin.post(f"/api/admin/sync-conflicts/{kept['id']}/resolve", json={"choice": "server"}))
    assert (roster_record(org.admin, classroom, 0)["state"], roster_record(org.admin, classroom, 0)["version"]) == (
        "present",
        1,
    )
    custom = conflict_on(org, classroom, 1)
    ok(
        org.admin.post(
            f"/api/admin/sync-conflicts/{custom['id']}/resolve",
            json={"choice": "custom", "state": "late", "note": "Both were wrong"},
        )
    )
    assert roster_record(org.admin, classroom, 1)["state"] == "late"
    assert not ok(org.admin.get("/api/admin/sync-conflicts", params={"status": "open"}))["items"]


def test_a_stale_resolution_is_refused_with_what_the_record_holds_now(org, classroom):
    conflict = conflict_on(org, classroom)
    ok(
        org.frontline.post(
            "/api/presence",
            json={  # a colleague corrects it online meanwhile
                "session_id": classroom.session["id"],
                "participant_id": classroom.ids[0],
                "state": "late",
            },
        )
    )
    stale = org.admin.post(f"/api/admin/sync-conflicts/{conflict['id']}/resolve", json={"choice": "client"})
    assert stale.status_code == 409 and stale.json()["current"]["state"] == "late"
    assert roster_record(org.admin, classroom)["state"] == "late"  # nothing overwritten
    # The queue now shows the new server value; choosing again works.
    again = ok(org.admin.get(f"/api/admin/sync-conflicts/{conflict['id']}"))
    assert again["server"]["state"] == "late" and again["status"] == "open"
    ok(org.admin.post(f"/api/admin/sync-conflicts/{conflict['id']}/resolve", json={"choice": "client"}))
    assert roster_record(org.admin, classroom)["state"] == "absent"
    twice = org.admin.post(f"/api/admin/sync-conflicts/{conflict['id']}/resolve", json={"choice": "server"})
    assert twice.status_code == 409


def test_many_are_resolved_at_once_each_with_its_own_answer(org, classroom):
    first, second = conflict_on(org, classroom, 0), conflict_on(org, classroom, 1)
    # An id naming none of the organization's conflicts is named (ids.N), and nothing is resolved.
    unknown = org.admin.post(
        "/api/admin/sync-conflicts/resolve",
        json={"ids": [first["id"], second["id"], "01a21a00-0000-7000-8000-000000000000"], "choice": "client"},
    )
    assert unknown.status_code == 422 and [e["field"] for e in unknown.json()["errors"]] == ["ids.2"]
    assert ok(org.admin.get(f"/api/admin/sync-conflicts/{first['id']}"))["status"] == "open"
    answer = ok(org.admin.post("/api/admin/sync-conflicts/resolve", json={"ids": [first["id"]], "choice": "client"}))
    assert [i["status"] for i in answer["items"]] == [200]
    answer = ok(
        org.admin.post(
            "/api/admin/sync-conflicts/resolve", json={"ids": [first["id"], second["id"]], "choice": "client"}
        )
    )
    assert [i["status"] for i in answer["items"]] == [409, 200]  # the first was resolved already
    assert {roster_record(org.admin, classroom, p)["state"] for p in (0, 1)} == {"absent"}


def test_another_organizations_conflicts_are_named_not_resolved(org, other_org, classroom):
    """SPEC §1: a foreign id in a body is a 422 naming it, exactly as an unknown one."""
    theirs = conflict_on(org, classroom)
    answer = other_org.admin.post("/api/admin/sync-conflicts/resolve", json={"ids": [theirs["id"]], "choice": "server"})
    assert answer.status_code == 422 and [e["field"] for e in answer.json()["errors"]] == ["ids.0"]
    assert theirs["id"] not in answer.text.replace("ids.0", "")
    assert ok(org.admin.get(f"/api/admin/sync-conflicts/{theirs['id']}"))["status"] == "open"


def test_only_admins_resolve(org, classroom):
    conflict = conflict_on(org, classroom)
    for member in (org.frontline, org.manager, org.external):
        assert (
            member.post(f"/api/admin/sync-conflicts/{conflict['id']}/resolve", json={"choice": "server"}).status_code
            == 403
        )
    assert org.manager.get(f"/api/admin/sync-conflicts/{conflict['id']}").status_code == 200


def test_admins_are_notified_of_new_conflicts(org, classroom):
    conflict_on(org, classroom)
    notes = ok(org.admin.get("/api/notifications"))
    assert notes["unread"] >= 1
    assert notes["items"][0]["kind"] == "sync_conflict" and "conflict" in notes["items"][0]["title"]
    read = ok(org.admin.post(f"/api/notifications/{notes['items'][0]['id']}/read"))
    assert read["read_at"] is not None
    assert ok(org.frontline.get("/api/notifications"))["items"] == []  # admins only


def test_devices_learn_the_resolution_on_their_next_pull(org, classroom):
    start = ok(org.frontline.get("/api/sync/changes"))
    conflict = conflict_on(org, classroom)
    seen = ok(org.frontline.get("/api/sync/changes", params={"cursor": start["cursor"]}))
    assert [(r["participant_id"], r["state"], r["version"]) for r in seen["items"]] == [
        (classroom.ids[0], "present", 1)
    ]
    ok(org.admin.post(f"/api/admin/sync-conflicts/{conflict['id']}/resolve", json={"choice": "client"}))
    after = ok(org.frontline.get("/api/sync/changes", params={"cursor": seen["cursor"]}))
    assert [(r["state"], r["version"], r["source"]) for r in after["items"]] == [("absent", 2, "conflict_resolution")]
    nothing = ok(org.frontline.get("/api/sync/changes", params={"cursor": after["cursor"]}))
    assert nothing["items"] == [] and nothing["cursor"] == after["cursor"]


def test_a_custom_value_the_domain_does_not_have_is_refused_naming_state(org, classroom):
    """The rulebook holds for resolutions too: an unknown or retired state is a 422, and nothing changes."""
    conflict = conflict_on(org, classroom)
    unknown = org.admin.post(
        f"/api/admin/sync-conflicts/{conflict['id']}/resolve", json={"choice": "custom", "state": "no_such_state"}
    )
    assert unknown.status_code == 422
    assert [(e["field"], e["code"]) for e in unknown.json()["errors"]] == [("state", "no_such_state")]
    excused = next(
        s
        for s in ok(org.admin.get("/api/presence-states", params={"domain": "education"}))["items"]
        if s["code"] == "excused"
    )
    assert org.admin.delete(f"/api/presence-states/{excused['id']}").status_code == 204
    retired = org.admin.post(
        f"/api/admin/sync-conflicts/{conflict['id']}/resolve", json={"choice": "custom", "state": "excused"}
    )
    assert [(e["field"], e["code"]) for e in retired.json()["errors"]] == [("state", "state_retired")]
    assert roster_record(org.admin, classroom)["state"] == "present"
    assert ok(org.admin.get(f"/api/admin/sync-conflicts/{conflict['id']}"))["status"] == "open"


def test_two_admins_resolving_at_once_one_wins_and_the_other_gets_409(org, classroom):
    """Nothing is locked while presence writes the choice: the conflict is checked still open when
    the resolution is recorded, so of two at once exactly one is taken."""
    from concurrent.futures import ThreadPoolExecutor

    for choice in ("client", "server"):
        conflict = conflict_on(org, classroom, 0 if choice == "client" else 1)
        url = f"/api/admin/sync-conflicts/{conflict['id']}/resolve"
        with ThreadPoolExecutor(2) as pool:
            answers = [
                f.result() for f in [pool.submit(org.admin.post, url, json={"choice": choice}) for _ in range(2)]
            ]
        assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
        assert ok(org.admin.get(f"/api/admin/sync-conflicts/{conflict['id']}"))["status"] == "resolved"
        audit = ok(org.manager.get("/api/audit-logs", params={"entity": "sync_conflict", "entity_id": conflict["id"]}))
        assert [e["action"] for e in audit["items"]].count("resolve") == 1
