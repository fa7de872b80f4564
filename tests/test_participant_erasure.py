"""Erasing a participant (SPEC §6.5, §8: POST /api/participants/{id}/erase).

The search takes every CHAR, VARCHAR, TEXT and JSON column of every table of the four schemas from
information_schema — never a hand list, so a column added tomorrow is searched too — and looks for
each personal value as written and as JSON escapes it (\\u015e for Ş). It first proves every value
is there before the erasure, in each of the places a participant leaves them (history, audit
values, stored answers, mails, sync payloads ...), then that none is anywhere after it, nor in the
report files on disk, while the registers and statistics of the group and the classmate's data are
exactly as they were."""

from __future__ import annotations

import json
import uuid
import zipfile
from collections import defaultdict
from pathlib import Path

import httpx
import pytest
from data_lifecycle import assert_counts_match_records
from sqlalchemy import bindparam, create_engine, pool, text

from classroom import make_classroom, ok
from omni_common.testing.plugin import PASSWORD, ROLES, SERVICES, Member, Org, login, unique_email
from omni_stack.stack import free_port
from subject import Subject, make_subject, wait_until

TEXT_TYPES = ("char", "varchar", "tinytext", "text", "mediumtext", "longtext", "json")
# Where a participant's values are before the erasure (service, table, column): each a copy the
# erasure must reach. The search itself covers every column; this proves the world is complete.
EXPECTED_BEFORE = {
    ("presence", "participant", "name"),
    ("presence", "participant", "external_ref"),
    ("presence", "participant", "email"),
    ("presence", "participant", "phone"),
    ("presence", "participant", "attributes"),
    ("presence", "presence_record", "note"),
    ("presence", "presence_record_history", "note"),
    ("presence", "advance_notice", "note"),
    ("presence", "idempotent_request", "response"),
    ("presence", "kiosk_attempt", "badge"),
    ("presence", "notification", "title"),
    ("presence", "contact_mail", "subject"),
    ("presence", "outbox_message", "kwargs"),
    ("presence", "webhook_delivery", "payload"),
    ("presence", "audit_log", "after"),
    ("identity", "user_account", "email"),
    ("identity", "user_account", "full_name"),
    ("identity", "account_token", "full_name"),
    ("identity", "audit_log", "after"),
    ("identity", "outbox_message", "kwargs"),
    ("sync", "sync_item", "note"),
    ("sync", "sync_conflict_version", "note"),
    ("sync", "sync_conflict", "server"),
    ("sync", "audit_log", "after"),
}


