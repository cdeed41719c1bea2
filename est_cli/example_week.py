"""The bundled example week (2026-W47) of EST checklists from Örebro, used by `est demo`.

The files imitate what reporters really e-mail in for the prioritised areas Vivalla and
Baronbackarna — the est template, older home-made layouts, Word tables, Excel CSV, an
event log, an Outlook e-mail — and `expected.json` says what ingest should make of them.

    python examples/make_examples.py            # rewrites examples/inkorg/ and examples/expected.json
    python examples/make_examples.py --out DIR  # the same into DIR/inkorg/ and DIR/expected.json

It lives in the package so that `est demo` works from an installed wheel; examples/make_examples.py
is the thin script that writes the committed copy.

The output is deterministic: no randomness, fixed timestamps inside the Office files and
the zip entries, fixed MIME boundaries. Only this script writes these files; edit the data
below, never the generated files.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shutil
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parents[1] / "examples"
WEEK = "2026-W47"
CET = timezone(timedelta(hours=1), "CET")  # Sweden in November
DEADLINE = datetime(2026, 11, 18, 10, 0, tzinfo=CET)  # onsdag kl. 10.00

NBSP = "\u00a0"
# Check-digit-valid but invented personnummer (serial in the 98x range, the style of
# Skatteverket's test numbers). It must be masked by est, never stored.
PERSONNUMMER = "19811218-9876"

# Marks that mean "occurred" in the intended semantics of design.md (a number is the count).
_YES = {"ja", "j", "x", "✓", "☒"}
_NO = {"", "nej", "n", "☐", "0"}


# --------------------------------------------------------------------------- data model
@dataclass
class Row:
    """One row of a checklist table or event log, as the reporter wrote it.

    `item` is the Örebro item id the row is meant to be counted under (None: a label that is
    not in the schema and is kept under its own label). `reject` names the error finding
    the row is built to produce; such a row is not stored.
    """

    item: str | None
    label: str
    mark: Any = None  # Förekomst / Ja/Nej cell; None in event logs (no such column)
    antal: Any = None
    plats: str = ""
    datum: Any = None
    tid: Any = None
    allvar: Any = None
    kommentar: str = ""
    atgard: str = ""
    nr: Any = None
    forklaring: str = ""
    reject: str | None = None

    def value(self, attr: str) -> Any:
        return getattr(self, attr)

    def intended_count(self) -> int:
        """The count the row stands for: Antal if given, else 1 for a yes-mark / an event."""
        antal = "" if self.antal is None else str(self.antal).replace(NBSP, " ").strip()
        if antal:
            return int(antal)
        if self.mark is None:  # event log: one row, one event
            return 1
        mark = str(self.mark).replace(NBSP, " ").strip().casefold()
        if mark in _YES:
            return 1
        if mark in _NO:
            return 0
        raise ValueError(f"mark {self.mark!r} has no intended count (reject it)")


@dataclass
class Finding:
    """A finding the data is built to produce (code and place as design.md names them)."""

    code: str
    severity: str
    sheet: str | None
    cell: str | None = None
    row: int | None = None
    why: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "location": {"sheet": self.sheet, "cell": self.cell, "row": self.row},
            "why": self.why,
        }


@dataclass
class Report:
    """One filled checklist (one area, one organisation, one reporter)."""

    area: str  # as ingest should report it (whitespace cleaned)
    organisation: str
    organisation_type: str  # kommun | polis | fastighetsbolag: who the reporter works for
    reporter: str
    datum: date
    week_as_written: str
    week_year_from: str  # "vecka": the year is in the week field; "datum": taken from Datum
    style: str  # checklist | event-log
    rows: list[Row]
    sheet: str | None = None  # sheet or Word table the rows are in
    header_row: int | None = None  # 1-based row of the table header (sheets/tables)

    def stored_rows(self) -> list[Row]:
        return [r for r in self.rows if r.reject is None]

    def counts(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for row in self.stored_rows():
            key = row.item or " ".join(row.label.split())
            totals[key] = totals.get(key, 0) + row.intended_count()
        return totals

    def as_dict(self) -> dict[str, Any]:
        return {
            "week": WEEK,
            "area": self.area,
            "organisation": self.organisation,
            "organisation_type": self.organisation_type,
            "reporter": self.reporter,
            "datum": self.datum.isoformat(),
            "week_as_written": self.week_as_written,
            "week_year_from": self.week_year_from,
            "style": self.style,
            "sheet": self.sheet,
            "observations": len(self.stored_rows()),
            "counts": self.counts(),
        }


@dataclass
class InboxFile:
    name: str
    fmt: str
    description: str
    saved: datetime  # when the reporter saved / sent it (local time, CET)
    reports: list[Report]
    write: Callable[["InboxFile", Path], None]
    findings: list[Finding] = field(default_factory=list)
    email: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        rows = [r for rep in self.reports for r in rep.rows]
        rejected = [
            {"sheet": rep.sheet, "row": rep.header_row + 1 + i if rep.header_row else None,
             "label": r.label, "code": r.reject}
            for rep in self.reports
            for i, r in enumerate(rep.rows)
            if r.reject
        ]
        errors = any(f.severity == "error" for f in self.findings)
        stored = sum(len(rep.stored_rows()) for rep in self.reports)
        status = "rejected" if errors and stored == 0 else ("warnings" if self.findings else "ok")
        received = self.email["date"] if self.email else None
        return {
            "path": f"inkorg/{self.name}",
            "format": self.fmt,
            "description": self.description,
            "status": status,
            "rows_read": len(rows),
            "rows_stored": stored,
            "rows_rejected": len(rows) - stored,
            "reports": [rep.as_dict() for rep in self.reports],
            "findings": [f.as_dict() for f in self.findings],
            "rejected_rows": rejected,
            "email": self.email,
            "late": bool(received and datetime.fromisoformat(received) > DEADLINE),
        }


# --------------------------------------------------------------------------- helpers
def _normalise_ooxml(data: bytes, saved: datetime) -> bytes:
    """Rewrite an .xlsx/.docx zip with fixed entry times and fixed core-property dates.

    openpyxl stamps `dcterms:modified` with the current time on save and zipfile stamps every
    entry; both are set to the moment the reporter saved the file, so the bytes are stable.
    """
    utc = saved.astimezone(timezone.utc)
    stamp = utc.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    local = saved.replace(tzinfo=None).timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=local)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            target.writestr(entry, content)
    return out.getvalue()


def _workbook_bytes(wb: Any, saved: datetime, author: str) -> bytes:
    utc = saved.astimezone(timezone.utc).replace(tzinfo=None)
    wb.properties.creator = author
    wb.properties.lastModifiedBy = author
    wb.properties.created = utc - timedelta(days=40)  # the reporter's copy of the template
    wb.properties.modified = utc
    buffer = io.BytesIO()
    wb.save(buffer)
    return _normalise_ooxml(buffer.getvalue(), saved)


def _save_workbook(wb: Any, path: Path, saved: datetime, author: str) -> None:
    path.write_bytes(_workbook_bytes(wb, saved, author))


def _save_document(doc: Any, path: Path, saved: datetime, author: str) -> None:
    utc = saved.astimezone(timezone.utc).replace(tzinfo=None)
    props = doc.core_properties
    props.author = author
    props.last_modified_by = author
    props.created = utc - timedelta(days=40)
    props.modified = utc
    props.revision = 3
    props.title = ""
    props.comments = ""
    from est_cli.outputs.docx import make_settings_valid
    make_settings_valid(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(_normalise_ooxml(buffer.getvalue(), saved))


def _tiny_png(width: int = 24, height: int = 8) -> bytes:
    """A small valid PNG (ÖBO-blue bar with a lighter stripe) – the e-mail signature logo."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    raw = b""
    for y in range(height):
        colour = (0x00, 0x5A, 0x9C) if y not in (5, 6) else (0x7F, 0xB8, 0xE0)
        raw += b"\x00" + bytes(colour) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def _touch(path: Path, saved: datetime) -> None:
    stamp = saved.timestamp()
    os.utime(path, (stamp, stamp))


