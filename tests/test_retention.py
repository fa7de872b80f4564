"""Retention (SPEC §6.5, issue 15 item 1) on the real stack: the organization's settings, and each
service's lifecycle task run at an injected time, purging exactly what is older — presence's
records with their history and change ids, sync's offline changes and conflicts of those sessions,
reporting's reports — keeping the statistics of the purged period, redacting the audit entries
about what went and auditing how much went."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from data_lifecycle import PastRegister, assert_counts_match_records, run_lifecycle, sql, wait_job

from classroom import ok


def _problem_fields(answer) -> list[str]:
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    return [e["field"] for e in answer.json()["errors"]]


def test_retention_settings_start_as_the_spec_says_and_refuse_what_is_out_of_range(org):
    admin = org.admin
    current = ok(admin.get("/api/organizations/current"))
    assert current["presence_retention_days"] is None  # presence data kept for ever
    assert current["report_retention_days"] == 30  # REPORTING_RETENTION_DAYS
    for field in ("presence_retention_days", "report_retention_days"):
        for bad in (0, -1, 36_501, "a week"):
            assert _problem_fields(admin.patch("/api/organizations/current", json={field: bad})) == [field]
    changed = ok(admin.patch("/api/organizations/current", json={"presence_retention_days": 36_500}))
    assert changed["presence_retention_days"] == 36_500
    changed = ok(
        admin.patch("/api/organizations/current", json={"presence_retention_days": 400, "report_retention_days": None})
    )
    assert (changed["presence_retention_days"], changed["report_retention_days"]) == (400, None)
    assert ok(admin.get("/api/organizations/current"))["report_retention_days"] is None
    # Other settings still refuse null.
    assert _problem_fields(admin.patch("/api/organizations/current", json={"timezone": None})) == ["timezone"]
    assert org.manager.patch("/api/organizations/current", json={"presence_retention_days": 5}).status_code == 403
    # Audited: who changed the retention, from what to what.
    entries = ok(admin.get("/api/audit-logs", params={"entity": "organization", "action": "update"}))["items"]
    assert any(e["after"] == {"presence_retention_days": 400, "report_retention_days": None} for e in entries)


def _stats(member, register: PastRegister, interval: str) -> list[dict]:
    first = (register.now - timedelta(days=20)).date().isoformat()
    return ok(
        member.get(
            "/api/stats/attendance",
            params={
                "group_id": register.group,
                "from": first,
                "to": register.now.date().isoformat(),
                "interval": interval,
            },
        )
    )["items"]


def _held(stack, register: PastRegister, name: str) -> dict[str, int]:
    """What presence and sync still hold of one of the register's sessions."""
    session_id = register.sessions[name]["id"]
    records = register.records[name]
    marks = {f":r{i}": r for i, r in enumerate(records)}
    in_records = ", ".join(marks)
    return {
        "records": sql(stack, "presence", "SELECT COUNT(*) FROM presence_record WHERE session_id = :s", s=session_id)[
            0
        ][0],
        "history": sql(
            stack, "presence", "SELECT COUNT(*) FROM presence_record_history WHERE session_id = :s", s=session_id
        )[0][0],
        "applied": sql(
            stack,
            "presence",
            f"SELECT COUNT(*) FROM applied_mutation WHERE record_id IN ({in_records})",
            **{k[1:]: v for k, v in marks.items()},
        )[0][0],
        "sync_items": sql(stack, "sync", "SELECT COUNT(*) FROM sync_item WHERE session_id = :s", s=session_id)[0][0],
        "conflicts": sql(stack, "sync", "SELECT COUNT(*) FROM sync_conflict WHERE session_id = :s", s=session_id)[0][0],
        "conflict_versions": sql(
            stack,
            "sync",
            "SELECT COUNT(*) FROM sync_conflict_version v JOIN sync_conflict c ON c.id = v.conflict_id "
            "WHERE c.session_id = :s",
            s=session_id,
        )[0][0],
        "outcomes": sql(
            stack,
            "sync",
            "SELECT COUNT(*) FROM sync_outcome o JOIN sync_item i ON i.id = o.item_id WHERE i.session_id = :s",
            s=session_id,
        )[0][0],
    }


def _audit_of_records(stack, record_ids: list[str]) -> list:
    params = {f"r{i}": r for i, r in enumerate(record_ids)}
    names = ", ".join(f":{k}" for k in params)
    return sql(
        stack,
        "presence",
        f"SELECT entity_id, action, `before`, `after`, created_at FROM audit_log "
        f"WHERE entity = 'presence_record' AND entity_id IN ({names}) ORDER BY id",
        **params,
    )


def _purge_entries(stack, service: str, organization_id: str) -> list:
    return sql(
        stack,
        service,
        "SELECT `after` FROM audit_log WHERE organization_id = :o AND entity = 'organization' "
        "AND action = 'retention_purge' ORDER BY id",
        o=organization_id,
    )


@pytest.fixture
def register(make_org) -> PastRegister:
    org = make_org()
    return PastRegister(org, datetime.now(UTC)).build()


