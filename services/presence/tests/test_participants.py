"""Participants: records, search, pages, and imports from CSV and XLSX that are all or nothing."""

import io
import zipfile

import openpyxl

from classroom import ok

NAMES = ["Łukasz Nowak", "Şule Yılmaz", "Дмитрий Иванов", "陈伟", "Aoife Byrne"]


def test_create_search_page_update_and_deactivate(org):
    made = [
        ok(org.admin.post("/api/participants", json={"name": n, "external_ref": f"S-{i}", "attributes": {"year": 5}}))
        for i, n in enumerate(NAMES)
    ]
    assert ok(org.admin.get("/api/participants", params={"q": "yılmaz"}))["items"][0]["name"] == "Şule Yılmaz"
    assert ok(org.admin.get("/api/participants", params={"q": "S-3"}))["items"][0]["name"] == "陈伟"
    # Whatever the case and the script (the embedded SQLite's own lower() folds ASCII only).
    for term, name in [("şULE", "Şule Yılmaz"), ("иванов", "Дмитрий Иванов"), ("ŁUKASZ", "Łukasz Nowak")]:
        assert [p["name"] for p in ok(org.admin.get("/api/participants", params={"q": term}))["items"]] == [name]
    seen, cursor = [], None
    while True:
        page = ok(org.manager.get("/api/participants", params={"limit": 2, **({"cursor": cursor} if cursor else {})}))
        seen += [p["name"] for p in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert seen == ["Aoife Byrne", "Łukasz Nowak", "Şule Yılmaz", "Дмитрий Иванов", "陈伟"]  # by name
    # A search for a literal % or _ finds only what has one.
    ok(org.admin.post("/api/participants", json={"name": "Half_time 50% Club"}))
    assert [p["name"] for p in ok(org.admin.get("/api/participants", params={"q": "50%"}))["items"]] == [
        "Half_time 50% Club"
    ]
    assert [p["name"] for p in ok(org.admin.get("/api/participants", params={"q": "f_t"}))["items"]] == [
        "Half_time 50% Club"
    ]
    taken = org.admin.patch(f"/api/participants/{made[0]['id']}", json={"external_ref": "S-1"})
    assert taken.status_code == 422 and taken.json()["errors"][0]["field"] == "external_ref"
    ok(org.admin.patch(f"/api/participants/{made[0]['id']}", json={"phone": "+44 20 7946 0958", "email": None}))
    assert org.admin.delete(f"/api/participants/{made[0]['id']}").status_code == 204
    assert ok(org.admin.get(f"/api/participants/{made[0]['id']}"))["is_active"] is False


def test_a_frontline_user_sees_only_their_groups_members(org, classroom):
    outsider = ok(org.admin.post("/api/participants", json={"name": "Not in the class"}))
    visible = {p["id"] for p in ok(org.frontline.get("/api/participants"))["items"]}
    assert visible == set(classroom.ids)
    assert org.frontline.get(f"/api/participants/{outsider['id']}").status_code == 404
    assert org.external.get("/api/participants").status_code == 403


def csv_file(rows: list[str]) -> bytes:
    return ("\ufeff" + "\n".join(rows) + "\n").encode()


def upload(member, content: bytes, name: str, dry_run: bool):
    return member.post(
        "/api/participants/import", params={"dry_run": str(dry_run).lower()}, files={"file": (name, content)}
    )


def test_a_csv_import_previews_row_errors_then_applies_all_or_nothing(org):
    ok(org.admin.post("/api/participants", json={"name": "Old Name", "external_ref": "A1"}))
    bad = csv_file(
        [
            "name,external_ref,email,phone,house",
            "Łukasz Nowak,A1,lukasz@example.com,,Red",
            ",A2,,,Blue",
            "陈伟,A3,not-an-email,,Green",
            "Дмитрий,A3,,,Red",
        ]
    )
    preview = ok(upload(org.admin, bad, "pupils.csv", dry_run=True))
    assert preview["dry_run"] is True and (preview["created"], preview["updated"]) == (0, 1)
    assert [(e["row"], e["field"]) for e in preview["errors"]] == [(3, "name"), (4, "email"), (5, "external_ref")]
    refused = upload(org.admin, bad, "pupils.csv", dry_run=False)
    assert refused.status_code == 422
    assert [(e["row"], e["field"]) for e in refused.json()["errors"]] == [
        (3, "name"),
        (4, "email"),
        (5, "external_ref"),
    ]
    assert ok(org.admin.get("/api/participants", params={"q": "A1"}))["items"][0]["name"] == "Old Name"

    # A row with several problems names each of them, not only the first found.
    several = csv_file(["name,external_ref,email,group", "Ada,B1,,", ",B1,not-an-email,No such class"])
    preview = ok(upload(org.admin, several, "pupils.csv", dry_run=True))
    assert [(e["row"], e["field"]) for e in preview["errors"]] == [
        (3, "name"),
        (3, "external_ref"),
        (3, "email"),
        (3, "group"),
    ]

    good = csv_file(
        [
            "name,external_ref,email,phone,house",
            "Łukasz Nowak,A1,lukasz@example.com,+48 22 123 45 67,Red",
            "Şule Yılmaz,A2,,,Blue",
            "陈伟,A3,,,Green",
            'Aoife Byrne,,,,=HYPERLINK("http://evil")',
        ]
    )
    assert ok(upload(org.admin, good, "pupils.csv", dry_run=True))["errors"] == []
    done = ok(upload(org.admin, good, "pupils.csv", dry_run=False))
    assert (done["created"], done["updated"], done["errors"]) == (3, 1, [])
    assert len(set(done["participant_ids"])) == 4
    people = {p["name"]: p for p in ok(org.admin.get("/api/participants", params={"limit": 100}))["items"]}
    assert people["Łukasz Nowak"]["external_ref"] == "A1" and people["Łukasz Nowak"]["phone"] == "+48 22 123 45 67"
    assert people["Şule Yılmaz"]["attributes"] == {"house": "Blue"}
    assert people["Aoife Byrne"]["attributes"]["house"] == '\'=HYPERLINK("http://evil")'  # text, never a formula
    imported = ok(org.admin.get("/api/audit-logs", params={"entity": "participant"}))["items"]
    assert {e["source"] for e in imported if e["action"] == "create"} >= {"import"}


def xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_import_reads_numbers_as_references_and_formulas_as_text(org):
    content = xlsx([["Name", "External ref", "Year"], ["Dmitri", 12345, 7], ["Sule", 12346, "=1+1"]])
    done = ok(upload(org.admin, content, "class.xlsx", dry_run=False))
    assert done["created"] == 2
    people = {p["name"]: p for p in ok(org.admin.get("/api/participants"))["items"]}
    assert people["Dmitri"]["external_ref"] == "12345" and people["Dmitri"]["attributes"] == {"year": "7"}
    assert people["Sule"]["attributes"] == {"year": "'=1+1"}


def test_hostile_files_are_refused_by_name(org):
    # A zip bomb: a small workbook that unpacks to far more than the import allows.
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "0" * (200 * 1024 * 1024))
    answer = upload(org.admin, bomb.getvalue(), "bomb.xlsx", dry_run=True)
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "file"
    # XML entity expansion ("billion laughs") inside a workbook's sheet.
    entities = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    book = zipfile.ZipFile(io.BytesIO(xlsx([["name"], ["x"]])))
    sheet = book.read("xl/worksheets/sheet1.xml").decode()
    laughs = f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY l0 "lol">{entities}]>' + sheet.replace(
        "<t>x</t>", "<t>&l9;</t>"
    )
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(rebuilt, "w") as target:
        for item in book.infolist():
            target.writestr(item, laughs if item.filename.endswith("sheet1.xml") else book.read(item.filename))
    answer = upload(org.admin, rebuilt.getvalue(), "laughs.xlsx", dry_run=True)
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "file"
    # Not UTF-8, too many rows, too large.
    assert (
        upload(org.admin, "name\nJos\xe9\n".encode("latin-1"), "x.csv", dry_run=True).json()["errors"][0]["field"]
        == "file"
    )
    many = csv_file(["name"] + [f"P{i}" for i in range(10_001)])
    answer = upload(org.admin, many, "many.csv", dry_run=True)
    assert answer.status_code == 422 and "10000 rows" in answer.json()["errors"][0]["message"]
    huge = b"name\n" + b"x" * (6 * 1024 * 1024)
    assert upload(org.admin, huge, "huge.csv", dry_run=True).status_code == 422
    assert upload(org.manager, csv_file(["name", "A"]), "x.csv", dry_run=True).status_code == 403


