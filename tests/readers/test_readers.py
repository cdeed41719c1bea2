"""Readers on files made by other programs (LibreOffice, Excel-style CSV, e-mail, Outlook).

Fixtures come from tests/data/make_reader_fixtures.py (committed; LibreOffice is not needed here).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest

from est_cli.readers import iter_input_files, read_file
from est_cli.readers.text import detect_delimiter, detect_encoding

from helpers import DATA

READERS = DATA / "readers"


def fixture_script():
    """The fixture maker as a module (its OLE writer is reused; importing runs nothing)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_reader_fixtures", READERS.parent / "make_reader_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cell(grid, ref: str):
    """grid value at an Excel reference like 'C5'."""
    letters = "".join(ch for ch in ref if ch.isalpha())
    row = int(ref[len(letters) :])
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return grid.rows[row - 1][col - 1]


def only_source(result):
    assert result.findings == [], [f.message for f in result.findings]
    assert len(result.sources) == 1
    return result.sources[0]


def grids_by_name(source):
    return {g.name: g for g in source.grids}


def codes(findings):
    return [f.code for f in findings]


# --------------------------------------------------------------------------- workbooks
@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_libreoffice_workbook_exact_positions_and_types(fmt):
    result = read_file(READERS / f"lo_workbook.{fmt}")
    source = only_source(result)
    assert source.fmt == fmt
    assert source.name == f"lo_workbook.{fmt}"
    assert [(g.name, g.kind, g.hidden) for g in source.grids] == [
        ("Instruktioner", "sheet", False),
        ("Vivalla", "sheet", False),
        ("Dolt", "sheet", True),
    ]
    sheet = grids_by_name(source)["Vivalla"]
    # data starts at C5: rows 1-4 and columns A-B are kept (empty), not trimmed
    assert len(sheet.rows) == 14
    assert all(v == "" for row in sheet.rows[:4] for v in row)
    assert sheet.rows[4][:3] == ["", "", "Vecka"]
    assert cell(sheet, "C5") == "Vecka"
    assert cell(sheet, "D5") == 47 and type(cell(sheet, "D5")) is int
    assert cell(sheet, "D6") == "Vivalla"
    assert [cell(sheet, f"{c}9") for c in "CDEFGH"] == ["Punkt", "Förekomst", "Antal", "Datum", "Tid", "Kommentar"]
    assert cell(sheet, "C10") == "Skadegörelse"
    assert cell(sheet, "E10") == 3 and type(cell(sheet, "E10")) is int
    assert cell(sheet, "F10") == dt.date(2026, 11, 18) and type(cell(sheet, "F10")) is dt.date
    assert cell(sheet, "G10") == dt.time(21, 30)
    assert cell(sheet, "H10") == "Klotter på förskolan"
    assert cell(sheet, "E11") == 0
    assert cell(sheet, "D11") == "Nej"
    assert cell(sheet, "E12") == 2.5
    assert cell(sheet, "F12") == dt.datetime(2026, 11, 19, 8, 15)
    assert cell(sheet, "E13") == 3  # formula =E10+E11: the value LibreOffice cached
    # a boolean: True from xlsx/xls, the number 1 from ods (LibreOffice stores it as a number)
    assert cell(sheet, "D14") == (1 if fmt == "ods" else True)
    assert grids_by_name(source)["Dolt"].rows == [["hemlig"]]
    assert result.sha256 == hashlib.sha256((READERS / f"lo_workbook.{fmt}").read_bytes()).hexdigest()


def test_xlsm_macros_are_reported_and_cells_read():
    result = read_file(READERS / "macros.xlsm")
    source = only_source(result)
    assert codes(source.findings) == ["macros-ignored"]
    assert source.findings[0].severity == "warning"
    assert cell(grids_by_name(source)["Vivalla"], "C5") == "Vecka"


