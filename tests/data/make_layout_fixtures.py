"""Make the layout fixtures of issue 12 in tests/data/layouts/ (hdr_*, ans_*, wk_*, lbl_*): header
blocks, answers, weeks and item labels written the way reporters write them.

Needs LibreOffice (`soffice`). The test suite does not: the produced files are committed.

    python tests/data/make_layout_fixtures.py

Each checklist is written once in a plain source form and saved the ways reporters save it:
- by LibreOffice Calc/Writer (a workbook or HTML/flat-ODT document converted by `soffice`, so the
  bytes the tests read were written by LibreOffice, not by us);
- as Excel saves "CSV (semikolonavgränsad)": cp1252, CRLF, ';', quotes only where needed;
- as Word writes check boxes: content controls (w14:checkbox) put into a LibreOffice-made .docx.
The expected readings are written by hand in tests/ingest/test_layouts_headers.py.
"""

from __future__ import annotations

import csv
import io
import shutil
import sys
import tempfile
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_reader_fixtures import checkbox_sdt, replace_placeholders, soffice  # noqa: E402

OUT = Path(__file__).resolve().parent / "layouts"
PREFIXES = ("hdr_", "ans_", "wk_", "lbl_")


# --------------------------------------------------------------------------- writers
def excel_csv(path: Path, rows: list[list[str]]) -> None:
    """As Excel writes "CSV (semikolonavgränsad)": cp1252, CRLF, ';', quotes only where needed."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerows(rows)
    path.write_bytes(buffer.getvalue().encode("cp1252"))


def calc(tidy: Path, out_stem: str, formats: tuple[str, ...] = ("xlsx", "ods")) -> None:
    """A tidy openpyxl workbook saved again by LibreOffice Calc in each format."""
    targets = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "ods": "ods", "xls": "xls:MS Excel 97"}
    lo_dir = tidy.parent / f"lo_{out_stem}"
    lo_dir.mkdir(exist_ok=True)
    for fmt in formats:
        shutil.copy(soffice(tidy, targets[fmt], lo_dir), OUT / f"{out_stem}.{fmt}")


def writer(src: Path, out_name: str) -> Path:
    """An HTML or flat-ODT document saved by LibreOffice Writer as .docx."""
    lo_dir = src.parent / f"lo_{src.stem}"
    lo_dir.mkdir(exist_ok=True)
    produced = soffice(src, "docx:MS Word 2007 XML", lo_dir)
    target = OUT / out_name
    shutil.copy(produced, target)
    return target


# --------------------------------------------------------------------------- hdr_: header rows
def two_row_header_workbook(path: Path) -> None:
    """Örebro: a merged title, abbreviated header labels with values in merged cells, and a table
    whose column titles stand in two rows: "Förekomst" merged over "Ja | Nej", "Detaljer" over
    "Plats | Datum | Tid", "Händelse" and "Antal" merged down over both rows."""
    from datetime import date, time

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Blad1"
    ws["A1"] = "EST-checklista Örebrobostäder"
    ws.merge_cells("A1:G1")
    for r, (label, value) in enumerate(
        (("Omr.", "Vivalla"), ("Verks.", "Örebrobostäder"), ("V.", "48"), ("Rapportör", "Husvärd")), start=3
    ):
        ws.cell(r, 1, label)
        ws.cell(r, 2, value)
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=4)
    ws["A8"], ws["B8"], ws["D8"], ws["E8"] = "Händelse", "Förekomst", "Antal", "Detaljer"
    ws.merge_cells("A8:A9")
    ws.merge_cells("B8:C8")
    ws.merge_cells("D8:D9")
    ws.merge_cells("E8:G8")
    for c, title in enumerate(("Ja", "Nej", None, "Plats", "Datum", "Tid"), start=2):
        if title:
            ws.cell(9, c, title)
    rows = [
        ("Skadegörelse", "X", None, 2, "Vivalla torg", date(2026, 11, 24), time(21, 30)),
        ("Brand", None, "X", None, None, None, None),
        ("Incident mot anställd", "X", None, None, "Tvättstugan", date(2026, 11, 25), None),
        ("Arrangemang", None, None, None, None, None, None),
        ("Samlingsplats för ungdomar", "X", None, 3, "Vivalla centrum", None, "kvällstid"),
        ("Annat otrygghetsskapande/ordningsstörande", None, "X", None, None, None, None),
        ("Otrygg plats", None, "X", None, None, None, None),
        ("Övrigt", None, "X", None, None, None, None),
    ]
    for r, row in enumerate(rows, start=10):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(r, c, value)
    wb.save(path)


PAIRS_ROWS = [
    ["Verksamhet: Fältgruppen\tVecka 48", "", "", ""],
    ["Område: Brickebacken | Rapportör: Fältsekreterare", "", "", ""],
    ["", "", "", ""],
    ["Punkt", "Förekomst", "Antal", "Kommentar"],
    ["Skadegörelse", "Ja", "1", "Sönderslagen lampa i gångtunneln"],
    ["Brand", "Nej", "", ""],
    ["Incident mot anställd", "Nej", "", ""],
    ["Arrangemang", "Ja", "", "Fotbollsturnering i idrottshallen"],
    ["Samlingsplats för ungdomar", "Ja", "4", "Vid pizzerian fredag och lördag"],
    ["Annat otrygghetsskapande/ordningsstörande", "Nej", "", ""],
    ["Otrygg plats", "", "", ""],
    ["Övrigt", "Nej", "", ""],
]


HEADER_FOOTER_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:automatic-styles>
  <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
   fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm"/>
   <style:header-style/><style:footer-style/></style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1">
   <style:header>
    <text:p>Örebro kommun – Fältgruppen</text:p>
    <text:p>Vecka: 48</text:p>
   </style:header>
   <style:footer>
    <text:p>Område: Varberga<text:tab/>Rapportör: Fältassistent</text:p>
   </style:footer>
  </style:master-page>
 </office:master-styles>
 <office:body><office:text>
  <text:p>Checklista EST</text:p>
  <text:p>Organisation: Örebro kommun</text:p>
  <table:table table:name="Checklista">
   <table:table-column table:number-columns-repeated="4"/>
   {rows}
  </table:table>
  <text:p>Hälsningar Fältgruppen</text:p>
 </office:text></office:body>
</office:document>
"""


