"""The five report types of SPEC §5, each as a Document in the group's domain terms: the
attendance register, the participant summary, the session roll, the absence and lateness
exceptions, and the sign-in sheet. Rows stream from presence into the writer; only small
running totals (per session, per state) are kept."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl.utils import get_column_letter

from reporting.rendering.document import (
    DASH,
    Cell,
    Chart,
    Column,
    Computed,
    Document,
    Part,
    Percent,
    State,
    StateCell,
    Table,
    short_codes,
    state_criterion,
)
from reporting.sources import IdentitySource, PresenceSource, SourceError

NOT_MEMBER = DASH  # printed where someone was not a member at that session
DEFAULT_TERMS = {
    "participant": "Participant",
    "participants": "Participants",
    "group": "Group",
    "groups": "Groups",
    "session": "Session",
    "sessions": "Sessions",
}


@dataclass
class Context:
    """What every type needs: whose report, about what, in whose words, and how far it got."""

    organization: dict[str, Any]
    scope: dict[str, Any]
    params: dict[str, Any]
    presence: PresenceSource
    identity: IdentitySource
    progress: Callable[[float], None]
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def org_id(self) -> str:
        return self.organization["id"]

    @property
    def participant_ids(self) -> list[str] | None:
        """The participants the report is limited to (None: everyone)."""
        return self.params.get("participant_ids") or None

    def includes(self, line: dict[str, Any]) -> bool:
        """Whether a line of a session's roll is about a participant the report covers."""
        wanted = self.participant_ids
        return wanted is None or line["participant"]["id"] in wanted

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.organization.get("timezone") or "UTC")

    @property
    def terms(self) -> dict[str, str]:
        domain = self.scope.get("domain") or {}
        return {**DEFAULT_TERMS, **(domain.get("terminology") or {})}

    @property
    def states(self) -> list[State]:
        raw = self.scope.get("states") or []
        shorts = short_codes([s["code"] for s in raw])
        labels = _distinct_labels(raw)
        return [
            State(
                code=s["code"],
                label=labels[s["code"]],
                color=s["color"],
                category=s["category"],
                weight=None if s["weight"] is None else float(s["weight"]),
                short=shorts[s["code"]],
            )
            for s in raw
        ]

    @property
    def group(self) -> dict[str, Any]:
        return self.scope["group"]

    @property
    def session(self) -> dict[str, Any]:
        return self.scope["session"]

    def local(self, value: str | datetime | None) -> datetime | None:
        if value is None:
            return None
        at = datetime.fromisoformat(value) if isinstance(value, str) else value
        return at.astimezone(self.tz)

    def days(self) -> tuple[date, date]:
        return date.fromisoformat(self.params["from"]), date.fromisoformat(self.params["to"])

    def bounds(self) -> tuple[datetime, datetime]:
        first, last = self.days()
        return (
            datetime.combine(first, time(), self.tz).astimezone(UTC),
            datetime.combine(last + timedelta(days=1), time(), self.tz).astimezone(UTC),
        )

    def period(self) -> str:
        first, last = self.days()
        return f"{first.isoformat()} {DASH} {last.isoformat()}"

    def document(self, title: str, subject: str, period: str, parts: Iterator[Part], **kw: Any) -> Document:
        return Document(
            title=title,
            file_stem=f"{title} {subject} {period}",
            organization=self.organization["name"],
            subject=subject,
            period=period,
            generated_at=self.now.astimezone(self.tz),
            timezone=str(self.tz),
            legend=kw.pop("legend", self.states),
            parts=parts,
            **kw,
        )


def _distinct_labels(raw: list[dict[str, Any]]) -> dict[str, str]:
    """Each state's label for people (a spreadsheet's cells hold it, and count by it): a retired
    one says so, and a label two states share (as a spreadsheet compares: ignoring case) names
    its code too."""
    labels = {s["code"]: s["label"] + (" (retired)" if s.get("retired") else "") for s in raw}
    seen: dict[str, int] = {}
    for label in labels.values():
        seen[label.casefold()] = seen.get(label.casefold(), 0) + 1
    return {code: f"{label} ({code})" if seen[label.casefold()] > 1 else label for code, label in labels.items()}


