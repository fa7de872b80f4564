"""Reports end to end (SPEC §5, §8): asked for through the gateway, built by the real worker from
presence's data, downloaded and opened with real readers — pypdf, openpyxl, csv — and read for
what a manager would look for: the names (of every script), the states, the totals."""

from __future__ import annotations

import csv
import io
import re
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from pypdf import PdfReader

from omni_common.internal import SERVICE_TOKEN_HEADER

NAMES = ["Łukasz Nowak", "Şule Yılmaz", "Дмитрий Иванов", "陈伟", '=HYPERLINK("http://evil.example","click")']
TZ = ZoneInfo("Europe/London")
TYPES = ["attendance_register", "participant_summary", "session_roll", "absence_exceptions", "sign_in_sheet"]
FORMATS = ["pdf", "xlsx", "csv"]
BACKGROUND = {"X-Omni-Background": "1"}


def ok(answer: httpx.Response, status: int = 200) -> dict:
    assert answer.status_code == status, answer.text
    return answer.json()


class School:
    """A class of five (one a formula in disguise), its teacher, three lessons in the coming days
    and a register with every state: each participant's marks differ, so totals can be checked."""

    def __init__(self, org):
        self.org = org
        admin = org.admin
        self.group = ok(admin.post("/api/groups", json={"name": "Year 9 陈", "domain": "education"}), 201)["id"]
        self.people = {
            name: ok(admin.post("/api/participants", json={"name": name, "external_ref": f"R{i}"}), 201)["id"]
            for i, name in enumerate(NAMES)
        }
        ok(admin.post(f"/api/groups/{self.group}/members", json={"participant_ids": list(self.people.values())}))
        ok(admin.post(f"/api/groups/{self.group}/staff", json={"user_ids": [org.frontline.id]}))
        today = datetime.now(TZ).date()
        self.days = [today + timedelta(days=d) for d in (1, 2, 3)]
        self.sessions = [
            ok(
                admin.post(
                    "/api/sessions",
                    json={
                        "group_id": self.group,
                        "title": f"Maths {n + 1}",
                        "starts_at": f"{day}T09:00:00",
                        "ends_at": f"{day}T10:00:00",
                        "location": "Room 1",
                    },
                ),
                201,
            )["id"]
            for n, day in enumerate(self.days)
        ]
        # Łukasz: present, late, absent; Şule: late, absent, excused; Дмитрий: absent, excused, present;
        # 陈: excused, present, late; the formula: present, present, present.
        states = ["present", "late", "absent", "excused"]
        for n, session in enumerate(self.sessions):
            records = []
            for i, (name, pid) in enumerate(self.people.items()):
                state = "present" if name.startswith("=") else states[(i + n) % 4]
                records.append({"participant_id": pid, "state": state, "note": "=1+2" if i == 0 else None})
            ok(admin.post("/api/presence/bulk", json={"session_id": session, "records": records}))
        self.period = {"group_id": self.group, "from": str(today), "to": str(today + timedelta(days=6))}

    def params(self, kind: str) -> dict:
        return {"session_id": self.sessions[0]} if kind in ("session_roll", "sign_in_sheet") else self.period


