"""Hostile files are refused with a clear finding, in bounded memory and time.

Each file is read in a child process limited to 1.5 GB of address space: python_calamine
aborts the whole process (uncatchable) on some of these files if the guards let them through,
and a zip bomb would exhaust memory. The child prints what it found as JSON.
"""

from __future__ import annotations

import json
import random
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from helpers import DATA, ROOT

pytestmark = pytest.mark.slow  # every hostile file is read in a memory-limited child process

READERS = DATA / "readers"
HOSTILE = DATA / "hostile"  # made by make_hostile_fixtures.py there
MEMORY_LIMIT = 1536 * 2**20
TIMEOUT = 120

CHILD = r"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from pathlib import Path
from est_cli.readers import read_file


out = []
for name in sys.argv[1:]:
    r = read_file(Path(name))
    out.append({{
        "codes": [f.code for f in r.findings],
        "messages": [f.message for f in r.findings],
        "sheets": [f.location.sheet for f in r.findings],
        "skipped": r.skipped,
        "sources": [{{"name": s.name, "codes": [f.code for f in s.findings],
                      "sheets": [f.location.sheet for f in s.findings],
                      "grids": [g.name for g in s.grids],
                      "sizes": [[len(g.rows), max(map(len, g.rows), default=0)] for g in s.grids]}}
                     for s in r.sources],
    }})
