"""The example week's Excel workbooks: the shared openpyxl layout (styles, header block, table,
the est template) and one writer per .xlsx file, the e-mail's attachment included."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from est_cli.example_week.determinism import normalise_ooxml
from est_cli.example_week.items import TEMPLATE_COLUMNS
from est_cli.example_week.spec import NBSP, InboxFile, IntendedReport, IntendedRow


# --------------------------------------------------------------------------- layout helpers
def _xlsx_styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="A6A6A6")
    return {
        "title": Font(bold=True, size=14),
        "bold": Font(bold=True),
        "head_fill": PatternFill("solid", fgColor="DDEBF7"),
        "label_fill": PatternFill("solid", fgColor="F2F2F2"),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "wrap": Alignment(wrap_text=True, vertical="top"),
    }


def _italic() -> Any:
    from openpyxl.styles import Font

    return Font(italic=True, color="595959")


def _write_table(
    ws: Any, header_row: int, columns: list[tuple[str, str]], rows: list[IntendedRow], first_col: int = 1
) -> None:
    st = _xlsx_styles()
    for offset, (title, _) in enumerate(columns):
        cell = ws.cell(row=header_row, column=first_col + offset, value=title)
        cell.font = st["bold"]
        cell.fill = st["head_fill"]
        cell.border = st["border"]
    for index, row in enumerate(rows, start=1):
        for offset, (_, attr) in enumerate(columns):
            value = row.value(attr)
            cell = ws.cell(row=header_row + index, column=first_col + offset, value=value if value != "" else None)
            cell.border = st["border"]
            cell.alignment = st["wrap"]
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, time):
                cell.number_format = "hh:mm"


def _write_header_block(ws: Any, first_row: int, pairs: list[tuple[str, Any]], col: int = 1) -> None:
    st = _xlsx_styles()
    for offset, (label, value) in enumerate(pairs):
        label_cell = ws.cell(row=first_row + offset, column=col, value=label)
        label_cell.font = st["bold"]
        label_cell.fill = st["label_fill"]
        value_cell = ws.cell(row=first_row + offset, column=col + 1, value=value)
        if isinstance(value, date):
            value_cell.number_format = "yyyy-mm-dd"


def _set_widths(ws: Any, widths: dict[str, float]) -> None:
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width


def _template_workbook(report: IntendedReport, header: list[tuple[str, Any]], title: str) -> Any:
    """A workbook in the est template style: title, header block, blank row, the table."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = report.sheet
    ws["A1"] = title
    ws["A1"].font = _xlsx_styles()["title"]
    _write_header_block(ws, 2, header)
    header_row = report.table_header_row()
    _write_table(ws, header_row, TEMPLATE_COLUMNS, report.rows)
    marks = DataValidation(type="list", formula1='"Ja,Nej"', allow_blank=True, errorStyle="warning")
    ws.add_data_validation(marks)
    marks.add(f"D{header_row + 1}:D{header_row + 8}")
    ws.freeze_panes = f"A{header_row + 1}"
    _set_widths(ws, {"A": 14, "B": 30, "C": 44, "D": 11, "E": 7, "F": 22, "G": 11, "H": 8, "I": 9, "J": 44, "K": 28})
    return wb


def _workbook_bytes(wb: Any, saved: datetime, author: str) -> bytes:
    utc = saved.astimezone(UTC).replace(tzinfo=None)
    wb.properties.creator = author
    wb.properties.lastModifiedBy = author
    wb.properties.created = utc - timedelta(days=40)  # the reporter's copy of the template
    wb.properties.modified = utc
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalise_ooxml(buffer.getvalue(), saved)


def _save_workbook(wb: Any, path: Path, saved: datetime, author: str) -> None:
    path.write_bytes(_workbook_bytes(wb, saved, author))


# --------------------------------------------------------------------------- one writer per file
def write_polis_vivalla(spec: InboxFile, path: Path) -> None:
    report = spec.reports[0]
    header = [
        ("Vecka", 47),
        ("Område", "Vivalla"),
        ("Organisation", "Polis"),
        ("Rapportör", "Områdespolis"),
        ("Datum", datetime(2026, 11, 17)),
    ]
    wb = _template_workbook(report, header, "EST – Checklista för rapportörer (Örebro)")
    _save_workbook(wb, path, spec.saved, "Polisen")


def write_trygghetsvard_attachment(spec: InboxFile) -> bytes:
    """The checklist attached to the trygghetsvärd's e-mail (est template style)."""
    report = spec.reports[0]
    header = [
        ("Vecka", "47"),
        ("Område", "Vivalla"),
        ("Organisation", "ÖBO"),
        ("Rapportör", "Trygghetsvärd"),
        ("Datum", datetime(2026, 11, 19)),
    ]
    wb = _template_workbook(report, header, "EST – Checklista för rapportörer (Örebro)")
    return _workbook_bytes(wb, spec.saved - timedelta(minutes=20), "ÖBO")  # saved before sending