def test_an_import_can_make_members_of_a_group_from_a_past_date(org):
    """A school starting mid-term imports its classes with the day each pupil joined, so last
    week's register can be entered."""
    group = ok(org.admin.post("/api/groups", json={"name": "Year 7 Red", "domain": "education"}))
    rows = csv_file(
        [
            "name,external_ref,group,member_since",
            "Ada Lovelace,R1,year 7 red,2026-09-01",
            "Alan Turing,R2,Year 7 Red,",
            "Grace Hopper,R3,Year 9 Blue,",
            "Edsger Dijkstra,R4,,2026-09-01",
            "Barbara Liskov,R5,Year 7 Red,last monday",
        ]
    )
    preview = ok(upload(org.admin, rows, "classes.csv", dry_run=True))
    assert [(e["row"], e["field"]) for e in preview["errors"]] == [
        (4, "group"),
        (5, "member_since"),
        (6, "member_since"),
    ]
    good = csv_file(
        [
            "name,external_ref,group,member_since",
            "Ada Lovelace,R1,year 7 red,2026-09-01",
            f"Alan Turing,R2,{group['id']},",
        ]
    )
    ok(upload(org.admin, good, "classes.csv", dry_run=False))
    members = {m["participant"]["name"]: m for m in ok(org.admin.get(f"/api/groups/{group['id']}/members"))["items"]}
    assert set(members) == {"Ada Lovelace", "Alan Turing"}
    assert members["Ada Lovelace"]["starts_at"].startswith("2026-09-01")
