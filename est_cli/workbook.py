"""The week's compiled workbook (`utkast/<week>/sammanstallning-<week>.xlsx`), written by `est merge`.

Read by the coordinator in Excel to prepare the weekly meeting, and printed. Five sheets:

1. Översikt – per area × category: this week, the three comparison weeks, change against the
   previous week; a bold subtotal row per area. "–" = no report at all that week (missing, not 0).
2. Händelser – every stored observation with count > 0, with provenance.
3. Platser och tider – hot spots (places with most events) beside hot times (weekday × time of day).
4. Inrapportering – expected reporters and whether their checklist came in.
5. Avvisat – rejected files and rows with the reason.

Rules (design.md): no formulas anywhere (totals are computed here), every text is stored as text
(a reporter's "=HYPERLINK(…)" stays text), numbers stay numbers, dates are real date cells, and
the file is written to a temporary file and moved into place.

The counting rules (hot spots, hot times) live in est_cli.weekview.rules; this module lays them out.
"""

from __future__ import annotations

from collections import Counter
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from est_cli.outputs.atomic import write_atomically
from est_cli.outputs.palette import (
    BORDER_COLOR,
    DECREASE_FILL,
    DECREASE_FONT,
    GREY_TEXT,
    HEAT_FILLS,
    INCREASE_FILL,
    INCREASE_FONT,
    NAVY,
    STATUS_FILLS,
    SUBTOTAL_FILL,
)
from est_cli.outputs.xlsx import FONT_NAME, column_lines, print_setup, put_text, set_default_font
from est_cli.swedish import MINUS, MISSING, stamp, week_label, week_span
from est_cli.swedish import WEEKDAYS as SWEDISH_WEEKDAYS
from est_cli.weeks import IsoWeek, local_naive
from est_cli.weekview import ExpectedStatus, OverviewRow, WeekView
from est_cli.weekview.rules import SLOTS, hot_spots, hot_times

SHEETS = ("Översikt", "Händelser", "Platser och tider", "Inrapportering", "Avvisat")

WEEKDAYS = tuple(day.capitalize() for day in SWEDISH_WEEKDAYS)  # row labels: "Måndag" …
UNKNOWN_DATE = "Okänt datum"
EMPTY_REJECTED = "Inga avvisade filer eller rader."


def _change(this: int | None, previous: int | None) -> int | str:
    if this is None or previous is None:
        return MISSING
    return this - previous


def _sum(values: list[int | None]) -> int | str:
    known = [v for v in values if v is not None]
    return sum(known) if known else MISSING


# ----------------------------------------------------------------------------- the workbook


