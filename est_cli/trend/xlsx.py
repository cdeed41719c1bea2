"""The figures as a workbook to paste into the kvartalsanalys (`write_xlsx`): the sheets Trend,
Insatser and Om siffrorna, with text kept as text, colours by direction and print setup."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from est_cli.outputs.atomic import write_atomically
from est_cli.outputs.palette import (
    GREY_TEXT,
)
from est_cli.outputs.xlsx import Looks, column_lines, print_setup, put_text
from est_cli.swedish import MINUS, MISSING, NEW, week_list_text
from est_cli.trend.compute import TrendResult
from est_cli.trend.tables import follow_up_basis, table_header, table_rows


def write_xlsx(result: TrendResult | None, path: Path, follow_ups: list | None = None, note: str = "") -> None:
    """The figures as a workbook to paste into the kvartalsanalys: sheet Trend (+ Insatser, Om siffrorna)."""
    from openpyxl import Workbook

    wb = Workbook()
    first = wb.active
    sheets = []
    if result is not None:
        sheets.append(("Trend", lambda ws: _xlsx_trend(ws, result)))
    if follow_ups is not None:
        sheets.append(("Insatser", lambda ws: _xlsx_insatser(ws, follow_ups, note, result)))
    if result is not None:
        sheets.append(("Om siffrorna", lambda ws: _xlsx_about(ws, result)))
    for n, (name, fill) in enumerate(sheets):
        ws = first if n == 0 else wb.create_sheet()
        ws.title = name
        fill(ws)
    wb.properties.creator = "est"
    wb.properties.title = _xlsx_title(result) if result else "Uppföljning av insatser"
    wb.active = 0
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, wb.save)


def _xlsx_title(result: TrendResult) -> str:
    what = "teman" if result.by == "theme" else "kategorier"
    return f"Händelser per {what}, {result.period.describe()}" + (f" – {result.kommun}" if result.kommun else "")


class _Style(Looks):
    """The trend workbook's cells on the shared looks (est_cli.outputs.xlsx.Looks)."""

    def __init__(self) -> None:
        super().__init__()

        self.grey = self.Font(name="Arial", size=10, color=GREY_TEXT)

    def put(
        self,
        ws,
        row: int,
        col: int,
        value,
        font=None,
        align: str | None = None,
        wrap: bool = False,
        number_format: str | None = None,
        border: bool = False,
    ):
        cell = ws.cell(row, col)
        if isinstance(value, str):
            put_text(cell, value)
        else:
            cell.value = value
        cell.font = font or self.normal
        if align or wrap:
            cell.alignment = self.Alignment(horizontal=align, vertical="top", wrap_text=wrap)
        if number_format:
            cell.number_format = number_format
        if border:
            cell.border = self.box
        return cell

    def header(self, ws, row: int, headers: Sequence[str], widths: Sequence[float]) -> None:
        from openpyxl.utils import get_column_letter

        for col, (text, width) in enumerate(zip(headers, widths, strict=True), 1):
            cell = self.put(ws, row, col, text, font=self.header_font, align="center", wrap=True, border=True)
            cell.fill = self.header_fill
            cell.alignment = self.Alignment(horizontal="center", vertical="center", wrap_text=True)
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.row_dimensions[row].height = 42


PERCENT_FORMAT = f'+0\\ %;"{MINUS}"0\\ %;0\\ %'
CHANGE_FORMAT = f'+0;"{MINUS}"0;0'
CHANGE_FORMAT_DECIMAL = f'+0.0;"{MINUS}"0.0;0'


def _xlsx_trend(ws, result: TrendResult) -> None:
    s = _Style()
    s.put(ws, 1, 1, _xlsx_title(result), font=s.title_font)
    ws.row_dimensions[1].height = 22
    s.put(
        ws,
        2,
        1,
        f"{result.comparison_text()}  Checklista: {result.schema_name}.",
        font=s.sub_font,
    )
    s.put(
        ws,
        3,
        1,
        f"{MISSING} = ingen rapport alls från området den veckan (inte samma sak som 0); summorna räknar "
        "bara veckor med rapporter. Har perioderna olika många veckor med rapporter jämförs snittet per "
        "sådan vecka; skiljer rapporterna per vecka mer än en tredjedel säger kolumnen Jämförs att "
        "perioderna inte är jämförbara (kolumnen Jämförs). Rött = fler problem än jämförelseperioden, grönt = färre. "
        f"Sammanställd {result.made_at:%Y-%m-%d %H:%M} av est.",
        font=s.note_font,
    )

    def id_last(values: list) -> list:  # the id is for machines: last column, in grey
        return values[:2] + values[3:] + values[2:3]

    header = id_last(table_header(result, bucket_titles=True))
    n_b = len(result.buckets)
    widths = [16, 34, *([6.5 if result.per == "week" else 9] * n_b), 10, 12, 11, 11, 12, 11, 11, 13, 11, 14, 24]
    head_row = 5
    s.header(ws, head_row, header, widths)
    first_num = 3
    total_col = first_num + n_b
    last_col = len(header)
    row = head_row + 1
    for r, values in zip(result.rows, table_rows(result), strict=True):
        values = id_last(values)
        for col, value in enumerate(values, 1):
            fmt = None
            align = "center" if first_num <= col < last_col - 1 else "left"
            if col in (total_col + 3, total_col + 6) and isinstance(value, float):
                value, fmt = value / 100.0, PERCENT_FORMAT
            elif col in (total_col + 2, total_col + 5) and isinstance(value, (int, float)):
                fmt = CHANGE_FORMAT_DECIMAL if isinstance(value, float) else CHANGE_FORMAT
            font = s.grey if (value == MISSING or col == last_col) else (s.bold if col == total_col else None)
            cell = s.put(
                ws,
                row,
                col,
                value,
                font=font,
                align=align,
                number_format=fmt,
                border=True,
                wrap=col in (1, 2, last_col - 1),
            )
            if col in (total_col + 2, total_col + 3):
                s.colour_change(cell, r.change.direction, r.good_when_up)
            elif col in (total_col + 5, total_col + 6):
                s.colour_change(cell, r.change_last_year.direction, r.good_when_up)
        lines = max(
            column_lines(str(values[0]), widths[0]),
            column_lines(str(values[1]), widths[1]),
            column_lines(str(values[last_col - 2]), widths[last_col - 2]),
        )
        if lines > 1:
            ws.row_dimensions[row].height = 13 * lines + 2
        row += 1
    if not result.rows:
        s.put(ws, row, 1, "Inga områden att visa.")
        row += 1
    ws.freeze_panes = ws.cell(head_row + 1, 3)
    ws.auto_filter.ref = f"A{head_row}:{ws.cell(max(row - 1, head_row), len(header)).coordinate}"
    print_setup(ws, f"{head_row}:{head_row}", _xlsx_title(result))


