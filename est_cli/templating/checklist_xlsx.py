"""The blank Excel checklist: sheet "Checklista" for the reporter, sheet "Instruktioner".

Layout (ingest reads it by labels, design.md):
- row 1 title, row 2 the no-personal-data reminder;
- rows 4–8 header block: label in A, value cell in B (filled + bordered), grey hint in C;
- row 10 the observation table header (XLSX_COLUMNS), then one row per schema item;
  a schema with several sections gets a section title row (title in the Punkt column only)
  before each section's items.
"""

from __future__ import annotations

from pathlib import Path

from est_cli.outputs.atomic import write_atomically
from est_cli.outputs.palette import GREY_TEXT, NAVY
from est_cli.outputs.xlsx import FONT_NAME, print_setup, put_text, set_default_font, wrapped_lines
from est_cli.templating import (
    ABOUT_EST,
    HEADER_FIELDS,
    NO_PERSONAL_DATA_SHORT,
    SEND_TO,
    SEVERAL_EVENTS,
    SEVERITY_LINES,
    SEVERITY_TEXT,
    SHEET_INSTRUCTIONS,
    XLSX_COLUMNS,
    title,
)

SHEET_CHECKLIST = "Checklista"

TITLE_ROW = 1
NOTE_ROW = 2
HEADER_FIRST_ROW = 4
TABLE_HEADER_ROW = HEADER_FIRST_ROW + len(HEADER_FIELDS) + 1  # one blank row between
EXTRA_ROWS = 6  # empty rows after the items, for one-row-per-event reporting

# Column widths in Excel character units. Column A also carries the header-block labels.
WIDTHS: dict[str, float] = {
    "Nr": 13,
    "Punkt": 34,
    "Förklaring": 44,
    "Förekomst": 10.5,
    "Antal": 8,
    "Plats": 20,
    "Datum": 12,
    "Tid": 8,
    "Allvarlighetsgrad": 15.5,
    "Kommentar": 36,
    "Åtgärd": 28,
}

SECTION_FILL = "D9E1F2"
GIVEN_FILL = "F2F2F2"  # pre-filled columns (Nr, Punkt, Förklaring)
INPUT_FILL = "FFF2CC"  # header value cells
BORDER_COLOR = "A6A6A6"  # a little darker than the outputs' grid: the boxes reporters fill in

# Excel date serials for the date validation range (2020-01-01 … 2099-12-31).
_DATE_MIN, _DATE_MAX = 43831, 73050


CENTERED = ("Förekomst", "Antal", "Allvarlighetsgrad", "Datum", "Tid")  # answer columns, centred


def write_xlsx_template(schema, path: Path) -> None:
    """Write a blank checklist workbook for `schema` to `path` (atomically)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    set_default_font(wb, Font(name=FONT_NAME, size=10, family=2))
    wb.properties.creator = "est"
    wb.properties.title = title(schema)
    ws = wb.active
    ws.title = SHEET_CHECKLIST
    ws.sheet_view.showGridLines = False

    looks = _Looks()
    header_rows = _header_block(ws, schema, looks)
    _table_header(ws, looks)
    item_ranges, row = _item_rows(ws, schema, looks)
    last_item_row = row - 1
    last_row = _extra_rows(ws, row, looks)
    input_ranges: list[tuple[int, int]] = []
    for a, b in item_ranges + [(last_item_row + 1, last_row)]:
        if input_ranges and input_ranges[-1][1] + 1 == a:
            input_ranges[-1] = (input_ranges[-1][0], b)
        else:
            input_ranges.append((a, b))
    _validations(ws, input_ranges, header_rows)

    # --- widths, freeze, print setup
    for name, width in WIDTHS.items():
        ws.column_dimensions[looks.col[name]].width = width
    ws.freeze_panes = f"A{TABLE_HEADER_ROW + 1}"
    ws.print_area = f"A1:{get_column_letter(len(XLSX_COLUMNS))}{last_row}"
    print_setup(ws, f"{TABLE_HEADER_ROW}:{TABLE_HEADER_ROW}", title(schema))

    _instructions(wb.create_sheet(SHEET_INSTRUCTIONS), schema)
    wb.active = 0
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet is ws

    write_atomically(Path(path), lambda tmp: wb.save(tmp))


class _Looks:
    """The checklist sheet's shared styles and column letters (openpyxl imported lazily)."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
        from openpyxl.utils import get_column_letter

        self.Alignment, self.Border, self.Font, self.PatternFill = Alignment, Border, Font, PatternFill
        self.thin = Side(style="thin", color=BORDER_COLOR)
        self.box = Border(left=self.thin, right=self.thin, top=self.thin, bottom=self.thin)
        self.wrap_top = Alignment(wrap_text=True, vertical="top")
        self.center_top = Alignment(horizontal="center", vertical="top", wrap_text=True)
        self.label_font = Font(name=FONT_NAME, size=10)
        self.col = {name: get_column_letter(i) for i, name in enumerate(XLSX_COLUMNS, start=1)}


