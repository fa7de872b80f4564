"""A report as the three writers see it, whatever its type: a title block, a legend of states,
then parts — tables whose rows stream through once, and charts. PDF, XLSX and CSV each render
the same document, so every type reads the same in every format."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

ColumnKind = Literal["text", "number", "percent", "date", "datetime", "time", "state", "blank"]


@dataclass(frozen=True)
class State:
    code: str
    label: str
    color: str  # #rrggbb
    category: str
    weight: float | None
    short: str  # what a narrow cell prints (with the legend, never colour alone)


@dataclass(frozen=True)
class StateCell:
    """A cell holding a state: printed as its code over its colour."""

    code: str


@dataclass(frozen=True)
class Computed:
    """A total: the value PDF and CSV print, and the formula the spreadsheet keeps."""

    value: float | int | str | None
    formula: str
    # How to show it where its column says otherwise (a rate under a column of states).
    kind: ColumnKind | None = None


Cell = str | int | float | date | datetime | StateCell | Computed | None


@dataclass
class Column:
    title: str
    kind: ColumnKind = "text"
    width: float = 12.0  # in characters
    # A second header line in print (a session's time under its date).
    subtitle: str | None = None
    # The whole heading where there is room (spreadsheet and CSV): "2026-09-07 09:00 Maths".
    full_title: str | None = None

    def heading(self) -> str:
        return self.full_title or (f"{self.title} {self.subtitle}" if self.subtitle else self.title)


@dataclass
class Table:
    name: str  # the sheet's name, the section's heading
    columns: list[Column]
    rows: Iterable[list[Cell]]
    # Rows added after the data (totals), produced only once the data has streamed through.
    totals: Callable[[], Iterable[list[Cell]]] | None = None
    # Leading columns repeated on every page when the table is too wide for one.
    frozen: int = 1
    # Rows tall enough to sign in (the sign-in sheet).
    tall_rows: bool = False
    caption: str | None = None
    # Rows whose rate (the column at this index) is under this fraction are highlighted.
    below: tuple[int, float] | None = None
    # What one printed row block is called ("Students"), and the columns ("Lessons").
    row_noun: str = "Rows"
    column_noun: str = "Columns"


@dataclass
class Chart:
    title: str
    labels: list[str]
    values: list[float | None]  # fractions from 0 to 1
    kind: Literal["line", "bar"] = "line"
    value_title: str = "Attendance rate"
    # Said under the title when the figures are too few to read as a line (one session, none).
    note: str | None = None


Part = Table | Chart


@dataclass(frozen=True)
class Percent:
    """A share in the title block (a threshold): a number to a spreadsheet, "80%" in print."""

    fraction: float

    def __str__(self) -> str:
        return f"{self.fraction * 100:g}%"


Detail = str | int | float | Percent


@dataclass
class Document:
    title: str  # "Attendance register"
    file_stem: str  # "attendance-register-year-9-2026-09-01-2026-09-30"
    organization: str
    subject: str  # the group, or the session
    period: str
    generated_at: datetime  # in the organization's timezone
    timezone: str
    legend: list[State]
    parts: Iterator[Part]
    landscape: bool = False
    # More lines for the title block; counts and shares stay numbers (a spreadsheet keeps them so).
    details: list[tuple[str, Detail]] = field(default_factory=list)


def file_name(stem: str, extension: str) -> str:
    """A portable file name: letters of any script kept, everything else a hyphen."""
    clean = re.sub(r"[^\w]+", "-", stem, flags=re.UNICODE).strip("-").lower() or "report"
    return f"{clean[:120]}.{extension}"


DASH = "\u2013"  # en dash, for ranges in print
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: str) -> bool:
    """A spreadsheet would run it: user text that starts like this is neutralised."""
    return value.startswith(FORMULA_STARTS)


def state_criterion(label: str) -> str:
    """A spreadsheet COUNTIF's criterion matching exactly this label: quoted, with its own
    wildcards and a leading comparison taken literally."""
    literal = label.replace("~", "~~").replace("*", "~*").replace("?", "~?")
    return '"=' + literal.replace('"', '""') + '"'


def short_codes(codes: list[str]) -> dict[str, str]:
    """Short, unique labels for narrow cells: a code's initials (on_site → OS, leave → LE)."""
    taken: dict[str, str] = {}
    for code in codes:
        words = [w for w in re.split(r"[_\W]+", code) if w] or [code]
        first = "".join(w[0] for w in words).upper()[:3]
        letters = code.replace("_", "").upper()
        candidates = [first, *(first + c for c in letters[1:]), letters[:4], *(f"{first}{n}" for n in range(2, 100))]
        taken[code] = next(c for c in candidates if c not in taken.values())
    return taken