def fodt_rows(rows: list[list[str]]) -> str:
    def cell(text: str) -> str:
        return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'

    return "\n".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)


HEADER_FOOTER_TABLE = [
    ["Punkt", "Förekomst", "Antal", "Plats"],
    ["Skadegörelse", "Ja", "2", "Varberga centrum"],
    ["Brand", "Ja", "", "Containergården"],
    ["Incident mot anställd", "Nej", "", ""],
    ["Arrangemang", "Nej", "", ""],
    ["Samlingsplats för ungdomar", "Ja", "5", "Varbergaskolan"],
    ["Annat otrygghetsskapande/ordningsstörande", "Nej", "", ""],
    ["Otrygg plats", "Nej", "", ""],
    ["Övrigt", "Nej", "", ""],
]


# --------------------------------------------------------------------------- ans_: answers
# Malmö, MKB: the answers people write. [[JA]]/[[NEJ]] become Word check boxes in the .docx;
# in the CSV and the workbook they are the characters typed ("☒ Ja ☐ Nej").
ANSWER_ROWS = [
    ["Fråga", "Förekomst", "Antal", "Var", "Kommentar"],
    ["Inbrott/inbrottsförsök i bostad och biutrymmen", "Ja, tre gånger", "", "Källarförråd", ""],
    ["Klotter, skadegörelse", "fyra", "", "", "Klotter på fasaden"],
    ["Anlagd brand", "Ja", "ett par", "", "Papperskorgar"],
    ["Hot och våld i offentlig miljö", "-", "", "", ""],
    ["Skjutningar", "Nej", "", "", ""],
    ["Sprängningar", "Nej", "", "", ""],
    ["Öppen drogförsäljning i närområdet (anslutning till bostad)", "Ja", "ungefär 4", "Gården", ""],
    ["Öppen drogförsäljning i anslutning till torg och kommunikationsplatser", "Ja", "3 st", "Torget", ""],
    ["Ungdomsgäng, kriminella påverkar boendemiljön", "[[BOXES_YES]]", "", "", ""],
    ["Personrån", "[[BOXES_NO]]", "", "", ""],
    ["Angrepp på polis eller polisfordon", "Nej", "2", "", "Stenkastning mot polisbil"],
    ["Angrepp på räddningstjänst", "flera", "", "", ""],
]
ANSWER_HEADER = [
    ["Veckorapport MKB", "", "", "", ""],
    ["Vecka", "48", "", "", ""],
    ["Stadsdel", "Lindängen", "", "", ""],
    ["Aktör", "MKB Fastighets AB", "", "", ""],
    ["Rapportör", "Bosocial utvecklare", "", "", ""],
    ["", "", "", "", ""],
]
TYPED_BOXES = {"[[BOXES_YES]]": "☒ Ja ☐ Nej", "[[BOXES_NO]]": "☐ Ja ☒ Nej"}
BRACKETED_BOXES = {"[[BOXES_YES]]": "[X] Ja [ ] Nej", "[[BOXES_NO]]": "[ ] Ja [x] Nej"}