def wait(member, report_id: str, timeout: float = 150.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report = ok(member.get(f"/api/reports/{report_id}", headers=BACKGROUND))
        assert 0 <= report["progress"] <= 100
        if report["status"] in ("completed", "failed"):
            return report
        time.sleep(0.2)
    pytest.fail(f"report {report_id} not finished within {timeout} s: {report}")


def request(member, kind: str, fmt: str, params: dict) -> str:
    answer = ok(member.post("/api/reports", json={"type": kind, "format": fmt, "params": params}), 202)
    assert answer["status"] == "queued"
    return answer["id"]


def download(member, report_id: str) -> httpx.Response:
    answer = member.get(f"/api/reports/{report_id}/download")
    assert answer.status_code == 200, answer.text
    return answer


def pdf_text(content: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def embedded_fonts(reader: PdfReader) -> set[str]:
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", []) or [font]:
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor and "/FontFile2" in descriptor.get_object():
                    fonts.add(str(font["/BaseFont"]))
    return fonts


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "CSV starts with a UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture
def school(make_org):
    return School(make_org(timezone="Europe/London"))


def test_every_type_in_every_format_reads_right(school):
    manager = school.org.manager
    ids = {(k, f): request(manager, k, f, school.params(k)) for k in TYPES for f in FORMATS}
    files = {}
    for (kind, fmt), report_id in ids.items():
        report = wait(manager, report_id)
        assert report["status"] == "completed", report
        assert report["progress"] == 100 and report["error"] is None and report["size_bytes"] > 0
        answer = download(manager, report_id)
        assert answer.headers["content-type"].startswith(
            {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats", "csv": "text/csv"}[fmt]
        )
        disposition = answer.headers["content-disposition"]
        assert disposition.startswith("attachment;") and f".{fmt}" in disposition and "filename*=UTF-8''" in disposition
        assert len(answer.content) == report["size_bytes"]
        files[kind, fmt] = answer.content

    # --- PDF: every name in its own script, the states, the totals, an embedded font -------------
    for kind in TYPES:
        text, reader = pdf_text(files[kind, "pdf"])
        for name in NAMES[:4]:
            assert name in text, f"{kind}: {name} missing from the PDF"
        assert embedded_fonts(reader), f"{kind}: no embedded font"
        assert school.org.name in text
        assert f"Page 1 of {len(reader.pages)}" in text
    register, reader = pdf_text(files["attendance_register", "pdf"])
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height, "the register is landscape"
    for word in ("Attendance register", "Year 9 陈", "Present", "Late", "Absent", "Excused", "Total Present", "Rate"):
        assert word in register
    assert "Attendance rate over the period" in register
    assert "Lessons" in register or "Students" in register  # the domain's words
    summary, _ = pdf_text(files["participant_summary", "pdf"])
    assert "Student summary" in summary and "60.0%" in summary  # Łukasz: (1 + 0.8 + 0) / 3
    roll, _ = pdf_text(files["session_roll", "pdf"])
    assert "Lesson roll" in roll and "Ada Admin" in roll and "Room 1" in roll
    exceptions, _ = pdf_text(files["absence_exceptions", "pdf"])
    assert "Absence and lateness exceptions" in exceptions and "Longest" in exceptions
    # A list reads across one page: each exception's lesson, state and note side by side.
    first_page = PdfReader(io.BytesIO(files["absence_exceptions", "pdf"])).pages[0].extract_text()
    assert all(heading in first_page for heading in ("Lesson", "State", "Note", "=1+2")), first_page
    assert "Below threshold" in summary
    sheet, _ = pdf_text(files["sign_in_sheet", "pdf"])
    assert "Sign-in sheet" in sheet and "Signature" in sheet

    # --- XLSX: sheets per part, frozen header, autofilter, colours, real numbers, formulas -------
    book = openpyxl.load_workbook(io.BytesIO(files["attendance_register", "xlsx"]))
    assert book.sheetnames[:2] == ["About", "Register"]
    about = book["About"]
    assert about["B2"].value == school.org.name
    generated = next(r for r in about.iter_rows(values_only=True) if r and r[0] == "Generated")
    assert isinstance(generated[1], datetime)
    sheet = book["Register"]
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref.startswith("A1:")
    header = [c.value for c in sheet[1]]
    assert header[0] == "Student" and header[2].endswith("Maths 1") and header[-1] == "Rate"
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2) if r[0].value}
    for name in NAMES[:4]:
        assert name in rows
    lukasz = rows["Łukasz Nowak"]
    assert [c.value for c in lukasz[2:5]] == ["Present", "Late", "Absent"]  # states by their labels
    # states coloured by one conditional format per state over the session columns
    rules = {
        r.formula[0]: (str(cf.sqref), r.dxf.fill.bgColor.rgb)
        for cf in sheet.conditional_formatting
        for r in cf.rules
        if r.type == "cellIs"
    }
    assert set(rules) == {'"Present"', '"Late"', '"Absent"', '"Excused"'}
    assert rules['"Present"'][0] == f"C2:E{sheet.max_row - 5}" and rules['"Present"'][1] != rules['"Absent"'][1]
    present_count = lukasz[5]
    row = lukasz[0].row
    assert present_count.data_type == "f" and present_count.value == f'=COUNTIF(C{row}:E{row},"=Present")'
    assert lukasz[-1].value.startswith("=IFERROR(") and lukasz[-1].number_format == "0.0%"
    totals = rows["Total Present"]
    assert totals[2].data_type == "f" and totals[2].value.startswith("=COUNTIF(C2:C")
    # a participant's name that is a formula stays text
    evil = rows[NAMES[4]]
    assert evil[0].data_type == "s" and evil[0].value == NAMES[4]
    assert "Attendance rate over the period" in book.sheetnames or any("rate" in s.lower() for s in book.sheetnames)

    summary_book = openpyxl.load_workbook(io.BytesIO(files["participant_summary", "xlsx"]))
    summary_rows = {r[0].value: r for r in summary_book["Summary"].iter_rows(min_row=2) if r[0].value}
    dmitry = summary_rows["Дмитрий Иванов"]
    assert [c.value for c in dmitry[2:9]] == [3, 1, 0, 1, 1, 0, 0]  # sessions, categories, unmarked
    assert isinstance(dmitry[2].value, int)
    assert summary_rows["Total"][2].value == f"=SUM(C2:C{len(NAMES) + 1})"

    roll_book = openpyxl.load_workbook(io.BytesIO(files["session_roll", "xlsx"]))
    roll_rows = {r[0].value: r for r in roll_book["Roll"].iter_rows(min_row=2) if r[0].value}
    assert roll_rows["Łukasz Nowak"][2].value == "Present" and roll_rows["Łukasz Nowak"][8].value == "Ada Admin"
    assert isinstance(roll_rows["Łukasz Nowak"][9].value, datetime)
    note = roll_rows["Łukasz Nowak"][7]
    assert note.value == "=1+2" and note.data_type == "s", "a note that looks like a formula stays text"

    # --- CSV: BOM, the first table with its totals, formulas neutralised --------------------------
    table = csv_rows(files["attendance_register", "csv"])
    assert table[0][:2] == ["Student", "Reference"] and table[0][-1] == "Rate (%)"
    by_name = {r[0]: r for r in table[1:]}
    assert by_name["Łukasz Nowak"][2:5] == ["present", "late", "absent"]
    assert by_name["Łukasz Nowak"][-1] == "60.0"
    assert "'" + NAMES[4] in by_name, "a name that is a formula is neutralised"
    assert by_name["Total Present"][2:5] == ["2", "2", "2"]
    for row in table:
        for cell in row:
            assert not cell.startswith(("=", "+", "@")) and not (cell.startswith("-") and not cell[1:2].isdigit())
    summary_csv = {r[0]: r for r in csv_rows(files["participant_summary", "csv"])[1:]}
    assert summary_csv["Şule Yılmaz"][-2] == "40.0"  # late and absent count, excused does not: 0.8 / 2
    exceptions_csv = csv_rows(files["absence_exceptions", "csv"])
    listed = {(r[0], r[5]) for r in exceptions_csv[1:-1]}
    assert ("Łukasz Nowak", "late") in listed and ("Łukasz Nowak", "absent") in listed
    assert not any(r[5] in ("present", "excused") for r in exceptions_csv[1:-1])
    assert exceptions_csv[-1][0] == f"{len(exceptions_csv) - 2} exceptions"
    roll_csv = {r[0]: r for r in csv_rows(files["session_roll", "csv"])[1:]}
    assert roll_csv["Łukasz Nowak"][7] == "'=1+2"
    sheet_csv = csv_rows(files["sign_in_sheet", "csv"])
    assert sheet_csv[0][:4] == ["#", "Student", "Reference", "Signature"]
    assert sorted(r[1] for r in sheet_csv[1:]) == sorted(["'" + NAMES[4], *NAMES[:4]])


def test_the_requester_is_notified_and_lists_their_reports(school):
    manager = school.org.manager
    report_id = request(manager, "attendance_register", "csv", school.period)
    assert wait(manager, report_id)["status"] == "completed"
    mine = ok(manager.get("/api/reports", params={"mine": "true"}))["items"]
    assert [r["id"] for r in mine] == [report_id]
    assert report_id in [r["id"] for r in ok(school.org.admin.get("/api/reports"))["items"]]
    assert ok(school.org.admin.get("/api/reports", params={"mine": "true"}))["items"] == []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = [n for n in ok(manager.get("/api/notifications"))["items"] if n["kind"] == "report_ready"]
        if found:
            assert found[0]["data"]["report_id"] == report_id and "ready" in found[0]["title"]
            return
        time.sleep(0.3)
    pytest.fail("no report_ready notification reached the requester")


def test_frontline_prints_the_sign_in_sheet_of_their_own_sessions_only(school, make_org):
    org = school.org
    frontline = org.frontline
    assert (
        frontline.post(
            "/api/reports", json={"type": "attendance_register", "format": "pdf", "params": school.period}
        ).status_code
        == 403
    )
    assert (
        org.external.post(
            "/api/reports", json={"type": "sign_in_sheet", "format": "pdf", "params": school.params("sign_in_sheet")}
        ).status_code
        == 403
    )
    report_id = request(frontline, "sign_in_sheet", "pdf", school.params("sign_in_sheet"))
    assert wait(frontline, report_id)["status"] == "completed"
    text, _ = pdf_text(download(frontline, report_id).content)
    assert "Sign-in sheet" in text and "Дмитрий Иванов" in text

    # A session of a group they are not assigned to, one of another organization, and one that
    # does not exist: the same 422 naming the field.
    other_group = ok(org.admin.post("/api/groups", json={"name": "Year 10", "domain": "education"}), 201)["id"]
    day = school.days[0]
    not_theirs = ok(
        org.admin.post(
            "/api/sessions",
            json={
                "group_id": other_group,
                "title": "Art",
                "starts_at": f"{day}T11:00:00",
                "ends_at": f"{day}T12:00:00",
            },
        ),
        201,
    )["id"]
    elsewhere = School(make_org()).sessions[0]
    answers = [
        frontline.post("/api/reports", json={"type": "sign_in_sheet", "format": "pdf", "params": {"session_id": s}})
        for s in (not_theirs, elsewhere, "01900000-0000-7000-8000-000000000000")
    ]
    bodies = [(a.status_code, a.json()["errors"]) for a in answers]
    assert bodies[0] == (422, [{"field": "params.session_id", "message": "No such session.", "code": "not_found"}])
    assert bodies[0] == bodies[1] == bodies[2]
    # the manager may print it; a frontline user sees only their own reports
    managers = request(org.manager, "sign_in_sheet", "csv", {"session_id": not_theirs})
    assert frontline.get(f"/api/reports/{managers}").status_code == 404
    assert frontline.get(f"/api/reports/{managers}/download").status_code == 404
    assert [r["id"] for r in ok(frontline.get("/api/reports"))["items"]] == [report_id]


def test_unknown_and_foreign_groups_are_the_same_422_and_bad_params_name_their_field(school, make_org):
    manager = school.org.manager
    foreign = School(make_org()).group

    def ask(params, kind="attendance_register"):
        return manager.post("/api/reports", json={"type": kind, "format": "xlsx", "params": params})

    period = {"from": school.period["from"], "to": school.period["to"]}
    unknown, other = (
        ask({**period, "group_id": "01900000-0000-7000-8000-000000000000"}),
        ask({**period, "group_id": foreign}),
    )
    assert unknown.status_code == other.status_code == 422
    assert (
        unknown.json()["errors"]
        == other.json()["errors"]
        == [{"field": "params.group_id", "message": "No such group.", "code": "not_found"}]
    )
    assert [e["field"] for e in ask({"group_id": school.group}).json()["errors"]] == ["params.from", "params.to"]
    backwards = ask({"group_id": school.group, "from": "2026-05-02", "to": "2026-05-01"})
    assert [e["field"] for e in backwards.json()["errors"]] == ["params.to"]
    assert [e["field"] for e in ask({}, kind="session_roll").json()["errors"]] == ["params.session_id"]
    extra = manager.post("/api/reports", json={"type": "session_roll", "format": "pdf", "params": {"bogus": 1}})
    assert extra.status_code == 422 and extra.json()["errors"][0]["field"] == "params.bogus"
    states = ask({**school.period, "states": ["nonsense"]}, kind="absence_exceptions")
    assert states.json()["errors"] == [{"field": "params.states.0", "message": "No such state.", "code": "not_found"}]
    assert manager.post("/api/reports", json={"type": "x", "format": "doc", "params": {}}).status_code == 422


def _storage_files(stack, report_id: str) -> list:
    root = stack.data_dir / "reports"
    return sorted(p.name for p in root.glob(f"*/{report_id}-*")) if root.exists() else []


def _publish_build(stack, report_id: str) -> None:
    """Deliver the build task again, as a broker redelivering it would."""
    from celery import Celery

    app = Celery(broker=stack.environment["OMNI_REDIS_URL"])
    try:
        app.send_task("reporting.build_report", kwargs={"report_id": report_id}, queue="reporting")
    finally:
        app.close()


def _audit_actions(stack, report_id: str) -> list[str]:
    from sqlalchemy import text

    with stack.engine("reporting").connect() as conn:
        return list(
            conn.execute(
                text("SELECT action FROM audit_log WHERE entity = 'report' AND entity_id = :id ORDER BY created_at"),
                {"id": report_id},
            ).scalars()
        )


def test_a_redelivered_build_builds_once_and_leaves_one_file(school, stack):
    manager = school.org.manager
    report_id = request(manager, "attendance_register", "pdf", school.period)
    for _ in range(3):  # racing the first delivery
        _publish_build(stack, report_id)
    first = wait(manager, report_id)
    assert first["status"] == "completed"
    for _ in range(2):  # after it finished
        _publish_build(stack, report_id)
    time.sleep(3)
    again = ok(manager.get(f"/api/reports/{report_id}"))
    assert again == first, "a later delivery changed nothing"
    assert len(_storage_files(stack, report_id)) == 1, _storage_files(stack, report_id)
    assert _audit_actions(stack, report_id) == ["request", "complete"]
    # (This report's own: another test's build may be half-written at this moment.)
    assert not list((stack.data_dir / "reports").glob(f"*/{report_id}-*.part")), "no half file is left behind"


def _run_maintenance(stack, job: str) -> None:
    headers = {SERVICE_TOKEN_HEADER: stack.service_token}
    queued = ok(httpx.post(f"{stack.urls['reporting']}/internal/maintenance/{job}", headers=headers), 202)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status = httpx.get(f"{stack.urls['reporting']}/internal/diagnostics/tasks/{queued['id']}", headers=headers)
        if status.json()["done_at"]:
            return
        time.sleep(0.2)
    pytest.fail(f"{job} did not run")


def _sql(stack, statement: str, **params) -> None:
    from sqlalchemy import text

    with stack.engine("reporting").begin() as conn:
        conn.execute(text(statement), params)


def test_files_expire_after_their_days_and_then_answer_410(school, stack):
    manager = school.org.manager
    report_id = request(manager, "participant_summary", "xlsx", school.period)
    assert wait(manager, report_id)["status"] == "completed"
    assert len(_storage_files(stack, report_id)) == 1
    report = ok(manager.get(f"/api/reports/{report_id}"))
    kept = datetime.fromisoformat(report["expires_at"]) - datetime.fromisoformat(report["completed_at"])
    assert kept == timedelta(days=30)
    _sql(stack, "UPDATE report SET expires_at = :past WHERE id = :id", past=datetime(2020, 1, 1), id=report_id)
    _run_maintenance(stack, "expire_reports")
    assert ok(manager.get(f"/api/reports/{report_id}"))["expired"] is True
    gone = manager.get(f"/api/reports/{report_id}/download")
    assert gone.status_code == 410 and gone.headers["content-type"].startswith("application/problem+json")
    assert _storage_files(stack, report_id) == []


def test_a_build_that_keeps_dying_fails_with_its_reason(school, stack):
    manager = school.org.manager
    report_id = request(manager, "session_roll", "pdf", school.params("session_roll"))
    assert wait(manager, report_id)["status"] == "completed"
    # as if its worker had died mid-build three times: the next delivery gives up, with the reason
    _sql(
        stack,
        "UPDATE report SET status = 'running', attempts = 3, lease_until = :past WHERE id = :id",
        past=datetime(2020, 1, 1),
        id=report_id,
    )
    _run_maintenance(stack, "recover_stale")
    failed = wait(manager, report_id)
    assert failed["status"] == "failed" and "stopped 3 times" in failed["error"]


def test_schedules_run_in_the_organizations_timezone_once_per_run(school, stack):
    manager = school.org.manager
    body = {
        "name": "Monday register",
        "type": "attendance_register",
        "format": "xlsx",
        "params": {"group_id": school.group},
        "frequency": "weekly",
        "weekday": "mo",
        "time_of_day": "07:00",
        "lookback_days": 7,
    }
    schedule = ok(manager.post("/api/report-schedules", json=body), 201)
    next_run = datetime.fromisoformat(schedule["next_run_at"]).astimezone(TZ)
    assert (next_run.weekday(), next_run.hour, next_run.minute) == (0, 7, 0)
    assert schedule["id"] in [s["id"] for s in ok(manager.get("/api/report-schedules"))["items"]]
    assert school.org.frontline.get("/api/report-schedules").status_code == 403
    bad = manager.post("/api/report-schedules", json={**body, "params": {"group_id": "nope"}})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "params.group_id"
    assert manager.post("/api/report-schedules", json={**body, "type": "sign_in_sheet"}).status_code == 422
    changed = ok(manager.patch(f"/api/report-schedules/{schedule['id']}", json={"time_of_day": "06:30"}))
    assert datetime.fromisoformat(changed["next_run_at"]).astimezone(TZ).strftime("%H:%M") == "06:30"

    # due now: beat makes the run's report once, however often it fires
    due = datetime(2026, 3, 30, 5, 30)  # a Monday, 06:30 in London (BST)
    _sql(stack, "UPDATE report_schedule SET next_run_at = :due WHERE id = :id", due=due, id=schedule["id"])
    _run_maintenance(stack, "run_schedules")
    _sql(stack, "UPDATE report_schedule SET next_run_at = :due WHERE id = :id", due=due, id=schedule["id"])
    _run_maintenance(stack, "run_schedules")
    made = [r for r in ok(manager.get("/api/reports"))["items"] if r["schedule_id"] == schedule["id"]]
    assert len(made) == 1
    assert made[0]["params"]["from"] == "2026-03-23" and made[0]["params"]["to"] == "2026-03-29"
    assert wait(manager, made[0]["id"])["status"] == "completed"
    after = ok(manager.get(f"/api/report-schedules/{schedule['id']}"))
    assert datetime.fromisoformat(after["next_run_at"]) > datetime.fromisoformat(after["last_run_at"])
    assert manager.delete(f"/api/report-schedules/{schedule['id']}").status_code == 204
    assert manager.get(f"/api/report-schedules/{schedule['id']}").status_code == 404
    assert manager.delete(f"/api/report-schedules/{schedule['id']}").status_code == 204  # idempotent
    assert schedule["id"] not in [s["id"] for s in ok(manager.get("/api/report-schedules"))["items"]]
    assert [r["id"] for r in ok(manager.get("/api/reports"))["items"] if r["schedule_id"]] == [made[0]["id"]]


def test_a_period_with_no_sessions_still_makes_a_report(school):
    manager = school.org.manager
    params = {"group_id": school.group, "from": "2020-01-01", "to": "2020-01-31"}
    for fmt in FORMATS:
        report = wait(manager, request(manager, "attendance_register", fmt, params))
        assert report["status"] == "completed", report
    assert date.fromisoformat(params["to"]) < date.today()


def test_a_spreadsheet_keeps_numbers_says_states_by_label_and_tints_rows_below_the_threshold(make_org):
    """One lesson, a custom state and a threshold of 75 %: the file keeps the counts and the
    threshold as numbers, shows the custom state by its label, tints the row under the threshold,
    and its chart of one lesson says there is too little data for a line (a point, in the PDF too)."""
    org = make_org(timezone="Europe/London")
    admin = org.admin
    ok(admin.patch("/api/organizations/current", json={"attendance_threshold_percent": 75}))
    state = {"domain": "education", "code": "trip", "label": "School trip", "color": "#2266aa", "category": "other"}
    ok(admin.post("/api/presence-states", json={**state, "weight": 1}), 201)
    group = ok(admin.post("/api/groups", json={"name": "Year 4", "domain": "education"}), 201)["id"]
    people = [ok(admin.post("/api/participants", json={"name": n}), 201)["id"] for n in ("Ann Away", "Tim Trip")]
    ok(admin.post(f"/api/groups/{group}/members", json={"participant_ids": people}))
    day = datetime.now(TZ).date() + timedelta(days=1)
    session = ok(
        admin.post(
            "/api/sessions",
            json={"group_id": group, "title": "Art", "starts_at": f"{day}T09:00:00", "ends_at": f"{day}T10:00:00"},
        ),
        201,
    )["id"]
    records = [{"participant_id": people[0], "state": "absent"}, {"participant_id": people[1], "state": "trip"}]
    ok(admin.post("/api/presence/bulk", json={"session_id": session, "records": records}))
    params = {"group_id": group, "from": str(day), "to": str(day)}
    manager = org.manager
    files = {}
    for kind, fmt in [("attendance_register", "xlsx"), ("participant_summary", "xlsx"), ("participant_summary", "pdf")]:
        report = wait(manager, request(manager, kind, fmt, params))
        assert report["status"] == "completed", report
        files[kind, fmt] = download(manager, report["id"]).content

    register = openpyxl.load_workbook(io.BytesIO(files["attendance_register", "xlsx"]))
    about = {r[0].value: r[1] for r in register["About"].iter_rows() if r[0].value and len(r) > 1}
    assert about["Lessons"].value == 1 and about["Lessons"].data_type == "n"
    assert about["Students"].value == 2 and about["Students"].data_type == "n"
    threshold = about["Attendance threshold"]
    assert threshold.value == 0.75 and threshold.data_type == "n" and threshold.number_format == "0%"
    sheet = register["Register"]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2) if r[0].value}
    assert rows["Tim Trip"][2].value == "School trip" and rows["Ann Away"][2].value == "Absent"
    header = [c.value for c in sheet[1]]
    assert "School trip" in header  # its count's column, by its label
    count = rows["Tim Trip"][header.index("School trip")]
    assert count.data_type == "f" and count.value.endswith(',"=School trip")')
    below = [r for cf in sheet.conditional_formatting for r in cf.rules if r.type == "expression"]
    rate = get_column_letter(len(header))
    assert [r.formula for r in below] == [[f"AND(ISNUMBER(${rate}2),${rate}2<0.75)"]]
    chart = register[next(n for n in register.sheetnames if n.startswith("Attendance rate"))]
    figures = [[c.value for c in r] for r in chart.iter_rows()]
    assert figures[1] == [day.strftime("%d %b"), 0.5]
    assert any(v and "Too little data" in str(v) for row in figures for v in row)

    summary = openpyxl.load_workbook(io.BytesIO(files["participant_summary", "xlsx"]))
    about = {r[0].value: r[1] for r in summary["About"].iter_rows() if r[0].value and len(r) > 1}
    assert about["Attendance threshold"].value == 0.75 and about["Lessons"].value == 1
    sheet = summary["Summary"]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2) if r[0].value}
    assert all(isinstance(c.value, int) for c in rows["Ann Away"][2:9])  # sessions, categories, unmarked
    header = [c.value for c in sheet[1]]
    rate = get_column_letter(header.index("Rate") + 1)
    rules = [r.formula for cf in sheet.conditional_formatting for r in cf.rules if r.type == "expression"]
    assert rules == [[f"AND(ISNUMBER(${rate}2),${rate}2<0.75)"]]
    assert str(next(cf.sqref for cf in sheet.conditional_formatting)).startswith("A2:")

    text, _ = pdf_text(files["participant_summary", "pdf"])
    assert "75%" in text and "Too little data for a line" in text