def _header_block(ws, schema, looks: _Looks) -> dict[str, int]:
    """Title, the no-personal-data reminder and the label | value | hint rows; returns label → row."""
    Alignment, Font, PatternFill = looks.Alignment, looks.Font, looks.PatternFill
    put_text(ws.cell(TITLE_ROW, 1), title(schema))
    ws.cell(TITLE_ROW, 1).font = Font(name=FONT_NAME, size=16, bold=True, color=NAVY)
    ws.row_dimensions[TITLE_ROW].height = 24
    put_text(ws.cell(NOTE_ROW, 1), NO_PERSONAL_DATA_SHORT)
    ws.cell(NOTE_ROW, 1).font = Font(name=FONT_NAME, size=10, italic=True, color="C00000")
    for offset, (label, hint) in enumerate(HEADER_FIELDS):
        row = HEADER_FIRST_ROW + offset
        ws.cell(row, 1, label).font = Font(name=FONT_NAME, size=10, bold=True)
        ws.cell(row, 1).alignment = Alignment(vertical="center")
        value = ws.cell(row, 2)
        value.font = Font(name=FONT_NAME, size=10)
        value.fill = PatternFill("solid", fgColor=INPUT_FILL)
        value.border = looks.box
        value.alignment = Alignment(vertical="center")
        value.number_format = "yyyy-mm-dd" if label == "Datum" else "@"
        ws.cell(row, 3, hint).font = Font(name=FONT_NAME, size=8.5, italic=True, color=GREY_TEXT)
        ws.cell(row, 3).alignment = Alignment(vertical="center")
        ws.row_dimensions[row].height = 18
    return {label: HEADER_FIRST_ROW + i for i, (label, _) in enumerate(HEADER_FIELDS)}


def _table_header(ws, looks: _Looks) -> None:
    header_font = looks.Font(name=FONT_NAME, size=10, bold=True, color="FFFFFF")
    header_fill = looks.PatternFill("solid", fgColor=NAVY)
    for c, name in enumerate(XLSX_COLUMNS, start=1):
        cell = ws.cell(TABLE_HEADER_ROW, c, name)
        cell.font = header_font
        cell.fill = header_fill
        cell.border = looks.box
        cell.alignment = looks.Alignment(
            horizontal="center" if name not in ("Punkt", "Förklaring") else "left", vertical="center", wrap_text=True
        )
    ws.row_dimensions[TABLE_HEADER_ROW].height = 22


def _item_rows(ws, schema, looks: _Looks) -> tuple[list[tuple[int, int]], int]:
    """One row per item (section title rows when the schema has several sections).

    Returns the (first, last) rows of each run of item rows and the next free row."""
    col, ncols, thin = looks.col, len(XLSX_COLUMNS), looks.thin
    help_font = looks.Font(name=FONT_NAME, size=8.5, color=GREY_TEXT)
    given_fill = looks.PatternFill("solid", fgColor=GIVEN_FILL)
    section_fill = looks.PatternFill("solid", fgColor=SECTION_FILL)
    with_sections = len(schema.sections) > 1
    item_ranges: list[tuple[int, int]] = []
    row = TABLE_HEADER_ROW + 1
    number = 0
    for section in schema.sections:
        if with_sections:
            for c in range(1, ncols + 1):
                cell = ws.cell(row, c)
                cell.fill = section_fill
                cell.border = looks.Border(
                    top=thin, bottom=thin, left=thin if c == 1 else None, right=thin if c == ncols else None
                )
            cell = ws.cell(row, XLSX_COLUMNS.index("Punkt") + 1)
            put_text(cell, section.title)
            cell.font = looks.Font(name=FONT_NAME, size=12, bold=True, color=NAVY)
            cell.alignment = looks.Alignment(vertical="center")
            ws.row_dimensions[row].height = 21
            row += 1
        first = row
        for item in section.items:
            number += 1
            for c in range(1, ncols + 1):
                cell = ws.cell(row, c)
                cell.border = looks.box
                cell.alignment = looks.wrap_top
                cell.font = looks.label_font
            ws[f"{col['Nr']}{row}"] = number
            ws[f"{col['Nr']}{row}"].alignment = looks.center_top
            put_text(ws[f"{col['Punkt']}{row}"], item.label)
            put_text(ws[f"{col['Förklaring']}{row}"], item.help)
            ws[f"{col['Förklaring']}{row}"].font = help_font
            for name in ("Nr", "Punkt", "Förklaring"):
                ws[f"{col[name]}{row}"].fill = given_fill
            for name in CENTERED:
                ws[f"{col[name]}{row}"].alignment = looks.center_top
            ws[f"{col['Datum']}{row}"].number_format = "yyyy-mm-dd"
            ws[f"{col['Tid']}{row}"].number_format = "@"
            # Arial 10 averages ~1.3 characters per width unit, 8.5 pt ~1.5; stay on the safe side.
            lines_label = wrapped_lines(item.label, WIDTHS["Punkt"] * 1.15)
            lines_help = wrapped_lines(item.help, WIDTHS["Förklaring"] * 1.3)
            ws.row_dimensions[row].height = max(30.0, lines_label * 13.5 + 5, lines_help * 11.5 + 5)
            row += 1
        item_ranges.append((first, row - 1))
    return item_ranges, row