def test_presence_and_sync_purge_exactly_the_sessions_past_retention_and_keep_the_statistics(register, stack):
    org, admin = register.org, register.org.admin
    before = {interval: _stats(admin, register, interval) for interval in ("day", "week", "month")}
    assert sum(p["counts"]["present"] + p["counts"]["late"] + p["counts"]["absent"] for p in before["day"]) == 6
    held = {name: _held(stack, register, name) for name in ("old", "recent")}
    assert held["old"] == {
        "records": 3,
        "history": 4,
        "applied": 3,
        "sync_items": 1,
        "conflicts": 1,
        "conflict_versions": 1,
        "outcomes": 1,
    }
    assert held["recent"] == held["old"]
    assert_counts_match_records(stack, org.id)
    audit_before = _audit_of_records(stack, register.records["old"])
    assert audit_before and all(row.after not in (None, {"redacted": "retention"}) for row in audit_before)

    ok(admin.patch("/api/organizations/current", json={"presence_retention_days": 5}))
    overview = ok(admin.get("/api/retention/presence"))
    assert overview["retention_days"] == 5
    assert (overview["sessions_held"], overview["sessions_due"], overview["sessions_purged"]) == (2, 1, 0)
    assert datetime.fromisoformat(overview["oldest_held_session_ended_at"]) == datetime.fromisoformat(
        register.sessions["old"]["ends_at"]
    )

    # Now: the lesson that ended ten days ago is past five days' retention; the one two days ago is not.
    run_lifecycle(stack, "presence", org.id, register.now)
    run_lifecycle(stack, "sync", org.id, register.now)
    assert _held(stack, register, "old") == dict.fromkeys(held["old"], 0)
    assert _held(stack, register, "recent") == held["recent"]
    assert_counts_match_records(stack, org.id)
    # The session stays (no one's data: it carries its group's figures); its records do not.
    ok(admin.get(f"/api/sessions/{register.sessions['old']['id']}"))
    assert ok(admin.get("/api/presence", params={"session_id": register.sessions["old"]["id"]}))["items"] == []
    assert len(ok(admin.get("/api/presence", params={"session_id": register.sessions["recent"]["id"]}))["items"]) == 3
    # A batch left with no change goes; the conflict queue holds only the recent lesson's.
    assert admin.get(f"/api/sync/batches/{register.batches['old']}").status_code == 404
    ok(admin.get(f"/api/sync/batches/{register.batches['recent']}"))
    open_conflicts = ok(admin.get("/api/admin/sync-conflicts", params={"status": "open"}))["items"]
    assert [c["session_id"] for c in open_conflicts] == [register.sessions["recent"]["id"]]

    # Statistics of the purged period are what they were, for the group, by day, week and month.
    assert {interval: _stats(admin, register, interval) for interval in before} == before
    # A participant's own figures end where their records were purged: never kept per person.
    mine = ok(
        admin.get(
            "/api/stats/attendance",
            params={
                "participant_id": register.people[1],
                "from": (register.now - timedelta(days=20)).date().isoformat(),
            },
        )
    )["items"]
    assert [p["counts"] for p in mine] == [{"present": 1, "late": 0, "absent": 0, "excused": 0, "other": 0}]

    # The audit entries about the purged records stay — ids, actions, times — with their values gone.
    audit_after = _audit_of_records(stack, register.records["old"])
    assert [(r.entity_id, r.action, r.created_at) for r in audit_after] == [
        (r.entity_id, r.action, r.created_at) for r in audit_before
    ]
    assert all(r.before is None and r.after == {"redacted": "retention"} for r in audit_after)
    assert all("Note about" not in str(r.after) for r in _audit_of_records(stack, register.records["old"]))
    # And each purge says how much of what went.
    (presence_purge,) = [row.after for row in _purge_entries(stack, "presence", org.id)]
    assert presence_purge["purged"]["presence_record"] == 3
    assert presence_purge["purged"]["presence_record_history"] == 4
    assert presence_purge["purged"]["applied_mutation"] == 3
    assert presence_purge["purged"]["sessions"] == 1
    (sync_purge,) = [row.after for row in _purge_entries(stack, "sync", org.id)]
    assert sync_purge["purged"] == {
        "sync_item": 1,
        "sync_outcome": 1,
        "sync_conflict": 1,
        "sync_conflict_version": 1,
        "sync_batch": 1,
    }

    overview = ok(admin.get("/api/retention/presence"))
    assert (overview["sessions_held"], overview["sessions_due"], overview["sessions_purged"]) == (1, 0, 1)
    assert overview["last_purged_at"] is not None

    # Run again: nothing more is older, so nothing goes and nothing more is audited.
    run_lifecycle(stack, "presence", org.id, register.now)
    assert _held(stack, register, "recent") == held["recent"]
    assert len(_purge_entries(stack, "presence", org.id)) == 1

    # Four days on, the recent lesson is past retention too; the figures still stand.
    later = register.now + timedelta(days=4)
    run_lifecycle(stack, "presence", org.id, later)
    run_lifecycle(stack, "sync", org.id, later)
    assert _held(stack, register, "recent") == dict.fromkeys(held["recent"], 0)
    assert {interval: _stats(admin, register, interval) for interval in before} == before