# Örebro's item texts as the 2016 template has them (Förklaring column of the est template).
ITEM_HELP = {
    "skadegorelse": "Krossade glasrutor på byggnader eller bilar, nedskräpning samt klotter.",
    "brand": "Förmodat anlagda bränder, mindre (papperskorgar) och större (bilbränder).",
    "incident_mot_anstalld": "Anställd hindrats från att göra sitt jobb eller hotats/provocerats i tjänst.",
    "arrangemang": "Sammankomster som kan störa eller öka tryggheten: ungdomsfester, idrottsevenemang, konserter, områdesarrangemang.",
    "samlingsplats_ungdomar": "Offentliga platser där ungdomar samlas som kan upplevas som störande/hotande/otrygghetsskapande.",
    "annat_otrygghetsskapande": "Våld, bråk, narkotika, inbrott, olovlig trafik och andra ordningsstörande händelser.",
    "otrygg_plats": "Platser som upplevs otrygga på grund av utformning, belysning och dylikt.",
    "ovrigt": "Annat kopplat till otrygghet och social oro, t.ex. ryktesspridning på sociala medier.",
}
LABELS = {
    "skadegorelse": "Skadegörelse",
    "brand": "Brand",
    "incident_mot_anstalld": "Incident mot anställd",
    "arrangemang": "Arrangemang",
    "samlingsplats_ungdomar": "Samlingsplats för ungdomar",
    "annat_otrygghetsskapande": "Annat otrygghetsskapande/ordningsstörande",
    "otrygg_plats": "Otrygg plats",
    "ovrigt": "Övrigt",
}
ITEM_IDS = list(LABELS)

TEMPLATE_COLUMNS = [
    ("Nr", "nr"), ("Punkt", "label"), ("Förklaring", "forklaring"), ("Förekomst", "mark"),
    ("Antal", "antal"), ("Plats", "plats"), ("Datum", "datum"), ("Tid", "tid"),
    ("Allvarlighetsgrad", "allvar"), ("Kommentar", "kommentar"), ("Åtgärd", "atgard"),
]


def _template_rows(answers: dict[str, dict[str, Any]]) -> list[Row]:
    """The eight Örebro rows of the est template, numbered, with the reporter's answers."""
    rows = []
    for number, item in enumerate(ITEM_IDS, start=1):
        given = dict(answers.get(item, {}))
        given.setdefault("mark", "Nej")
        rows.append(Row(item=item, label=LABELS[item], nr=number, forklaring=ITEM_HELP[item], **given))
    return rows


# --------------------------------------------------------------------------- xlsx writers
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


def _write_table(ws: Any, header_row: int, columns: list[tuple[str, str]], rows: list[Row], first_col: int = 1) -> None:
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