def _extra_rows(ws, row: int, looks: _Looks) -> int:
    """Empty rows for reporters who log one row per event (same Punkt repeated); returns the last row."""
    for _ in range(EXTRA_ROWS):
        for c, name in enumerate(XLSX_COLUMNS, start=1):
            cell = ws.cell(row, c)
            cell.border = looks.box
            cell.alignment = looks.center_top if name in CENTERED else looks.wrap_top
            cell.font = looks.label_font
        ws[f"{looks.col['Datum']}{row}"].number_format = "yyyy-mm-dd"
        ws[f"{looks.col['Tid']}{row}"].number_format = "@"
        ws.row_dimensions[row].height = 30
        row += 1
    return row - 1


# The checks on the answer columns and the header's Organisation: an input message and a Swedish
# error message each (the keyword arguments of openpyxl's DataValidation).
VALIDATIONS: dict[str, dict[str, str]] = {
    "Förekomst": {
        "type": "list",
        "formula1": '"Ja,Nej"',
        "promptTitle": "Förekomst",
        "prompt": "Har det hänt under veckan? Välj Ja eller Nej i listan.",
        "errorStyle": "warning",
        "errorTitle": "Förekomst",
        "error": "Förekomst ska vara Ja eller Nej – välj i listan.",
    },
    "Antal": {
        "type": "whole",
        "operator": "greaterThanOrEqual",
        "formula1": "0",
        "promptTitle": "Antal",
        "prompt": "Hur många gånger? Skriv ett heltal, t.ex. 3.",
        "errorStyle": "stop",
        "errorTitle": "Antal",
        "error": "Antal ska vara ett heltal, 0 eller större.",
    },
    "Allvarlighetsgrad": {
        "type": "list",
        "formula1": '"1,2,3,4"',
        "promptTitle": "Allvarlighetsgrad 1–4",
        "prompt": SEVERITY_TEXT + ".",
        "errorStyle": "stop",
        "errorTitle": "Allvarlighetsgrad",
        "error": "Välj 1, 2, 3 eller 4 (1 = låg … 4 = mycket allvarlig).",
    },
    "Datum": {
        "type": "date",
        "operator": "between",
        "formula1": str(_DATE_MIN),
        "formula2": str(_DATE_MAX),
        "promptTitle": "Datum",
        "prompt": "Datum för händelsen, ÅÅÅÅ-MM-DD.",
        "errorStyle": "warning",
        "errorTitle": "Datum",
        "error": "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-11-18.",
    },
    "Organisation": {
        "type": "list",
        "formula1": '"Kommun,Polis,Fastighetsbolag"',
        "promptTitle": "Organisation",
        "prompt": "Välj Kommun, Polis eller Fastighetsbolag (eller skriv en annan).",
        "errorStyle": "information",
        "errorTitle": "Organisation",
        "error": "Välj helst Kommun, Polis eller Fastighetsbolag.",
    },
}


