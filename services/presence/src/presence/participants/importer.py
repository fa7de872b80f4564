"""Importing participants from CSV or XLSX (SPEC §8): all or nothing, every bad row named.

The header row names participant fields (name, external_ref, email, phone); any other column
becomes an attribute. A row whose external_ref matches an existing participant updates it. Two
optional columns make memberships: `group` (a group's name or id) and `member_since` (a date in
the organization's timezone, default today), so a register can be filled in from an earlier date.
Files are read defensively: a size and row limit, XLSX opened only after its zip entries are
checked (no zip bombs) and parsed by openpyxl with defusedxml (no XML entity expansion), and a
cell that starts like a formula is kept as text, never as a formula.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal
from omni_common.db.base import utcnow
from omni_common.errors import Invalid, validation_errors
from omni_common.ids import new_id
from presence.context import PresenceContext
from presence.groups.schemas import MembersAdd
from presence.groups.service import add_members
from presence.participants import repository
from presence.participants.schemas import ImportError_, ImportResult, ParticipantCreate
from presence.participants.service import snapshot

FIELDS = ("name", "external_ref", "email", "phone")
MEMBERSHIP = ("group", "member_since")
# A row's problems are listed in the order of these columns.
_COLUMN_ORDER = {name: i for i, name in enumerate((*FIELDS, *MEMBERSHIP, "attributes"))}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAGIC = b"PK\x03\x04"


@dataclass
class Row:
    number: int
    record: ParticipantCreate
    group: str | None = None  # the group's id
    since: datetime | None = None


@dataclass
class Sheet:
    header: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (row number in the file, cells)


def neutralise(value: Any, column: str) -> Any:
    """Text that a spreadsheet would run as a formula is kept as text (a leading apostrophe).
    A phone number's leading + is a phone number's, and is kept."""
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    if column == "phone" and value[1:2].isdigit():
        return value
    return "'" + value


def _cell(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 12345.0 in a spreadsheet is the reference 12345
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _header(cells: list[Any]) -> list[str]:
    return [str(c or "").strip().lower().replace(" ", "_") for c in cells]


def read_csv(data: bytes, max_rows: int) -> Sheet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid.field("file", "The CSV file is not UTF-8 text.", "bad_file") from None
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # newline="": the reader itself ends rows at \r\n, \n or a bare \r (old Mac spreadsheets).
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    sheet = None
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            if sheet is None:
                sheet = Sheet(_header(cells))
                continue
            if not any(c.strip() for c in cells):
                continue
            if len(sheet.rows) >= max_rows:
                raise Invalid.field("file", f"The file has more than {max_rows} rows; split it.", "too_many")
            sheet.rows.append((number, cells))
    except csv.Error as exc:
        raise Invalid.field("file", f"Row {number + 1} {_csv_problem(exc)}", code="bad_file") from None
    if sheet is None:
        raise Invalid.field("file", "The file is empty.", "empty")
    return sheet


def _csv_problem(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return f"has a cell longer than {csv.field_size_limit():,} characters; no field is that long."
    return "is not valid CSV; save the sheet again as CSV (UTF-8)."


def read_xlsx(data: bytes, max_rows: int, max_unpacked: int) -> Sheet:
    import openpyxl  # with defusedxml installed, openpyxl parses without entity expansion

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise Invalid.field("file", "The file is not a valid XLSX workbook.", "bad_file") from None
    if unpacked > max_unpacked:
        raise Invalid.field("file", "The workbook unpacks to more than the import allows.", "too_large")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:
        raise Invalid.field("file", "The file is not a valid XLSX workbook.", "bad_file") from None
    sheet = None
    rows = workbook.worksheets[0].iter_rows()
    try:
        for number, row in enumerate(_guarded(rows), start=1):
            cells = []
            for cell in row:
                value = cell.value
                if getattr(cell, "data_type", None) == "f" and isinstance(value, str) and not value.startswith("="):
                    value = "=" + value
                cells.append(_cell(value))
            if sheet is None:
                sheet = Sheet(_header(cells))
                continue
            if not any(c not in (None, "") for c in cells):
                continue
            if len(sheet.rows) >= max_rows:
                raise Invalid.field("file", f"The file has more than {max_rows} rows; split it.", "too_many")
            sheet.rows.append((number, cells))
    finally:
        workbook.close()
    if sheet is None:
        raise Invalid.field("file", "The workbook's first sheet is empty.", "empty")
    return sheet


def _guarded(rows):
    """Rows of a read-only sheet, parsed as they are read: a broken or hostile sheet (an XML entity
    bomb, refused by defusedxml) is a bad file, not a server error."""
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception:
            raise Invalid.field("file", "The file is not a valid XLSX workbook.", "bad_file") from None
        yield row


def read_file(data: bytes, filename: str, max_rows: int, max_unpacked: int) -> Sheet:
    if data.startswith(XLSX_MAGIC) or filename.lower().endswith(".xlsx"):
        return read_xlsx(data, max_rows, max_unpacked)
    return read_csv(data, max_rows)


def _membership(
    number: int, values: dict[str, Any], groups: dict[str, str], tz
) -> tuple[str | None, datetime | None, list[ImportError_]]:
    """The row's group (its id) and the start of its membership, or the errors naming them."""
    named, since = values.get("group"), values.get("member_since")
    if named is None:
        if since is not None:
            return (
                None,
                None,
                [ImportError_(row=number, field="member_since", message="Name the group too.", code="required")],
            )
        return None, None, []
    group_id = groups.get(str(named).strip().casefold())
    errors = (
        [] if group_id else [ImportError_(row=number, field="group", message=f"No group {named!r}.", code="not_found")]
    )
    start = None
    if since is not None:
        try:
            start = datetime.combine(date.fromisoformat(str(since)[:10]), datetime.min.time(), tz)
        except ValueError:
            errors.append(
                ImportError_(row=number, field="member_since", message="Not a date (YYYY-MM-DD).", code="date_format")
            )
    return group_id, start, errors


