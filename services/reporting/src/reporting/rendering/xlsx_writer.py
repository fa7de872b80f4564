"""XLSX (openpyxl, write-only: rows go to disk as they stream): one sheet per part, real numbers
and dates, a frozen header, an autofilter, states by their labels in their colours, rows under the
attendance threshold tinted, totals as formulas, fitted columns, and an "About" sheet with the
title block (its counts and threshold as numbers) and the legend. A chart part becomes a sheet of
its figures with a line chart over them, each figure a marked point (one session still shows)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.marker import Marker
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from reporting.rendering.document import Chart, Computed, Document, Percent, StateCell, Table, looks_like_formula

HEAD_FILL = PatternFill("solid", fgColor="E4E9F0")
TOTAL_FILL = PatternFill("solid", fgColor="F3F5F8")
BELOW_FILL = PatternFill("solid", fgColor="FBE3E3", bgColor="FBE3E3")  # a row under the threshold
BOLD = Font(bold=True)
RULE = Border(top=Side(style="thin", color="1F2933"))
FORMATS = {"percent": "0.0%", "date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm", "time": "hh:mm", "number": "0"}


def tint(hex_color: str, amount: float = 0.35) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return "".join(f"{round(255 - (255 - c) * amount):02X}" for c in (r, g, b))


def sheet_title(name: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:28] or "Sheet"
    title, n = base, 2
    while title.casefold() in taken:
        title, n = f"{base[:25]} {n}", n + 1
    taken.add(title.casefold())
    return title


class XlsxWriter:
    def write(self, doc: Document, out: IO[bytes], progress: Callable[[], None] | None = None) -> None:
        wb = Workbook(write_only=True)
        self.fills = {s.code: PatternFill("solid", fgColor=tint(s.color), bgColor=tint(s.color)) for s in doc.legend}
        # A state's cell holds its label, as people know it (a custom state's code may say little).
        self.labels = {s.code: s.label for s in doc.legend}
        taken: set[str] = set()
        self._about(wb, doc, taken)
        for part in doc.parts:
            if isinstance(part, Table):
                self._table(wb, part, taken, progress)
            else:
                self._chart(wb, part, taken)
        wb.save(out)

    def _text(self, ws, value: str):
        """User text a spreadsheet must never run as a formula."""
        if looks_like_formula(value):
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"
            return cell
        return value

    def _about(self, wb: Workbook, doc: Document, taken: set[str]) -> None:
        ws = wb.create_sheet(sheet_title("About", taken))
        ws.column_dimensions["A"].width = 16
        ws.column_dimensions["B"].width = 22
        ws.column_dimensions["C"].width = 28
        ws.column_dimensions["D"].width = 12
        ws.column_dimensions["E"].width = 10
        title = WriteOnlyCell(ws, value=self._plain(doc.title))
        title.font = Font(bold=True, size=14)
        ws.append([title])
        for key, value in [
            ("Organization", doc.organization),
            ("Subject", doc.subject),
            ("Period", doc.period),
            *doc.details,
        ]:
            ws.append([key, self._detail(ws, value)])
        ws.append(["Generated", doc.generated_at.replace(tzinfo=None), doc.timezone])
        ws.append([])
        if doc.legend:
            ws.append([WriteOnlyCell(ws, value=v) for v in ("Legend",)])
            head = []
            for v in ("Code", "Label", "Category", "Weight", "Key"):
                cell = WriteOnlyCell(ws, value=v)
                cell.font, cell.fill = BOLD, HEAD_FILL
                head.append(cell)
            ws.append(head)
            for s in doc.legend:
                code = WriteOnlyCell(ws, value=s.code)
                code.fill = self.fills[s.code]
                ws.append([code, self._text(ws, s.label), s.category, s.weight, s.short])

    @staticmethod
    def _plain(value: str) -> str:
        return value

    def _detail(self, ws, value):
        """A title block's value: a count stays a number, a share a number shown as a percentage."""
        if isinstance(value, Percent):
            cell = WriteOnlyCell(ws, value=value.fraction)
            cell.number_format = "0%"
            return cell
        if isinstance(value, str):
            return self._text(ws, value)
        return value

    def _state_label(self, ws, code: str):
        return self._text(ws, self.labels.get(code, code))

    def _table(self, wb: Workbook, table: Table, taken: set[str], progress: Callable[[], None] | None) -> None:
        ws = wb.create_sheet(sheet_title(table.name, taken))
        columns = table.columns
        for i, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(6.0, min(column.width + 2, 60.0))
        ws.freeze_panes = f"{get_column_letter(table.frozen + 1)}2"
        head = []
        for column in columns:
            cell = WriteOnlyCell(ws, value=column.heading())
            if looks_like_formula(column.heading()):
                cell.data_type = "s"
            cell.font, cell.fill = BOLD, HEAD_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            head.append(cell)
        ws.append(head)
        styles = [FORMATS.get(c.kind) for c in columns]
        rows = 0
        for row in table.rows:
            ws.append([self._cell(ws, v, styles[i]) for i, v in enumerate(row)])
            rows += 1
            if progress and rows % 100 == 0:
                progress()
        last = rows + 1
        if rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
            states = [i for i, c in enumerate(columns, start=1) if c.kind == "state"]
            if states:
                runs: list[list[int]] = []
                for i in states:
                    if runs and runs[-1][1] == i - 1:
                        runs[-1][1] = i
                    else:
                        runs.append([i, i])
                spans = [(get_column_letter(a), get_column_letter(b)) for a, b in runs]
                # One rule per state over every state column, rather than a style on each of
                # 50,000 cells: as fast to write as plain text, and the colour follows an edit.
                ranges = " ".join(f"{a}2:{b}{last}" for a, b in spans)
                for code, fill in self.fills.items():
                    label = self.labels[code].replace('"', '""')
                    ws.conditional_formatting.add(
                        ranges, CellIsRule(operator="equal", formula=[f'"{label}"'], fill=fill, stopIfTrue=True)
                    )
            if table.below:
                # The whole row of a participant whose rate is under the threshold (states keep
                # their colours: their rules come first and stop there).
                index, fraction = table.below
                rate = get_column_letter(index + 1)
                ws.conditional_formatting.add(
                    f"A2:{get_column_letter(len(columns))}{last}",
                    FormulaRule(formula=[f"AND(ISNUMBER(${rate}2),${rate}2<{fraction:g})"], fill=BELOW_FILL),
                )
        if table.totals:
            for n, row in enumerate(table.totals()):
                cells = []
                for i, v in enumerate(row):
                    cell = WriteOnlyCell(ws, value=self._value(ws, v))
                    number_format = FORMATS.get(v.kind) if isinstance(v, Computed) and v.kind else styles[i]
                    if number_format and isinstance(v, int | float | Computed):
                        cell.number_format = number_format
                    cell.fill = TOTAL_FILL
                    cell.font = BOLD
                    if n == 0:
                        cell.border = RULE
                    cells.append(cell)
                ws.append(cells)

    def _value(self, ws, value):
        if isinstance(value, Computed):
            return "=" + value.formula
        if isinstance(value, StateCell):
            return self._state_label(ws, value.code)
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        return value

    def _cell(self, ws, value, number_format: str | None):
        if value is None:
            return None
        if isinstance(value, StateCell):
            return self._state_label(ws, value.code)  # coloured by the sheet's conditional formats
        if isinstance(value, str):
            return self._text(ws, value)
        if isinstance(value, Computed):
            cell = WriteOnlyCell(ws, value="=" + value.formula)
            number_format = FORMATS.get(value.kind) if value.kind else number_format
        elif isinstance(value, datetime | date):
            cell = WriteOnlyCell(ws, value=value.replace(tzinfo=None) if isinstance(value, datetime) else value)
        elif number_format:
            cell = WriteOnlyCell(ws, value=value)
        else:
            return value
        if number_format:
            cell.number_format = number_format
        return cell

    def _chart(self, wb: Workbook, chart: Chart, taken: set[str]) -> None:
        ws = wb.create_sheet(sheet_title(chart.title, taken))
        ws.column_dimensions["A"].width = 28
        ws.column_dimensions["B"].width = 16
        head = [WriteOnlyCell(ws, value="Session"), WriteOnlyCell(ws, value=chart.value_title)]
        for cell in head:
            cell.font, cell.fill = BOLD, HEAD_FILL
        ws.append(head)
        for label, value in zip(chart.labels, chart.values, strict=True):
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = "0.0%"
            ws.append([self._text(ws, label), cell])
        if chart.note:
            ws.append([])
            ws.append([chart.note])
        if not chart.labels or not any(v is not None for v in chart.values):
            return
        plot = BarChart() if chart.kind == "bar" else LineChart()
        plot.title = chart.title
        plot.y_axis.title = chart.value_title
        plot.y_axis.scaling.min = 0
        plot.y_axis.scaling.max = 1
        plot.y_axis.number_format = "0%"
        plot.height, plot.width = 9, 24
        plot.add_data(Reference(ws, min_col=2, min_row=1, max_row=len(chart.labels) + 1), titles_from_data=True)
        if isinstance(plot, LineChart):
            plot.series[0].marker = Marker(symbol="circle", size=7)  # a lone session is a point
        plot.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(chart.labels) + 1))
        ws.add_chart(plot, "D2")
