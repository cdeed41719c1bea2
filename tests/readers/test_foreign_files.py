"""Files made by other programs and other projects' test suites (../shared/data/foreign-office-files/,
604 Office, CSV and e-mail files, broken and fuzzed ones among them): est reads each one or says in
Swedish why not – never a traceback, never a Rust panic's text, never "oväntat fel"."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from est_cli.readers import read_file

from helpers import DATA, ROOT, run_est


def _foreign() -> Path | None:
    for folder in (ROOT, *ROOT.parents):
        candidate = folder / "shared" / "data" / "foreign-office-files"
        if candidate.is_dir():
            return candidate
    return None


FOREIGN = _foreign()
needs_foreign = pytest.mark.skipif(FOREIGN is None, reason="../shared/data/foreign-office-files saknas")


@pytest.mark.slow  # a child process: a Rust panic's text goes to the process's stderr, not Python's
@needs_foreign
def test_every_foreign_file_is_read_or_refused_in_swedish():
    assert FOREIGN is not None
    ran = run_est("validate", str(FOREIGN), "--schema", "orebro", "--json", subprocess_=True, timeout=600)
    assert ran.returncode in (0, 1), ran.stderr[-2000:]
    data = json.loads(ran.stdout)  # one JSON document, nothing else on stdout
    given = sorted(p for p in FOREIGN.rglob("*") if p.is_file() and not p.name.startswith("."))  # est skips dot files
    accounted = {Path(f["path"]).resolve() for f in data["files"]} | {
        Path(s["path"]).resolve() for s in data["skipped"]
    }
    assert {p.resolve() for p in given} <= accounted
    for text in ("Traceback", "panicked", "RUST_BACKTRACE", "Oväntat fel", "oväntat fel"):
        assert text not in ran.stderr
        assert text not in ran.stdout


@needs_foreign
@pytest.mark.parametrize(
    "name",
    ["apache-poi/test-data/spreadsheet/WORKBOOK_in_capitals.xls", "tafia-calamine/tests/capitalized_wbook_stream.xls"],
)
def test_ole_stream_names_compare_without_case(name):
    """An .xls whose workbook stream is "WORKBOOK" is Excel, not "ett okänt Office-format"."""
    assert FOREIGN is not None
    read = read_file(FOREIGN / name)
    assert read.findings == [] and [s.fmt for s in read.sources] == ["xls"]


@needs_foreign
@pytest.mark.parametrize(
    "name",
    [
        "apache-poi/test-data/spreadsheet/testEXCEL_3.xls",
        "apache-poi/test-data/spreadsheet/testEXCEL_4.xls",
        "python-excel-xlrd/tests/samples/biff4_no_format_no_window2.xls",
    ],
)
def test_excel_2_to_4_is_named_as_an_old_format(name):
    assert FOREIGN is not None
    (found,) = read_file(FOREIGN / name).findings
    assert found.code == "format-unsupported"
    assert found.message.startswith("Filen är ett gammalt Excel-format (Excel 2–4)")
    assert "Spara om den som .xlsx" in found.message


@needs_foreign
def test_ods_with_basic_macros_is_read_and_the_macros_ignored():
    """LibreOffice Basic modules carry their standard DOCTYPE; they are never parsed, so the file is no
    XML bomb: its cells are read and the macros are said to be ignored."""
    assert FOREIGN is not None
    read = read_file(FOREIGN / "eea-odfpy/samples/spreadsheet-with-macro.ods")
    assert read.findings == []
    (source,) = read.sources
    assert [f.code for f in source.findings] == ["macros-ignored"] and source.grids


@needs_foreign
@pytest.mark.parametrize(
    ("name", "sheet"),
    [
        ("tafia-calamine/tests/minimal_package.xlsx", "Sheet1"),
        ("tafia-calamine/tests/issue_530.xlsx", "出勤分类组织汇总表"),
    ],
)
def test_package_found_through_its_relationships(name, sheet):
    """Parts at the package root, or "\\" in the zip's names: _rels/.rels says what the package is."""
    assert FOREIGN is not None
    read = read_file(FOREIGN / name)
    assert read.findings == []
    (source,) = read.sources
    assert source.fmt == "xlsx" and sheet in [g.name for g in source.grids] and source.findings == []


def test_a_far_cell_sheet_is_refused_also_with_backslashes_in_the_zip(tmp_path):
    """The same guard for a package whose zip names use "\\": the sheet reaching far is refused by
    name before the parser sees it (the parser would abort the process), the other sheets are read."""
    original = DATA / "readers" / "hostile_far_cell.xlsx"
    windows = tmp_path / "bakvänt snedstreck.xlsx"
    with zipfile.ZipFile(original) as zin, zipfile.ZipFile(windows, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename.replace("/", "\\"), zin.read(info))
    before, after = read_file(original), read_file(windows)
    assert [s.fmt for s in after.sources] == ["xlsx"]
    assert [(f.code, f.location.sheet) for f in after.sources[0].findings] == [
        (f.code, f.location.sheet) for f in before.sources[0].findings
    ]
    assert [g.name for g in after.sources[0].grids] == [g.name for g in before.sources[0].grids]


@needs_foreign
@pytest.mark.parametrize(
    ("name", "sheets"),
    [
        ("apache-poi/test-data/spreadsheet/xlmmacro.xlsm", ["Sheet1", "Sheet2"]),
        ("apache-poi/test-data/spreadsheet/64420.xlsm", ["Sheet A", "Sheet B"]),
    ],
)
def test_an_excel_4_macro_sheet_does_not_make_the_workbook_damaged(name, sheets):
    """The macro sheet is left out (its macros never run, and it says so); the worksheets are read."""
    assert FOREIGN is not None
    read = read_file(FOREIGN / name)
    assert read.findings == []
    (source,) = read.sources
    assert [g.name for g in source.grids] == sheets and [f.code for f in source.findings] == ["macros-ignored"]