def write_kommun_baronbackarna(spec: InboxFile, path: Path) -> None:
    """The kommun's own older layout: synonyms everywhere, X marks, header values to the right."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    st = _xlsx_styles()
    report = spec.reports[0]
    wb = Workbook()
    ws = wb.active
    ws.title = report.sheet
    ws["A1"] = "TRYGGHETSRAPPORT – ÖREBRO KOMMUN"
    ws["A1"].font = st["title"]
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells("A1:E1")
    ws["A2"] = "Skickas till samordnaren senast onsdag kl. 10.00. Kryssa (X) det som hänt."
    ws["A2"].font = _italic()
    for ref, value in {
        "A3": "Bostadsområde:",
        "B3": "Baronbackarna",
        "D3": "Vecka:",
        "E3": "v.47",
        "A4": "Verksamhet:",
        "B4": "Örebro kommun ",
        "D4": "Datum:",
        "E4": "18/11/2026",
        "A5": "Funktion:",
        "B5": "Områdessamordnare",
    }.items():
        ws[ref] = value
        if ref[0] in "AD":
            ws[ref].font = st["bold"]
    columns = [
        ("Kategori", "label"),
        ("Ja/Nej", "mark"),
        ("Antal", "antal"),
        ("Adress", "plats"),
        ("Beskrivning", "kommentar"),
    ]
    header_row = report.table_header_row()
    _write_table(ws, header_row, columns, report.rows)
    for offset in range(len(report.rows)):
        ws.cell(row=header_row + 1 + offset, column=2).alignment = Alignment(horizontal="center")
    _set_widths(ws, {"A": 30, "B": 14, "C": 8, "D": 30, "E": 52})
    _save_workbook(wb, path, spec.saved, "Örebro kommun")


def write_obo(spec: InboxFile, path: Path) -> None:
    """ÖBO's husvärdar: an instruction sheet, then one sheet per area."""
    from openpyxl import Workbook

    st = _xlsx_styles()
    wb = Workbook()
    info = wb.active
    info.title = "Instruktioner"
    lines = [
        "Instruktioner – EST-rapport från ÖBO",
        "",
        "1. Fyll i en flik per område (Vivalla, Baronbackarna).",
        "2. Skriv Ja eller Nej i kolumnen Förekomst. Skriv antal om det hänt flera gånger.",
        "3. Plats: ange gata eller plats, inte lägenhet eller trappuppgång.",
        "4. Skriv aldrig namn eller personnummer i kommentarerna.",
        "5. Mejla filen till EST-samordnaren senast onsdag kl. 10.00.",
    ]
    for number, line in enumerate(lines, start=1):
        info.cell(row=number, column=1, value=line or None)
    info["A1"].font = st["title"]
    info.column_dimensions["A"].width = 90
    columns = [
        ("Nr", "nr"),
        ("Punkt", "label"),
        ("Förekomst", "mark"),
        ("Antal", "antal"),
        ("Plats", "plats"),
        ("Allvarlighetsgrad", "allvar"),
        ("Kommentar", "kommentar"),
    ]
    for report in spec.reports:
        ws = wb.create_sheet(report.sheet)
        ws["A1"] = "ÖBO – Trygghetsrapport EST"
        ws["A1"].font = st["title"]
        _write_header_block(
            ws,
            3,
            [
                ("Vecka:", 47),
                ("Område:", report.area + (NBSP if report.area == "Vivalla" else "")),  # stray nbsp
                ("Organisation:", "ÖBO"),
                ("Rapportör:", report.reporter),
                ("Datum:", datetime.combine(report.datum, time())),
            ],
        )
        _write_table(ws, report.table_header_row(), columns, report.rows)
        _set_widths(ws, {"A": 14, "B": 40, "C": 11, "D": 7, "E": 24, "F": 9, "G": 60})
    wb.active = 1
    _save_workbook(wb, path, spec.saved, "ÖBO")


def write_raddningstjansten(spec: InboxFile, path: Path) -> None:
    """An event log: one row per event, the category repeated."""
    from openpyxl import Workbook

    st = _xlsx_styles()
    report = spec.reports[0]
    wb = Workbook()
    ws = wb.active
    ws.title = report.sheet
    ws["A1"] = "Nerikes Brandkår – händelser i EST-områden"
    ws["A1"].font = st["title"]
    _write_header_block(
        ws,
        3,
        [
            ("Vecka", "v 47"),
            ("Område", "Vivalla"),
            ("Organisation", "Nerikes Brandkår"),
            ("Rapportör", "Räddningstjänsten"),
            ("Datum", datetime(2026, 11, 18)),
        ],
    )
    columns = [
        ("Datum", "datum"),
        ("Tid", "tid"),
        ("Händelse", "label"),
        ("Plats", "plats"),
        ("Antal", "antal"),
        ("Allvarlighetsgrad", "allvar"),
        ("Kommentar", "kommentar"),
    ]
    _write_table(ws, report.table_header_row(), columns, report.rows)
    _set_widths(ws, {"A": 14, "B": 8, "C": 24, "D": 22, "E": 7, "F": 9, "G": 56})
    _save_workbook(wb, path, spec.saved, "Nerikes Brandkår")


def write_fritid_vivalla(spec: InboxFile, path: Path) -> None:
    """The file with mistakes: the reporter's own copy of the template (Nr and Förklaring deleted)."""
    from openpyxl import Workbook

    st = _xlsx_styles()
    report = spec.reports[0]
    wb = Workbook()
    ws = wb.active
    ws.title = report.sheet
    ws["A1"] = "Checklista EST"
    ws["A1"].font = st["title"]
    _write_header_block(
        ws,
        2,
        [
            ("Vecka", "47"),
            ("Område", "Vivalla "),
            ("Organisation", "Kommun"),
            ("Rapportör", "Fritidsgården Vivalla"),
            ("Datum", "2026-11-18"),
        ],
    )
    columns = [col for col in TEMPLATE_COLUMNS if col[1] not in ("nr", "forklaring")]
    _write_table(ws, report.table_header_row(), columns, report.rows)
    _set_widths(ws, {"A": 32, "B": 11, "C": 7, "D": 28, "E": 11, "F": 8, "G": 9, "H": 44, "I": 24})
    _save_workbook(wb, path, spec.saved, "Fritidsgården Vivalla")