def _rate_formula(weights: list[tuple[float | None, str]]) -> str:
    """Attendance rate over count cells: weighted marks over marks that count (excused do not)."""
    counted = [(w, ref) for w, ref in weights if w is not None]
    if not counted:
        return '""'
    top = "+".join(f"{w:g}*{ref}" for w, ref in counted if w)
    bottom = "+".join(ref for _, ref in counted)
    return f'IFERROR(({top or "0"})/({bottom}),"")'


def _rate(counts: dict[str, int], states: list[State]) -> float | None:
    marks = sum(counts.get(s.code, 0) for s in states if s.weight is not None)
    if not marks:
        return None
    return sum(counts.get(s.code, 0) * s.weight for s in states if s.weight is not None) / marks


class Register:
    """Reads a group's register once and keeps the running totals every period type needs."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        start, end = ctx.bounds()
        self.lines = ctx.presence.register(ctx.org_id, ctx.group["id"], start, end, ctx.participant_ids)
        first = next(self.lines)
        self.sessions: list[dict[str, Any]] = first["items"]
        meta = next(self.lines)
        self.participants: int = meta["participants"]
        self.name_width: int = meta["name_width"]
        self.per_session: list[dict[str, int]] = [{} for _ in self.sessions]
        self.done = 0

    def rows(self) -> Iterator[dict[str, Any]]:
        for line in self.lines:
            if line["kind"] != "row":
                continue
            for i, cell in enumerate(line["cells"]):
                if cell:
                    self.per_session[i][cell] = self.per_session[i].get(cell, 0) + 1
            yield line
            self.done += 1
            if self.done % 25 == 0 and self.participants:
                self.ctx.progress(self.done / self.participants)

    def session_label(self, s: dict[str, Any]) -> str:
        return self.ctx.local(s["starts_at"]).strftime("%Y-%m-%d %H:%M")

    def rate_chart(self, states: list[State]) -> Chart:
        values = [_rate(c, states) for c in self.per_session]
        marked = sum(1 for v in values if v is not None)
        sessions = self.ctx.terms["sessions"].lower()
        note = None
        if marked == 0:
            note = f"Too little data for a chart: no {sessions} in the period have marks that count."
        elif marked == 1:
            session = self.ctx.terms["session"].lower()
            note = f"Too little data for a line: only one {session} has marks that count, shown as a point."
        return Chart(
            title="Attendance rate over the period",
            labels=[self.ctx.local(s["starts_at"]).strftime("%d %b") for s in self.sessions],
            values=values,
            note=note,
        )


def _name_columns(ctx: Context, width: int) -> list[Column]:
    return [Column(ctx.terms["participant"], "text", min(max(width, 12), 34)), Column("Reference", "text", 10)]


FIRST_SESSION_COLUMN = 3  # the register's session cells start at C, after the name and the reference


def attendance_register(ctx: Context) -> Document:
    reg = Register(ctx)
    states = ctx.states
    terms = ctx.terms
    threshold = ctx.organization.get("attendance_threshold_percent") or 0
    columns = _register_columns(ctx, reg, states)

    def parts() -> Iterator[Part]:
        yield Table(
            name="Register",
            columns=columns,
            rows=_register_rows(reg, states),
            totals=partial(_register_totals, reg, states, len(columns)),
            frozen=2,
            row_noun=terms["participants"],
            column_noun=terms["sessions"],
            caption=f"{NOT_MEMBER} not a member then; blank: not marked",
            below=(len(columns) - 1, threshold / 100) if threshold else None,
        )
        yield reg.rate_chart(states)

    return ctx.document(
        "Attendance register",
        ctx.group["name"],
        ctx.period(),
        parts(),
        landscape=True,
        details=[
            (terms["sessions"], len(reg.sessions)),
            (terms["participants"], reg.participants),
            ("Attendance threshold", Percent(threshold / 100)),
        ],
    )


def _register_columns(ctx: Context, reg: Register, states: list[State]) -> list[Column]:
    """Who, then a narrow column per session (its day over its time), a count per state, the
    unmarked and the rate."""
    columns = _name_columns(ctx, reg.name_width)
    columns += [_session_column(ctx, s) for s in reg.sessions]
    columns += [Column(s.label, "number", max(6, len(s.label))) for s in states]
    columns += [Column("Unmarked", "number", 8), Column("Rate", "percent", 7)]
    return columns


def _session_column(ctx: Context, session: dict[str, Any]) -> Column:
    local = ctx.local(session["starts_at"])
    return Column(
        f"{local.day} {local:%b}",
        "state",
        4,
        subtitle=local.strftime("%H:%M"),
        full_title=f"{local.strftime('%Y-%m-%d %H:%M')} {session['title']}",
    )


def _register_rows(reg: Register, states: list[State]) -> Iterator[list[Cell]]:
    for r, line in enumerate(reg.rows(), start=2):  # the spreadsheet's row 1 is the heading
        yield _register_row(line, r, len(reg.sessions), states)


def _register_row(line: dict[str, Any], r: int, n: int, states: list[State]) -> list[Cell]:
    """A participant's marks, then their count per state, unmarked and rate, each with its formula
    over the row's session cells."""
    L = get_column_letter
    cells = line["cells"]
    counts: dict[str, int] = {}
    row: list[Cell] = [line["participant"]["name"], line["participant"]["external_ref"]]
    for cell in cells:
        if cell is None:
            row.append(NOT_MEMBER)
        elif cell == "":
            row.append(None)
        else:
            counts[cell] = counts.get(cell, 0) + 1
            row.append(StateCell(cell))
    span = f"{L(FIRST_SESSION_COLUMN)}{r}:{L(FIRST_SESSION_COLUMN + n - 1)}{r}" if n else None
    for s in states:
        row.append(Computed(counts.get(s.code, 0), f"COUNTIF({span},{state_criterion(s.label)})" if span else "0"))
    unmarked = sum(1 for c in cells if c == "")
    row.append(Computed(unmarked, f"COUNTBLANK({span})" if span else "0"))
    count_at = FIRST_SESSION_COLUMN + n  # the first state's count
    refs = [(s.weight, f"{L(count_at + k)}{r}") for k, s in enumerate(states)]
    row.append(Computed(_rate(counts, states), _rate_formula(refs)))
    return row