def _forms(value: str) -> list[str]:
    """The value as written, and as JSON text holds it (non-ASCII escaped)."""
    return list(dict.fromkeys([value, json.dumps(value)[1:-1]]))


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def text_columns(admin_engine, schemas: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """(service, schema, table, column) of every text and JSON column of the four schemas."""
    with admin_engine.connect() as conn:
        query = text(
            "SELECT table_schema, table_name, column_name FROM information_schema.columns "
            "WHERE table_schema IN :schemas AND data_type IN :types ORDER BY 1, 2, 3"
        ).bindparams(bindparam("schemas", expanding=True), bindparam("types", expanding=True))
        rows = conn.execute(query, {"schemas": list(schemas.values()), "types": list(TEXT_TYPES)}).all()
    by_schema = {schema: service for service, schema in schemas.items()}
    return [(by_schema[s], s, t, c) for s, t, c in rows]


def where_found(admin_engine, schemas: dict[str, str], needles: dict[str, str]) -> dict[str, set[tuple]]:
    """Each needle (by its name) -> the (service, table, column) holding it anywhere."""
    found: dict[str, set[tuple]] = defaultdict(set)
    forms = {name: [f.casefold() for f in _forms(value)] for name, value in needles.items()}
    patterns = [_like(f) for value in needles.values() for f in _forms(value)]
    where = " OR ".join(f"`{{column}}` LIKE :p{i}" for i in range(len(patterns)))
    params = {f"p{i}": p for i, p in enumerate(patterns)}
    with admin_engine.connect() as conn:
        for service, schema, table, column in text_columns(admin_engine, schemas):
            query = f"SELECT `{column}` FROM `{schema}`.`{table}` WHERE " + where.format(column=column)
            for (value,) in conn.execute(text(query), params):
                folded = str(value).casefold()
                for name, variants in forms.items():
                    if any(v in folded for v in variants):
                        found[name].add((service, table, column))
    return dict(found)


def files_holding(root: Path, needles: dict[str, str]) -> dict[str, list[str]]:
    """Report files under ``root`` that hold any needle (as UTF-8 text)."""
    found = defaultdict(list)
    for path in root.rglob("*") if root.exists() else []:
        if path.is_file():
            content = path.read_bytes().decode("utf-8", errors="ignore").casefold()
            for name, value in needles.items():
                if value.casefold() in content:
                    found[name].append(path.name)
    return dict(found)


def zip_holds(path: Path, value: str) -> bool:
    """Whether any file in the ZIP holds the value (as written, or JSON-escaped)."""
    with zipfile.ZipFile(path) as archive:
        texts = [archive.read(name).decode("utf-8", errors="ignore") for name in archive.namelist()]
    return any(form in text for text in texts for form in _forms(value))


def _organization_export(admin) -> str:
    """An administrator's export of the whole organization, built (it holds everyone)."""
    export_id = ok(admin.post("/api/organizations/current/export"), 202)["id"]
    done = wait_until(
        lambda: (
            (e := ok(admin.get(f"/api/organizations/current/exports/{export_id}")))["status"] in ("completed", "failed")
            and e
        ),
        "the organization's export",
        150,
    )
    assert done["status"] == "completed", done
    return export_id


def erase_until_done(admin, participant_id: str, timeout: float = 120.0) -> dict:
    first = admin.post(f"/api/participants/{participant_id}/erase")
    assert first.status_code in (200, 202), first.text
    return wait_until(
        lambda: (r := admin.post(f"/api/participants/{participant_id}/erase")).status_code == 200 and r.json(),
        "every service erased its part",
        timeout,
    )


def _org(gateway: str) -> Org:
    """An organization with a member per role (module-scoped: one world serves every test here)."""
    email = unique_email("admin")
    created = httpx.post(
        f"{gateway}/api/organizations",
        timeout=30,
        json={
            "name": "Erasure school",
            "domain": "education",
            "admin_email": email,
            "admin_password": PASSWORD,
            "admin_name": "Ada Admin",
            "timezone": "UTC",
        },
    )
    assert created.status_code == 201, created.text
    org_id = created.json()["organization"]["id"]
    client, tokens = login(gateway, email)
    members = {"admin": Member(created.json()["user"]["id"], email, "admin", org_id, client, tokens=tokens)}
    for role in ROLES[1:]:
        member_email = unique_email(role)
        user = ok(
            client.post(
                "/api/users",
                json={"email": member_email, "full_name": f"{role.title()} User", "role": role, "password": PASSWORD},
            ),
            201,
        )
        member_client, member_tokens = login(gateway, member_email)
        members[role] = Member(user["id"], member_email, role, org_id, member_client, tokens=member_tokens)
    return Org(org_id, "Erasure school", members)


def _registers(subject: Subject) -> dict:
    """What the group's registers and statistics say: every roster's counts, the period's rates."""
    admin = subject.org.admin
    days = sorted({s["starts_at"][:10] for s in subject.sessions})
    stats = ok(
        admin.get("/api/stats/attendance", params={"group_id": subject.group_id, "from": days[0], "to": days[-1]})
    )
    return {
        "counts": {s["id"]: ok(admin.get(f"/api/sessions/{s['id']}/roster"))["counts"] for s in subject.sessions},
        "stats": stats["items"],
    }


@pytest.fixture(scope="module")
def erased(stack):
    """The world, its values proven present everywhere, then erased; what was seen before."""
    org = _org(stack.gateway)
    subject = make_subject(org, stack.gateway)
    schemas = {service: stack.settings(service).schema_name() for service in SERVICES}
    needles = subject.personal_values()
    admin_engine = stack.admin_engine()
    # Mails go on presence's and identity's workers: every copy is there once the scan sees them all.
    before = wait_until(
        lambda: (
            (f := where_found(admin_engine, schemas, needles))
            and set().union(*f.values()) >= EXPECTED_BEFORE
            and set(f) == set(needles)
            and f
        ),
        "every value in every place a participant leaves them",
    )
    files = files_holding(stack.data_dir / "reports" / org.id, {"name": subject.values["name"]})
    export_id = _organization_export(org.admin)
    (zipped,) = (stack.data_dir / "reports" / org.id).glob(f"{export_id}-*.zip")
    export = (export_id, zip_holds(zipped, subject.values["name"]))
    registers = _registers(subject)
    answer = erase_until_done(org.admin, subject.id)
    yield {
        "subject": subject,
        "before": before,
        "files": files,
        "export": export,
        "registers": registers,
        "answer": answer,
        "schemas": schemas,
        "engine": admin_engine,
    }
    for member in org.members.values():
        member.client.close()


def test_no_personal_value_is_left_in_any_column_of_any_schema_nor_in_any_file(erased, stack):
    subject: Subject = erased["subject"]
    # Before: each value somewhere, and the name in both report files.
    assert set(erased["before"]) == set(subject.personal_values())
    assert all(any(f.startswith(r) for f in erased["files"]["name"]) for r in subject.reports)
    assert erased["answer"]["erased"] is True and erased["answer"]["pending"] == []

    after = where_found(erased["engine"], erased["schemas"], subject.personal_values())
    assert after == {}, f"personal values left after the erasure: {after}"
    assert files_holding(stack.data_dir / "reports" / subject.org.id, subject.personal_values()) == {}

    participant = ok(subject.org.admin.get(f"/api/participants/{subject.id}"))
    assert participant["name"] == "Erased participant" and participant["erased_at"] is not None
    assert (participant["external_ref"], participant["email"], participant["phone"]) == (None, None, None)
    assert participant["attributes"] == {} and not participant["has_pin"] and not participant["is_active"]
    # Its reports now say they expired; asked again, the register names no one erased.
    for report_id in subject.reports:
        report = ok(subject.org.admin.get(f"/api/reports/{report_id}"))
        assert report["expired"] is True
        assert subject.org.admin.get(f"/api/reports/{report_id}/download").status_code == 410


def test_the_organizations_exports_holding_them_are_removed(erased, stack):
    subject: Subject = erased["subject"]
    export_id, held = erased["export"]
    assert held, "the organization's export named them before the erasure"
    export = ok(subject.org.admin.get(f"/api/organizations/current/exports/{export_id}"))
    assert export["expired"] is True
    assert subject.org.admin.get(f"/api/organizations/current/exports/{export_id}/download").status_code == 410
    assert not list((stack.data_dir / "reports" / subject.org.id).glob(f"{export_id}-*"))


def test_the_registers_statistics_and_classmates_are_as_they_were(erased, stack):
    subject: Subject = erased["subject"]
    admin = subject.org.admin
    assert _registers(subject) == erased["registers"]
    assert_counts_match_records(stack, subject.org.id)
    roster = ok(admin.get(f"/api/sessions/{subject.sessions[0]['id']}/roster"))
    people = {item["participant"]["id"]: item for item in roster["items"]}
    assert people[subject.id]["participant"]["name"] == "Erased participant"
    assert people[subject.id]["record"]["state"] == "absent" and people[subject.id]["record"]["note"] is None
    assert people[subject.id]["record"]["version"] == 2  # no new version: the history keeps its length
    classmate = people[subject.classmate["id"]]
    assert classmate["participant"]["name"] == subject.classmate["name"]
    assert classmate["record"]["note"] == subject.classmate_note
    assert ok(admin.get(f"/api/participants/{subject.classmate['id']}"))["email"] == subject.classmate["email"]
    # The conflict is still in the queue, its states intact, its notes gone.
    conflict = ok(admin.get(f"/api/admin/sync-conflicts/{subject.conflict_id}"))
    assert conflict["versions"][0]["state"] == "present" and conflict["versions"][0]["note"] is None
    assert conflict["server"]["state"] == "absent" and conflict["server"].get("note") is None


def test_erasing_again_changes_nothing_and_each_service_audited_it_once(erased):
    subject: Subject = erased["subject"]
    admin = subject.org.admin
    again = admin.post(f"/api/participants/{subject.id}/erase")
    assert again.status_code == 200 and again.json() == erased["answer"]
    entries = ok(admin.get("/api/audit-logs", params={"entity": "participant", "entity_id": subject.id, "limit": 100}))
    erasures = [e for e in entries["items"] if e["action"] == "erase"]
    assert sorted(e["service"] for e in erasures) == sorted(SERVICES)
    assert not any(subject.tok in json.dumps(e) for e in entries["items"])
    # Only administrators erase: a manager is told 403 (they can see the participant).
    assert subject.org.manager.post(f"/api/participants/{subject.id}/erase").status_code == 403


def test_the_erased_login_is_refused_exactly_as_a_wrong_password(erased, anonymous):
    subject: Subject = erased["subject"]

    def bare(answer) -> tuple[int, dict]:
        return answer.status_code, {k: v for k, v in answer.json().items() if k not in ("instance", "request_id")}

    erased_login = anonymous.post("/api/auth/login", json={"email": subject.login_email, "password": PASSWORD})
    wrong = anonymous.post("/api/auth/login", json={"email": subject.org.manager.email, "password": "not-the-password"})
    assert bare(erased_login) == bare(wrong) and erased_login.status_code == 401
    # Its sessions ended at once: the access token and the refresh token are refused.
    tokens = subject.login_tokens
    me = anonymous.get("/api/auth/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.status_code == 401
    refreshed = anonymous.post("/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 401


def test_another_organizations_participant_is_as_unknown(erased, make_org):
    subject: Subject = erased["subject"]
    other = make_org(roles=("admin",))
    foreign = other.admin.post(f"/api/participants/{subject.id}/erase")
    unknown = other.admin.post(f"/api/participants/{uuid.uuid4()}/erase")
    assert foreign.status_code == unknown.status_code == 404
    assert foreign.json()["detail"] == unknown.json()["detail"]


def test_erasure_survives_a_service_down_half_way(stack, make_org):
    """Sync is down when the erasure is asked: presence and the others erase, sync stays pending
    (202) while presence's worker asks it again and again; once sync is back it erases and the
    answer is 200."""
    env = {"PRESENCE_ERASURE_RETRY_SECONDS": "0.5", "PRESENCE_ERASURE_RETRY_MAX_SECONDS": "2"}
    names = ["identity", "presence", "presence-worker", "sync", "reporting", "gateway"]
    prefix = f"{stack.environment['OMNI_DB_PREFIX']}e"
    with stack.private(names, redis_port=free_port(), db_prefix=prefix, extra_env=env) as private:
        gateway = private.config.url("gateway")
        org = make_org(roles=("admin", "frontline"), gateway=gateway)
        room = make_classroom(org, 2, names=["Şule Down", "Other Pupil"])
        pupil = room.ids[0]
        ok(
            org.admin.post(
                "/api/presence",
                json={"session_id": room.session["id"], "participant_id": pupil, "state": "late", "note": "bus"},
            )
        )
        # An offline change kept by sync (no sync worker here: it waits, stored, with its note).
        ok(
            org.frontline.post(
                "/api/sync",
                json={
                    "device_id": "tablet",
                    "sent_at": room.session["starts_at"],
                    "mutations": [
                        {
                            "mutation_id": str(uuid.uuid4()),
                            "session_id": room.session["id"],
                            "participant_id": pupil,
                            "state": "present",
                            "note": "Şule's own note",
                            "client_time": room.session["starts_at"],
                            "base_version": None,
                        }
                    ],
                },
            ),
            202,
        )
        engine = create_engine(f"{stack.environment['OMNI_MYSQL_URL']}/{prefix}_sync", poolclass=pool.NullPool)

        def sync_note() -> str | None:
            with engine.connect() as conn:
                return conn.execute(text("SELECT note FROM sync_item WHERE participant_id = :p"), {"p": pupil}).scalar()

        assert sync_note() == "Şule's own note"

        private.stop("sync")
        first = org.admin.post(f"/api/participants/{pupil}/erase")
        assert first.status_code == 202 and "sync" in first.json()["pending"], first.text
        assert ok(org.admin.get(f"/api/participants/{pupil}"))["name"] == "Erased participant"
        # The others answer; sync stays pending however often it is asked.
        waiting = wait_until(
            lambda: (r := org.admin.post(f"/api/participants/{pupil}/erase")).json()["pending"] == ["sync"] and r,
            "identity and reporting erased",
        )
        assert waiting.status_code == 202 and waiting.json()["erased"] is False

        private.start("sync")
        private.wait_ready(readiness=False)
        done = wait_until(
            lambda: (r := org.admin.post(f"/api/participants/{pupil}/erase")).status_code == 200 and r.json(),
            "sync erased once it was back",
        )
        assert done == {**done, "erased": True, "pending": []} and done["completed_at"] is not None
        assert sync_note() is None
        engine.dispose()
