"""The workbook's layout toolkit: a column (`Col`) and `SheetLayout` – cells written as text or numbers
with cached styles, the title block, header and data rows with heights for wrapped text, widths,
frozen header, filter and print set-up. openpyxl is imported lazily."""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from datetime import datetime

from est_cli.outputs.palette import (
    GREY_TEXT,
    NAVY,
)
from est_cli.outputs.xlsx import Looks, column_lines, print_setup, put_text
from est_cli.weeks import IsoWeek, local_naive
from est_cli.weekview import WeekView


def title(view: WeekView) -> str:
    """'Sammanställning vecka 47, 2026 – Örebro': the workbook's title, and each sheet's footer."""
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


class SheetLayout(Looks):
    """The row-level layout every sheet of the week's workbook uses, on the shared looks."""

    def __init__(self, view: WeekView) -> None:
        from openpyxl.styles import Border, Side

        super().__init__()
        self.view = view
        self._styles: dict[tuple, tuple] = {}  # style combination → (StyleArray, kept-alive keys)
        self._grey_fonts: dict[float, object] = {}
        try:
            self.year: int | None = IsoWeek.parse(view.week).year
            self.week_no: str = str(IsoWeek.parse(view.week).week)
        except ValueError:
            self.year, self.week_no = None, view.week
        thin = self.thin
        self.subtotal_border = Border(left=thin, right=thin, bottom=Side(style="medium", color=NAVY), top=thin)

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
        self._wrap_top_lines(ws, header_row, first_col, last_col)
        ws.freeze_panes = f"A{header_row + 1}"
        ref = f"{get_column_letter(first_col)}{header_row}:{get_column_letter(last_col)}{max(last_row, header_row)}"
        ws.auto_filter.ref = ref
        print_setup(ws, f"{header_row}:{header_row}", title(self.view), sheet_name_right=True)

    def _wrap_top_lines(self, ws, header_row: int, first_col: int, last_col: int) -> None:
        """The title's sub-lines and notes above the table wrap within the table's width: an overflowing
        line would widen the printed page until the table itself is too small to read."""
        from openpyxl.utils import get_column_letter

        width = sum(ws.column_dimensions[get_column_letter(c)].width or 8.43 for c in range(first_col, last_col + 1))
        for row in range(2, header_row):
            cell = ws.cell(row, first_col)
            if not isinstance(cell.value, str) or column_lines(cell.value, width) <= 1 or last_col <= first_col:
                continue
            ws.merge_cells(start_row=row, start_column=first_col, end_row=row, end_column=last_col)
            cell.alignment = self.Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[row].height = 13 * column_lines(cell.value, width) + 2

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

    def colour_week_change(self, cell, good_when_up: bool | None = False) -> None:
        """Översikt's change column: red for more problems than the week before, green for fewer
        (the other way round for positive events; no colour for context)."""
        if isinstance(cell.value, int) and cell.value != 0:
            self.colour_change(cell, 1 if cell.value > 0 else -1, good_when_up, bold=cell.font.b)