def _evaluate(formula: str, row: dict[str, float]) -> float | None:
    """A rate's spreadsheet formula, IFERROR((w*D2+…)/(D2+…),""), worked out over the row's cells."""
    inner = formula.removeprefix("=").removeprefix("IFERROR(").removesuffix(',"")')
    expression = re.sub(r"[A-Z]+\d+", lambda m: repr(float(row[m.group(0)] or 0)), inner)
    assert re.fullmatch(r"[0-9.+*/() ]+", expression), expression
    try:
        return eval(expression)  # digits and arithmetic only, checked above
    except ZeroDivisionError:
        return None


def test_the_attendance_rate_is_the_same_in_every_format(make_org):
    """One definition of the rate: the PDF, the CSV and the spreadsheet (its formula or its number)
    give the same rate for each participant, also where a category mixes states that count and
    states left out (a school trip counts as attended; a plain excused absence is left out)."""
    org = make_org(timezone="Europe/London")
    admin = org.admin
    ok(
        admin.post(
            "/api/presence-states",
            json={
                "domain": "education",
                "code": "trip",
                "label": "School trip",
                "color": "#2266aa",
                "category": "excused",
                "weight": 1,
            },
        ),
        201,
    )
    group = ok(admin.post("/api/groups", json={"name": "Year 8", "domain": "education"}), 201)["id"]
    people = {n: ok(admin.post("/api/participants", json={"name": n}), 201)["id"] for n in ("Ana", "Ben", "Cy")}
    ok(admin.post(f"/api/groups/{group}/members", json={"participant_ids": list(people.values())}))
    marks = {"Ana": ["present", "excused", "absent"], "Ben": ["trip", "late", "excused"], "Cy": ["excused"] * 3}
    today = datetime.now(TZ).date()
    for n in range(3):
        day = today + timedelta(days=n + 1)
        session = ok(
            admin.post(
                "/api/sessions",
                json={
                    "group_id": group,
                    "title": f"L{n}",
                    "starts_at": f"{day}T09:00:00",
                    "ends_at": f"{day}T10:00:00",
                },
            ),
            201,
        )["id"]
        records = [{"participant_id": people[p], "state": marks[p][n]} for p in people]
        ok(admin.post("/api/presence/bulk", json={"session_id": session, "records": records}))
    params = {"group_id": group, "from": str(today), "to": str(today + timedelta(days=6))}
    files = {}
    for fmt in FORMATS:
        report = wait(org.manager, request(org.manager, "participant_summary", fmt, params))
        assert report["status"] == "completed", report
        files[fmt] = download(org.manager, report["id"]).content

    expected = {"Ana": 50.0, "Ben": 90.0, "Cy": None}  # (1 + 0) / 2; (1 + 0.8) / 2; nothing counted
    by_csv = {r[0]: r for r in csv_rows(files["csv"])[1:]}
    assert {n: float(by_csv[n][-2]) if by_csv[n][-2] else None for n in people} == expected
    pdf, _ = pdf_text(files["pdf"])
    lines = {line.split()[0]: line for line in pdf.splitlines() if line.split() and line.split()[0] in people}
    for name, rate in expected.items():
        if rate is not None:
            assert f"{rate:.1f}%" in lines[name], lines[name]
    sheet = openpyxl.load_workbook(io.BytesIO(files["xlsx"]))["Summary"]
    header = [c.value for c in sheet[1]]
    rate_at = header.index("Rate")
    for row in sheet.iter_rows(min_row=2):
        if row[0].value not in people:
            continue
        cell = row[rate_at]
        values = {c.coordinate: c.value for c in row}
        rate = _evaluate(cell.value, values) if cell.data_type == "f" else cell.value
        assert (None if rate in (None, "") else round(rate * 100, 1)) == expected[row[0].value], (
            row[0].value,
            cell.value,
        )


