"""An organization's export and close (SPEC §8, issue 15 item 4) on the real stack: the export is a
ZIP of every service's data of that organization and nothing of another's, read back and checked
against its manifest; closing refuses every sign-in, refresh and already issued token at once —
a sign-in answering exactly as a wrong password does — and, the configured days later (the clock
injected), every service purges the organization's rows."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from data_lifecycle import SERVICES, PastRegister, organization_rows, run_everywhere, sql, wait_job

from classroom import make_classroom, ok

CLOSED_ORG_PURGE_DAYS = 30  # OMNI_CLOSED_ORG_PURGE_DAYS' default, as the test stack runs


@pytest.fixture
def school(make_org) -> PastRegister:
    """An organization with data in every service: users and sessions (identity), a register
    (presence), offline batches and conflicts (sync), a report (reporting)."""
    register = PastRegister(make_org(), datetime.now(UTC)).build()
    admin = register.org.admin
    report = ok(
        admin.post(
            "/api/reports",
            json={"type": "sign_in_sheet", "format": "pdf", "params": {"session_id": register.sessions["old"]["id"]}},
        ),
        202,
    )
    assert wait_job(admin, f"/api/reports/{report['id']}")["status"] == "completed"
    register.report = report["id"]
    return register


def _export(admin) -> tuple[dict, zipfile.ZipFile]:
    queued = admin.post("/api/organizations/current/export")
    assert queued.status_code == 202, queued.text
    assert set(queued.json()) == {"id", "status"} and queued.json()["status"] == "queued"
    export = wait_job(admin, f"/api/organizations/current/exports/{queued.json()['id']}")
    assert export["status"] == "completed", export
    assert export["progress"] == 100 and export["error"] is None
    download = admin.get(f"/api/organizations/current/exports/{export['id']}/download")
    assert download.status_code == 200, download.text
    assert download.headers["content-type"] == "application/zip"
    assert download.headers["content-disposition"].startswith("attachment;")
    return export, zipfile.ZipFile(io.BytesIO(download.content))


def _lines(archive: zipfile.ZipFile, path: str) -> list[dict]:
    return [json.loads(line) for line in archive.read(path).decode().splitlines()]


def test_an_export_holds_every_services_data_of_the_organization_and_nothing_of_anothers(school, make_org):
    other = PastRegister(make_org(), datetime.now(UTC)).build()
    admin = school.org.admin
    export, archive = _export(admin)

    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["organization"]["id"] == school.org.id
    assert manifest["organization"]["name"] == school.org.name
    assert set(manifest["services"]) == set(SERVICES)
    assert all(s["schema_version"] for s in manifest["services"].values())
    datetime.fromisoformat(manifest["generated_at"])
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == set(archive.namelist()) - {"manifest.json"}
    for path, entry in listed.items():
        rows = _lines(archive, path)
        assert entry["count"] == len(rows), path
        assert entry["description"] and entry["columns"]
        # Every row is the organization's own.
        assert all(row["organization_id"] == school.org.id for row in rows), path

    def ids(path: str) -> set[str]:
        return {row["id"] for row in _lines(archive, path)}

    # Each service's data of the organization is there.
    assert {m.id for m in school.org.members.values()} <= ids("identity/user_account.jsonl")
    assert set(school.people) <= ids("presence/participant.jsonl")
    assert {s["id"] for s in school.sessions.values()} <= ids("presence/presence_session.jsonl")
    assert {r for records in school.records.values() for r in records} <= ids("presence/presence_record.jsonl")
    assert listed["presence/presence_record_history.jsonl"]["count"] == 8
    assert set(school.batches.values()) <= ids("sync/sync_batch.jsonl")
    assert listed["sync/sync_conflict.jsonl"]["count"] == 2
    assert school.report in ids("reporting/report.jsonl")
    assert export["id"] in ids("reporting/organization_export.jsonl")
    assert listed["identity/audit_log.jsonl"]["count"] > 0
    names = {row["name"] for row in _lines(archive, "presence/participant.jsonl")}
    assert {"Ada Lovelace", "Şule Yılmaz", "陈伟"} <= names
    # No secret leaves: password and token hashes, kiosk tokens, webhook secrets.
    users = _lines(archive, "identity/user_account.jsonl")
    assert all("password_hash" not in u and "totp_secret" not in u for u in users)
    assert "identity/refresh_token.jsonl" not in listed

    # Nothing of the other organization, anywhere in the archive.
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    foreign = {other.org.id, *(m.id for m in other.org.members.values()), *other.people, *other.batches.values()}
    foreign |= {s["id"] for s in other.sessions.values()} | {m.email for m in other.org.members.values()}
    assert not [value for value in foreign if value in everything]

    # Listed, followed and downloaded by administrators only; another organization's is not there.
    assert export["id"] in [e["id"] for e in ok(admin.get("/api/organizations/current/exports"))["items"]]
    assert school.org.manager.get(f"/api/organizations/current/exports/{export['id']}").status_code == 403
    assert other.org.admin.get(f"/api/organizations/current/exports/{export['id']}").status_code == 404
    assert other.org.admin.get(f"/api/organizations/current/exports/{export['id']}/download").status_code == 404
    # The export is audited: who asked, and that it was built.
    entries = ok(admin.get("/api/audit-logs", params={"entity": "organization_export", "entity_id": export["id"]}))
    assert {e["action"] for e in entries["items"]} == {"request", "complete"}


def test_an_export_refuses_a_body_it_does_not_know(org):
    answer = org.admin.post("/api/organizations/current/export", json={"format": "csv"})
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["format"]


def _bare(answer: httpx.Response) -> tuple[int, dict]:
    return answer.status_code, {k: v for k, v in answer.json().items() if k not in ("instance", "request_id")}


def test_closing_refuses_every_sign_in_refresh_and_token_at_once(make_org, stack, anonymous):
    org, other = make_org(), make_org()
    admin, manager = org.admin, org.manager
    ok(manager.get("/api/groups"))
    # A kiosk at the door holds a token of its own.
    classroom = make_classroom(org, mode="check_in_out", status="open")
    kiosk = ok(admin.post("/api/kiosks", json={"name": "Front door", "session_ids": [classroom.session["id"]]}))
    device = {"Authorization": f"Kiosk {kiosk['token']}"}
    assert anonymous.get("/api/kiosk", headers=device).status_code == 200
    # The name is compared after trimming, and case-sensitively; anything else names `confirm`.
    for wrong in (org.name.upper(), org.name + "x", "", "   "):
        answer = admin.post("/api/organizations/current/close", json={"confirm": wrong})
        assert answer.status_code == 422, answer.text
        assert [e["field"] for e in answer.json()["errors"]] == ["confirm"]
    missing = admin.post("/api/organizations/current/close", json={})
    assert [e["field"] for e in missing.json()["errors"]] == ["confirm"]
    assert manager.post("/api/organizations/current/close", json={"confirm": org.name}).status_code == 403
    ok(manager.get("/api/groups"))  # nothing happened yet

    closed = ok(admin.post("/api/organizations/current/close", json={"confirm": f"  {org.name}\t"}))
    assert closed["id"] == org.id
    purge_at = datetime.fromisoformat(closed["purge_at"]) - datetime.fromisoformat(closed["closed_at"])
    assert purge_at == timedelta(days=CLOSED_ORG_PURGE_DAYS)

    # Tokens already issued are refused at once, in every service.
    for member in org.members.values():
        for path in ("/api/auth/me", "/api/groups", "/api/sync/changes", "/api/reports", "/api/notifications"):
            assert member.get(path).status_code == 401, (member.role, path)
        refresh = anonymous.post("/api/auth/refresh", json={"refresh_token": member.tokens["refresh_token"]})
        assert refresh.status_code == 401, refresh.text
    assert anonymous.get("/api/kiosk", headers=device).status_code == 401
    # A sign-in with the right password answers exactly as a wrong password does.
    wrong_password = anonymous.post("/api/auth/login", json={"email": other.admin.email, "password": "not-the-one-1"})
    for member in org.members.values():
        right = anonymous.post("/api/auth/login", json={"email": member.email, "password": member.password})
        assert _bare(right) == _bare(wrong_password)
    # The organization was not reopened, and the other one goes on.
    ok(other.admin.get("/api/groups"))
    # Audited: who closed it, when, how many sessions ended.
    (entry,) = sql(
        stack,
        "identity",
        "SELECT actor_id, `after` FROM audit_log WHERE organization_id = :o AND entity = 'organization' AND action = 'close'",
        o=org.id,
    )
    assert entry.actor_id == admin.id and entry.after["sessions_ended"] == len(org.members)


# Tables whose rows only the test's own requests make (the worker's notifications come and go).
STEADY = (
    "identity.user_account",
    "identity.login_session",
    "presence.participant",
    "presence.presence_session",
    "presence.presence_record",
    "presence.presence_record_history",
    "presence.applied_mutation",
    "sync.sync_batch",
    "sync.sync_item",
    "sync.sync_outcome",
    "sync.sync_conflict",
    "reporting.report",
    "reporting.organization_export",
)


def _steady(rows: dict[str, int]) -> dict[str, int]:
    return {table: rows[table] for table in STEADY}


def test_a_closed_organizations_data_is_purged_in_every_schema_after_the_configured_days(school, stack, make_org):
    org = school.org
    bystander = PastRegister(make_org(), datetime.now(UTC)).build()
    _export(org.admin)
    closed = ok(org.admin.post("/api/organizations/current/close", json={"confirm": org.name}))
    closed_at = datetime.fromisoformat(closed["closed_at"])
    held = organization_rows(stack, org.id)
    assert all(held[table] for table in STEADY), held
    assert all(held[f"{s}.audit_log"] for s in SERVICES)
    bystander_held = _steady(organization_rows(stack, bystander.org.id))

    # A day before the purge is due, nothing goes.
    run_everywhere(stack, org.id, closed_at + timedelta(days=CLOSED_ORG_PURGE_DAYS - 1))
    assert _steady(organization_rows(stack, org.id)) == _steady(held)

    # When it is due, every row of the organization goes from every schema, its files too.
    run_everywhere(stack, org.id, closed_at + timedelta(days=CLOSED_ORG_PURGE_DAYS))
    left = {table: n for table, n in organization_rows(stack, org.id).items() if n}
    assert left == {}
    assert list((stack.data_dir / "reports").glob(f"{org.id}/*")) == []
    # What identity keeps is a tombstone: the id and dates, no name.
    (tombstone,) = sql(stack, "identity", "SELECT name, closed_at, purged_at FROM organization WHERE id = :o", o=org.id)
    assert tombstone.name == "" and tombstone.purged_at is not None
    # Each service audited the purge (how much of what), under no organization: it outlives it.
    for service in SERVICES:
        entries = sql(
            stack,
            service,
            "SELECT organization_id, `after` FROM audit_log WHERE entity = 'organization' AND entity_id = :o "
            "AND action = 'purge_closed'",
            o=org.id,
        )
        assert len(entries) == 1, service
        assert entries[0].organization_id is None and entries[0].after["purged"], service
    # Run again: nothing is left to purge, and nothing more is audited.
    run_everywhere(stack, org.id, closed_at + timedelta(days=CLOSED_ORG_PURGE_DAYS + 1))
    assert {table: n for table, n in organization_rows(stack, org.id).items() if n} == {}
    # Another organization lost nothing.
    assert _steady(organization_rows(stack, bystander.org.id)) == bystander_held
    ok(bystander.org.admin.get("/api/groups"))