def _xlsx_about(ws, result: TrendResult) -> None:
    s = _Style()
    s.put(ws, 1, 1, "Om siffrorna", font=s.title_font)
    lines = [
        (
            f"Period: {result.period.describe()}, vecka {result.period.first} till {result.period.last} "
            f"({len(result.period)} veckor)."
        ),
        f"Föregående period: {result.previous.describe()} ({len(result.previous)} veckor).",
        f"Samma period förra året: {result.last_year.describe()} ({len(result.last_year)} veckor).",
        "En vecka hör till den månad, det kvartal, den tertial och det år där veckans torsdag ligger (ISO-regeln).",
        "Siffrorna är antalet händelser i gällande rapporter: samma händelse rapporterad av flera räknas en gång, "
        "och ersatta (rättade) eller återkallade rapporter räknas inte.",
        f"{MISSING} betyder att området inte har någon rapport alls den veckan. Det är inte samma sak som 0.",
        f'Förändring i procent räknas mot jämförelseperioden; "{NEW}" betyder att jämförelseperioden hade 0. '
        "Procent anges bara när jämförelseperioden har minst 5 händelser; annars bara förändringen i antal.",
    ]
    if result.by == "theme":
        lines.append("Teman är den gemensamma temalistan, så att olika kommuners checklistor kan jämföras.")
    row = 3
    for line in lines:
        s.put(ws, row, 1, line)
        row += 1
    row += 1
    s.header(ws, row, ["Område", "Veckor med rapport", "Veckor utan rapport"], [22, 12, 80])
    row += 1
    for a in result.areas:
        s.put(ws, row, 1, a.name, border=True)
        s.put(ws, row, 2, a.reported_weeks, align="center", border=True)
        s.put(ws, row, 3, week_list_text(a.missing_weeks, result.period.last.year) or "inga", wrap=True, border=True)
        row += 1
    print_setup(ws, None, "Om siffrorna")


def _xlsx_insatser(ws, follow_ups: list, note: str, result: TrendResult | None) -> None:
    s = _Style()
    s.put(ws, 1, 1, "Uppföljning av insatser: före och efter start", font=s.title_font)
    ws.row_dimensions[1].height = 22
    s.put(ws, 2, 1, note, font=s.note_font)

    header = [
        "Nr",
        "Område",
        "Riktad mot",
        "Beskrivning",
        "Ansvarig",
        "Från",
        "Till",
        "Fönster (veckor)",
        "Före: veckor",
        "Före: antal",
        "Efter: veckor",
        "Efter: antal",
        "Jämförs",
        "Förändring",
        "Förändring %",
        "Kommentar",
    ]
    widths = [5, 16, 24, 34, 18, 10, 10, 9, 14, 9, 14, 9, 14, 11, 11, 40]
    s.header(ws, 4, header, widths)
    row = 5
    for f in follow_ups:
        c = f.change
        values = [
            f.insats["id"],
            f.insats["area"],
            f.label,
            f.insats["beskrivning"],
            f.insats["ansvarig"],
            f.insats["from_week"],
            f.insats["to_week"] or "pågår",
            f.window,
            f.before.span_text(),
            f.before.total if f.before.total is not None else MISSING,
            f.after.span_text(),
            f.after.total if f.after.total is not None else MISSING,
            follow_up_basis(f),
            c.count if c.count is not None else MISSING,
            (c.percent / 100.0 if c.percent is not None else (NEW if c.new else MISSING)),
            f.remark,
        ]
        for col, value in enumerate(values, 1):
            fmt = (
                PERCENT_FORMAT
                if col == 15 and isinstance(value, float)
                else CHANGE_FORMAT
                if col == 14 and isinstance(value, int)
                else CHANGE_FORMAT_DECIMAL
                if col == 14 and isinstance(value, float)
                else None
            )
            cell = s.put(
                ws,
                row,
                col,
                value,
                number_format=fmt,
                border=True,
                wrap=col in (2, 3, 4, 5, 13, 16),
                align="center" if 6 <= col <= 15 else "left",
            )
            if col in (14, 15):
                s.colour_change(cell, c.direction, f.good_when_up)
        lines = max(column_lines(str(v), w) for v, w in zip(values, widths, strict=True) if isinstance(v, str))
        if lines > 1:
            ws.row_dimensions[row].height = 13 * lines + 2
        row += 1
    if not follow_ups:
        s.put(ws, row, 1, "Inga insatser i registret för perioden.")
    ws.freeze_panes = "A5"
    print_setup(ws, "4:4", "Uppföljning av insatser")


__all__ = ["CHANGE_FORMAT", "CHANGE_FORMAT_DECIMAL", "PERCENT_FORMAT", "write_xlsx"]
