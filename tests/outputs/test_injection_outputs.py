"""Outputs never break Excel users, and reporter text is never template code: text that starts
with = + - @ (or tab/CR), and Jinja/docxtpl markup, fed through real input files and the CLI, then
every workbook and CSV est wrote read back cell by cell, and both Word documents read as text.

The view-level writer tests (test_workbook.py, test_trend.py, test_render.py) cover the writers
one by one; this module covers the whole path from a reporter's file to every file est writes.
"""

from __future__ import annotations

import csv
import html
import re
import zipfile
from pathlib import Path

import pytest

from helpers import run_est

openpyxl = pytest.importorskip("openpyxl")

RISKY_START = ("=", "+", "-", "@", "\t", "\r")

# What reporters wrote (ingest trims leading and trailing whitespace, so a leading tab or CR
# is gone before anything is written; the rest of the text is kept as written).
REPORTER = '=HYPERLINK("http://example.invalid","Områdespolis")'
PLACE = "+46 torget"
COMMENT = '=HYPERLINK("http://example.invalid","klicka")'
ACTION = "-2+3"
LABEL = "=1+1 mopeder"
TAB_COMMENT = "\t=1+1 med tabb"
CR_COMMENT = "\r=2+2 med vagnretur"
AT_PLACE = "@SUM(A1)"
JINJA = "{{ 7*7 }} och {% for x in y %}"
JINJA_2 = "{{'{{'}} och {%p if %} och {{ '{%' }}"
AREA = "=Vivalla {{ 7*7 }}"  # a reporter's own spelling of an area: in sheet names, tables and both documents
INSATS = "@SUM(1) {{ 7*7 }} extra väktare"
ANSVARIG = "-ÖBO"


def clean(text: str) -> str:
    return " ".join(text.split())