def _register_totals(reg: Register, states: list[State], width: int) -> Iterator[list[Cell]]:
    """Under each session, its count per state and its rate (once every row has streamed through)."""
    L = get_column_letter
    n = len(reg.sessions)
    last = reg.done + 1
    blank = [None] * (width - 2 - n)
    for s in states:
        row: list[Cell] = [f"Total {s.label}", None]
        for i in range(n):
            col = L(FIRST_SESSION_COLUMN + i)
            row.append(
                Computed(reg.per_session[i].get(s.code, 0), f"COUNTIF({col}2:{col}{last},{state_criterion(s.label)})")
            )
        yield row + blank
    row = ["Rate", None]
    for i in range(n):
        col = L(FIRST_SESSION_COLUMN + i)
        refs = [(s.weight, f"COUNTIF({col}2:{col}{last},{state_criterion(s.label)})") for s in states]
        row.append(Computed(_rate(reg.per_session[i], states), _rate_formula(refs), "percent"))
    yield row + blank


CATEGORIES = ("present", "late", "absent", "excused", "other")


def _summary_rate(states: list[State], first_count: int, rate: float | None, r: int) -> Cell:
    """The summary's rate in row ``r``: ``rate`` as every format prints it (_rate, one definition)
    and, in the spreadsheet, a formula over the row's counts per category where those decide it —
    where each category's states weigh alike, as in the presets (excused states all left out).
    Otherwise (say a custom excused state that counts as present beside one left out) the number."""
    weights = [{s.weight for s in states if s.category == c} for c in CATEGORIES]
    if any(len(w) > 1 for w in weights):
        return rate
    L = get_column_letter
    refs = [(next(iter(w), None), f"{L(first_count + k)}{r}") for k, w in enumerate(weights)]
    return Computed(rate, _rate_formula(refs))


