"""PDF (reportlab): a title block and legend, tables cut into page-sized blocks as their rows
stream in (wide ones split across pages with their leading columns repeated), charts, and on
every page the organization, the report, the period, when it was made and "page n of m".

Blocks are cut here rather than by platypus: a table of fixed row heights and column widths that
already fits its page is never measured or split again, which keeps a 50,000-cell register fast."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable
from reportlab.platypus.flowables import KeepTogether

from reporting.rendering.document import DASH, Chart, Column, Computed, Document, State, StateCell, Table

MARGIN = 12 * mm
HEADER = 14 * mm
FOOTER = 10 * mm
FONT_SIZE = 7
HEAD_SIZE = 6.2
ROW = 11.5
TALL_ROW = 24
INK = colors.HexColor("#1f2933")
RULE = colors.HexColor("#9aa5b1")
HEAD_FILL = colors.HexColor("#e4e9f0")
TOTAL_FILL = colors.HexColor("#f3f5f8")


def tint(hex_color: str, amount: float = 0.32) -> colors.Color:
    """The state's colour lightened so its code stays readable on it."""
    c = colors.HexColor(hex_color)
    return colors.Color(1 - (1 - c.red) * amount, 1 - (1 - c.green) * amount, 1 - (1 - c.blue) * amount)