def _records(sheet: Sheet, groups: dict[str, str], tz) -> tuple[list[Row], list[ImportError_]]:
    if "name" not in sheet.header:
        return [], [ImportError_(row=1, field="name", message="The header row has no 'name' column.", code="required")]
    errors: list[ImportError_] = []
    seen: dict[str, int] = {}
    valid = []
    for number, cells in sheet.rows:
        values: dict[str, Any] = {}
        attributes: dict[str, Any] = {}
        for column, raw in zip(sheet.header, cells, strict=False):
            if not column:
                continue
            value = neutralise(raw.strip() if isinstance(raw, str) else raw, column)
            if value in ("", None):
                continue
            (values if column in (*FIELDS, *MEMBERSHIP) else attributes)[column] = value
        # Every problem of a row is named, so one fix of the file is enough.
        problems: list[ImportError_] = []
        ref = values.get("external_ref")
        if ref is not None:
            ref = str(ref).strip()
            if ref in seen:  # named even when the earlier row has problems of its own
                problems.append(
                    ImportError_(
                        row=number,
                        field="external_ref",
                        message=f"Row {seen[ref]} has the same reference.",
                        code="duplicate",
                    )
                )
            else:
                seen[ref] = number
        group_id, since, membership_problems = _membership(number, values, groups, tz)
        problems += membership_problems
        record = None
        try:
            record = ParticipantCreate(**{k: v for k, v in values.items() if k in FIELDS}, attributes=attributes)
        except ValidationError as exc:
            problems += [
                ImportError_(row=number, field=e["field"].split(".")[0], message=e["message"], code=e["code"])
                for e in validation_errors(exc)
            ]
        errors += sorted(problems, key=lambda e: _COLUMN_ORDER.get(e.field, len(_COLUMN_ORDER)))
        if record is not None and not problems:
            valid.append(Row(number, record, group_id, since))
    return valid, errors


def _add_memberships(session: Session, ctx: PresenceContext, principal: Principal, wanted: list) -> None:
    """Make the rows' memberships, a request per group and start (as the members screen does)."""
    batches: dict[tuple[str, datetime | None], list[str]] = {}
    for group_id, since, participant_id in wanted:
        batches.setdefault((group_id, since), []).append(participant_id)
    for (group_id, since), ids in batches.items():
        add_members(session, ctx, principal, group_id, MembersAdd(participant_ids=ids, starts_at=since))


def import_participants(
    session: Session, ctx: PresenceContext, principal: Principal, sheet: Sheet, *, dry_run: bool
) -> ImportResult:
    """A dry run answers what would happen, row errors included; a real one with any error changes
    nothing and answers 422 with the same errors."""
    groups = (
        repository.group_names(session, principal) if "group" in sheet.header or "member_since" in sheet.header else {}
    )
    valid, errors = _records(sheet, groups, principal.tz)
    if errors and not dry_run:
        raise Invalid(
            [e.model_dump() for e in errors], detail=f"{len(errors)} problem(s) in the file; nothing was imported."
        )
    existing = repository.by_external_refs(
        session, principal.organization_id, [r.record.external_ref for r in valid if r.record.external_ref]
    )
    creates, updates = [], []
    for row in valid:
        match = existing.get(row.record.external_ref) if row.record.external_ref else None
        (updates if match is not None else creates).append((match, row.record))
    if dry_run:
        return ImportResult(created=len(creates), updated=len(updates), errors=errors, dry_run=True)

    now = utcnow()
    rows = [
        {
            "id": new_id(),
            "organization_id": principal.organization_id,
            "is_active": True,
            "created_at": now,
            "updated_at": now,
            **record.model_dump(),
        }
        for _, record in creates
    ]
    if rows:
        repository.insert_many(session, rows)
    audit = [
        {
            "entity_id": row["id"],
            "action": "create",
            "after": {k: v for k, v in row.items() if k in (*FIELDS, "attributes")},
        }
        for row in rows
    ]
    for participant, record in updates:
        before = snapshot(participant)
        participant.name = record.name
        for column in ("email", "phone"):
            if getattr(record, column) is not None:
                setattr(participant, column, getattr(record, column))
        participant.attributes = {**participant.attributes, **record.attributes}
        participant.is_active = True
        audit.append(
            {"entity_id": participant.id, "action": "update", "before": before, "after": snapshot(participant)}
        )
    ctx.audit.record_many(
        session,
        organization_id=principal.organization_id,
        entity="participant",
        actor_id=principal.user_id,
        source="import",
        entries=audit,
    )
    made = {id(record): row["id"] for (_, record), row in zip(creates, rows, strict=True)}
    made |= {id(record): participant.id for participant, record in updates}
    _add_memberships(session, ctx, principal, [(r.group, r.since, made[id(r.record)]) for r in valid if r.group])
    return ImportResult(
        created=len(creates),
        updated=len(updates),
        errors=[],
        dry_run=False,
        participant_ids=[row["id"] for row in rows] + [p.id for p, _ in updates],
    )