def polis_workbook(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Vivalla"
    for row in [
        ["Vecka", "2026-W47"],
        ["Område", "Vivalla"],
        ["Organisation", "Polis"],
        ["Rapportör", REPORTER],
        [],
        ["Punkt", "Förekomst", "Antal", "Plats", "Kommentar", "Åtgärd"],
        ["Skadegörelse", "Ja", 1, PLACE, COMMENT, ACTION],
        ["Brand", "Ja", 1, AT_PLACE, TAB_COMMENT, CR_COMMENT],
        [LABEL, "Ja", 2, "", JINJA, ""],
        ["Arrangemang", "Ja", 1, "-klotter", JINJA_2, "@kanske"],
    ]:
        ws.append(row)
    # openpyxl would store "=…" as a formula: the reporter typed text, so store it as text.
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    wb.save(path)


def other_area_csv(path: Path) -> None:
    rows = [
        ["Vecka", "2026-W47"],
        ["Område", AREA],
        ["Organisation", "Polis"],
        ["Rapportör", "Områdespolis"],
        [],
        ["Punkt", "Förekomst", "Kommentar"],
        ["Skadegörelse", "Ja", JINJA],
        ["Brand", "Nej", ""],
    ]
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows(rows)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("injection")
    ws = root / "EST"

    def est(*args: str, cwd: Path = ws) -> None:
        ran = run_est(*args, cwd=cwd, columns=120)
        assert ran.returncode == 0, (args, ran.stdout[-800:], ran.stderr[-800:])

    est("init", str(ws), "--schema", "orebro", "--kommun", "Örebro", "--omrade", "Vivalla", cwd=root)
    polis_workbook(ws / "inkorg" / "polis.xlsx")
    other_area_csv(ws / "inkorg" / "annat.csv")
    est("merge")
    est("merge", "--organisation", "Polis")
    est(
        "insats",
        "add",
        "--area",
        "Vivalla",
        "--theme",
        "skadegorelse",
        "--from",
        "2026-W46",
        "--ansvarig",
        ANSVARIG,
        INSATS,
    )
    est("render")
    est("render", "--variant", "extern", "--utkast")
    est("render", "--quarter", "2026-Q4")
    est("trend", "--quarter", "2026-Q4", "--format", "csv", "--output", "utkast/trend.csv")
    est("trend", "--quarter", "2026-Q4", "--format", "xlsx", "--output", "utkast/trend.xlsx")
    est("trend", "--insatser", "--format", "csv", "--output", "utkast/insatser.csv")  # the follow-up alone
    est("trend", "--insatser", "--quarter", "2026-Q4", "--format", "xlsx", "--output", "utkast/insatser.xlsx")
    return ws / "utkast"


def workbook_texts(path: Path) -> dict[str, list]:
    """text → its cells, over every sheet; fails on any formula."""
    texts: dict[str, list] = {}
    wb = openpyxl.load_workbook(path)
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{path.name} {sheet.title}!{cell.coordinate} = {cell.value!r}"
                if isinstance(cell.value, str):
                    texts.setdefault(cell.value, []).append(cell)
    return texts


WORKBOOKS = {
    "2026-W47/sammanstallning-2026-W47.xlsx": [
        REPORTER,
        PLACE,
        COMMENT,
        ACTION,
        LABEL,
        AT_PLACE,
        clean(TAB_COMMENT),
        clean(CR_COMMENT),
        "-klotter",
        "@kanske",
        AREA,
    ],
    "2026-W47/sammanstallning-polis-2026-W47.xlsx": [LABEL, COMMENT, AREA],
    "trend.xlsx": [LABEL, AREA],
    "insatser.xlsx": [INSATS, ANSVARIG],
}


@pytest.mark.parametrize("name", list(WORKBOOKS))
def test_workbook_cells_are_text_never_formulas(outputs, name):
    texts = workbook_texts(outputs / name)
    for wanted in WORKBOOKS[name]:
        assert wanted in texts, (name, wanted)
    for text, cells in texts.items():
        if text.startswith(RISKY_START):
            for cell in cells:
                # Stored as a string and marked so that Excel keeps it text when the cell is edited.
                assert cell.data_type == "s" and cell.quotePrefix, (name, cell.coordinate, text)


def test_every_workbook_written_is_checked(outputs):
    written = {p.relative_to(outputs).as_posix() for p in outputs.rglob("*.xlsx")}
    assert written == set(WORKBOOKS)


CSVS = {"trend.csv": [LABEL, AREA], "insatser.csv": [INSATS, ANSVARIG]}


@pytest.mark.parametrize("name", list(CSVS))
def test_csv_cells_never_start_like_a_formula(outputs, name):
    raw = (outputs / name).read_text("utf-8-sig")
    cells = [cell for row in csv.reader(raw.splitlines(), delimiter=";") for cell in row]
    for cell in cells:
        if cell.startswith(RISKY_START):
            # Only numbers may start with a sign (a change of -2, -12,5 %).
            assert re.fullmatch(r"[+\-−]\d+(,\d+)?( ?%)?", cell), (name, cell)
    for wanted in CSVS[name]:
        # The documented prefix: one apostrophe before text that Excel would read as a formula.
        assert "'" + wanted in cells, (name, wanted)


def test_every_csv_written_is_checked(outputs):
    assert {p.name for p in outputs.rglob("*.csv")} == set(CSVS)


def document_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        xml = "".join(
            archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml")
        )
    return html.unescape(re.sub(r"<[^>]+>", "", xml))


@pytest.mark.parametrize("variant", ["intern", "extern", "kvartal"])
def test_template_markup_in_reporter_text_is_printed_literally(outputs, variant):
    if variant == "kvartal":
        (path,) = outputs.glob("2026-Q4/*.docx")
    else:
        (path,) = [
            p
            for p in (outputs / "2026-W47").glob("veckolagesbild-*.docx")
            if ("extern" in p.name) == (variant == "extern")
        ]
    text = document_text(path)
    assert AREA in text  # the area's name as the reporter wrote it
    assert "Vivalla 49" not in text  # {{ 7*7 }} was never evaluated
    if variant == "intern":
        for wanted in (JINJA, JINJA_2, COMMENT, clean(INSATS)):
            assert wanted in text, wanted
    elif variant == "extern":
        assert JINJA_2 not in text and COMMENT not in text  # no comments in the extern version