def _template_workbook(report: Report, header: list[tuple[str, Any]], title: str) -> Any:
    """A workbook in the est template style: title, header block, blank row, the table."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = report.sheet
    ws["A1"] = title
    ws["A1"].font = _xlsx_styles()["title"]
    _write_header_block(ws, 2, header)
    _write_table(ws, report.header_row, TEMPLATE_COLUMNS, report.rows)
    marks = DataValidation(type="list", formula1='"Ja,Nej"', allow_blank=True, errorStyle="warning")
    ws.add_data_validation(marks)
    marks.add(f"D{report.header_row + 1}:D{report.header_row + 8}")
    ws.freeze_panes = f"A{report.header_row + 1}"
    _set_widths(ws, {"A": 14, "B": 30, "C": 44, "D": 11, "E": 7, "F": 22, "G": 11, "H": 8, "I": 9, "J": 44, "K": 28})
    return wb


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
        "A3": "Bostadsområde:", "B3": "Baronbackarna",
        "D3": "Vecka:", "E3": "v.47",
        "A4": "Verksamhet:", "B4": "Örebro kommun ",
        "D4": "Datum:", "E4": "18/11/2026",
        "A5": "Funktion:", "B5": "Områdessamordnare",
    }.items():
        ws[ref] = value
        if ref[0] in "AD":
            ws[ref].font = st["bold"]
    columns = [("Kategori", "label"), ("Ja/Nej", "mark"), ("Antal", "antal"), ("Adress", "plats"), ("Beskrivning", "kommentar")]
    _write_table(ws, report.header_row, columns, report.rows)
    for offset in range(len(report.rows)):
        ws.cell(row=report.header_row + 1 + offset, column=2).alignment = Alignment(horizontal="center")
    _set_widths(ws, {"A": 30, "B": 14, "C": 8, "D": 30, "E": 52})
    _save_workbook(wb, path, spec.saved, "Örebro kommun")


def _italic() -> Any:
    from openpyxl.styles import Font

    return Font(italic=True, color="595959")


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
        ("Nr", "nr"), ("Punkt", "label"), ("Förekomst", "mark"), ("Antal", "antal"),
        ("Plats", "plats"), ("Allvarlighetsgrad", "allvar"), ("Kommentar", "kommentar"),
    ]
    for report in spec.reports:
        ws = wb.create_sheet(report.sheet)
        ws["A1"] = "ÖBO – Trygghetsrapport EST"
        ws["A1"].font = st["title"]
        _write_header_block(ws, 3, [
            ("Vecka:", 47),
            ("Område:", report.area + (NBSP if report.area == "Vivalla" else "")),  # stray nbsp
            ("Organisation:", "ÖBO"),
            ("Rapportör:", report.reporter),
            ("Datum:", datetime.combine(report.datum, time())),
        ])
        _write_table(ws, report.header_row, columns, report.rows)
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
    _write_header_block(ws, 3, [
        ("Vecka", "v 47"),
        ("Område", "Vivalla"),
        ("Organisation", "Nerikes Brandkår"),
        ("Rapportör", "Räddningstjänsten"),
        ("Datum", datetime(2026, 11, 18)),
    ])
    columns = [
        ("Datum", "datum"), ("Tid", "tid"), ("Händelse", "label"), ("Plats", "plats"),
        ("Antal", "antal"), ("Allvarlighetsgrad", "allvar"), ("Kommentar", "kommentar"),
    ]
    _write_table(ws, report.header_row, columns, report.rows)
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
    _write_header_block(ws, 2, [
        ("Vecka", "47"),
        ("Område", "Vivalla "),
        ("Organisation", "Kommun"),
        ("Rapportör", "Fritidsgården Vivalla"),
        ("Datum", "2026-11-18"),
    ])
    columns = [col for col in TEMPLATE_COLUMNS if col[1] not in ("nr", "forklaring")]
    _write_table(ws, report.header_row, columns, report.rows)
    _set_widths(ws, {"A": 32, "B": 11, "C": 7, "D": 28, "E": 11, "F": 8, "G": 9, "H": 44, "I": 24})
    _save_workbook(wb, path, spec.saved, "Fritidsgården Vivalla")


# --------------------------------------------------------------------------- docx writers
def _docx_table(doc: Any, columns: list[tuple[str, str]], rows: list[Row]) -> Any:
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, (title, _) in zip(table.rows[0].cells, columns):
        cell.text = ""
        cell.paragraphs[0].add_run(title).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, (_, attr) in zip(cells, columns):
            value = row.value(attr)
            text = "" if value is None else str(value)
            lines = text.split("\n")
            cell.text = lines[0]
            for extra in lines[1:]:  # a comment written over two lines in the cell
                cell.add_paragraph(extra)
    return table


def write_faltgruppen(spec: InboxFile, path: Path) -> None:
    from docx import Document

    report = spec.reports[0]
    doc = Document()
    doc.add_heading("Veckorapport EST – Fältgruppen", level=1)
    for line in ["Vecka: 47", "Område: Vivalla", "Organisation: Kommun", "Rapportör: Fältgruppen", "Datum: 2026-11-18"]:
        doc.add_paragraph(line)
    doc.add_paragraph("Händelser under veckan (fältarbete tis–ons kväll):")
    _docx_table(doc, [("Punkt", "label"), ("Ja/Nej", "mark"), ("Antal", "antal"), ("Plats", "plats"), ("Kommentar", "kommentar")], report.rows)
    doc.add_paragraph("")
    doc.add_paragraph("Vi är ute igen fredag kväll. Hör av er vid frågor.")
    _save_document(doc, path, spec.saved, "Fältgruppen")


def write_vivallaskolan(spec: InboxFile, path: Path) -> None:
    from docx import Document

    report = spec.reports[0]
    doc = Document()
    doc.add_paragraph().add_run("EST – Rapport från skolan").bold = True
    head = doc.add_table(rows=0, cols=2)
    head.style = "Table Grid"
    for label, value in [("Vecka", "v 47"), ("Område", "Vivalla"), ("Verksamhet", "Kommun"),
                         ("Rapportör", "Vivallaskolan, skolledningen"), ("Datum", "2026-11-17")]:
        cells = head.add_row().cells
        cells[0].text = label
        cells[1].text = value
    doc.add_paragraph("")
    doc.add_paragraph("Markera med ☒ om något förekommit under veckan, annars ☐.")
    _docx_table(doc, [("Punkt", "label"), ("Förekomst", "mark"), ("Antal", "antal"), ("Plats", "plats"), ("Kommentar", "kommentar")], report.rows)
    _save_document(doc, path, spec.saved, "Vivallaskolan")


def write_fritidsgarden_baronbackarna(spec: InboxFile, path: Path) -> None:
    from docx import Document

    report = spec.reports[0]
    doc = Document()
    doc.add_paragraph("EST  veckorapport  fritidsgården")
    for line in ["Vecka:47", "Område :  Baronbackarna", "Organisation: kommun",
                 "Rapportör: Fritidsgården Baronbackarna ", "Datum: 18.11.2026"]:
        doc.add_paragraph(line)
    doc.add_paragraph("")
    _docx_table(doc, [("Punkt", "label"), ("Förekomst", "mark"), ("Antal", "antal"), ("Plats", "plats"), ("Kommentar", "kommentar")], report.rows)
    _save_document(doc, path, spec.saved, "Fritidsgården")


# --------------------------------------------------------------------------- csv writers
def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    return str(value)


def write_polis_baronbackarna_csv(spec: InboxFile, path: Path) -> None:
    """As Excel saves 'CSV (semikolonavgränsad)' on a Swedish PC: cp1252, ';', CRLF, padded rows."""
    report = spec.reports[0]
    columns = [(t, a) for t, a in TEMPLATE_COLUMNS if a != "forklaring"]
    width = len(columns)
    lines: list[list[str]] = [
        ["Vecka", "47"], ["Område", "Baronbackarna"], ["Organisation", "Polis"],
        ["Rapportör", "Områdespolis"], ["Datum", "2026-11-18"], [],
        [title for title, _ in columns],
    ]
    lines += [[_cell_text(row.value(attr)) for _, attr in columns] for row in report.rows]
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for line in lines:
        writer.writerow(line + [""] * (width - len(line)))
    path.write_bytes(out.getvalue().encode("cp1252"))


def write_vaktare_csv(spec: InboxFile, path: Path) -> None:
    """A guard company's event-log export: UTF-8 with BOM, comma-separated, ragged header lines."""
    report = spec.reports[0]
    columns = [("Datum", "datum"), ("Tid", "tid"), ("Händelse", "label"), ("Plats", "plats"),
               ("Antal", "antal"), ("Allvarlighetsgrad", "allvar"), ("Kommentar", "kommentar")]
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=",", lineterminator="\n")
    for line in [["Vecka", "2026-W47"], ["Område", "Baronbackarna"], ["Organisation", "ÖBO"],
                 ["Rapportör", "Väktare"], ["Datum", "2026-11-18"], []]:
        writer.writerow(line)
    writer.writerow([title for title, _ in columns])
    for row in report.rows:
        writer.writerow([_cell_text(row.value(attr)) for _, attr in columns])
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))


