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

DATA = Path(__file__).parent / "data" / "readers"
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
                      "grids": [g.name for g in s.grids]}} for s in r.sources],
    }})
print(json.dumps(out))
"""


def read_in_child(*paths: Path) -> list[dict]:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD.format(limit=MEMORY_LIMIT), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=Path(__file__).parent.parent,
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
    (result,) = read_in_child(DATA / name)
    assert result["codes"] == [code]
    assert result["sources"] == []
    assert result["skipped"] is None


def test_far_cell_xlsx_refuses_only_that_sheet():
    (result,) = read_in_child(DATA / "hostile_far_cell.xlsx")
    assert result["codes"] == []
    (source,) = result["sources"]
    assert source["codes"] == ["file-too-large"]
    assert source["sheets"] == ["Vivalla"]
    assert source["grids"] == ["Instruktioner", "Dolt"]  # the other sheets are still read


def test_too_large_message_names_the_sheet_and_cell():
    (result,) = read_in_child(DATA / "hostile_far_cell.xls")  # A1 of Instruktioner moved to IV65536
    assert result["sheets"] == ["Instruktioner"]
    assert "bladet Instruktioner sträcker sig till cell IV65536 (16 777 216 celler)" in result["messages"][0]


def test_png_is_skipped_not_refused():
    (result,) = read_in_child(DATA / "bild.png")
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
    with zipfile.ZipFile(DATA / "lo_workbook.xlsx") as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
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


def test_entities_in_a_docx_page_header(tmp_path):
    path = tmp_path / "sidhuvud.docx"
    with zipfile.ZipFile(DATA / "word_checkboxes.docx") as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
        zout.writestr(
            "word/header9.xml",
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
            '<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
        )
    (result,) = read_in_child(path)
    assert result["codes"] == ["xml-entities"]


def test_utf16_doctype_is_seen(tmp_path):
    path = tmp_path / "utf16.xlsx"
    with zipfile.ZipFile(DATA / "lo_workbook.xlsx") as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/sharedStrings.xml":
                body = data.split(b"?>", 1)[1].decode("utf-8")
                data = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE sst [<!ENTITY a "a">]>' + body).encode("utf-16")
            zout.writestr(info.filename, data)
    (result,) = read_in_child(path)
    assert result["codes"] == ["xml-entities"]


def test_mutated_files_never_crash_the_process(tmp_path):
    """Random byte damage to real files: every one gives a result, none aborts the reader."""
    rng = random.Random(47)
    paths = []
    for name in ("lo_workbook.xlsx", "lo_workbook.xls", "lo_workbook.ods", "word_formfields.docx",
                 "outlook.msg", "mail_xlsx.eml", "semikolon_cp1252.csv"):
        original = (DATA / name).read_bytes()
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