def fmt(value, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, Computed):
        kind = value.kind or kind
        value = value.value
        if value is None:
            return ""
    if kind == "percent" and isinstance(value, int | float):
        return f"{value * 100:.1f}%"
    if isinstance(value, datetime):
        return value.strftime("%H:%M" if kind == "time" else "%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def fit_text(text: str, font: str, width: float, size: float = FONT_SIZE) -> str:
    """The text, cut with an ellipsis where it is wider than its cell."""
    width -= 4
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


@dataclass
class TableLayout:
    """How a table is laid out in print: its column widths, the columns each page shows (the
    frozen ones on every page), its headings cut to fit, and how many rows a page holds."""

    widths: list[float]
    chunks: list[list[int]]
    counted_columns: int  # the state columns (a register's sessions), which captions count
    header_lines: list[list[str]]
    aligns: list[str]
    header_height: float
    row_height: float
    rows_on_page: int
    rows_first: int  # rows that fit on what is left of the page the table starts on


PLAIN = "Helvetica"  # ASCII cells (state keys, numbers, dates): the fast, unembedded base font


class GridBlock(Flowable):
    """One page's block of a table, drawn straight on the canvas: backgrounds grouped by colour,
    every cell's text in one text object, the rules as one grid. Names and any text outside
    ASCII use the embedded Unicode font; keys, numbers and dates the base font."""

    def __init__(
        self,
        font: str,
        widths: list[float],
        header: list[list[str]],
        header_height: float,
        rows: list[list[tuple[str, str, colors.Color | None]]],
        row_height: float,
        totals_from: int | None,
    ):
        super().__init__()
        self.font = font
        self.widths = widths
        self.header = header
        self.header_height = header_height
        self.rows = rows
        self.row_height = row_height
        self.totals_from = totals_from
        self.width = sum(widths)
        self.height = header_height + row_height * len(rows)

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        xs = [0.0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        top = self.height
        c.setFillColor(HEAD_FILL)
        c.rect(0, top - self.header_height, self.width, self.header_height, stroke=0, fill=1)
        fills: dict[tuple, tuple[colors.Color, list]] = {}
        if self.totals_from is not None:
            y = top - self.header_height - self.row_height * len(self.rows)
            c.setFillColor(TOTAL_FILL)
            c.rect(0, y, self.width, self.row_height * (len(self.rows) - self.totals_from), stroke=0, fill=1)
        for r, row in enumerate(self.rows):
            y = top - self.header_height - self.row_height * (r + 1)
            for j, (_, _, fill) in enumerate(row):
                if fill is not None:
                    fills.setdefault(fill.rgb(), (fill, []))[1].append((xs[j], y, self.widths[j]))
        for fill, cells in fills.values():
            c.setFillColor(fill)
            for x, y, w in cells:
                c.rect(x, y, w, self.row_height, stroke=0, fill=1)
        text = c.beginText()
        text.setFillColor(INK)
        current = None
        baseline = (self.row_height - FONT_SIZE) / 2 + 1.6
        lines = max(len(h) for h in self.header)
        text.setFont(self.font, HEAD_SIZE)
        for j, heading in enumerate(self.header):
            for k, line in enumerate(heading):
                y = top - (self.header_height - (HEAD_SIZE + 1.5) * lines) / 2 - (HEAD_SIZE + 1) * (k + 1) + 1
                text.setTextOrigin(xs[j] + 2, y)
                text.textOut(line)
        current = None
        for r, row in enumerate(self.rows):
            y = top - self.header_height - self.row_height * (r + 1) + baseline
            for j, (value, align, _) in enumerate(row):
                if not value:
                    continue
                face = PLAIN if value.isascii() and align != "left" else self.font
                if face != current:
                    text.setFont(face, FONT_SIZE)
                    current = face
                if align == "left":
                    x = xs[j] + 2
                else:
                    width = stringWidth(value, face, FONT_SIZE)
                    x = xs[j] + (self.widths[j] - width) / 2 if align == "center" else xs[j + 1] - 2 - width
                text.setTextOrigin(x, y)
                text.textOut(value)
        c.drawText(text)
        c.setStrokeColor(RULE)
        c.setLineWidth(0.25)
        ys = [top - self.header_height - self.row_height * r for r in range(len(self.rows) + 1)] + [top]
        c.grid(xs, ys)
        if self.totals_from is not None:
            c.setStrokeColor(INK)
            c.setLineWidth(0.8)
            y = top - self.header_height - self.row_height * self.totals_from
            c.line(0, y, self.width, y)


def numbered_canvas(doc: Document, font: str) -> type[Canvas]:
    """A canvas that knows the page count when it saves, for "page n of m"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._furniture(total)
                super().showPage()
            super().save()

        def _furniture(self, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            self.setFillColor(INK)
            self.setFont(font, 9)
            top = height - MARGIN + 2
            self.drawString(MARGIN, top - 9, doc.organization)
            self.drawCentredString(width / 2, top - 9, f"{doc.title} — {doc.subject}")
            self.drawRightString(width - MARGIN, top - 9, doc.period)
            self.setFont(font, 7)
            self.setFillColor(colors.HexColor("#52606d"))
            generated = doc.generated_at.strftime("%Y-%m-%d %H:%M")
            self.drawRightString(width - MARGIN, top - 19, f"Generated {generated} ({doc.timezone})")
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, top - 23, width - MARGIN, top - 23)
            self.line(MARGIN, MARGIN + 8, width - MARGIN, MARGIN + 8)
            self.drawString(MARGIN, MARGIN, "Omnipresence")
            self.drawRightString(width - MARGIN, MARGIN, f"Page {self._pageNumber} of {total}")
            self.restoreState()

    return NumberedCanvas


class PdfWriter:
    def __init__(self, font: str):
        self.font = font
        self.styles = {
            "title": ParagraphStyle("title", fontName=font, fontSize=16, leading=20, textColor=INK, spaceAfter=4),
            "h2": ParagraphStyle("h2", fontName=font, fontSize=11, leading=14, textColor=INK, spaceAfter=4),
            "body": ParagraphStyle("body", fontName=font, fontSize=8.5, leading=11, textColor=INK),
            "caption": ParagraphStyle(
                "caption", fontName=font, fontSize=7.5, leading=10, textColor=colors.HexColor("#52606d")
            ),
        }

    def write(self, doc: Document, out: IO[bytes], progress: Callable[[], None] | None = None) -> None:
        size = landscape(A4) if doc.landscape else A4
        self.page_width, self.page_height = size
        self.frame_width = size[0] - 2 * MARGIN
        self.frame_height = size[1] - 2 * MARGIN - HEADER - FOOTER
        template = BaseDocTemplate(
            out,
            pagesize=size,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + HEADER,
            bottomMargin=MARGIN + FOOTER,
            title=f"{doc.title} — {doc.subject}",
            author=doc.organization,
            creator="Omnipresence",
            subject=doc.period,
        )
        frame = Frame(
            MARGIN,
            MARGIN + FOOTER,
            self.frame_width,
            self.frame_height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self.legend = {s.code: s for s in doc.legend}
        self.fills = {s.code: tint(s.color) for s in doc.legend}
        story: list[Flowable] = self._title_block(doc)
        used = sum(f.wrap(self.frame_width, self.frame_height)[1] for f in story)
        first = True
        for part in doc.parts:
            if isinstance(part, Table):
                if not first:
                    story.append(PageBreak())
                    used = 0
                story.extend(self._table(part, self.frame_height - used, progress))
                used = self.frame_height  # what follows a table starts on a page of its own
            else:
                chart = self._chart(part)
                if not first and used + chart.height + 30 > self.frame_height:
                    story.append(PageBreak())
                    used = 0
                heading = [Spacer(1, 6), Paragraph(part.title, self.styles["h2"])]
                if part.note:
                    heading.append(Paragraph(escape(part.note), self.styles["body"]))
                story.append(KeepTogether([*heading, chart]))
                used += chart.height + 30
            first = False
        template.build(story, canvasmaker=numbered_canvas(doc, self.font))

    # --- pieces -----------------------------------------------------------------------------

    def _title_block(self, doc: Document) -> list[Flowable]:
        s = self.styles
        lines = [("Organization", doc.organization), ("Subject", doc.subject), ("Period", doc.period)]
        lines += [(key, str(value)) for key, value in doc.details]
        lines.append(("Generated", f"{doc.generated_at.strftime('%Y-%m-%d %H:%M')} ({doc.timezone})"))
        facts = PdfTable(
            [[k, v] for k, v in lines],
            colWidths=[38 * mm, None],
            style=TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), self.font, 8.5),
                    ("TEXTCOLOR", (0, 0), (0, -1), colors.HexColor("#52606d")),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
            hAlign="LEFT",
        )
        story: list[Flowable] = [Paragraph(escape(doc.title), s["title"]), facts, Spacer(1, 6)]
        if doc.legend:
            story.append(self._legend(doc.legend))
            story.append(Spacer(1, 8))
        return story

    def _legend(self, states: list[State]) -> Flowable:
        header = ["", "Key", "Code", "Label", "Category", "Weight"]
        rows = [header] + [
            ["", s.short, s.code, s.label, s.category, "—" if s.weight is None else f"{s.weight:g}"] for s in states
        ]
        style = [
            ("FONT", (0, 0), (-1, -1), self.font, 7.5),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
            ("GRID", (0, 0), (-1, -1), 0.25, RULE),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ]
        for i, s in enumerate(states, start=1):
            style.append(("BACKGROUND", (0, i), (0, i), colors.HexColor(s.color)))
            style.append(("BACKGROUND", (1, i), (1, i), tint(s.color)))
        return PdfTable(
            rows,
            colWidths=[8 * mm, 12 * mm, 26 * mm, 40 * mm, 22 * mm, 14 * mm],
            style=TableStyle(style),
            hAlign="LEFT",
        )

    def _widths(self, columns: list[Column]) -> list[float]:
        char = FONT_SIZE * 0.56
        widths = []
        for c in columns:
            if c.kind == "state":
                widths.append(max(24.0, c.width * char))
            else:
                # Room for the heading too, so "Below threshold" is not cut where there is room.
                heading = stringWidth(c.title, self.font, HEAD_SIZE) + 6
                widths.append(min(max(c.width * char + 6, heading, 22.0), 200.0))
        return widths

    def _fit(self, widths: list[float], columns: list[Column]) -> list[float]:
        """Widths that fit the page: the text columns give way first (down to a readable width),
        then every column alike."""
        excess = sum(widths) - self.frame_width
        floor = 40.0
        give = [
            w - floor if c.kind in ("text", "blank") and w > floor else 0.0
            for w, c in zip(widths, columns, strict=True)
        ]
        if sum(give):
            share = min(1.0, excess / sum(give))
            widths = [w - g * share for w, g in zip(widths, give, strict=True)]
        total = sum(widths)
        return [w * self.frame_width / total for w in widths] if total > self.frame_width else widths

    def _chunks(self, widths: list[float], frozen: int, columns: list[Column]) -> list[list[int]]:
        """Column indexes per page: the frozen ones on each, the rest as many as fit; the totals
        after the last state column stay together on one page."""
        fixed = list(range(min(frozen, len(widths))))
        rest = list(range(len(fixed), len(widths)))
        states = [i for i in rest if columns[i].kind == "state"]
        tail = [i for i in rest if states and i > states[-1]]
        units = [[i] for i in rest if i not in tail] + ([tail] if tail else [])
        room = self.frame_width - sum(widths[i] for i in fixed)
        chunks: list[list[int]] = []
        current: list[int] = []
        used = 0.0
        for unit in units:
            width = sum(widths[i] for i in unit)
            if current and used + width > room + 0.01:  # widths fitted to the page add up to it
                chunks.append(current)
                current, used = [], 0.0
            current.extend(unit)
            used += width
        if current or not chunks:
            chunks.append(current)
        return [fixed + c for c in chunks]

    def _spread(self, widths: list[float], columns: list[Column]) -> list[float]:
        """A table narrower than the page made as wide as it: the room goes to the text and the
        blanks (a sign-in sheet's signatures), so it does not look lost."""
        roomy = [c.kind in ("text", "blank") and c.title != "Reference" for c in columns]
        spare = (self.frame_width - sum(widths)) / max(1, sum(roomy))
        return [w + spare if r else w for w, r in zip(widths, roomy, strict=True)]

    def _layout(self, table: Table, first_room: float) -> TableLayout:
        columns = table.columns
        widths = self._widths(columns)
        counted_columns = sum(1 for c in columns if c.kind == "state")
        if counted_columns <= 1 and sum(widths) > self.frame_width:
            # A list, not a grid of lessons: never split across pages side by side.
            widths = self._fit(widths, columns)
        chunks = self._chunks(widths, table.frozen, columns)
        if len(chunks) == 1 and sum(widths) < self.frame_width:
            widths = self._spread(widths, columns)
        header_height = ROW * (2.2 if any(c.subtitle for c in columns) else 1.2)
        row_height = TALL_ROW if table.tall_rows else ROW
        caption_height = 14
        return TableLayout(
            widths=widths,
            chunks=chunks,
            counted_columns=counted_columns,
            header_lines=[
                [fit_text(c.title, self.font, widths[i], HEAD_SIZE)]
                + ([fit_text(c.subtitle, self.font, widths[i], HEAD_SIZE)] if c.subtitle else [])
                for i, c in enumerate(columns)
            ],
            aligns=[
                "center" if c.kind == "state" else "right" if c.kind in ("number", "percent") else "left"
                for c in columns
            ],
            header_height=header_height,
            row_height=row_height,
            rows_on_page=max(1, int((self.frame_height - header_height - caption_height - 4) // row_height)),
            rows_first=int((first_room - header_height - caption_height - 4) // row_height),
        )

    def _table(self, table: Table, first_room: float, progress: Callable[[], None] | None) -> list[Flowable]:
        """The table in page-sized blocks as its rows stream in, its totals kept on the last page."""
        layout = self._layout(table, first_room)
        out: list[Flowable] = []
        pending: list[list] = []
        start = 0
        capacity = layout.rows_first if layout.rows_first >= 3 else layout.rows_on_page
        if layout.rows_first < 3:
            out.append(PageBreak())
        for row in table.rows:
            pending.append(row)
            if len(pending) >= capacity:
                out.extend(self._blocks(table, layout, pending, start, None))
                start += len(pending)
                pending, capacity = [], layout.rows_on_page
                if progress:
                    progress()
        totals = list(table.totals()) if table.totals else []
        if totals:
            if len(pending) + len(totals) > capacity:
                out.extend(self._blocks(table, layout, pending, start, None))
                start += len(pending)
                pending = []
            out.extend(self._blocks(table, layout, pending + totals, start, len(pending), len(pending)))
        elif pending or start == 0:
            out.extend(self._blocks(table, layout, pending, start, None))
        if out and isinstance(out[-1], PageBreak):
            out.pop()
        return out

    def _blocks(
        self,
        table: Table,
        layout: TableLayout,
        rows: list[list],
        start: int,
        totals_from: int | None,
        data_rows: int | None = None,
    ) -> Iterator[Flowable]:
        """One page's rows: a captioned block per group of columns, each on a page of its own."""
        counted = len(rows) if data_rows is None else data_rows
        prepared = self._cells(table.columns, layout, rows)
        for n, indexes in enumerate(layout.chunks):
            caption = self._caption(table, layout, indexes, start, counted, first=start == 0 and n == 0)
            yield Paragraph(escape(caption), self.styles["caption"])
            yield GridBlock(
                self.font,
                [layout.widths[i] for i in indexes],
                [layout.header_lines[i] for i in indexes],
                layout.header_height,
                [[cells[i] for i in indexes] for cells in prepared],
                layout.row_height,
                totals_from,
            )
            yield PageBreak()

    def _cells(self, columns: list[Column], layout: TableLayout, rows: list[list]) -> list[list[tuple]]:
        """Each cell as drawn: its text (cut to its column), its alignment and its fill."""
        font, legend, fills, widths, aligns = self.font, self.legend, self.fills, layout.widths, layout.aligns
        prepared = []
        for row in rows:
            cells = []
            for i, column in enumerate(columns):
                value = row[i] if i < len(row) else None
                if isinstance(value, StateCell):
                    state = legend.get(value.code)
                    cells.append((state.short if state else value.code, "center", fills.get(value.code)))
                else:
                    text = fmt(value, column.kind)
                    if column.kind in ("text", "blank") or len(text) > 6:
                        text = fit_text(text, font, widths[i])
                    cells.append((text, aligns[i], None))
            prepared.append(cells)
        return prepared

    @staticmethod
    def _caption(table: Table, layout: TableLayout, indexes: list[int], start: int, counted: int, first: bool) -> str:
        """Which rows (and, on a table split side by side, which of its columns) a block shows."""
        caption = f"{table.name} · {table.row_noun} {start + 1}{DASH}{start + counted}"
        if not counted:
            caption = f"{table.name} · totals"
        spread = [i - table.frozen + 1 for i in indexes[table.frozen :] if table.columns[i].kind == "state"]
        if len(layout.chunks) > 1 and spread:
            caption += f" · {table.column_noun} {spread[0]}{DASH}{spread[-1]} of {layout.counted_columns}"
        if table.caption and first:
            caption += f" — {table.caption}"
        return caption

    def _chart(self, chart: Chart) -> Drawing:
        width, height = self.frame_width, 62 * mm
        drawing = Drawing(width, height)
        if not chart.labels:
            drawing.add(String(width / 2, height / 2, "No data in this period", fontName=self.font, fontSize=9))
            return drawing
        values = [None if v is None else round(v * 100, 1) for v in chart.values]
        if chart.kind == "bar":
            plot = VerticalBarChart()
            plot.data = [[v or 0 for v in values]]
            plot.bars[0].fillColor = colors.HexColor("#4a5bb5")
        else:
            plot = HorizontalLineChart()
            plot.data = [values]
            plot.lines[0].strokeColor = colors.HexColor("#1b7f3b")
            plot.lines[0].strokeWidth = 1.5
            # Each session a point, so that one session alone (no line to draw) still shows.
            plot.lines[0].symbol = makeMarker("FilledCircle", size=4, fillColor=colors.HexColor("#1b7f3b"))
            plot.joinedLines = 1
        plot.x, plot.y = 34, 30
        plot.width, plot.height = width - 50, height - 48
        step = max(1, len(chart.labels) // 24)
        plot.categoryAxis.categoryNames = [label if i % step == 0 else "" for i, label in enumerate(chart.labels)]
        plot.categoryAxis.labels.fontName = self.font
        plot.categoryAxis.labels.fontSize = 6
        plot.categoryAxis.labels.angle = 30 if len(chart.labels) > 8 else 0
        plot.categoryAxis.labels.boxAnchor = "ne" if len(chart.labels) > 8 else "n"
        plot.valueAxis.valueMin = 0
        plot.valueAxis.valueMax = 100
        plot.valueAxis.valueStep = 20
        plot.valueAxis.labels.fontName = self.font
        plot.valueAxis.labels.fontSize = 7
        plot.valueAxis.labelTextFormat = "%d%%"
        drawing.add(plot)
        drawing.add(String(0, height - 8, chart.value_title, fontName=self.font, fontSize=7, fillColor=INK))
        return drawing


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