print(json.dumps(out))
"""


def read_in_child(*paths: Path) -> list[dict]:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD.format(limit=MEMORY_LIMIT), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


@pytest.mark.parametrize(
    "name, code",
    [
        ("hostile_zip_bomb.xlsx", "zip-bomb"),
        ("hostile_billion_laughs.xlsx", "xml-entities"),
        ("hostile_billion_laughs.docx", "xml-entities"),
        ("hostile_encrypted.xlsx", "file-encrypted"),
        ("hostile_encrypted.xls", "file-encrypted"),
        ("hostile_text_named.xlsx", "file-wrong-format"),
        ("hostile_empty.docx", "file-empty"),
        ("hostile_far_cell.xls", "file-too-large"),  # .xls is parsed whole: the file is refused
        ("hostile_repeated_cells.ods", "file-too-large"),  # so is .ods
    ],
)
def test_hostile_file_is_refused(name, code):
    (result,) = read_in_child(READERS / name)
    assert result["codes"] == [code]
    assert result["sources"] == []
    assert result["skipped"] is None


def test_far_cell_xlsx_refuses_only_that_sheet():
    (result,) = read_in_child(READERS / "hostile_far_cell.xlsx")
    assert result["codes"] == []
    (source,) = result["sources"]
    assert source["codes"] == ["file-too-large"]
    assert source["sheets"] == ["Vivalla"]
    assert source["grids"] == ["Instruktioner", "Dolt"]  # the other sheets are still read


def test_too_large_message_names_the_sheet_and_cell():
    (result,) = read_in_child(READERS / "hostile_far_cell.xls")  # A1 of Instruktioner moved to IV65536
    assert result["sheets"] == ["Instruktioner"]
    assert "bladet Instruktioner sträcker sig till cell IV65536 (16 777 216 celler)" in result["messages"][0]


def test_png_is_skipped_not_refused():
    (result,) = read_in_child(READERS / "bild.png")
    assert result["codes"] == [] and result["sources"] == []
    assert result["skipped"].startswith("en bild (.png)")


def test_too_many_zip_entries(tmp_path):
    path = tmp_path / "manga.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(5_001):
            z.writestr(f"x/{i}", b"")
    (result,) = read_in_child(path)
    assert result["codes"] == ["zip-bomb"]


def test_zip_entry_that_lies_about_its_size(tmp_path):
    """Headers say 100 bytes; the deflated data is a 5 MB sheet."""
    path = tmp_path / "ljuger.xlsx"
    sheet = "xl/worksheets/sheet2.xml"
    with zipfile.ZipFile(READERS / "lo_workbook.xlsx") as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == sheet:
                data = data.replace(b"</sheetData>", b"<row><c><v>1</v></c></row>" * 200_000 + b"</sheetData>")
            zout.writestr(info.filename, data)
    raw = bytearray(path.read_bytes())
    name = sheet.encode()
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        pos = raw.find(signature + b"")
        while pos >= 0:
            name_len = struct.unpack_from("<H", raw, pos + (26 if signature == b"PK\x03\x04" else 28))[0]
            name_at = pos + (30 if signature == b"PK\x03\x04" else 46)
            if raw[name_at : name_at + name_len] == name:
                struct.pack_into("<I", raw, pos + size_at, 100)
            pos = raw.find(signature, pos + 4)
    path.write_bytes(bytes(raw))
    (result,) = read_in_child(path)
    assert result["codes"] in (["zip-bomb"], ["file-unreadable"])
    assert result["sources"] == []


def docx_with_part(path: Path, part: str, xml: str) -> Path:
    """A copy of a real Word file with `part` added or replaced."""
    with (
        zipfile.ZipFile(READERS / "word_checkboxes.docx") as zin,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            if info.filename != part:
                zout.writestr(info.filename, zin.read(info.filename))
        zout.writestr(part, xml)
    return path


def test_entities_in_a_docx_page_header(tmp_path):
    path = docx_with_part(
        tmp_path / "sidhuvud.docx",
        "word/header9.xml",
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
        '<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
    )
    (result,) = read_in_child(path)
    assert result["codes"] == ["xml-entities"]


def test_entities_in_a_docx_part_est_never_parses_are_left_alone(tmp_path):
    """styles.xml is never parsed by est: a DTD there expands nothing, and the document is read.
    (The guard streams only the parts the Word reader parses: docs/performance.md.)"""
    path = docx_with_part(
        tmp_path / "formatmall.docx",
        "word/styles.xml",
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&b;</w:styles>',
    )
    (result,) = read_in_child(path)
    (plain,) = read_in_child(READERS / "word_checkboxes.docx")
    assert result["codes"] == plain["codes"] and "xml-entities" not in result["codes"]
    same = [{k: v for k, v in source.items() if k != "name"} for source in result["sources"]]
    assert same == [{k: v for k, v in source.items() if k != "name"} for source in plain["sources"]] and same


def test_utf16_doctype_is_seen(tmp_path):
    path = tmp_path / "utf16.xlsx"
    with zipfile.ZipFile(READERS / "lo_workbook.xlsx") as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/sharedStrings.xml":
                body = data.split(b"?>", 1)[1].decode("utf-8")
                data = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE sst [<!ENTITY a "a">]>' + body).encode(
                    "utf-16"
                )
            zout.writestr(info.filename, data)
    (result,) = read_in_child(path)
    assert result["codes"] == ["xml-entities"]


def test_mutated_files_never_crash_the_process(tmp_path):
    """Random byte damage to real files: every one gives a result, none aborts the reader."""
    rng = random.Random(47)
    paths = []
    for name in (
        "lo_workbook.xlsx",
        "lo_workbook.xls",
        "lo_workbook.ods",
        "word_formfields.docx",
        "outlook.msg",
        "mail_xlsx.eml",
        "semikolon_cp1252.csv",
    ):
        original = (READERS / name).read_bytes()
        for i in range(6):
            data = bytearray(original)
            for _ in range(rng.randint(1, 12)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            if i == 5:
                data = data[: len(data) // 2]  # a cut-off download
            path = tmp_path / f"{i}-{name}"
            path.write_bytes(bytes(data))
            paths.append(path)
    results = read_in_child(*paths)
    assert len(results) == len(paths)
    for result in results:
        assert result["codes"] or result["sources"] or result["skipped"]


def test_password_protected_ods(tmp_path):
    path = tmp_path / "last.ods"
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/>'
        "</manifest:file-entry></manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", bytes(range(256)) * 8)  # encrypted bytes, not XML
        z.writestr("META-INF/manifest.xml", manifest)
    (result,) = read_in_child(path)
    assert result["codes"] == ["file-encrypted"]


# --------------------------------------------------------------------------- the missing cases (#7)
def _rezip(src: Path, dst: Path, part: str, change) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info, change(data) if info.filename == part else data, compress_type=zipfile.ZIP_DEFLATED)
    return dst


def test_deep_xml_nesting_is_refused(tmp_path):
    """100,000 nested elements (fixtures), and 300 inside one chunk of the stream, where lxml's
    own limit (huge_tree off) says no: every way ends in the same finding, in bounded memory."""
    shallow_deep = b"<x>" * 300 + b"</x>" * 300
    ods = _rezip(
        READERS / "lo_workbook.ods",
        tmp_path / "djup.ods",
        "content.xml",
        lambda d: d.replace(b"<office:body>", b"<office:body>" + shallow_deep, 1),
    )
    docx = _rezip(
        READERS / "word_checkboxes.docx",
        tmp_path / "djup.docx",
        "word/document.xml",
        lambda d: d.replace(b"</w:body>", shallow_deep + b"</w:body>", 1),
    )
    results = read_in_child(HOSTILE / "deep_nesting.xlsx", HOSTILE / "deep_nesting.docx", ods, docx)
    parts = ["xl/worksheets/sheet2.xml", "word/document.xml", "content.xml", "word/document.xml"]
    for result, part in zip(results, parts):
        assert result["codes"] == ["xml-too-deep"] and result["sources"] == []
        assert f"fler än 256 nivåer (delen {part})" in result["messages"][0]


def test_sheet_formatted_to_the_last_row_reads_its_real_content():
    """<dimension ref="A1:XFD1048576">, styled columns, formatted empty rows and cells up to
    XFD1048576: nothing to refuse and nothing to allocate; the sheet is its content C5:H14."""
    (result,) = read_in_child(HOSTILE / "formatted_empty.xlsx")
    assert result["codes"] == []
    (source,) = result["sources"]
    assert source["codes"] == []
    sizes = dict(zip(source["grids"], source["sizes"]))
    assert sizes["Vivalla"] == [14, 8]


def test_macros_are_never_run_and_the_cells_are_read():
    from est_cli.readers import read_file

    (source,) = read_file(READERS / "macros.xlsm").sources
    assert [(f.code, f.severity) for f in source.findings] == [("macros-ignored", "warning")]
    assert "körs aldrig" in source.findings[0].message and source.grids


def _cells(grid) -> dict[str, object]:
    from est_cli.findings import Location

    return {
        Location(row=r + 1, col=c + 1).cell: v
        for r, row in enumerate(grid.rows)
        for c, v in enumerate(row)
        if v not in ("", None)
    }


def test_external_link_gives_a_warning_and_the_cached_values():
    """A formula that reads another workbook (LibreOffice's xl/externalLinks/): never followed."""
    from est_cli.readers import read_file

    (source,) = read_file(HOSTILE / "external_link.xlsx").sources
    assert [f.code for f in source.findings] == ["external-links"]
    assert "externa länkar: 1" in source.findings[0].message
    assert _cells(source.grids[0]) == {"A1": "Vecka", "B1": 47, "A2": "Antal", "B2": 5, "A3": "Summa", "B3": 52}


def test_formula_without_a_cached_value_names_its_cell():
    from est_cli.readers import read_file

    (source,) = read_file(HOSTILE / "formula_no_value.xlsx").sources
    found = [(f.code, f.location.sheet, f.location.cell) for f in source.findings]
    assert found == [
        ("external-links", None, None),
        ("formula-no-value", "Vivalla", "B2"),
        ("formula-no-value", "Vivalla", "B3"),
    ]
    assert "B2" not in _cells(source.grids[0]) and "B3" not in _cells(source.grids[0])  # read as empty


def test_formula_with_a_cached_value_uses_it_without_a_finding():
    from est_cli.readers import read_file

    (source,) = [s for s in read_file(READERS / "lo_workbook.xlsx").sources]
    assert source.findings == []
    assert _cells(next(g for g in source.grids if g.name == "Vivalla"))["E13"] == 3  # =E10+E11, cached


def test_nul_bytes(tmp_path):
    """NUL in a CSV and in a shared string: removed, with a warning; NUL that breaks a zip or
    an XML part: the file is damaged; a file full of NULs is no text."""
    from est_cli.ingest import ingest_path
    from est_cli.schema import load_schema

    csv = tmp_path / "nul.csv"
    csv.write_bytes(
        "Vecka;2026-W47\nOmråde;Viv\0alla\nOrganisation;Polis\nRapportör;X\nPunkt;Antal\nBrand;1\x00\n".encode()
    )
    result = ingest_path(csv, load_schema("orebro"))
    assert [f.code for f in result.findings] == ["nul-bytes"] and "2 NUL-tecken" in result.findings[0].message
    assert [(r.area, r.counts()) for r in result.reports] == [("Vivalla", {"brand": 1})]

    raw = (READERS / "lo_workbook.xlsx").read_bytes()
    second = raw.find(b"PK\x03\x04", 4)
    (tmp_path / "mitt.xlsx").write_bytes(raw[:second] + b"\x00" * 64 + raw[second:])
    _rezip(
        READERS / "word_checkboxes.docx",
        tmp_path / "nul.docx",
        "word/document.xml",
        lambda d: d.replace(b"<w:t>", b"<w:t>\x00", 1),
    )
    (tmp_path / "utf16.csv").write_bytes("Vecka;47\nOmråde;Vivalla\n".encode("utf-16-le"))
    in_sheet, in_zip, in_docx, utf16 = read_in_child(
        HOSTILE / "nul_bytes.xlsx", tmp_path / "mitt.xlsx", tmp_path / "nul.docx", tmp_path / "utf16.csv"
    )
    assert in_sheet["sources"][0]["codes"] == ["nul-bytes"] and in_sheet["sources"][0]["sheets"] == ["Vivalla"]
    assert in_zip["codes"] == ["file-unreadable"] and in_docx["codes"] == ["file-unreadable"]
    assert utf16["codes"] == ["file-wrong-format"]


@pytest.mark.parametrize(
    "name, content, code",
    [
        # 0 bytes: an error for what should be a checklist or an e-mail, a skip for anything else
        ("lista.csv", b"", "file-empty"),
        ("lista.xlsx", b"", "file-empty"),
        ("brev.eml", b"", "file-empty"),
        ("brev.msg", b"", "file-empty"),
        ("anteckning.txt", b"", None),
        # the content decides, never the extension
        ("lista.docx", b"Vecka;47\n", "file-wrong-format"),
        ("lista.xlsx", (READERS / "word_checkboxes.docx").read_bytes(), "read:docx"),
        ("lista.eml", (READERS / "lo_workbook.xlsx").read_bytes(), "read:xlsx"),
        ("lista.csv", (READERS / "lo_workbook.ods").read_bytes(), "read:ods"),
        ("lista.xlsx", (READERS / "bild.png").read_bytes(), "file-wrong-format"),
    ],
)
def test_zero_bytes_and_wrong_extensions(tmp_path, name, content, code):
    """Codes that already existed (file-empty, file-wrong-format), listed with the new cases."""
    from est_cli.readers import read_file

    path = tmp_path / name
    path.write_bytes(content)
    result = read_file(path)
    if code is None:
        assert result.findings == [] and result.sources == [] and "tom fil" in result.skipped
    elif code.startswith("read:"):
        assert result.findings == [] and [s.fmt for s in result.sources] == [code[5:]]
    else:
        assert [f.code for f in result.findings] == [code]