# --------------------------------------------------------------------------- e-mail
def write_trygghetsvard_eml(spec: InboxFile, path: Path) -> None:
    """An Outlook-style e-mail: text + HTML body, inline PNG signature, the checklist attached."""
    assert spec.email is not None
    msg = EmailMessage()
    msg["From"] = spec.email["from"]
    msg["To"] = "EST-samordning Örebro <est.samordning@orebro.example>"
    msg["Subject"] = spec.email["subject"]
    msg["Date"] = "Thu, 19 Nov 2026 14:12:00 +0100"
    msg["Message-ID"] = "<AM9PR07MB7283E1F2A47B0C33D9E1A4C2B1A9@AM9PR07MB7283.eurprd07.prod.outlook.example>"
    msg["Thread-Topic"] = spec.email["subject"]
    msg["Accept-Language"] = "sv-SE, en-US"
    msg["X-MS-Has-Attach"] = "yes"
    text = (
        "Hej!\n\n"
        "Här kommer veckans checklista för Vivalla. Förlåt att den kommer sent, vi har varit "
        "kort om folk den här veckan.\n\n"
        "Det var lugnare vid centrum än förra veckan, men belysningen på gångbron är fortfarande trasig.\n\n"
        "Med vänlig hälsning\n"
        "Trygghetsvärd\n"
        "ÖBO – Örebrobostäder\n"
    )
    html = (
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head>"
        "<body lang=\"SV\"><div class=\"WordSection1\">"
        "<p class=\"MsoNormal\">Hej!</p><p class=\"MsoNormal\">&nbsp;</p>"
        "<p class=\"MsoNormal\">Här kommer veckans checklista för Vivalla. Förlåt att den kommer sent, "
        "vi har varit kort om folk den här veckan.</p><p class=\"MsoNormal\">&nbsp;</p>"
        "<p class=\"MsoNormal\">Det var lugnare vid centrum än förra veckan, men belysningen på gångbron "
        "är fortfarande trasig.</p><p class=\"MsoNormal\">&nbsp;</p>"
        "<p class=\"MsoNormal\">Med vänlig hälsning<br>Trygghetsvärd<br>ÖBO – Örebrobostäder</p>"
        "<p class=\"MsoNormal\"><img width=\"24\" height=\"8\" src=\"cid:image001.png@01DD5A2B.6C3E1F20\" "
        "alt=\"ÖBO\"></p></div></body></html>"
    )
    msg.set_content(text, cte="quoted-printable")
    msg.add_alternative(html, subtype="html", cte="quoted-printable")
    html_part = msg.get_payload()[1]
    html_part.add_related(
        _tiny_png(), maintype="image", subtype="png", cid="<image001.png@01DD5A2B.6C3E1F20>",
        filename="image001.png", disposition="inline",
    )
    msg.add_attachment(
        write_trygghetsvard_attachment(spec),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=spec.email["attachment"],
    )
    msg["Content-Language"] = "sv-SE"  # after set_content(), which drops Content-* headers
    for number, part in enumerate(msg.walk()):
        if part.is_multipart():
            part.set_boundary(f"_00{number}_AM9PR07MB7283E1F2A47B0C33D9E1_")
    path.write_bytes(msg.as_bytes(policy=SMTP))


