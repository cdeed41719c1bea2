"""`est template`: the blank Excel and Word checklists made from each built-in schema."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from est_cli.schema import load_schema, parse_schema
from est_cli.templating.checklist_docx import write_docx_template
from est_cli.templating.checklist_xlsx import write_xlsx_template

SCHEMAS = ["orebro", "boras", "malmo"]

HEADER_LABELS = ["Vecka", "Område", "Organisation", "Rapportör", "Datum"]
XLSX_COLUMNS = [
    "Nr",
    "Punkt",
    "Förklaring",
    "Förekomst",
    "Antal",
    "Plats",
    "Datum",
    "Tid",
    "Allvarlighetsgrad",
    "Kommentar",
    "Åtgärd",
]
DOCX_COLUMNS = [
    "Nr",
    "Punkt",
    "Förekomst",
    "Antal",
    "Plats",
    "Datum",
    "Tid",
    "Allvarlighetsgrad",
    "Kommentar",
    "Åtgärd",
]
NO_PERSONAL_DATA = "Inga personuppgifter: skriv inga namn, personnummer eller boendeadresser."

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
NS = {"w": W, "w14": W14}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def w14(name: str) -> str:
    return f"{{{W14}}}{name}"


def expected_rows(schema):
    """What the table should hold, in order: ('section', title) and ('item', nr, label, help)."""
    rows, number = [], 0
    for section in schema.sections:
        if len(schema.sections) > 1:
            rows.append(("section", section.title))
        for item in section.items:
            number += 1
            rows.append(("item", number, item.label, item.help))
    return rows


@pytest.fixture(scope="module", params=SCHEMAS)
def xlsx(request, tmp_path_factory):
    from openpyxl import load_workbook

    schema = load_schema(request.param)
    path = tmp_path_factory.mktemp("xlsx") / f"checklista_{schema.id}.xlsx"
    write_xlsx_template(schema, path)
    return schema, path, load_workbook(path)


@pytest.fixture(scope="module", params=SCHEMAS)
def docx_file(request, tmp_path_factory):
    schema = load_schema(request.param)
    path = tmp_path_factory.mktemp("docx") / f"checklista_{schema.id}.docx"
    write_docx_template(schema, path)
    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    return schema, path, body


# ------------------------------------------------------------------ Excel


def test_xlsx_sheets_title_and_reminder(xlsx):
    schema, _, wb = xlsx
    assert wb.sheetnames == ["Checklista", "Instruktioner"]
    assert wb.active.title == "Checklista"
    ws = wb["Checklista"]
    assert ws["A1"].value == f"EST-checklista – {schema.name}"
    assert ws["A1"].font.b is True
    assert ws["A1"].font.sz > 11
    assert ws["A2"].value == "Skriv inga personuppgifter: inga namn, personnummer eller boendeadresser."
    assert ws["A2"].font.i is True


def test_xlsx_header_block(xlsx):
    _, _, wb = xlsx
    ws = wb["Checklista"]
    assert [ws.cell(r, 1).value for r in range(4, 9)] == HEADER_LABELS
    hints = [ws.cell(r, 3).value for r in range(4, 9)]
    assert hints == [
        "(t.ex. 47 eller 2026-W47)",
        "(bostadsområdet, t.ex. Vivalla)",
        "(Kommun, Polis eller Fastighetsbolag)",
        "(din funktion, inte ditt namn – t.ex. Områdespolis)",
        "(dagens datum, ÅÅÅÅ-MM-DD)",
    ]
    for r in range(4, 9):
        value = ws.cell(r, 2)
        assert value.value is None
        assert value.fill.fill_type == "solid" and value.fill.fgColor.rgb.endswith("FFF2CC")
        assert value.border.left.style == "thin" and value.border.bottom.style == "thin"
    assert ws["A9"].value is None and ws["B9"].value is None


def test_xlsx_table_header_and_rows(xlsx):
    schema, _, wb = xlsx
    ws = wb["Checklista"]
    assert [ws.cell(10, c).value for c in range(1, 12)] == XLSX_COLUMNS
    assert all(ws.cell(10, c).font.b for c in range(1, 12))
    assert ws.cell(10, 1).fill.fill_type == "solid"

    row = 11
    for expected in expected_rows(schema):
        values = [ws.cell(row, c).value for c in range(1, 12)]
        if expected[0] == "section":
            assert values[1] == expected[1]
            assert values[:1] + values[2:] == [None] * 10, f"section row {row} holds only its title"
            assert ws.cell(row, 2).font.b is True
            assert ws.cell(row, 1).fill.fill_type == "solid" and ws.cell(row, 11).fill.fill_type == "solid"
        else:
            _, number, label, help_text = expected
            assert values[:3] == [number, label, help_text]
            assert values[3:] == [None] * 8
            assert ws.cell(row, 3).alignment.wrap_text is True
            assert ws.cell(row, 3).font.sz < ws.cell(row, 2).font.sz
        row += 1
    # after the items: only empty rows
    for r in range(row, ws.max_row + 1):
        assert all(ws.cell(r, c).value is None for c in range(1, 12))


def test_xlsx_malmo_section_rows(malmo, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "malmo.xlsx"
    write_xlsx_template(malmo, path)
    ws = load_workbook(path)["Checklista"]
    sections = {
        r: ws.cell(r, 2).value for r in range(11, ws.max_row + 1) if ws.cell(r, 1).value is None and ws.cell(r, 2).value
    }
    assert sections == {
        11: "Brottsutveckling under veckan",
        11 + 1 + 18: "Bostadsområden",
        11 + 2 + 22: "Skolor och fritidsgårdar",
        11 + 3 + 29: "Kommunen/stadsdelen och omvärlden",
    }
    numbers = [ws.cell(r, 1).value for r in range(11, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, int)]
    assert numbers == list(range(1, 32))
    assert ws["B12"].value == "Inbrott/inbrottsförsök i bostad och biutrymmen"
    assert ws.cell(11 + 3 + 31, 2).value == (
        "Det finns händelser eller social oro i andra delar av kommunen, Sverige eller internationellt "
        "som kan påverka området"
    )


def _item_rows(schema) -> list[int]:
    return [11 + i for i, r in enumerate(expected_rows(schema)) if r[0] == "item"]


def _section_rows(schema) -> list[int]:
    return [11 + i for i, r in enumerate(expected_rows(schema)) if r[0] == "section"]


def _validation(ws, formula1: str):
    found = [dv for dv in ws.data_validations.dataValidation if dv.formula1 == formula1]
    assert len(found) == 1, f"one validation with {formula1}"
    return found[0]


def test_xlsx_data_validations(xlsx):
    schema, _, wb = xlsx
    ws = wb["Checklista"]
    occurred = _validation(ws, '"Ja,Nej"')
    assert occurred.type == "list"
    assert occurred.showDropDown in (None, False)  # True would hide the drop-down arrow
    assert occurred.prompt and occurred.error and "Ja eller Nej" in occurred.error
    severity = _validation(ws, '"1,2,3,4"')
    assert severity.type == "list"
    assert "1 = låg" in severity.prompt and "4 = mycket allvarlig" in severity.prompt
    count = next(dv for dv in ws.data_validations.dataValidation if dv.type == "whole")
    assert count.operator == "greaterThanOrEqual" and count.formula1 == "0"

    for r in _item_rows(schema):
        assert f"D{r}" in occurred.sqref
        assert f"I{r}" in severity.sqref
        assert f"E{r}" in count.sqref
        assert f"B{r}" not in occurred.sqref
    for r in _section_rows(schema):
        assert f"D{r}" not in occurred.sqref and f"I{r}" not in severity.sqref
    assert "D10" not in occurred.sqref


def test_xlsx_freeze_print_and_widths(xlsx):
    _, _, wb = xlsx
    ws = wb["Checklista"]
    assert ws.freeze_panes == "A11"
    assert ws.print_title_rows == "$10:$10"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.oddFooter.center.text == "Sida &P av &N"
    widths = {ws.cell(10, c).value: ws.column_dimensions[ws.cell(10, c).column_letter].width for c in range(1, 12)}
    assert 30 <= widths["Punkt"] <= 38
    assert 40 <= widths["Förklaring"] <= 50
    assert 30 <= widths["Kommentar"] <= 42
    assert 24 <= widths["Åtgärd"] <= 32
    for narrow in ("Förekomst", "Antal", "Tid", "Allvarlighetsgrad"):
        assert widths[narrow] <= 16


def test_xlsx_row_heights_fit_wrapped_text(xlsx):
    schema, _, wb = xlsx
    ws = wb["Checklista"]
    for r, (_, _, label, help_text) in zip(_item_rows(schema), [x for x in expected_rows(schema) if x[0] == "item"]):
        height = ws.row_dimensions[r].height
        assert height >= 30
        # a generous lower bound: at most ~60 characters of help text per 11.5 pt line
        assert height >= (len(help_text) / 60) * 11.5
        assert height >= (len(label) / 40) * 13.5


def test_xlsx_instructions_sheet(xlsx):
    _, _, wb = xlsx
    ws = wb["Instruktioner"]
    texts = [c.value for c in ws["A"] if c.value]
    joined = "\n".join(texts)
    privacy = [c for c in ws["A"] if c.value and c.value.startswith("Inga personuppgifter")]
    assert len(privacy) == 1 and privacy[0].font.b is True
    assert "personnummer" in privacy[0].value and "boendeadresser" in privacy[0].value
    for needle in (
        "Effektiv samordning för trygghet",
        "Förekomst",
        "Antal",
        "Undvik boendeadresser",
        "4 = mycket allvarlig",
        "Åtgärd",
        "senast onsdag kl. 10",
        "Flera händelser i samma kategori? Skriv antalet i Antal, eller lägg till en rad per händelse med samma Punkt.",
    ):
        assert needle in joined, needle


def test_xlsx_text_that_looks_like_a_formula_stays_text(tmp_path):
    from openpyxl import load_workbook

    schema = parse_schema(
        "id: egen\nname: '=Egen'\nsections:\n  - id: a\n    title: A\n    items:\n"
        "      - id: x\n        label: '=SUMMA(A1)'\n        help: '+46 är ett riktnummer'\n        theme: ovrigt\n",
        "egen.yaml",
    )
    path = tmp_path / "egen.xlsx"
    write_xlsx_template(schema, path)
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    ws = load_workbook(path)["Checklista"]
    assert ws["B11"].value == "=SUMMA(A1)" and ws["B11"].data_type == "s"
    assert ws["C11"].value == "+46 är ett riktnummer"


def test_writes_atomically_and_overwrites(tmp_path, orebro):
    target = tmp_path / "checklista.xlsx"
    target.write_bytes(b"old")
    write_xlsx_template(orebro, target)
    write_docx_template(orebro, tmp_path / "checklista.docx")
    assert zipfile.is_zipfile(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checklista.docx", "checklista.xlsx"]


def test_failed_write_leaves_no_temp_file(tmp_path, orebro, monkeypatch):
    from openpyxl import Workbook

    def boom(self, filename):
        Path(filename).write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(Workbook, "save", boom)
    with pytest.raises(OSError):
        write_xlsx_template(orebro, tmp_path / "checklista.xlsx")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ Word


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(w("t")))


def _cells(tr) -> list:
    return tr.findall(w("tc"))


def test_docx_opens_and_has_title_and_privacy_sentence(docx_file):
    import docx

    schema, path, body = docx_file
    document = docx.Document(str(path))
    first = document.paragraphs[0]
    assert first.text == f"EST-checklista – {schema.name}"
    assert first.style.name in ("Heading 1", "Title")

    bold_runs = [run.text for p in document.paragraphs for run in p.runs if run.bold]
    assert NO_PERSONAL_DATA in bold_runs
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Allvarlighetsgrad 1–4" in text and "4 = mycket allvarlig" in text
    assert "senast onsdag kl. 10" in text
    assert "lägg till en rad per händelse med samma Punkt" in text


def test_docx_instruction_lines_do_not_read_as_header_fields(docx_file):
    """Ingest reads "Label: value" paragraphs; no instruction may look like a filled-in header."""
    import docx

    _, path, _ = docx_file
    synonyms = {
        "vecka",
        "område",
        "bostadsområde",
        "stadsdel",
        "organisation",
        "aktör",
        "verksamhet",
        "förvaltning",
        "rapportör",
        "funktion",
        "inrapporterad av",
        "datum",
    }
    for paragraph in docx.Document(str(path)).paragraphs:
        match = re.match(r"\s*([^:]{1,40}):", paragraph.text)
        if match:
            assert match.group(1).strip().lower() not in synonyms, paragraph.text


def test_docx_page_is_landscape_a4(docx_file):
    _, _, body = docx_file
    size = body.find(f".//{w('sectPr')}/{w('pgSz')}")
    assert size.get(w("orient")) == "landscape"
    assert (int(size.get(w("w"))), int(size.get(w("h")))) == (16838, 11906)
    margins = body.find(f".//{w('sectPr')}/{w('pgMar')}")
    assert int(margins.get(w("left"))) <= 720 and int(margins.get(w("right"))) <= 720


def test_docx_header_table(docx_file):
    _, _, body = docx_file
    tables = body.findall(f"{w('body')}/{w('tbl')}")
    assert len(tables) == 2
    rows = tables[0].findall(w("tr"))
    assert [_text(_cells(tr)[0]) for tr in rows] == HEADER_LABELS
    assert all(len(_cells(tr)) == 2 for tr in rows)
    assert all(_text(_cells(tr)[1]) == "" for tr in rows)
    for tr in rows:
        runs = _cells(tr)[0].findall(f".//{w('r')}")
        assert runs and all(r.find(f"{w('rPr')}/{w('b')}") is not None for r in runs)


def test_docx_observation_table(docx_file):
    schema, _, body = docx_file
    table = body.findall(f"{w('body')}/{w('tbl')}")[1]
    assert table.find(f"{w('tblPr')}/{w('tblStyle')}").get(w("val")) == "TableGrid"
    rows = table.findall(w("tr"))
    header = rows[0]
    assert [_text(tc) for tc in _cells(header)] == DOCX_COLUMNS
    assert header.find(f"{w('trPr')}/{w('tblHeader')}") is not None

    # the grid fits landscape A4 between the margins (297 mm − 2 × 12 mm = 273 mm ≈ 15477 twips)
    grid = [int(c.get(w("w"))) for c in table.findall(f"{w('tblGrid')}/{w('gridCol')}")]
    assert len(grid) == 10 and abs(sum(grid) - 15477) < 30
    assert min(grid) >= 400 and max(grid) <= 4500

    expected = expected_rows(schema)
    assert len(rows) == 1 + len(expected)
    for tr, exp in zip(rows[1:], expected):
        cells = _cells(tr)
        if exp[0] == "section":
            assert len(cells) == 1
            assert cells[0].find(f"{w('tcPr')}/{w('gridSpan')}").get(w("val")) == "10"
            assert cells[0].find(f"{w('tcPr')}/{w('shd')}") is not None
            assert _text(cells[0]) == exp[1]
            assert cells[0].find(f".//{w('r')}/{w('rPr')}/{w('b')}") is not None
            continue
        _, number, label, help_text = exp
        assert len(cells) == 10
        assert _text(cells[0]) == str(number)
        paragraphs = cells[1].findall(w("p"))
        assert [_text(p) for p in paragraphs] == [label, help_text]
        help_size = paragraphs[1].find(f".//{w('rPr')}/{w('sz')}").get(w("val"))
        label_size = paragraphs[0].find(f".//{w('rPr')}/{w('sz')}").get(w("val"))
        assert int(help_size) < int(label_size)
        assert paragraphs[1].find(f".//{w('rPr')}/{w('color')}").get(w("val")) == "595959"
        assert cells[2].find(f".//{w('sdt')}") is not None
        assert all(_text(c) == "" for c in cells[3:])


def test_docx_checkboxes(docx_file):
    schema, _, body = docx_file
    boxes = body.findall(f".//{w14('checkbox')}")
    assert len(boxes) == len(schema.items)
    ids = set()
    for box in boxes:
        assert box.find(w14("checked")).get(w14("val")) == "0"
        checked = box.find(w14("checkedState"))
        unchecked = box.find(w14("uncheckedState"))
        assert (checked.get(w14("val")), checked.get(w14("font"))) == ("2612", "MS Gothic")
        assert (unchecked.get(w14("val")), unchecked.get(w14("font"))) == ("2610", "MS Gothic")
        sdt = box.getparent().getparent()
        assert sdt.tag == w("sdt")
        assert _text(sdt.find(w("sdtContent"))) == "\u2610"
        ids.add(sdt.find(f"{w('sdtPr')}/{w('id')}").get(w("val")))
    assert len(ids) == len(boxes)
    # every check box sits in the Förekomst column of an item row
    table = body.findall(f"{w('body')}/{w('tbl')}")[1]
    in_column = [
        tr
        for tr in table.findall(w("tr"))[1:]
        if len(_cells(tr)) == 10 and _cells(tr)[2].find(f".//{w14('checkbox')}") is not None
    ]
    assert len(in_column) == len(schema.items)