def write_week_workbook(view: WeekView, path: Path) -> None:
    """Write the compiled workbook for `view` to `path` (atomically: temp file, then os.replace)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    set_default_font(wb, Font(name=FONT_NAME, size=10, family=2))
    wb.properties.creator = "est"
    wb.properties.title = _title(view)
    sheets = [wb.active] + [wb.create_sheet() for _ in SHEETS[1:]]
    for ws, name in zip(sheets, SHEETS, strict=True):
        ws.title = name
    b = _Builder(view)
    b.overview(sheets[0])
    b.events(sheets[1])
    b.places_and_times(sheets[2])
    b.expected(sheets[3])
    b.rejected(sheets[4])
    wb.active = 0
    for ws in sheets:
        ws.sheet_view.tabSelected = ws is sheets[0]

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, wb.save)


def _title(view: WeekView) -> str:
    try:
        w = IsoWeek.parse(view.week)
        return f"Sammanställning vecka {w.week}, {w.year} – {view.kommun}"
    except ValueError:
        return f"Sammanställning {view.week} – {view.kommun}"


@dataclass
class Col:
    header: str
    width: float
    align: str = "left"  # left | center | right
    wrap: bool = False
    number_format: str | None = None
    font_size: float | None = None  # smaller, grey text for provenance columns
    valign: str = "top"


class _Builder:
    """Lays out the five sheets; holds the shared styles (openpyxl is imported lazily)."""

    def __init__(self, view: WeekView) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.view = view
        self._styles: dict[tuple, tuple] = {}  # style combination → (StyleArray, kept-alive keys)
        self._grey_fonts: dict[float, object] = {}
        try:
            self.year: int | None = IsoWeek.parse(view.week).year
            self.week_no: str = str(IsoWeek.parse(view.week).week)
        except ValueError:
            self.year, self.week_no = None, view.week
        self.Alignment, self.Font, self.PatternFill = Alignment, Font, PatternFill
        thin = Side(style="thin", color=BORDER_COLOR)
        self.box = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.subtotal_border = Border(left=thin, right=thin, bottom=Side(style="medium", color=NAVY), top=thin)
        self.header_font = Font(name="Arial", size=10, bold=True, color="FFFFFF")
        self.header_fill = PatternFill("solid", fgColor=NAVY)
        self.title_font = Font(name="Arial", size=14, bold=True, color=NAVY)
        self.sub_font = Font(name="Arial", size=10, color=GREY_TEXT)
        self.note_font = Font(name="Arial", size=9, italic=True, color=GREY_TEXT)
        self.bold = Font(name="Arial", size=10, bold=True)
        self.normal = Font(name="Arial", size=10)

    # --- cells

    def put(
        self,
        ws,
        row: int,
        col: int,
        value,
        *,
        font=None,
        fill: str | None = None,
        align: str | None = None,
        wrap: bool = False,
        number_format: str | None = None,
        border=None,
        valign: str = "top",
    ):
        """Write one cell. Every text is stored as text, never as a formula."""
        cell = ws.cell(row, col)
        self._style(ws, cell, font, fill, align, wrap, number_format, border, valign)
        if isinstance(value, str):
            put_text(cell, value)  # after the style: it may set the cell's quotePrefix
        elif isinstance(value, datetime) and value.tzinfo is not None:
            cell.value = local_naive(value)  # Excel has no time zones: show the coordinator's local time
        else:
            cell.value = value
        return cell

    def _style(self, ws, cell, font, fill, align, wrap, number_format, border, valign) -> None:
        # openpyxl hashes every style object on assignment (most of a merge's time, docs/performance.md);
        # a cell with the same combination as an earlier one gets a copy of that cell's style indices.
        # The cache keeps the objects it keys on by id() alive, so an id is never reused.
        key = (id(ws.parent), id(font), fill, align, wrap, number_format, id(border), valign)
        style = getattr(cell, "_style", None)  # None until a style is set (openpyxl creates it lazily)
        fresh = style is None or not any(style)  # a cell styled before keeps the additive path
        cached = self._styles.get(key) if fresh else None
        if cached is not None:
            cell._style = copy(cached[0])
            return
        if font is not None:
            cell.font = font
        if fill:
            cell.fill = self.PatternFill("solid", fgColor=fill)
        if align or wrap:
            cell.alignment = self.Alignment(horizontal=align, vertical=valign, wrap_text=wrap)
        if number_format:
            cell.number_format = number_format
        if border is not None:
            cell.border = border
        if fresh:
            self._styles[key] = (copy(cell._style), ws.parent, font, border)

    def heading(self, ws, title: str, lines: list[str]) -> int:
        """Title row and grey sub-lines at the top; returns the next free row."""
        self.put(ws, 1, 1, title, font=self.title_font)
        ws.row_dimensions[1].height = 22
        row = 2
        for line in lines:
            self.put(ws, row, 1, line, font=self.sub_font)
            row += 1
        return row

    def header_row(self, ws, row: int, first_col: int, cols: list[Col]) -> None:
        for i, col in enumerate(cols):
            self.put(ws, row, first_col + i, col.header, font=self.header_font, fill=None, border=self.box)
            cell = ws.cell(row, first_col + i)
            cell.fill = self.header_fill
            cell.alignment = self.Alignment(
                horizontal="left" if col.align == "left" else "center", vertical="center", wrap_text=True
            )
        lines = max(column_lines(c.header, c.width - 2.5) for c in cols)  # room for the filter button
        ws.row_dimensions[row].height = max(ws.row_dimensions[row].height or 0, 6 + 13 * lines)

    def data_row(
        self,
        ws,
        row: int,
        first_col: int,
        cols: list[Col],
        values: list,
        *,
        font=None,
        fill: str | None = None,
        border=None,
    ) -> None:
        lines = 1
        for i, (col, value) in enumerate(zip(cols, values, strict=True)):
            f = font
            if f is None and col.font_size:
                f = self._grey_fonts.get(col.font_size)
                if f is None:  # one Font per size, so that put()'s style cache recognises it
                    f = self._grey_fonts[col.font_size] = self.Font(name="Arial", size=col.font_size, color=GREY_TEXT)
            self.put(
                ws,
                row,
                first_col + i,
                value,
                font=f or self.normal,
                fill=fill,
                align=col.align,
                wrap=col.wrap,
                number_format=col.number_format,
                border=border or self.box,
                valign=col.valign,
            )
            if col.wrap and isinstance(value, str):
                lines = max(lines, column_lines(value, col.width * (10 / (col.font_size or 10))))
        ws.row_dimensions[row].height = max(ws.row_dimensions[row].height or 0, 2.5 + 12.75 * lines)

    def widths(self, ws, first_col: int, cols: list[Col]) -> None:
        from openpyxl.utils import get_column_letter

        for i, col in enumerate(cols):
            ws.column_dimensions[get_column_letter(first_col + i)].width = col.width

    def finish(self, ws, header_row: int, first_col: int, last_col: int, last_row: int) -> None:
        """Frozen header, auto-filter, print set-up: landscape A4, fit to width, page footer."""
        from openpyxl.utils import get_column_letter

        ws.sheet_view.showGridLines = False
        ws.freeze_panes = f"A{header_row + 1}"
        ref = f"{get_column_letter(first_col)}{header_row}:{get_column_letter(last_col)}{max(last_row, header_row)}"
        ws.auto_filter.ref = ref
        print_setup(ws, f"{header_row}:{header_row}", _title(self.view), sheet_name_right=True)

    def list_sheet(
        self,
        ws,
        title: str,
        lines: list[str],
        cols: list[Col],
        rows: list[list],
        empty: str,
        *,
        empty_as_row: bool = False,
        summary_font=None,
        each_row=None,
    ) -> None:
        """A sheet that is one list: title and sub-lines, a filtered header row, one row per item (or
        `empty` when there is none), widths and print set-up. `each_row(row, values)` styles a row."""
        row = self.heading(ws, title, lines)
        if summary_font is not None:
            ws.cell(2, 1).font = summary_font
        header = row + 1
        self.header_row(ws, header, 1, cols)
        row = header + 1
        for values in rows:
            self.data_row(ws, row, 1, cols, values)
            if each_row is not None:
                each_row(row, values)
            row += 1
        if not rows:
            if empty_as_row:
                self.data_row(ws, row, 1, cols, [empty] + [None] * (len(cols) - 1))
            else:
                self.put(ws, row, 1, empty, font=self.normal)
            row += 1
        self.widths(ws, 1, cols)
        self.finish(ws, header, 1, len(cols), row - 1)

    def week_title(self, what: str) -> str:
        year = f", {self.year}" if self.year else ""
        return f"{what} vecka {self.week_no}{year} – {self.view.kommun}"

    # --- 1. Översikt

    def overview(self, ws) -> None:
        v = self.view
        prev, before, last_year = (
            week_label(w, self.year) for w in (v.previous_week, v.week_before, v.same_week_last_year)
        )
        this = week_label(v.week, self.year)
        cols = [
            Col("Område", 18, wrap=True),
            Col("Kategori", 40, wrap=True),
            Col(f"Denna vecka\n{this}", 12, "center"),
            Col(f"Föregående vecka\n{prev}", 12, "center"),
            Col(f"Veckan före\n{before}", 12, "center"),
            Col(f"Samma vecka förra året\n{last_year}", 14, "center"),
            Col("Förändring mot föregående vecka", 17, "center", number_format=f'+0;"{MINUS}"0;0'),
        ]
        compared = "; ".join(
            f"{name} {week_label(w, self.year)} ({week_span(w)})" if week_span(w) else f"{name} {w}"
            for name, w in (
                ("föregående vecka", v.previous_week),
                ("veckan före", v.week_before),
                ("samma vecka förra året", v.same_week_last_year),
            )
        )
        span = week_span(v.week)
        lines = [
            f"Sammanställd {stamp(v.compiled_at)}  ·  Checklista: {v.schema_name}"
            + (f"  ·  Sista dag för inrapportering: {stamp(v.deadline)}" if v.deadline else ""),
            f"Denna vecka {this}" + (f" ({span})" if span else "") + f" jämförs med {compared}.",
        ]
        row = self.heading(ws, _title(v), lines)
        self.put(
            ws,
            row,
            1,
            f"{MISSING} = ingen rapport alls från området den veckan (inte samma sak som 0). "
            "Rött = fler än föregående vecka, grönt = färre.",
            font=self.note_font,
        )
        header = row + 2
        self.header_row(ws, header, 1, cols)
        row = header + 1

        areas: dict[str, list[OverviewRow]] = {}
        for r in v.overview:
            areas.setdefault(r.area, []).append(r)
        change_col = len(cols)
        for area, rows in areas.items():
            for r in rows:
                values = [
                    r.area,
                    r.label,
                    r.this_week,
                    *(_or_missing(x) for x in (r.previous_week, r.week_before, r.same_week_last_year)),
                    _change(r.this_week, r.previous_week),
                ]
                self.data_row(ws, row, 1, cols, values)
                self._colour_change(ws.cell(row, change_col))
                row += 1
            this_week = sum(r.this_week for r in rows)
            totals = [
                this_week,
                _sum([r.previous_week for r in rows]),
                _sum([r.week_before for r in rows]),
                _sum([r.same_week_last_year for r in rows]),
            ]
            previous = totals[1] if isinstance(totals[1], int) else None
            self.data_row(
                ws,
                row,
                1,
                cols,
                [area, f"Summa {area}", *totals, _change(this_week, previous)],
                font=self.bold,
                fill=SUBTOTAL_FILL,
                border=self.subtotal_border,
            )
            self._colour_change(ws.cell(row, change_col))
            row += 1
        for area in v.areas_without_reports:
            self.data_row(
                ws,
                row,
                1,
                cols,
                [area, "Ingen rapport från området denna vecka (se Inrapportering)", MISSING, None, None, None, None],
                font=self.note_font,
            )
            row += 1
        if not v.overview and not v.areas_without_reports:
            self.put(ws, row, 1, "Inga rapporter denna vecka.", font=self.normal)
            row += 1
        self.widths(ws, 1, cols)
        self.finish(ws, header, 1, len(cols), row - 1)

    def _colour_change(self, cell) -> None:
        if isinstance(cell.value, int) and cell.value != 0:
            up = cell.value > 0
            cell.fill = self.PatternFill("solid", fgColor=INCREASE_FILL if up else DECREASE_FILL)
            cell.font = self.Font(name="Arial", size=10, bold=cell.font.b, color=INCREASE_FONT if up else DECREASE_FONT)

    # --- 2. Händelser

    def events(self, ws) -> None:
        v = self.view
        cols = [
            Col("Område", 14.5, wrap=True),
            Col("Kategori", 22, wrap=True),
            Col("Antal", 7, "center"),
            Col("Plats", 17, wrap=True),
            Col("Datum", 11.5, "center", number_format="yyyy-mm-dd"),
            Col("Tid", 12, "center", wrap=True),
            Col("Allvarlighetsgrad", 16.5, "center"),
            Col("Kommentar", 34, wrap=True),
            Col("Åtgärd", 24, wrap=True),
            Col("Organisation", 15.5, wrap=True),
            Col("Rapportör", 15, wrap=True),
            Col("Källa", 17, wrap=True, font_size=8.5),
            Col("Cell", 12, wrap=True, font_size=8.5),
        ]
        total = sum(e.count for e in v.events)
        lines = [
            (
                f"{len(v.events)} rader, {total} händelser (summa av Antal). "
                "Alla händelser som rapporterats med antal större än 0, med källa (fil och cell)."
            )
        ]
        rows = [
            [
                e.area,
                e.label,
                e.count,
                e.place,
                e.date,
                e.time,
                e.severity,
                e.comment,
                e.action,
                e.organisation,
                e.reporter,
                e.source,
                e.location,
            ]
            for e in v.events
        ]
        self.list_sheet(ws, self.week_title("Händelser"), lines, cols, rows, "Inga händelser rapporterade denna vecka.")

    # --- 3. Platser och tider

    def places_and_times(self, ws) -> None:
        v = self.view
        spots, no_place = hot_spots(v.events)
        matrix = hot_times(v.events)
        spot_cols = [
            Col("Område", 14, wrap=True),
            Col("Plats", 24, wrap=True),
            Col("Antal händelser", 11, "center"),
            Col("Kategorier", 50, wrap=True),
        ]
        gap = 3
        time_first = len(spot_cols) + 2
        time_cols = (
            [Col("Veckodag", 14, valign="center")]
            + [Col(s.replace(" ", "\n", 1), 12, "center", valign="center") for s in SLOTS]
            + [Col("Summa", 9, "center", valign="center")]
        )
        lines = [
            (
                "Till vänster: platser med flest händelser (summa av Antal; samma plats oavsett stora/små "
                "bokstäver och mellanslag). Till höger: när händelserna inträffade (veckodag × tid på dygnet)."
            )
        ]
        self.heading(ws, self.week_title("Platser och tider"), lines)
        header = 4
        self.put(ws, header - 1, 1, "Var – platser med flest händelser", font=self.bold)
        self.put(ws, header - 1, time_first, "När – veckodag och tid på dygnet", font=self.bold)
        self.header_row(ws, header, 1, spot_cols)
        self.header_row(ws, header, time_first, time_cols)

        row = header + 1
        for spot in spots:
            self.data_row(ws, row, 1, spot_cols, [spot.area, spot.place, spot.count, ", ".join(spot.labels)])
            row += 1
        if not spots:
            self.put(ws, row, 1, "Inga händelser med angiven plats.", font=self.normal)
            row += 1
        last_spot_row = row - 1
        if no_place:
            noun = "händelse" if no_place == 1 else "händelser"
            self.put(
                ws, row + 1, 1, f"{no_place} {noun} saknar plats och finns inte med i listan.", font=self.note_font
            )

        # Hot times: counts per weekday × time slot, plain fills by strength.
        peak = max((n for r in matrix for n in r), default=0)
        row_labels = list(WEEKDAYS) + [UNKNOWN_DATE]
        trow = header + 1
        for label, counts in zip(row_labels, matrix, strict=True):
            ws.row_dimensions[trow].height = 27  # an even grid: two lines, whatever the list beside it needs
            self.data_row(ws, trow, time_first, time_cols, [label, *counts, sum(counts)])
            ws.cell(trow, time_first).font = self.bold
            for j, n in enumerate(counts):
                cell = ws.cell(trow, time_first + 1 + j)
                if n and peak:
                    step = min(len(HEAT_FILLS) - 1, int((n / peak) * len(HEAT_FILLS) - 1e-9))
                    cell.fill = self.PatternFill("solid", fgColor=HEAT_FILLS[step])
                    if n == peak:
                        cell.font = self.bold
                else:
                    cell.font = self.Font(name="Arial", size=10, color="A6A6A6")
            ws.cell(trow, time_first + len(time_cols) - 1).font = self.bold
            trow += 1
        column_sums = [sum(r[j] for r in matrix) for j in range(len(SLOTS))]
        self.data_row(
            ws,
            trow,
            time_first,
            time_cols,
            ["Summa", *column_sums, sum(column_sums)],
            font=self.bold,
            fill=SUBTOTAL_FILL,
        )
        trow += 1
        notes = [
            (
                "Tid: klockslag (t.ex. 21:30) eller ord som natt, morgon, förmiddag, eftermiddag, kväll; "
                "annat räknas som okänd tid. Mörkare färg = fler händelser."
            )
        ]
        outside = sum(e.count for e in v.events if e.date is not None and _week_of(e.date) != v.week)
        if outside:
            notes.append(
                f"{outside} av händelserna har datum utanför vecka {self.week_no} och räknas ändå på sin veckodag."
            )
        for note in notes:
            trow += 1
            self.put(ws, trow, time_first, note, font=self.note_font)

        self.widths(ws, 1, spot_cols)
        from openpyxl.utils import get_column_letter

        ws.column_dimensions[get_column_letter(len(spot_cols) + 1)].width = gap
        self.widths(ws, time_first, time_cols)
        # One filter per sheet in Excel: it goes on the hot-spot list, the list that can grow long.
        self.finish(ws, header, 1, len(spot_cols), last_spot_row)

    # --- 4. Inrapportering

    def expected(self, ws) -> None:
        v = self.view
        cols = [
            Col("Område", 16, wrap=True),
            Col("Organisation", 18, wrap=True),
            Col("Rapportör", 26, wrap=True),
            Col("Status", 14, "center"),
            Col("Inkommen", 17, "center", number_format="yyyy-mm-dd hh:mm"),
            Col("Källa", 40, wrap=True),
        ]
        status = Counter(r.status for r in v.expected)
        expected_n = sum(1 for r in v.expected if r.status != ExpectedStatus.UNEXPECTED)
        lines = [
            (
                f"Förväntade: {expected_n}, inkomna: {status[ExpectedStatus.RECEIVED]}, "
                f"sena: {status[ExpectedStatus.LATE]}, saknas: {status[ExpectedStatus.MISSING]}"
            )
        ]
        if status[ExpectedStatus.UNEXPECTED]:
            n = status[ExpectedStatus.UNEXPECTED]
            lines.append(
                f"Dessutom {n} {'rapport' if n == 1 else 'rapporter'} från rapportörer som inte "
                "fanns bland de förväntade (ej förväntad)."
            )
        if v.deadline:
            lines.append(f"Sista dag för inrapportering: {stamp(v.deadline)}. Sen = kom in efter den tiden.")

        def status_colour(row: int, values: list) -> None:
            fill = STATUS_FILLS.get(values[3])
            if fill:
                ws.cell(row, 4).fill = self.PatternFill("solid", fgColor=fill)
                ws.cell(row, 4).font = self.bold

        rows = [[r.area, r.organisation, r.reporter, r.status, r.received, r.source] for r in v.expected]
        self.list_sheet(
            ws,
            self.week_title("Inrapportering"),
            lines,
            cols,
            rows,
            "Inga förväntade rapportörer angivna i est.toml.",
            summary_font=self.Font(name="Arial", size=11, bold=True),
            each_row=status_colour,
        )

    # --- 5. Avvisat

    def rejected(self, ws) -> None:
        v = self.view
        cols = [
            Col("Fil", 34, wrap=True),
            Col("Plats", 16, wrap=True),
            Col("Kod", 20, wrap=True),
            Col("Orsak", 70, wrap=True),
        ]
        files = len({r.file for r in v.rejected if not r.location})
        rejected_rows = sum(1 for r in v.rejected if r.location)
        lines = [
            (
                f"Avvisade filer: {files}, avvisade rader: {rejected_rows}. Avvisat har inte kommit med i "
                "sammanställningen – be rapportören rätta och skicka igen."
            )
        ]
        rows = [[r.file, r.location or "Hela filen", r.code, r.message] for r in v.rejected]
        self.list_sheet(ws, self.week_title("Avvisat"), lines, cols, rows, EMPTY_REJECTED, empty_as_row=True)


def _or_missing(value: int | None) -> int | str:
    return MISSING if value is None else value


def _week_of(day: date) -> str:
    return str(IsoWeek.of(day))


__all__ = ["SHEETS", "WEEKDAYS", "write_week_workbook"]