# --------------------------------------------------------------------------- the week
def build_inbox() -> list[InboxFile]:
    """The eleven files of the example inbox (twelve reports) and what each should yield."""
    d16, d17, d18, d19 = (datetime(2026, 11, day) for day in (16, 17, 18, 19))
    files: list[InboxFile] = []

    # 1. Områdespolis Vivalla – the est template, filled in properly (the tidy one).
    files.append(InboxFile(
        name="Checklista v47 Vivalla polis.xlsx", fmt="xlsx",
        description="Områdespolisen i Vivalla, est-mallen ifylld: rubrikblock, en rad per punkt med Ja/Nej.",
        saved=datetime(2026, 11, 17, 15, 32, tzinfo=CET),
        write=write_polis_vivalla,
        reports=[Report(
            area="Vivalla", organisation="Polis", organisation_type="polis", reporter="Områdespolis",
            datum=date(2026, 11, 17), week_as_written="47", week_year_from="datum", style="checklist",
            sheet="Checklista", header_row=8,
            rows=_template_rows({
                "skadegorelse": dict(mark="Ja", antal=2, plats="Vivalla" + NBSP + "centrum", datum=d16, allvar=2,
                                     kommentar="Krossad ruta i busskur och klotter på elskåp", atgard="Felanmält till kommunen"),
                "brand": dict(mark="Ja", plats="Lertagsgatan", datum=d17, tid=time(21, 50), allvar=2,
                              kommentar="Papperskorgsbrand Lertagsgatan, släckt av RTJ"),
                "incident_mot_anstalld": dict(mark="ja", antal=1, plats="Vivalla centrum ", datum=d17, tid=time(22, 40),
                                              allvar=3, kommentar="Stenkastning mot buss 22:40, föraren oskadd",
                                              atgard="Anmälan upprättad, ökad närvaro kvällstid"),
                "samlingsplats_ungdomar": dict(mark="Ja", antal=2, plats="Vivalla centrum", tid="21-23", allvar=1,
                                               kommentar="Ca 15 ungdomar vid Vivalla centrum kl 21-23, lugnt"),
                "annat_otrygghetsskapande": dict(mark="Ja", antal="2 ", plats="Vivalla centrum", datum=d16, allvar=3,
                                                 kommentar="Misstänkt narkotikaförsäljning vid centrum, två ingripanden"),
                "otrygg_plats": dict(mark="Nej", antal=0),
                "ovrigt": dict(mark="Ja", allvar=2,
                               kommentar="Rykten på sociala medier om konflikt mellan ungdomsgrupper"),
            }),
        )],
    ))

    # 2. The kommun's own older layout for Baronbackarna: synonyms, X marks, odd labels.
    files.append(InboxFile(
        name="Trygghetsrapport v.47 Baronbackarna.xlsx", fmt="xlsx",
        description=("Kommunens äldre egna mall: Bostadsområde/Verksamhet/Funktion, v.47, kolumnerna "
                     "Kategori, Ja/Nej (X), Adress, Beskrivning; punkter skrivna på eget sätt."),
        saved=datetime(2026, 11, 18, 8, 47, tzinfo=CET),
        write=write_kommun_baronbackarna,
        reports=[Report(
            area="Baronbackarna", organisation="Örebro kommun", organisation_type="kommun",
            reporter="Områdessamordnare", datum=date(2026, 11, 18), week_as_written="v.47",
            week_year_from="datum", style="checklist", sheet="Blad1", header_row=7,
            rows=[
                Row("skadegorelse", "SKADEGÖRELSE", mark="X", antal=3, plats="Baronbackarna torg",
                    kommentar="Klotter på lekplatsens staket och sönderslagen parkbänk"),
                Row("brand", "2. Brand", mark=""),
                Row("incident_mot_anstalld", "3. Incident mot anställda", mark=""),
                Row("arrangemang", "Arrangemang", mark="X", plats="Baronbackarna torg",
                    kommentar="Föreningskväll tisdag, ca 60 besökare, positivt"),
                Row("samlingsplats_ungdomar", "Samlingsplats", mark="x", antal=2, plats="Bettorpsgatan, gångtunneln",
                    kommentar="Ungdomar samlas i gångtunneln kvällstid, en del nedskräpning"),
                Row("annat_otrygghetsskapande", "Ordningsstörande", mark=""),
                Row("otrygg_plats", "Otrygga platser", mark="X ", antal=1, plats="Gångvägen mot Bettorpsgatan",
                    kommentar="Trasig belysning längs gångvägen, felanmält"),
                Row("ovrigt", "Övrigt", mark=""),
            ],
        )],
    ))

    # 3. ÖBO husvärdar: instruction sheet + one sheet per area; the personnummer slip is here.
    personnummer_comment = f"Hyresgäst ringde {PERSONNUMMER} om oväsen och bråk natten till tisdag"
    obo_vivalla = Report(
        area="Vivalla", organisation="ÖBO", organisation_type="fastighetsbolag", reporter="Husvärd",
        datum=date(2026, 11, 18), week_as_written="47", week_year_from="datum", style="checklist",
        sheet="Vivalla", header_row=9,
        rows=[
            Row("skadegorelse", "Skadegörelse", nr=1, mark="Ja", antal=4, plats="Lertagsgatan ", allvar=2,
                kommentar="Krossad ruta i tvättstugan, klotter i tre entréer"),
            Row("brand", "Brand", nr=2, mark="Nej"),
            Row("incident_mot_anstalld", "Incident mot anställd", nr=3, mark="Ja", plats="Lertagsgatan", allvar=3,
                kommentar="Husvärd blev hotad av grupp ungdomar vid soprummet"),
            Row("arrangemang", "Arrangemang", nr=4, mark="Nej"),
            Row("samlingsplats_ungdomar", "Samlingsplats för ungdomar", nr=5, mark="JA", antal=1, plats="Lertagsgatan",
                allvar=1, kommentar="Ungdomar i källargången, gick när vi kom"),
            Row("annat_otrygghetsskapande", "Annat otrygghetsskapande/ordningsstörande", nr=6, mark="Nej"),
            Row("otrygg_plats", "Otrygg plats", nr=7, mark="Ja", plats="Vivalla centrum, p-däcket", allvar=2,
                kommentar="Belysning trasig i p-däcket"),
            Row("ovrigt", "Övrigt", nr=8, mark="nej"),
        ],
    )
    obo_baronbackarna = Report(
        area="Baronbackarna", organisation="ÖBO", organisation_type="fastighetsbolag", reporter="Husvärd",
        datum=date(2026, 11, 18), week_as_written="47", week_year_from="datum", style="checklist",
        sheet="Baronbackarna", header_row=9,
        rows=[
            Row("skadegorelse", "Skadegörelse", nr=1, mark="Ja", antal=2, plats="Baronbackarna torg", allvar=1,
                kommentar="Nedklottrade postboxar, sanerat"),
            Row("brand", "Brand", nr=2, mark="Ja", plats="Bettorpsgatan", allvar=3,
                kommentar="Brand i barnvagn i soprum, släckt av boende"),
            Row("incident_mot_anstalld", "Incident mot anställd", nr=3, mark="Nej"),
            Row("arrangemang", "Arrangemang", nr=4, mark="Nej"),
            Row("samlingsplats_ungdomar", "Samlingsplats för ungdomar", nr=5, mark="Nej"),
            Row("annat_otrygghetsskapande", "Annat otrygghetsskapande/ordningsstörande", nr=6, mark="Ja", antal=1,
                plats="Bettorpsgatan", allvar=2, kommentar=personnummer_comment),
            Row("otrygg_plats", "Otrygg plats", nr=7, mark="Nej"),
            Row("ovrigt", "Övrigt", nr=8, mark="Nej"),
        ],
    )
    files.append(InboxFile(
        name="ÖBO EST v47.xlsx", fmt="xlsx",
        description=("ÖBO:s husvärdar: bladet Instruktioner (ska hoppas över) och ett blad per område, "
                     "Vivalla och Baronbackarna. En kommentar innehåller ett personnummer."),
        saved=datetime(2026, 11, 18, 9, 12, tzinfo=CET),
        write=write_obo,
        reports=[obo_vivalla, obo_baronbackarna],
        findings=[Finding("personnummer-masked", "warning", "Baronbackarna", cell="G15",
                          why=f"Kommentaren innehåller personnumret {PERSONNUMMER} (giltig kontrollsiffra); "
                              "det ska maskeras innan något sparas.")],
    ))

    # 4. Räddningstjänsten: event log, category repeated.
    files.append(InboxFile(
        name="Räddningstjänsten v.47.xlsx", fmt="xlsx",
        description="Nerikes Brandkår: händelselogg, en rad per händelse (Datum, Tid, Händelse, Plats …).",
        saved=datetime(2026, 11, 18, 7, 55, tzinfo=CET),
        write=write_raddningstjansten,
        reports=[Report(
            area="Vivalla", organisation="Nerikes Brandkår", organisation_type="kommun",
            reporter="Räddningstjänsten", datum=date(2026, 11, 18), week_as_written="v 47",
            week_year_from="datum", style="event-log", sheet="Händelser", header_row=9,
            rows=[
                Row("brand", "Brand", datum=d16, tid="23:15", plats="Lertagsgatan", antal=1, allvar=2,
                    kommentar="Containerbrand vid återvinningen, släckt"),
                Row("brand", "Brand", datum=d17, tid="21:50", plats="Lertagsgatan", antal=1, allvar=2,
                    kommentar="Papperskorgsbrand Lertagsgatan, släckt av RTJ"),
                Row("incident_mot_anstalld", "Incident mot anställd", datum=d17, tid="22:05", plats="Vivalla centrum",
                    antal=1, allvar=3, kommentar="Sten kastad mot räddningsfordon under insats, ingen skadad"),
                Row("brand", "Anlagd brand", datum=d18, tid="01:30", plats="Vivallaskolan", allvar=2,
                    kommentar="Brand i sopkärl vid skolans baksida"),
            ],
        )],
    ))

    # 5. Fältgruppen: Word, "Label: value" paragraphs and a Ja/Nej table.
    files.append(InboxFile(
        name="EST vecka 47 Fältgruppen.docx", fmt="docx",
        description="Fältgruppen (kommun): Word med 'Vecka: 47'-rader och en tabell Punkt | Ja/Nej | Antal | Plats | Kommentar.",
        saved=datetime(2026, 11, 18, 9, 40, tzinfo=CET),
        write=write_faltgruppen,
        reports=[Report(
            area="Vivalla", organisation="Kommun", organisation_type="kommun", reporter="Fältgruppen",
            datum=date(2026, 11, 18), week_as_written="47", week_year_from="datum", style="checklist",
            sheet="Tabell 1", header_row=1,
            rows=[
                Row("skadegorelse", "Skadegörelse", mark="Nej"),
                Row("brand", "Brand", mark="Nej"),
                Row("incident_mot_anstalld", "Incident mot anställd", mark="Nej"),
                Row("arrangemang", "Arrangemang", mark="Ja", antal=1, plats="Idrottshallen",
                    kommentar="Öppen hall tisdag kväll, ca 40 ungdomar, positivt"),
                Row("samlingsplats_ungdomar", "Samlingsplats för ungdomar", mark="Ja ", antal=2, plats="Vivalla centrum",
                    kommentar="Ca 15 ungdomar vid Vivalla centrum kl 21-23, lugnt"),
                Row("annat_otrygghetsskapande", "Annat otrygghetsskapande/ordningsstörande", mark="ja", antal=1,
                    plats="Vivallaskolan", kommentar="Smällare kastades mot fönster vid skolan"),
                Row("otrygg_plats", "Otrygg plats", mark="Nej"),
                Row("ovrigt", "Övrigt", mark="Ja", plats="",
                    kommentar="Oro bland föräldrar efter rykten på Snapchat"),
            ],
        )],
    ))

    # 6. Vivallaskolan: two-column header table, ☒/☐ marks.
    files.append(InboxFile(
        name="Vivallaskolan EST v47.docx", fmt="docx",
        description="Vivallaskolan (kommun): rubriktabell i två kolumner och kryssrutetecken ☒/☐ som markering.",
        saved=datetime(2026, 11, 17, 16, 5, tzinfo=CET),
        write=write_vivallaskolan,
        reports=[Report(
            area="Vivalla", organisation="Kommun", organisation_type="kommun",
            reporter="Vivallaskolan, skolledningen", datum=date(2026, 11, 17), week_as_written="v 47",
            week_year_from="datum", style="checklist", sheet="Tabell 2", header_row=1,
            rows=[
                Row("skadegorelse", "1. Skadegörelse", mark="☒", antal=1, plats="Vivallaskolan",
                    kommentar="Krossad ruta i matsalen, polisanmält"),
                Row("brand", "2. Brand", mark="☐"),
                Row("incident_mot_anstalld", "3. Incident mot anställd", mark="☒", plats="Vivallaskolan, entrén",
                    kommentar="Personal hotad av okända ungdomar efter skoltid"),
                Row("arrangemang", "4. Arrangemang", mark="☐"),
                Row("samlingsplats_ungdomar", "5. Samlingsplats för ungdomar", mark="☒", antal=3, plats="Skolgården",
                    kommentar="Ungdomar samlas på skolgården efter kl 18, nedskräpning"),
                Row("annat_otrygghetsskapande", "6. Annat otrygghetsskapande/ordningsstörande", mark="☐"),
                Row("otrygg_plats", "7. Otrygg plats", mark="☐"),
                Row("ovrigt", "8. Övrigt", mark="☐"),
            ],
        )],
    ))

    # 7. Fritidsgården Baronbackarna: X marks, odd spacing and casing.
    files.append(InboxFile(
        name="fritidsgården baronbackarna v47.docx", fmt="docx",
        description="Fritidsgården i Baronbackarna (kommun): X som markering, ojämna mellanslag och gemener i punkterna.",
        saved=datetime(2026, 11, 18, 9, 58, tzinfo=CET),
        write=write_fritidsgarden_baronbackarna,
        reports=[Report(
            area="Baronbackarna", organisation="kommun", organisation_type="kommun",
            reporter="Fritidsgården Baronbackarna", datum=date(2026, 11, 18), week_as_written="47",
            week_year_from="datum", style="checklist", sheet="Tabell 1", header_row=1,
            rows=[
                Row("skadegorelse", "Skadegörelse", mark=""),
                Row("brand", "  Brand ", mark="X", antal=1, plats="Baronbackarna torg",
                    kommentar="Eld i papperskorg utanför gården, vi släckte själva"),
                Row("incident_mot_anstalld", "Incident  mot anställd", mark=""),
                Row("arrangemang", "Arrangemang", mark="x", antal=1, plats="Fritidsgården",
                    kommentar="Discokväll tisdag\nca 50 besökare, lugnt"),
                Row("samlingsplats_ungdomar", "Samlingsplats för ungdomar", mark=" X ", antal=2, plats="Baronbackarna torg",
                    kommentar="Grupp äldre ungdomar utanför gården, stökigt vid stängning"),
                Row("annat_otrygghetsskapande", "Annat otrygghetsskapande / ordningsstörande", mark=""),
                Row("otrygg_plats", "otrygg plats", mark="X", plats="Gångtunneln vid Bettorpsgatan",
                    kommentar="Ungdomarna vill inte gå genom tunneln när det är mörkt"),
                Row("ovrigt", "Övrigt ", mark=""),
            ],
        )],
    ))

    # 8. Områdespolis Baronbackarna: Excel 'CSV (semikolonavgränsad)', cp1252, CRLF.
    files.append(InboxFile(
        name="baronbackarna_v47.csv", fmt="csv",
        description="Områdespolisen i Baronbackarna: Excel-sparad CSV (semikolon, cp1252, CRLF) med rubrikrader överst.",
        saved=datetime(2026, 11, 18, 8, 15, tzinfo=CET),
        write=write_polis_baronbackarna_csv,
        reports=[Report(
            area="Baronbackarna", organisation="Polis", organisation_type="polis", reporter="Områdespolis",
            datum=date(2026, 11, 18), week_as_written="47", week_year_from="datum", style="checklist",
            sheet=None, header_row=7,
            rows=_template_rows({
                "skadegorelse": dict(mark="Ja", antal=2, plats="Baronbackarna torg", datum=d16, allvar=1,
                                     kommentar="Klotter på busskur och elskåp"),
                "samlingsplats_ungdomar": dict(mark="Ja", antal=1, plats="Bettorpsgatan", datum=d17, tid="20-22",
                                               allvar=2, kommentar="Ca 10 ungdomar vid gångtunneln; lugnt vid kontroll"),
                "annat_otrygghetsskapande": dict(mark="Ja", antal=3, plats="Baronbackarna torg", allvar=3,
                                                 kommentar="Två anmälda misshandelsfall och ett narkotikabrott",
                                                 atgard="Ökad närvaro kvällstid – \"synas i området\""),
            }),
        )],
    ))

    # 9. Väktare: UTF-8 BOM comma-separated event log, three skadegörelse rows.
    files.append(InboxFile(
        name="vaktarrapport_v47.csv", fmt="csv",
        description="Väktarnas händelselogg (på uppdrag av ÖBO): UTF-8 med BOM, kommaseparerad, en rad per händelse.",
        saved=datetime(2026, 11, 18, 6, 30, tzinfo=CET),
        write=write_vaktare_csv,
        reports=[Report(
            area="Baronbackarna", organisation="ÖBO", organisation_type="fastighetsbolag", reporter="Väktare",
            datum=date(2026, 11, 18), week_as_written="2026-W47", week_year_from="vecka", style="event-log",
            sheet=None, header_row=7,
            rows=[
                Row("skadegorelse", "Skadegörelse", datum=d16, tid="02:10", plats="Baronbackarna torg", antal=1, allvar=2,
                    kommentar="Krossad glasruta i entrédörr, tejpad"),
                Row("annat_otrygghetsskapande", "Ordningsstörande", datum=d17, tid="00:30", plats="Bettorpsgatan",
                    antal=1, allvar=2, kommentar="Högljutt sällskap i garaget, avvisades"),
                Row("skadegorelse", "Skadegörelse", datum=d17, tid="23:40", plats="Bettorpsgatan", antal=2, allvar=1,
                    kommentar="Klotter på två garageportar"),
                Row("skadegorelse", "skadegörelse ", datum=d18, tid="03:05", plats="Baronbackarna torg", allvar=2,
                    kommentar="Sönderslagen belysningsarmatur vid torget"),
                Row("samlingsplats_ungdomar", "Samlingsplats för ungdomar", datum=d18, tid="01:15",
                    plats="Baronbackarna torg", antal=1, allvar=1,
                    kommentar="Ca 8 ungdomar vid torget, lämnade efter tillsägelse"),
            ],
        )],
    ))

    # 10. Trygghetsvärd ÖBO: e-mail with the checklist attached – sent after the deadline.
    files.append(InboxFile(
        name="Checklista v.47 Vivalla - trygghetsvärd.eml", fmt="eml",
        description=("E-post från ÖBO:s trygghetsvärd (Outlook): textdel + HTML med inbäddad signaturbild och "
                     "checklistan som xlsx-bilaga. Skickad torsdag 14.12 – efter deadline onsdag 10.00."),
        saved=datetime(2026, 11, 19, 14, 12, tzinfo=CET),
        write=write_trygghetsvard_eml,
        email={
            "from": "Trygghetsvärd ÖBO <trygghetsvard@obo.example>",
            "subject": "Checklista v.47 Vivalla",
            "date": "2026-11-19T14:12:00+01:00",
            "attachment": "Checklista v47 Vivalla trygghetsvärd.xlsx",
            "inline_images": ["image001.png"],
        },
        reports=[Report(
            area="Vivalla", organisation="ÖBO", organisation_type="fastighetsbolag", reporter="Trygghetsvärd",
            datum=date(2026, 11, 19), week_as_written="47", week_year_from="datum", style="checklist",
            sheet="Checklista", header_row=8,
            rows=_template_rows({
                "skadegorelse": dict(mark="Ja", antal=1, plats="Vivalla centrum", datum=d17, allvar=1,
                                     kommentar="Klotter på pelare vid centrumentrén"),
                "arrangemang": dict(mark="Ja", antal=1, plats="Vivalla centrum", datum=d17, tid="18:00", allvar=1,
                                    kommentar="Trygghetsvandring med boende, positivt"),
                "samlingsplats_ungdomar": dict(mark="Ja", antal=2, plats="Vivalla centrum", tid="20-23", allvar=1,
                                               kommentar="Ungdomar vid centrum kvällstid, lugnt"),
                "annat_otrygghetsskapande": dict(mark="Ja", antal=1, plats="Gångvägen vid Vivallaskolan", allvar=2,
                                                 kommentar="Mopeder på gångvägen bakom skolan"),
                "otrygg_plats": dict(mark="Ja", antal=1, plats="Gångbron mot Vivalla centrum", allvar=2,
                                     kommentar="Trasig belysning på gångbron", atgard="Felanmält igen"),
            }),
        )],
    ))

    # 11. Fritidsgården Vivalla: THE file with mistakes.
    files.append(InboxFile(
        name="Fritidsgården Vivalla v47.xlsx", fmt="xlsx",
        description=("Fritidsgården i Vivalla (kommun): egen kopia av mallen med fel som samordnaren ska se – "
                     "Förekomst 'kanske', Allvarlighetsgrad 7 och en egen punkt som inte finns i checklistan."),
        saved=datetime(2026, 11, 18, 9, 26, tzinfo=CET),
        write=write_fritid_vivalla,
        reports=[Report(
            area="Vivalla", organisation="Kommun", organisation_type="kommun", reporter="Fritidsgården Vivalla",
            datum=date(2026, 11, 18), week_as_written="47", week_year_from="datum", style="checklist",
            sheet="Blad1", header_row=8,
            rows=[
                Row("skadegorelse", "Skadegörelse", mark="Nej"),
                Row("brand", "Brand", mark="Nej"),
                Row("incident_mot_anstalld", "Incident mot anställd", mark="Ja", antal=1, plats="Fritidsgården",
                    datum=d17, tid="21:00", allvar=7, kommentar="Personal hotades vid stängning"),
                Row("arrangemang", "Arrangemang", mark="Ja", antal=1, plats="Fritidsgården", datum=d16,
                    allvar=1, kommentar="Tjejkväll, ca 25 besökare"),
                Row("samlingsplats_ungdomar", "Samlingsplats för ungdomar", mark="kanske", plats="Vivalla centrum",
                    kommentar="Vet inte säkert, hört att de är vid centrum", reject="invalid-mark"),
                Row("annat_otrygghetsskapande", "Annat otrygghetsskapande/ordningsstörande", mark="Nej"),
                Row("otrygg_plats", "Otrygg plats", mark="Nej"),
                Row("ovrigt", "Övrigt", mark="Nej"),
                Row(None, "Mopedåkning på gångvägar", mark="Ja", antal=3, plats="Gångvägen bakom Vivallaskolan",
                    datum=d18, allvar=2, kommentar="Mopeder på gångvägen bakom skolan"),
            ],
        )],
        findings=[
            Finding("invalid-severity", "warning", "Blad1", cell="G11",
                    why="Allvarlighetsgrad 7 (skalan är 1–4); raden sparas men utan allvarlighetsgrad."),
            Finding("invalid-mark", "error", "Blad1", cell="B13",
                    why="Förekomst 'kanske' kan inte tolkas; raden (Samlingsplats för ungdomar) sparas inte."),
            Finding("unknown-item", "warning", "Blad1", cell="A17",
                    why="'Mopedåkning på gångvägar' finns inte i Örebros checklista; raden sparas under sitt eget namn."),
            Finding("items-not-answered", "warning", "Blad1", row=8,
                    why="Följd av den avvisade raden: punkten Samlingsplats för ungdomar saknar svar (tabellens rubrikrad 8)."),
        ],
    ))
    return files