def answers_html() -> str:
    head = "".join(f"<p>{row[0]}: {row[1]}</p>" for row in ANSWER_HEADER if row[1])
    body = []
    for n, row in enumerate(ANSWER_ROWS):
        tag = "th" if n == 0 else "td"
        cells = []
        for value in row:
            if value.startswith("[[BOXES"):
                key = value.strip("[]")
                box = "<span style=\"font-family:'MS Gothic'\">[[{}]]</span>"  # a run of its own
                value = f"{box.format(key + '_JA')} Ja {box.format(key + '_NEJ')} Nej"
            cells.append(f"<{tag}>{value}</{tag}>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<html><head><meta charset="utf-8"><title>MKB</title></head><body>'
        f'<h1>Veckorapport MKB</h1>{head}<table border="1">{"".join(body)}</table></body></html>'
    )


def answers_with_word_boxes(docx: Path) -> None:
    """The typed Ja/Nej placeholders become Word content-control check boxes, one ticked per cell."""
    ticked = {"BOXES_YES_JA": True, "BOXES_YES_NEJ": False, "BOXES_NO_JA": False, "BOXES_NO_NEJ": True}
    replace_placeholders(docx, {f"[[{k}]]": (lambda v=v: checkbox_sdt(v)) for k, v in ticked.items()})


# --------------------------------------------------------------------------- wk_: weeks
def week_rows(week_cell: list[str] | None, extra: list[list[str]] = ()) -> list[list[str]]:  # type: ignore[assignment]
    """A Borås checklist (Polisen, Norrby) whose week is written as given, or not at all."""
    rows = [["Veckorapport EST Norrby", "", ""]]
    if week_cell:
        rows.append(week_cell)
    rows += [
        ["Bostadsområde", "Norrby", ""],
        ["Myndighet", "Polisen", ""],
        ["Rapportör", "Kommunpolis", ""],
        *extra,
        ["", "", ""],
        ["Händelse", "Förekomst", "Antal"],
        ["Inbrott/inbrottsförsök, stölder", "Ja", "1"],
        ["Klotter, skadegörelse", "Ja", "2"],
        ["Anlagd brand", "Nej", ""],
    ]
    return rows


def tidy_workbook(path: Path, rows: list[list[str]], title: str = "Blad1") -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append([value if value != "" else None for value in row])
    wb.save(path)


def email_with(path: Path, subject: str, sent: str, attachment: Path, mime: tuple[str, str]) -> None:
    """An e-mail as Outlook/Thunderbird saves it (.eml), carrying one checklist."""
    import datetime as dt

    message = EmailMessage()
    message["From"] = "Kommunpolis Norrby <norrby.polis@example.se>"
    message["To"] = "est@boras.example.se"
    message["Subject"] = subject
    message["Date"] = format_datetime(dt.datetime.fromisoformat(sent))
    message.set_content("Hej!\n\nHär kommer veckans checklista.\n\nMvh Kommunpolisen\n")
    message.add_attachment(attachment.read_bytes(), maintype=mime[0], subtype=mime[1], filename=attachment.name)
    path.write_bytes(bytes(message))


WORD_RUNNING_TEXT = """<html><head><meta charset="utf-8"></head><body>
<p>Hej! Här kommer checklistan för Vecka: 48 från Polisen i Norrby.</p>
<p>Bostadsområde: Norrby</p>
<p>Myndighet: Polisen</p>
<p>Rapportör: Kommunpolis</p>
<table border="1">
<tr><th>Händelse</th><th>Förekomst</th><th>Antal</th></tr>
<tr><td>Inbrott/inbrottsförsök, stölder</td><td>Ja</td><td>1</td></tr>
<tr><td>Klotter, skadegörelse</td><td>Ja</td><td>2</td></tr>
<tr><td>Anlagd brand</td><td>Nej</td><td></td></tr>
</table></body></html>
"""