def participant_summary(ctx: Context) -> Document:
    reg = Register(ctx)
    states = ctx.states
    terms = ctx.terms
    threshold = ctx.organization.get("attendance_threshold_percent") or 0
    by_category = {s.code: s.category for s in states}
    columns = [*_name_columns(ctx, reg.name_width), Column(terms["sessions"], "number", 9)]
    columns += [Column(c.title(), "number", 8) for c in CATEGORIES]
    columns += [Column("Unmarked", "number", 8), Column("Rate", "percent", 7), Column("Below threshold", "text", 9)]
    L = get_column_letter
    first_count = 4  # column D
    rate_col = L(first_count + len(CATEGORIES) + 1)
    rate_cell = partial(_summary_rate, states, first_count)

    sums = [0] * (len(CATEGORIES) + 2)  # sessions, each category, unmarked
    all_counts: dict[str, int] = {}

    def rows() -> Iterator[list[Cell]]:
        r = 1
        for line in reg.rows():
            r += 1
            cells = [c for c in line["cells"] if c is not None]
            per_category = dict.fromkeys(CATEGORIES, 0)
            counts: dict[str, int] = {}
            for cell in cells:
                if cell:
                    counts[cell] = counts.get(cell, 0) + 1
                    all_counts[cell] = all_counts.get(cell, 0) + 1
                    per_category[by_category.get(cell, "other")] += 1
            values = [len(cells), *(per_category[c] for c in CATEGORIES), sum(1 for c in cells if c == "")]
            sums[:] = [a + b for a, b in zip(sums, values, strict=True)]
            rate = _rate(counts, states)
            below = rate is not None and rate * 100 < threshold
            flag = f'IF(AND(ISNUMBER({rate_col}{r}),{rate_col}{r}<{threshold / 100:g}),"Below","")'
            yield [
                line["participant"]["name"],
                line["participant"]["external_ref"],
                *values,
                rate_cell(rate, r),
                Computed("Below" if below else "", flag),
            ]

    def totals() -> Iterator[list[Cell]]:
        last = reg.done + 1
        row: list[Cell] = ["Total", None]
        for k, value in enumerate(sums):
            col = L(3 + k)
            row.append(Computed(value, f"SUM({col}2:{col}{last})"))
        yield [*row, rate_cell(_rate(all_counts, states), last + 1), None]

    def parts() -> Iterator[Part]:
        yield Table(
            name="Summary",
            columns=columns,
            rows=rows(),
            totals=totals,
            frozen=2,
            row_noun=terms["participants"],
            column_noun="columns",
            caption=f"threshold {threshold}%",
            below=(len(columns) - 2, threshold / 100) if threshold else None,
        )
        yield reg.rate_chart(states)

    return ctx.document(
        f"{terms['participant']} summary",
        ctx.group["name"],
        ctx.period(),
        parts(),
        landscape=False,
        details=[("Attendance threshold", Percent(threshold / 100)), (terms["sessions"], len(reg.sessions))],
    )


def _session_subject(ctx: Context) -> tuple[str, str]:
    s = ctx.session
    start, end = ctx.local(s["starts_at"]), ctx.local(s["ends_at"])
    subject = f"{ctx.group['name']} — {s['title']}"
    return subject, f"{start.strftime('%Y-%m-%d %H:%M')}{DASH}{end.strftime('%H:%M')}"


def session_roll(ctx: Context) -> Document:
    terms = ctx.terms
    states = ctx.states
    head, people = _read_roll(ctx)
    names = _recorder_names(ctx, people)
    labels = {s.code: s.label for s in states}
    columns = _roll_columns(ctx, people)
    counts: dict[str, int] = {}

    def parts() -> Iterator[Part]:
        yield Table(
            name="Roll",
            columns=columns,
            rows=_roll_rows(ctx, people, names, labels, counts),
            totals=partial(_roll_totals, states, counts, len(people)),
            frozen=2,
            row_noun=terms["participants"],
        )
        yield _roll_chart(terms, states, counts, len(people))

    subject, when = _session_subject(ctx)
    details = _roll_details(head["session"])
    return ctx.document(f"{terms['session']} roll", subject, when, parts(), landscape=True, details=details)