def test_the_pdf_font_prints_every_script_and_one_that_cannot_be_read_stops_reporting_at_start(
    stack, tmp_path, monkeypatch
):
    """The font `make setup` installs (or unpacks) covers every script a name may be in; a
    configured one that is missing or not a font is refused when the settings load (the API's and
    the worker's start), never by every PDF later."""
    from pydantic import ValidationError

    from reporting.config import Settings
    from reporting.rendering.fonts import find_font, load_font

    if "REPORTING_FONT_PATH" in stack.environment:  # the one `make setup` unpacked, without root
        monkeypatch.setenv("REPORTING_FONT_PATH", stack.environment["REPORTING_FONT_PATH"])
    font = load_font(find_font(Settings().font_path))
    assert all(ord(c) in font.face.charToGlyph for c in "ŁłŞşıДмитрий陈伟")
    for bad in (tmp_path / "missing.ttf", tmp_path / "not-a-font.ttf"):
        if bad.name.startswith("not"):
            bad.write_text("hello")
        monkeypatch.setenv("REPORTING_FONT_PATH", str(bad))
        with pytest.raises(ValidationError, match="font"):
            Settings()


def test_reports_can_be_limited_to_some_participants(school, make_org):
    """SPEC §5: filtered by participants, in every type; an unknown or another organization's
    participant is the same 422, naming its place in the list."""
    manager = school.org.manager
    chosen = [school.people["Şule Yılmaz"], school.people["陈伟"]]
    names = {"Şule Yılmaz", "陈伟"}
    for kind in ("participant_summary", "session_roll", "sign_in_sheet"):
        params = {**school.params(kind), "participant_ids": chosen}
        report = wait(manager, request(manager, kind, "csv", params))
        assert report["status"] == "completed", report
        rows = csv_rows(download(manager, report["id"]).content)[1:]
        everyone = {*NAMES, "'" + NAMES[4]}
        listed = {r[1] if kind == "sign_in_sheet" else r[0] for r in rows if r} & everyone
        assert listed == names, (kind, listed)

    stranger = ok(make_org().admin.post("/api/participants", json={"name": "Elsewhere"}), 201)["id"]
    params = {**school.period, "participant_ids": [chosen[0], "no-such-participant", stranger]}
    refused = manager.post("/api/reports", json={"type": "attendance_register", "format": "csv", "params": params})
    assert refused.status_code == 422, refused.text
    assert [(e["field"], e["code"]) for e in refused.json()["errors"]] == [
        ("params.participant_ids.1", "not_found"),
        ("params.participant_ids.2", "not_found"),
    ]
