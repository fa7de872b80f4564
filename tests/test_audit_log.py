"""GET /api/audit-logs merges every service's audit log, newest first, under one cursor."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from omni_common.ids import new_id


def _seed(stack, service: str, org_id: str, at: datetime, action: str) -> str:
    """An entry in one service's own log, written as that service's database user would."""
    entry_id = new_id()
    with stack.engine(service).begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_log (id, organization_id, service, entity, entity_id, action, source, created_at) "
                "VALUES (:id, :org, :service, 'probe', :id, :action, 'online', :at)"
            ),
            {"id": entry_id, "org": org_id, "service": service, "action": action, "at": at.replace(tzinfo=None)},
        )
    return entry_id


def _walk(member, **params) -> list[dict]:
    entries, cursor = [], None
    while True:
        page = member.get("/api/audit-logs", params={**params, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        entries += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if not cursor:
            return entries


def test_the_four_logs_merge_newest_first_and_page_without_gaps_or_repeats(stack, org, other_org):
    now = datetime.now(UTC)
    seeded = {}
    for minutes, service in enumerate(["presence", "sync", "reporting", "presence", "sync", "reporting"]):
        at = now - timedelta(minutes=10 - minutes)
        seeded[_seed(stack, service, org.id, at, f"step-{minutes}")] = service
    _seed(stack, "presence", other_org.id, now, "someone-elses")

    entries = _walk(org.manager, limit=2)
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids)), "an entry came twice"
    assert set(seeded) <= set(ids)
    assert {e["service"] for e in entries} == {"identity", "presence", "sync", "reporting"}
    keys = [(e["created_at"], e["id"]) for e in entries]
    assert keys == sorted(keys, reverse=True)
    probes = [e["action"] for e in entries if e["entity"] == "probe"]
    assert probes == [f"step-{n}" for n in range(5, -1, -1)]
    assert "someone-elses" not in {e["action"] for e in entries}


def test_identity_changes_are_audited_with_who_and_what(org):
    created = org.admin.post(
        "/api/users", json={"email": f"new-{org.id[-6:]}@example.com", "full_name": "New", "role": "frontline"}
    )
    user_id = created.json()["id"]
    org.admin.patch(f"/api/users/{user_id}", json={"role": "manager"})
    org.admin.delete(f"/api/users/{user_id}")
    entries = _walk(org.admin, entity="user", entity_id=user_id)
    assert [e["action"] for e in entries] == ["deactivate", "update", "create"]
    assert {e["actor_id"] for e in entries} == {org.admin.id}
    assert entries[1]["before"] == {"role": "frontline"} and entries[1]["after"] == {"role": "manager"}
    assert all(e["request_id"] for e in entries)


def test_filters_by_actor_and_by_day_in_the_organizations_timezone(org):
    mine = _walk(org.manager, actor=org.manager.id)
    assert mine and {e["actor_id"] for e in mine} == {org.manager.id}
    today = datetime.now(UTC).date().isoformat()
    assert _walk(org.manager, **{"from": today, "to": today})
    assert _walk(org.manager, **{"from": "2001-01-01", "to": "2001-01-02"}) == []


def test_only_managers_and_admins_read_it_and_bad_filters_are_named(org):
    assert org.frontline.get("/api/audit-logs").status_code == 403
    assert org.external.get("/api/audit-logs").status_code == 403
    bad = org.admin.get("/api/audit-logs", params={"from": "last tuesday"})
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["from"]


def test_the_log_is_found_by_participant_session_group_and_kind_of_change(org):
    """SPEC §8's filters: the entries about one participant, session or group (the entity itself, or
    a change naming it), and one kind of change."""
    from classroom import make_classroom, ok

    room = make_classroom(org, size=2)
    session, group = room.session["id"], room.group["id"]
    first, second = room.ids
    made = ok(org.admin.post("/api/presence", json={"session_id": session, "participant_id": first, "state": "late"}))
    ok(
        org.admin.post(
            "/api/presence",
            json={"session_id": session, "participant_id": first, "state": "present", "expected_version": 1},
        )
    )
    ok(org.admin.post("/api/presence", json={"session_id": session, "participant_id": second, "state": "absent"}))
    ok(org.admin.patch(f"/api/participants/{first}", json={"name": "Renamed Pupil"}))

    about_first = _walk(org.manager, participant_id=first)
    assert {(e["entity"], e["action"]) for e in about_first} >= {
        ("participant", "create"),
        ("participant", "update"),
        ("presence_record", "create"),
        ("presence_record", "update"),
    }
    assert all(
        e["entity_id"] == first
        or first in ((e["after"] or {}).get("participant_id"), (e["before"] or {}).get("participant_id"))
        for e in about_first
    )
    records = [e for e in _walk(org.manager, session_id=session) if e["entity"] == "presence_record"]
    assert len(records) == 3 and {e["entity_id"] for e in records} >= {made["id"]}
    assert any(e["entity"] == "session" for e in _walk(org.manager, session_id=session))
    in_group = _walk(org.manager, group_id=group)
    assert {"group", "session"} <= {e["entity"] for e in in_group}
    updates = _walk(org.manager, participant_id=first, action="update")
    assert updates and {e["action"] for e in updates} == {"update"}
    assert _walk(org.manager, participant_id="no-such-participant") == []


def test_a_change_made_on_a_device_keeps_when_it_was_made(org):
    """The audit log says "made 08:57, received 09:14": the entry of a change sent with the
    device's time keeps that time, whether or not its clock was off."""
    from classroom import make_classroom, ok

    room = make_classroom(org, size=2)
    made_at = (datetime.now(UTC) - timedelta(minutes=17)).replace(microsecond=0)
    ok(
        org.frontline.post(
            "/api/presence",
            json={
                "session_id": room.session["id"],
                "participant_id": room.ids[0],
                "state": "late",
                "client_time": made_at.isoformat(),
            },
        )
    )
    ok(
        org.frontline.post(
            "/api/presence", json={"session_id": room.session["id"], "participant_id": room.ids[1], "state": "absent"}
        )
    )
    entries = {
        e["after"]["participant_id"]: e["after"]
        for e in _walk(org.manager, session_id=room.session["id"])
        if e["entity"] == "presence_record"
    }
    assert datetime.fromisoformat(entries[room.ids[0]]["client_time"]) == made_at
    assert "clock_skewed" not in entries[room.ids[0]]
    assert "client_time" not in entries[room.ids[1]]