def _read_roll(ctx: Context) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The session, and a line per person on its roll."""
    lines = ctx.presence.roll(ctx.org_id, ctx.session["id"])
    head = next(lines)
    # A roll is one session (at most a few thousand people): read it whole, to name who recorded.
    return head, [line for line in lines if ctx.includes(line)]


def _recorder_names(ctx: Context, people: list[dict[str, Any]]) -> dict[str, str]:
    recorders = {r["record"]["recorded_by"] for r in people if r["record"] and r["record"]["recorded_by"]}
    return ctx.identity.user_names(ctx.org_id, recorders) if recorders else {}


def _roll_columns(ctx: Context, people: list[dict[str, Any]]) -> list[Column]:
    return [
        *_name_columns(ctx, max((len(r["participant"]["name"]) for r in people), default=12)),
        Column("State", "state", 8, full_title="State"),
        Column("Label", "text", 12),
        Column("Check-in", "time", 6),
        Column("Check-out", "time", 6),
        Column("Minutes", "number", 7),
        Column("Note", "text", 24),
        Column("Recorded by", "text", 16),
        Column("Recorded at", "datetime", 15),
        Column("Source", "text", 9),
    ]


def _roll_rows(
    ctx: Context,
    people: list[dict[str, Any]],
    names: dict[str, str],
    labels: dict[str, str],
    counts: dict[str, int],
) -> Iterator[list[Cell]]:
    """A row per person, counting the marks by state as they go."""
    for n, line in enumerate(people, start=1):
        record = line["record"]
        p = line["participant"]
        if record is None:
            yield [p["name"], p["external_ref"], None, "not marked", None, None, None, None, None, None, None]
            continue
        counts[record["state"]] = counts.get(record["state"], 0) + 1
        yield _roll_row(ctx, p, record, names, labels)
        if n % 50 == 0:
            ctx.progress(n / max(1, len(people)))


def _roll_row(
    ctx: Context, p: dict[str, Any], record: dict[str, Any], names: dict[str, str], labels: dict[str, str]
) -> list[Cell]:
    check_in, check_out = ctx.local(record["check_in_at"]), ctx.local(record["check_out_at"])
    minutes = round((check_out - check_in).total_seconds() / 60) if check_in and check_out else None
    return [
        p["name"],
        p["external_ref"],
        StateCell(record["state"]),
        labels.get(record["state"], record["state"]),
        check_in,
        check_out,
        minutes,
        record["note"],
        names.get(record["recorded_by"], "") if record["recorded_by"] else "",
        ctx.local(record["recorded_at"]),
        record["source"],
    ]


def _roll_totals(states: list[State], counts: dict[str, int], people: int) -> Iterator[list[Cell]]:
    """Under the state column: each state's count, the unmarked and the rate."""
    last = people + 1
    for s in states:
        yield [
            f"Total {s.label}",
            None,
            Computed(counts.get(s.code, 0), f"COUNTIF(C2:C{last},{state_criterion(s.label)})"),
        ] + [None] * 8
    unmarked = people - sum(counts.values())
    yield ["Not marked", None, Computed(unmarked, f"COUNTBLANK(C2:C{last})")] + [None] * 8
    refs = [(s.weight, f"COUNTIF(C2:C{last},{state_criterion(s.label)})") for s in states]
    yield ["Rate", None, Computed(_rate(counts, states), _rate_formula(refs), "percent")] + [None] * 8


def _roll_chart(terms: dict[str, str], states: list[State], counts: dict[str, int], people: int) -> Chart:
    total = max(1, people)
    return Chart(
        title=f"{terms['session']} by state",
        labels=[s.label for s in states] + ["Not marked"],
        values=[counts.get(s.code, 0) / total for s in states] + [(people - sum(counts.values())) / total],
        kind="bar",
        value_title=f"Share of {terms['participants'].lower()}",
    )


def _roll_details(session: dict[str, Any]) -> list[tuple[str, str]]:
    details = [("Mode", session["mode"].replace("_", " ")), ("Status", session["status"])]
    if session.get("location"):
        details.append(("Location", session["location"]))
    return details


def absence_exceptions(ctx: Context) -> Document:
    reg = Register(ctx)
    states = ctx.states
    terms = ctx.terms
    wanted = set(ctx.params.get("states") or [s.code for s in states if s.category in ("absent", "late")])
    exceptions = _Exceptions(ctx, reg, states, wanted)
    columns = [
        *_name_columns(ctx, reg.name_width),
        Column("Date", "date", 10),
        Column("Time", "time", 6),
        Column(terms["session"], "text", 18),
        Column("State", "state", 8, full_title="State"),
        Column("Label", "text", 12),
        Column("Note", "text", 28),
    ]

    def parts() -> Iterator[Part]:
        yield Table(
            name="Exceptions",
            columns=columns,
            rows=exceptions.rows(),
            totals=exceptions.totals,
            frozen=2,
            row_noun="Exceptions",
        )
        # Built once the exceptions have streamed through: they are what it sums up.
        yield _exceptions_by_person(ctx, reg.name_width, exceptions.people)
        yield reg.rate_chart(states)

    return ctx.document(
        "Absence and lateness exceptions",
        ctx.group["name"],
        ctx.period(),
        parts(),
        landscape=False,
        legend=[s for s in states if s.code in wanted],
        details=[("States", ", ".join(s.label for s in states if s.code in wanted))],
    )