def test_presence_data_is_kept_for_ever_without_a_retention(register, stack):
    org = register.org
    run_lifecycle(stack, "presence", org.id, register.now + timedelta(days=3650))
    run_lifecycle(stack, "sync", org.id, register.now + timedelta(days=3650))
    assert _held(stack, register, "old")["records"] == 3
    assert _held(stack, register, "old")["sync_items"] == 1
    assert _purge_entries(stack, "presence", org.id) == []


def _report(member, session_id: str) -> dict:
    answer = ok(
        member.post(
            "/api/reports", json={"type": "sign_in_sheet", "format": "pdf", "params": {"session_id": session_id}}
        ),
        202,
    )
    return wait_job(member, f"/api/reports/{answer['id']}")


def _report_files(stack, report_id: str) -> list[str]:
    root = stack.data_dir / "reports"
    return sorted(p.name for p in root.glob(f"*/{report_id}-*")) if root.exists() else []


def test_reports_go_once_older_than_the_organizations_report_retention(register, stack):
    org, admin = register.org, register.org.admin
    first = _report(admin, register.sessions["old"]["id"])
    assert first["status"] == "completed"
    # Built now, kept the organization's 30 days.
    kept = datetime.fromisoformat(first["expires_at"]) - datetime.fromisoformat(first["completed_at"])
    assert kept == timedelta(days=30)
    # An instant after the first report was finished and before the second is asked for.
    between = datetime.now(UTC)
    second = _report(admin, register.sessions["recent"]["id"])
    assert datetime.fromisoformat(second["completed_at"]) > between > datetime.fromisoformat(first["completed_at"])
    assert _report_files(stack, first["id"]) and _report_files(stack, second["id"])
    assert ok(admin.get("/api/retention/reports"))["reports_held"] == 2

    # 30 days after the instant between them: the first report is older than the retention, the second not.
    run_lifecycle(stack, "reporting", org.id, between + timedelta(days=30))
    assert admin.get(f"/api/reports/{first['id']}").status_code == 404
    assert _report_files(stack, first["id"]) == []
    assert ok(admin.get(f"/api/reports/{second['id']}"))["status"] == "completed"
    assert _report_files(stack, second["id"])
    entries = sql(
        stack,
        "reporting",
        "SELECT action, `before`, `after` FROM audit_log WHERE entity = 'report' AND entity_id = :r",
        r=first["id"],
    )
    assert {e.action for e in entries} >= {"request", "complete"}
    assert all(e.after == {"redacted": "retention"} and e.before is None for e in entries)
    (purge,) = [row.after for row in _purge_entries(stack, "reporting", org.id)]
    assert purge["purged"] == {"report": 1}
    overview = ok(admin.get("/api/retention/reports"))
    assert (overview["retention_days"], overview["reports_held"]) == (30, 1)

    # No report retention: the report built now is kept for ever (no expiry either).
    ok(admin.patch("/api/organizations/current", json={"report_retention_days": None}))
    third = _report(admin, register.sessions["recent"]["id"])
    assert third["expires_at"] is None
    run_lifecycle(stack, "reporting", org.id, between + timedelta(days=3650))
    ok(admin.get(f"/api/reports/{second['id']}"))
    ok(admin.get(f"/api/reports/{third['id']}"))


def test_today_shows_a_purged_sessions_counts_from_its_tally(make_org, stack):
    org = make_org()
    admin = org.admin
    now = datetime.now(UTC)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    group = ok(admin.post("/api/groups", json={"name": "Early birds", "domain": "education"}))["id"]
    people = [ok(admin.post("/api/participants", json={"name": f"Bird {i}"}))["id"] for i in range(4)]
    since = (midnight - timedelta(days=1)).isoformat()
    ok(admin.post(f"/api/groups/{group}/members", json={"participant_ids": people, "starts_at": since}))
    # A session of today that is already over (whatever the hour now).
    session = ok(
        admin.post(
            "/api/sessions",
            json={
                "group_id": group,
                "title": "Dawn roll call",
                "starts_at": (midnight + (now - midnight) / 3).isoformat(),
                "ends_at": (midnight + (now - midnight) * 2 / 3).isoformat(),
            },
        )
    )
    for person, state in zip(people[:3], ["present", "late", "absent"], strict=True):
        ok(admin.post("/api/presence", json={"session_id": session["id"], "participant_id": person, "state": state}))

    def today() -> dict:
        (item,) = [i for i in ok(admin.get("/api/stats/today"))["items"] if i["session"]["id"] == session["id"]]
        return {k: item[k] for k in ("counts", "marked", "expected", "checked_in", "in_now", "checked_out")}

    before = today()
    assert before["counts"] == {"present": 1, "late": 1, "absent": 1, "unmarked": 1} and before["marked"] == 3
    ok(admin.patch("/api/organizations/current", json={"presence_retention_days": 1}))
    run_lifecycle(stack, "presence", org.id, now + timedelta(days=2))
    assert ok(admin.get("/api/presence", params={"session_id": session["id"]}))["items"] == []
    assert today() == before