# --------------------------------------------------------------------------- lbl_: item labels
LABEL_ROWS = [
    ["Vecka", "48", "", ""],
    ["Stadsdel", "Seved", "", ""],
    ["Organisation", "Polisen", "", ""],
    ["Rapportör", "Områdespolis", "", ""],
    ["", "", "", ""],
    ["Kategori", "Förekomst", "Antal", "Plats"],
    ["Inbr. i bostad", "Ja", "1", "Sevedsplan"],
    ["Klotter/skadeg.", "Ja", "2", ""],
    ["Anl. brand", "Ja", "", "Källaren"],
    ["Personrånen", "Ja", "1", ""],
    ["Skjutning", "Nej", "", ""],
    ["Sprängningarna", "Nej", "", ""],
    ["Hot o våld offentlig miljö", "Ja", "", "Rasmusgatan"],
    ["Trapphäng som påvekar de boende negativt", "Ja", "3", "Trapphus 4"],
    ["Positiva händelser", "Ja", "", "Nattvandring"],
    ["Cykelstölder i källare", "Ja", "2", ""],
]


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for old in OUT.rglob("*"):
        if old.is_file() and old.name.startswith(PREFIXES):
            old.unlink()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)

        # hdr_: two header rows with merged cells, abbreviated labels (LibreOffice xlsx and ods)
        tidy = tmp / "hdr_tva_rubrikrader.xlsx"
        two_row_header_workbook(tidy)
        calc(tidy, "hdr_tva_rubrikrader")

        # hdr_: several "Label: value" pairs in one cell (Excel CSV, and LibreOffice's .xls of it)
        excel_csv(OUT / "hdr_par_i_cell.csv", PAIRS_ROWS)
        tidy = tmp / "hdr_par_i_cell.xlsx"
        tidy_workbook(tidy, PAIRS_ROWS, "Fältgruppen")
        calc(tidy, "hdr_par_i_cell", ("xls",))

        # hdr_: Vecka in the page header, Område and Rapportör in the footer (LibreOffice Writer)
        fodt = tmp / "hdr_sidhuvud_sidfot.fodt"
        fodt.write_text(HEADER_FOOTER_FODT.replace("{rows}", fodt_rows(HEADER_FOOTER_TABLE)), "utf-8")
        writer(fodt, "hdr_sidhuvud_sidfot.docx")

        # ans_: the answers people write – Word (content-control boxes), Excel CSV, LibreOffice xlsx
        html = tmp / "ans_svar.html"
        html.write_text(answers_html(), "utf-8")
        answers_with_word_boxes(writer(html, "ans_svar.docx"))
        typed = [[TYPED_BOXES.get(v, v) for v in row] for row in ANSWER_HEADER + ANSWER_ROWS]
        # cp1252 has no ☒: in Excel's CSV the boxes are typed as brackets
        bracketed = [[BRACKETED_BOXES.get(v, v) for v in row] for row in ANSWER_HEADER + ANSWER_ROWS]
        excel_csv(OUT / "ans_svar.csv", bracketed)
        tidy = tmp / "ans_svar.xlsx"
        tidy_workbook(tidy, typed, "MKB")
        calc(tidy, "ans_svar", ("xlsx",))

        # wk_: weeks people write
        tidy = tmp / "wk_vecka_och_dag.xlsx"
        tidy_workbook(tidy, week_rows(["Vecka", "v.48 25/11", ""]))
        calc(tidy, "wk_vecka_och_dag", ("xlsx",))
        tidy = tmp / "wk_bara_datum.xlsx"
        tidy_workbook(tidy, week_rows(None, [["Datum", "2026-11-25", ""]]))
        calc(tidy, "wk_bara_datum", ("ods",))
        html = tmp / "wk_lopande_text.html"
        html.write_text(WORD_RUNNING_TEXT, "utf-8")
        writer(html, "wk_lopande_text.docx")
        # A date range without a year, in a mail sent on 30 November 2026 (read a year later)
        tidy = tmp / "checklista_norrby.xlsx"
        tidy_workbook(tidy, week_rows(["Vecka", "23/11–29/11", ""]))
        calc(tidy, "wk_datumintervall", ("xlsx",))
        attachment = tmp / "checklista_norrby.xlsx"
        shutil.copy(OUT / "wk_datumintervall.xlsx", attachment)
        xlsx_mime = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        email_with(
            OUT / "wk_datumintervall.eml", "Checklista Norrby", "2026-11-30T08:12:00+01:00", attachment, xlsx_mime
        )
        # No week in the file at all: the e-mail's subject, and the folder it was saved in
        plain = tmp / "checklista.csv"
        excel_csv(plain, week_rows(None))
        email_with(OUT / "wk_amne.eml", "EST v.48 Norrby", "2026-11-30T08:15:00+01:00", plain, ("text", "csv"))
        (OUT / "wk_inkorg" / "v48").mkdir(parents=True, exist_ok=True)
        excel_csv(OUT / "wk_inkorg" / "v48" / "wk_norrby_polisen.csv", week_rows(None))

        # lbl_: labels people write (Excel CSV, LibreOffice xlsx)
        excel_csv(OUT / "lbl_etiketter.csv", LABEL_ROWS)
        tidy = tmp / "lbl_etiketter.xlsx"
        tidy_workbook(tidy, LABEL_ROWS, "Seved")
        calc(tidy, "lbl_etiketter", ("xlsx",))

    for path in sorted(OUT.rglob("*")):
        if path.is_file() and path.name.startswith(PREFIXES):
            print(path.relative_to(OUT.parent), path.stat().st_size)


if __name__ == "__main__":
    main()
