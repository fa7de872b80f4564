"""CSV: UTF-8 with a byte-order mark (so spreadsheet programs read every script), the document's
first table with its totals, and any cell that a spreadsheet would run as a formula neutralised
with a leading apostrophe."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, datetime
from typing import IO

from reporting.rendering.document import Computed, Document, StateCell, Table, looks_like_formula


def neutral(value) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, Computed):
        value = value.value
        if value is None:
            return ""
    if isinstance(value, StateCell):
        return value.code
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


class CsvWriter:
    def write(self, doc: Document, out: IO[bytes], progress: Callable[[], None] | None = None) -> None:
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=False)
        writer = csv.writer(text)
        table = next((p for p in doc.parts if isinstance(p, Table)), None)
        if table is not None:
            percent = [c.kind == "percent" for c in table.columns]
            kinds = [c.kind for c in table.columns]
            writer.writerow([neutral(c.heading() + (" (%)" if c.kind == "percent" else "")) for c in table.columns])

            def cells(row):
                out_row = []
                for i, v in enumerate(row):
                    value = v.strftime("%H:%M") if kinds[i] == "time" and isinstance(v, datetime) else neutral(v)
                    as_percent = v.kind == "percent" if isinstance(v, Computed) and v.kind else percent[i]
                    if as_percent and isinstance(value, int | float) and not isinstance(value, bool):
                        value = round(value * 100, 1)
                    out_row.append(value)
                return out_row

            for n, row in enumerate(table.rows, start=1):
                writer.writerow(cells(row))
                if progress and n % 100 == 0:
                    progress()
            if table.totals:
                for row in table.totals():
                    writer.writerow(cells(row))
            # Later parts (charts, further tables) are left out: a CSV holds one table.
            for _ in doc.parts:
                pass
        text.flush()
        text.detach()