class _Exceptions:
    """A row per mark in the wanted states, streamed from the register; per person with any, their
    absences, lateness and longest run of absences, kept for the summary."""

    def __init__(self, ctx: Context, reg: Register, states: list[State], wanted: set[str]):
        self.ctx = ctx
        self.reg = reg
        self.wanted = wanted
        self.categories = {s.code: s.category for s in states}
        self.labels = {s.code: s.label for s in states}
        self.people: dict[str, dict[str, Any]] = {}
        self.listed = 0

    def rows(self) -> Iterator[list[Cell]]:
        for line in self.reg.rows():
            yield from self._person(line)

    def totals(self) -> list[list[Cell]]:
        return [[f"{self.listed} exceptions", None, None, None, None, None, None, None]]

    def _person(self, line: dict[str, Any]) -> Iterator[list[Cell]]:
        p = line["participant"]
        notes = line.get("notes") or {}
        streak = longest = absences = lateness = 0
        for i, cell in enumerate(line["cells"]):
            category = self.categories.get(cell or "", "")
            if category == "absent":
                streak += 1
                longest = max(longest, streak)
            elif cell:
                streak = 0
            if cell in self.wanted:
                absences += category == "absent"
                lateness += category == "late"
                self.listed += 1
                yield self._row(p, i, cell, notes)
        if absences or lateness:
            self.people[p["id"]] = {
                "name": p["name"],
                "ref": p["external_ref"],
                "absences": absences,
                "lateness": lateness,
                "longest": longest,
            }

    def _row(self, p: dict[str, Any], i: int, cell: str, notes: dict[str, str]) -> list[Cell]:
        session = self.reg.sessions[i]
        start = self.ctx.local(session["starts_at"])
        return [
            p["name"],
            p["external_ref"],
            start.date(),
            start,
            session["title"],
            StateCell(cell),
            self.labels.get(cell, cell),
            notes.get(str(i)),
        ]


def _exceptions_by_person(ctx: Context, name_width: int, people: dict[str, dict[str, Any]]) -> Table:
    """Who has exceptions, the most absent first, with the period's totals."""
    terms = ctx.terms
    columns = [
        *_name_columns(ctx, name_width),
        Column("Absences", "number", 9),
        Column("Late", "number", 6),
        Column("Longest run of absences", "number", 10),
    ]
    ordered = sorted(people.values(), key=lambda p: (-p["absences"], -p["lateness"], p["name"].casefold()))
    last = len(ordered) + 1
    return Table(
        name=f"By {terms['participant'].lower()}",
        columns=columns,
        rows=([p["name"], p["ref"], p["absences"], p["lateness"], p["longest"]] for p in ordered),
        totals=lambda: [
            [
                "Total",
                None,
                Computed(sum(p["absences"] for p in ordered), f"SUM(C2:C{last})"),
                Computed(sum(p["lateness"] for p in ordered), f"SUM(D2:D{last})"),
                None,
            ]
        ],
        frozen=2,
        row_noun=terms["participants"],
    )


def sign_in_sheet(ctx: Context) -> Document:
    terms = ctx.terms
    lines = ctx.presence.roll(ctx.org_id, ctx.session["id"])
    head = next(lines)
    columns = [
        Column("#", "number", 4),
        Column(terms["participant"], "text", 26),
        Column("Reference", "text", 10),
        Column("Signature", "blank", 26),
        Column("Time in", "blank", 8),
        Column("Time out", "blank", 8),
    ]

    def rows() -> Iterator[list[Cell]]:
        for n, line in enumerate(filter(ctx.includes, lines), start=1):
            p = line["participant"]
            yield [n, p["name"], p["external_ref"], None, None, None]

    def parts() -> Iterator[Part]:
        yield Table(
            name="Sign-in sheet", columns=columns, rows=rows(), frozen=2, tall_rows=True, row_noun=terms["participants"]
        )

    subject, when = _session_subject(ctx)
    session = head["session"]
    details = [("Location", session["location"])] if session.get("location") else []
    details.append(("Taken by", "______________________________"))
    return ctx.document("Sign-in sheet", subject, when, parts(), landscape=False, legend=[], details=details)


BUILDERS: dict[str, Callable[[Context], Document]] = {
    "attendance_register": attendance_register,
    "participant_summary": participant_summary,
    "session_roll": session_roll,
    "absence_exceptions": absence_exceptions,
    "sign_in_sheet": sign_in_sheet,
}

__all__ = ["BUILDERS", "Context", "SourceError"]