def _validations(ws, input_ranges: list[tuple[int, int]], header_rows: dict[str, int]) -> None:
    """Drop-down lists and checks with an input message and a Swedish error message (VALIDATIONS):
    on the answer columns of every item and event row, and on the header's Datum and Organisation."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    col = {name: get_column_letter(i) for i, name in enumerate(XLSX_COLUMNS, start=1)}
    made = {
        name: DataValidation(allow_blank=True, showInputMessage=True, showErrorMessage=True, **spec)
        for name, spec in VALIDATIONS.items()
    }
    for name in ("Förekomst", "Antal", "Allvarlighetsgrad", "Datum"):
        for a, b in input_ranges:
            made[name].add(f"{col[name]}{a}:{col[name]}{b}")
    made["Datum"].add(f"B{header_rows['Datum']}")
    made["Organisation"].add(f"B{header_rows['Organisation']}")
    for validation in made.values():
        ws.add_data_validation(validation)


def _instruction_lines(schema) -> list[tuple[str, str]]:
    """The "Instruktioner" sheet's paragraphs as (style, text)."""
    return [  # (style, text)
        ("title", f"Så fyller du i checklistan – {schema.name}"),
        ("text", ABOUT_EST),
        ("gap", ""),
        ("head", "1. Fyll i uppgifterna överst på bladet Checklista"),
        (
            "bullet",
            "Vecka (t.ex. 47), Område (bostadsområdet), Organisation (Kommun, Polis eller "
            "Fastighetsbolag), Rapportör och Datum.",
        ),
        (
            "bullet",
            "Som rapportör skriver du din funktion, till exempel Områdespolis eller Fältgruppen – inte ditt namn.",
        ),
        ("gap", ""),
        ("head", "2. En rad per punkt"),
        (
            "bullet",
            "Förekomst – välj Ja om det har hänt under veckan, annars Nej. Du kan också skriva X för Ja. "
            "Tom ruta räknas som Nej.",
        ),
        ("bullet", "Antal – hur många gånger det har hänt, om det är mer än en gång."),
        ("bullet", "Plats – gata eller plats, t.ex. torget, gångtunneln eller busshållplatsen. Undvik boendeadresser."),
        (
            "bullet",
            "Datum och Tid – när det hände: datum som ÅÅÅÅ-MM-DD och klockslag eller tid på dygnet "
            "(t.ex. 21.30 eller kväll).",
        ),
        ("bullet", "Allvarlighetsgrad – din bedömning från 1 till 4:"),
        *[("sub", line) for line in SEVERITY_LINES],
        ("bullet", "Kommentar – kort om vad som hände. Beskriv händelsen, inte personerna."),
        (
            "bullet",
            "Åtgärd – vad som gjordes eller är planerat, t.ex. ökad närvaro, kontakt med "
            "fastighetsbolaget, sanering av klotter.",
        ),
        ("bullet", SEVERAL_EVENTS),
        ("gap", ""),
        (
            "bold",
            "Inga personuppgifter. Skriv inga namn, personnummer eller boendeadresser – varken dina "
            "egna eller andras. EST beskriver händelser med kategori, plats och tid, aldrig enskilda personer.",
        ),
        ("gap", ""),
        ("head", "3. Skicka in"),
        ("bullet", SEND_TO),
        ("bullet", "Ändra inte rubrikerna i tabellen. Samordnarens program läser filen med hjälp av dem."),
    ]


def _instructions(ws, schema) -> None:
    """The "Instruktioner" sheet: plain-language Swedish, one paragraph per row in column A."""
    from openpyxl.styles import Alignment, Font

    width = 88  # fits portrait A4 between 0.5" margins without scaling
    ws.column_dimensions["A"].width = width
    ws.sheet_view.showGridLines = False
    wrap = Alignment(wrap_text=True, vertical="top")

    lines = _instruction_lines(schema)
    fonts = {
        "title": Font(name=FONT_NAME, size=16, bold=True, color=NAVY),
        "head": Font(name=FONT_NAME, size=12, bold=True, color=NAVY),
        "bold": Font(name=FONT_NAME, size=10.5, bold=True, color="C00000"),
        "text": Font(name=FONT_NAME, size=10),
        "bullet": Font(name=FONT_NAME, size=10),
        "sub": Font(name=FONT_NAME, size=10),
        "gap": Font(name=FONT_NAME, size=6),
    }
    for row, (style, text) in enumerate(lines, start=1):
        shown = {"bullet": f"•  {text}", "sub": f"        {text}"}.get(style, text)
        cell = ws.cell(row, 1)
        put_text(cell, shown)
        cell.font = fonts[style]
        cell.alignment = wrap
        size = fonts[style].sz or 10
        n = wrapped_lines(shown, width * 1.15 * 10 / size * (0.9 if fonts[style].b else 1.0))
        ws.row_dimensions[row].height = {"gap": 8.0, "title": 26.0}.get(style, n * (size * 1.3) + 3)

    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    ws.print_area = f"A1:A{len(lines)}"
    ws.oddFooter.center.text = "Sida &P av &N"
    ws.oddFooter.center.size = 9


__all__ = ["SHEET_CHECKLIST", "SHEET_INSTRUCTIONS", "TABLE_HEADER_ROW", "write_xlsx_template"]