NOTES = [
    "Counts follow design.md: a yes-mark (Ja, X, ☒ …) with Antal empty counts 1, Antal is the count, "
    "Nej/empty/☐ is 0; in an event log every row is one event unless Antal says more. "
    "'counts' lists every stored row's key, zeros included, as Report.counts() does.",
    "'findings' lists only what the data is built to produce. Reports whose week_year_from is 'datum' "
    "write the week without a year (47, v.47, v 47) and carry a Datum in 2026-W47; if ingest warns "
    "(week-year-assumed) when it takes the year from Datum, that warning comes in addition.",
    "Fritidsgården Vivalla v47.xlsx is the one file with mistakes: its 'kanske' row is rejected "
    "(rows_read 9 = rows_stored 8 + rows_rejected 1); the file still has stored rows, so its status "
    "is 'warnings', not 'rejected'. Because that row is rejected, samlingsplats_ungdomar has no answer "
    "in the report (items-not-answered).",
    "The ÖBO workbook's sheet 'Instruktioner' is no checklist and must be skipped (a note, not a finding).",
    "The e-mail arrived Thursday 2026-11-19 14:12 +01:00, after the deadline Wednesday 10:00: late.",
    "The papperskorgsbrand on Lertagsgatan 2026-11-17 is reported by both Polis and Räddningstjänsten, "
    "as happens in real weeks; counts are per report, not deduplicated.",
]