@pytest.mark.parametrize("real, named", [("xlsx", "xls"), ("xls", "xlsx"), ("xlsx", "csv")])
def test_workbook_with_wrong_extension_is_read_by_content(tmp_path, real, named):
    path = tmp_path / f"checklista.{named}"
    shutil.copy(READERS / f"lo_workbook.{real}", path)
    source = only_source(read_file(path))
    assert source.fmt == real
    assert cell(grids_by_name(source)["Vivalla"], "D5") == 47


def test_docx_named_xlsx_is_read_as_word(tmp_path):
    path = tmp_path / "checklista.xlsx"
    shutil.copy(READERS / "word_checkboxes.docx", path)
    source = only_source(read_file(path))
    assert source.fmt == "docx"
    assert "Tabell 2" in grids_by_name(source)


def test_openpyxl_workbook_data_at_c5(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Blad1"
    ws["C5"] = "Vecka"
    ws["D5"] = 47
    ws["E7"] = "=D5+1"  # openpyxl writes no cached value: calamine drops the cell entirely
    path = tmp_path / "op.xlsx"
    wb.save(path)
    grid = only_source(read_file(path)).grids[0]
    assert grid.rows == [[""] * 4] * 4 + [["", "", "Vecka", 47]]
    assert cell(grid, "C5") == "Vecka" and cell(grid, "D5") == 47


# --------------------------------------------------------------------------- CSV
def test_semicolon_csv_in_cp1252():
    path = READERS / "semikolon_cp1252.csv"
    assert detect_encoding(path) == "cp1252"
    source = only_source(read_file(path))
    assert source.fmt == "csv"
    (grid,) = source.grids
    assert grid.name == "semikolon_cp1252"
    assert grid.rows == [
        ["Vecka", "47", "", "", ""],
        ["Område", "Vivalla", "", "", ""],
        ["Punkt", "Förekomst", "Antal", "Datum", "Kommentar"],
        ["Skadegörelse", "Ja", "2,5", "2026-11-18", "Klotter; på väggen"],
        ["Öppen narkotikaförsäljning", "Nej", "0", "", ""],
    ]


def test_comma_csv_utf8_with_bom():
    path = READERS / "komma_utf8_bom.csv"
    assert detect_encoding(path) == "utf-8-sig"
    (grid,) = only_source(read_file(path)).grids
    assert grid.rows == [
        ["Punkt", "Förekomst", "Antal", "Kommentar"],  # no BOM left in A1
        ["Skadegörelse", "Ja", "3", "Klotter, stora bokstäver"],
        ["Brand", "Nej", "0", "Rad ett\r\nrad två"],
        ["Andel", "Ja", "2,5", ""],
        ["Ungdomsgäng", "X", "", ""],
    ]


def test_csv_sep_hint_line_is_dropped(tmp_path):
    path = tmp_path / "lista.csv"
    path.write_bytes("sep=,\r\nPunkt,Antal\r\nBrand,2\r\n".encode("cp1252"))
    (grid,) = only_source(read_file(path)).grids
    assert grid.rows == [["Punkt", "Antal"], ["Brand", "2"]]


def test_tab_separated_csv(tmp_path):
    path = tmp_path / "lista.csv"
    path.write_text("Punkt\tFörekomst\tAntal\nBrand\tJa\t1\n", encoding="utf-8")
    (grid,) = only_source(read_file(path)).grids
    assert grid.rows == [["Punkt", "Förekomst", "Antal"], ["Brand", "Ja", "1"]]


@pytest.mark.parametrize(
    "sample, expected",
    [
        ("Vecka;47\nPunkt;Antal;Kommentar\nBrand;2,5;Ja\n", ";"),  # decimal comma, ragged rows
        ("a,b,c\n1,2,3\n", ","),
        ("a\tb\n1\t2\n", "\t"),
        ("Vecka: 47\nInget att rapportera\n", ";"),
        ("", ";"),
    ],
)
def test_detect_delimiter(sample, expected):
    assert detect_delimiter(sample) == expected


def test_single_column_prose_is_a_grid(tmp_path):
    path = tmp_path / "text.csv"
    path.write_text("Vecka 47\nInget att rapportera\n", encoding="utf-8")
    (grid,) = only_source(read_file(path)).grids
    assert grid.rows == [["Vecka 47"], ["Inget att rapportera"]]


# --------------------------------------------------------------------------- Word
def test_docx_content_control_checkboxes_tables_and_text():
    source = only_source(read_file(READERS / "word_checkboxes.docx"))
    assert source.fmt == "docx" and source.findings == []
    assert [(g.name, g.kind) for g in source.grids] == [
        ("Tabell 1", "table"),
        ("Tabell 2", "table"),
        ("Brödtext", "text"),
    ]
    head, obs, text = source.grids
    assert head.rows == [["Organisation", "Polis"], ["Rapportör", "Områdespolis"], ["Datum", "2026-11-18"]]
    assert obs.rows == [
        ["Punkt", "Förekomst", "Antal", "Plats", "Kommentar"],
        ["1. Skadegörelse", "☒", "3", "Storgatan 1", "Klotter\n(rad två)"],
        ["2. Brand", "☐", "", "", ""],  # the unfilled control's placeholder text is not content
        ["3. Narkotika", "☒", "1", "Vid skolan", ""],  # ✔ symbol, checked: still ☒
    ]
    assert text.rows == [
        ["EST-checklista – Polis"],
        ["Vecka: 47"],
        ["Område:\tVivalla"],
        ["Händelser under veckan"],
        ["Kontakt: via växeln"],  # a paragraph inside a block-level content control
        ["Övrigt: inget att rapportera"],
    ]


def test_docx_legacy_form_fields_merged_cells_and_nested_table():
    source = only_source(read_file(READERS / "word_formfields.docx"))
    assert [g.name for g in source.grids] == ["Tabell 1", "Tabell 2", "Brödtext"]
    table, nested, text = source.grids
    assert table.rows == [
        ["Punkt", "Förekomst", "Kommentar"],
        ["Offentlig miljö", "", ""],  # gridSpan 3: value first, columns still line up
        ["Skadegörelse", "☒", "Samma händelse"],  # w:checked
        ["Brand", "☐", ""],  # w:checked val=0 beats default=1; vMerge continuation is ""
        ["Nedskräpning", "☒", ""],  # no w:checked: the default (1); nested table not in the cell
    ]
    assert nested.kind == "table" and nested.rows == [["Plats", "Torget"]]
    assert text.rows == [["Vecka: 47"]]


def test_docx_page_header_text(tmp_path):
    import docx

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Vecka: 47"
    d.add_paragraph("Område: Vivalla")
    path = tmp_path / "sidhuvud.docx"
    d.save(path)
    grids = grids_by_name(only_source(read_file(path)))
    assert grids["Brödtext"].rows == [["Område: Vivalla"]]
    assert grids["Sidhuvud"].kind == "text" and grids["Sidhuvud"].rows == [["Vecka: 47"]]


# --------------------------------------------------------------------------- e-mail
def test_eml_with_xlsx_attachment_and_inline_signature():
    result = read_file(READERS / "mail_xlsx.eml")
    source = only_source(result)  # the png signature and the vCard are ignored
    assert source.name == "mail_xlsx.eml › Checklista v47 Vivalla – Öst.xlsx"
    assert source.fmt == "xlsx"
    assert source.attachment == "Checklista v47 Vivalla – Öst.xlsx"
    assert source.email_sender == "Områdespolis Vivalla <vivalla.polis@example.se>"
    assert source.email_subject == "EST-checklista vecka 47 – Vivalla"
    assert source.email_date == dt.datetime(2026, 11, 18, 16, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert cell(grids_by_name(source)["Vivalla"], "C5") == "Vecka"


def test_eml_without_checklist():
    result = read_file(READERS / "mail_no_checklist.eml")
    assert result.sources == []
    assert codes(result.findings) == ["no-checklist"]
    assert "e-brevet har ingen bifogad checklista" in result.findings[0].message


def test_forwarded_eml_keeps_the_reporters_provenance():
    source = only_source(read_file(READERS / "mail_forwarded.eml"))
    assert source.name == "mail_forwarded.eml › Checklista v47 Vivalla – Öst.xlsx"
    assert source.email_sender == "Områdespolis Vivalla <vivalla.polis@example.se>"
    assert source.email_subject == "EST-checklista vecka 47 – Vivalla"


def test_outlook_msg_attachments_and_embedded_message():
    result = read_file(READERS / "outlook.msg")
    assert result.findings == []
    word, workbook = result.sources  # the hidden png signature is ignored
    assert word.name == "outlook.msg › Checklista vecka 47.docx"
    assert word.fmt == "docx" and word.attachment == "Checklista vecka 47.docx"
    assert word.email_sender == "Områdespolis Vivalla <vivalla.polis@example.se>"  # X.500 address skipped
    assert word.email_subject == "EST-checklista vecka 47 – Vivalla"
    assert word.email_date == dt.datetime(2026, 11, 18, 15, 5, tzinfo=dt.UTC)
    assert grids_by_name(word)["Tabell 2"].rows[1][1] == "☒"
    # an e-mail attached as an Outlook item: its own sender and date
    assert workbook.name == "outlook.msg › Brickebacken v47.xls"
    assert workbook.fmt == "xls"
    assert workbook.email_sender == "Fastighetsvärd Brickebacken <brickebacken@example.se>"
    assert workbook.email_date == dt.datetime(2026, 11, 17, 7, 45, tzinfo=dt.UTC)
    assert cell(grids_by_name(workbook)["Vivalla"], "D5") == 47


def test_eml_with_broken_attachments_names_the_attachment(tmp_path):
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = "a@example.se"
    msg["Subject"] = "v47"
    msg.set_content("Se bilagor")
    msg.add_attachment(
        (READERS / "hostile_encrypted.xlsx").read_bytes(),
        maintype="application",
        subtype="octet-stream",
        filename="låst.xlsx",
    )
    msg.add_attachment(b"Vecka;47\n", maintype="application", subtype="octet-stream", filename="fel.xlsx")
    msg.add_attachment(
        (READERS / "semikolon_cp1252.csv").read_bytes(), maintype="text", subtype="csv", filename="lista.csv"
    )
    path = tmp_path / "brev.eml"
    path.write_bytes(bytes(msg))
    result = read_file(path)
    assert result.findings == []
    locked, wrong, csv_source = result.sources
    assert codes(locked.findings) == ["file-encrypted"] and locked.grids == []
    assert locked.findings[0].location.sheet == "brev.eml › låst.xlsx"
    assert codes(wrong.findings) == ["file-wrong-format"] and wrong.attachment == "fel.xlsx"
    assert csv_source.fmt == "csv" and csv_source.grids[0].name == "lista"
    assert csv_source.grids[0].rows[3][:3] == ["Skadegörelse", "Ja", "2,5"]
    assert not list(Path(tmp_path).glob("est-bilaga-*"))


@pytest.mark.parametrize("name", ["brev.eml", "brev"])  # also without extension: sniffed
def test_eml_with_html_body_first_is_an_email_not_a_web_page(tmp_path, name):
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = "Trygghetsvärd <tv@example.se>"
    msg["Subject"] = "v47"
    msg["Date"] = "Thu, 19 Nov 2026 14:12:00 +0100"
    msg.set_content("<html><body><p>Hej</p></body></html>", subtype="html")
    msg.add_attachment(
        (READERS / "lo_workbook.xlsx").read_bytes(),
        maintype="application",
        subtype="octet-stream",
        filename="lista.xlsx",
    )
    path = tmp_path / name
    path.write_bytes(bytes(msg))
    source = only_source(read_file(path))
    assert source.attachment == "lista.xlsx"
    assert source.email_sender == "Trygghetsvärd <tv@example.se>"


# --------------------------------------------------------------------------- dispatch
@pytest.mark.parametrize(
    "name, content, reason_part",
    [
        ("bild.png", (READERS / "bild.png").read_bytes(), "en bild (.png)"),
        ("foto.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 40, "en bild (.jpg)"),
        ("policy.pdf", b"%PDF-1.4\n%%EOF\n", "en PDF (.pdf)"),
        ("anteckning.txt", b"Vecka;47\n", "en textfil (.txt)"),
        ("kontakt.vcf", b"BEGIN:VCARD\r\nEND:VCARD\r\n", "en textfil (.vcf)"),
        ("arkiv.zip", None, "ett zip-arkiv (.zip)"),
        ("~$lista.xlsx", b"\x0cAnna\x00" * 20, "låsfil"),
    ],
)
def test_files_that_are_no_checklist_are_skipped(tmp_path, name, content, reason_part):
    path = tmp_path / name
    if content is None:
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("a.txt", "hej")
    else:
        path.write_bytes(content)
    result = read_file(path)
    assert result.sources == [] and result.findings == []
    assert reason_part in result.skipped


@pytest.mark.parametrize(
    "name, content, code",
    [
        ("lista.docx", b"", "file-empty"),
        ("lista.xlsx", b"PK\x03\x04" + b"\x00" * 100, "file-unreadable"),  # cut-off download
        ("lista.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "file-unreadable"),
        ("lista.docx", bytes(range(256)) * 4, "file-wrong-format"),
        ("lista.xlsx", b"%PDF-1.4\n%%EOF\n", "file-wrong-format"),
        ("lista.xlsx", b"<html><body><table><tr><td>1</td></tr></table></body></html>", "file-wrong-format"),
        ("lista.rtf", b"{\\rtf1\\ansi Vecka 47}", "format-unsupported"),
    ],
)
def test_broken_or_mislabelled_files(tmp_path, name, content, code):
    path = tmp_path / name
    path.write_bytes(content)
    result = read_file(path)
    assert codes(result.findings) == [code]
    assert result.sources == [] and result.skipped is None


def test_wrong_format_message_names_extension_and_content():
    result = read_file(READERS / "hostile_text_named.xlsx")
    assert codes(result.findings) == ["file-wrong-format"]
    assert result.findings[0].message == (
        "Filen har ändelsen .xlsx men innehållet är en textfil. Spara om den i rätt format och skicka igen."
    )


def test_old_word_doc_is_unsupported_with_a_clear_message(tmp_path):
    path = tmp_path / "lista.doc"  # an OLE container with a WordDocument stream, as Word 97 writes
    path.write_bytes(fixture_script().write_cfb({"WordDocument": b"\x00" * 600, "1Table": b"\x00" * 64}))
    result = read_file(path)
    assert codes(result.findings) == ["format-unsupported"]
    assert "ett äldre Word-dokument (.doc)" in result.findings[0].message


def test_missing_file_and_folder(tmp_path):
    assert codes(read_file(tmp_path / "saknas.xlsx").findings) == ["file-not-found"]
    assert codes(read_file(tmp_path).findings) == ["file-unreadable"]


def test_unexpected_error_becomes_a_finding(tmp_path, monkeypatch):
    import est_cli.readers.spreadsheet as spreadsheet

    def boom(*args, **kwargs):
        raise KeyError("oj")

    monkeypatch.setattr(spreadsheet, "read_workbook", boom)
    result = read_file(READERS / "lo_workbook.xlsx")
    assert codes(result.findings) == ["file-unreadable"]
    assert "KeyError" in result.findings[0].message
    assert result.sha256  # the file itself was fine


def test_iter_input_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.xlsx").write_bytes(b"x")
    (tmp_path / "a.docx").write_bytes(b"x")
    (tmp_path / "B.csv").write_bytes(b"x")
    (tmp_path / "~$a.docx").write_bytes(b"x")
    (tmp_path / ".dold.xlsx").write_bytes(b"x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.xlsx").write_bytes(b"x")
    (tmp_path / "Thumbs.db").write_bytes(b"x")
    single = tmp_path / "b" / "z.xlsx"
    files = iter_input_files([tmp_path, single, tmp_path / "saknas.xlsx"])
    assert files == [
        tmp_path / "a.docx",
        tmp_path / "B.csv",
        tmp_path / "b" / "z.xlsx",
        tmp_path / "saknas.xlsx",  # kept: reading it reports file-not-found
    ]