def expected(files: list[InboxFile]) -> dict[str, Any]:
    areas: dict[str, dict[str, int]] = {}
    for spec in files:
        for report in spec.reports:
            area = areas.setdefault(report.area, {})
            for key, count in report.counts().items():
                area[key] = area.get(key, 0) + count
    return {
        "schema": "orebro",
        "kommun": "Örebro",
        "week": WEEK,
        "week_days": ["2026-11-16", "2026-11-22"],
        "areas": ["Vivalla", "Baronbackarna"],
        "deadline": DEADLINE.isoformat(),
        "generated_by": "examples/make_examples.py",
        "notes": NOTES,
        "files": [spec.as_dict() for spec in files],
        "totals": {
            "files": len(files),
            "reports": sum(len(spec.reports) for spec in files),
            "rows_read": sum(len(rep.rows) for spec in files for rep in spec.reports),
            "observations": sum(len(rep.stored_rows()) for spec in files for rep in spec.reports),
            "rows_rejected": sum(len(rep.rows) - len(rep.stored_rows()) for spec in files for rep in spec.reports),
            "per_area": areas,
        },
    }


def write_inbox(inbox: Path) -> list[Path]:
    """Write the example week's files into INBOX (created if needed); return the files written."""
    inbox = Path(inbox)
    inbox.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in build_inbox():
        path = inbox / spec.name
        spec.write(spec, path)
        _touch(path, spec.saved)
        written.append(path)
    return written


def generate(out: Path) -> list[Path]:
    """Write OUT/inkorg/ (emptied first) and OUT/expected.json; return the inbox files written."""
    out = Path(out)
    inbox = out / "inkorg"
    if inbox.exists():
        shutil.rmtree(inbox)
    written = write_inbox(inbox)
    text = json.dumps(expected(build_inbox()), ensure_ascii=False, indent=2) + "\n"
    (out / "expected.json").write_text(text, encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder for inkorg/ and expected.json (default: examples/)")
    args = parser.parse_args(argv)
    for path in generate(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
