"""Make the hostile-file fixtures in tests/data/hostile/ (committed; the tests never run this).

    /work/venv/bin/python tests/data/hostile/make_hostile_fixtures.py

Each file is a real file (LibreOffice's workbook from tests/data/readers, or one LibreOffice
writes here from a flat .fods) with its XML edited by hand, so that each shows one thing:

- deep_nesting.xlsx / .docx: 100,000 nested elements in the sheet / document XML
- formatted_empty.xlsx: a sheet whose formatting reaches row 1,048,576 and column XFD
  (<dimension ref="A1:XFD1048576">, styled columns, formatted empty rows and cells), content C5:H14
- external_link.xlsx: a formula that reads another workbook (xl/externalLinks/, as LibreOffice
  writes it), with the values Excel would have cached (5 and the sum 52)
- formula_no_value.xlsx: the same formulas without cached values (what openpyxl writes)
- nul_bytes.xlsx: a NUL character inside a shared string (the area name "Viv\\0alla")
Needs LibreOffice (`soffice`) for the external-link workbook.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent
READERS = OUT.parent / "readers"
NESTING = 100_000
SHEET = "xl/worksheets/sheet2.xml"  # "Vivalla" in lo_workbook.xlsx


def rewrite_zip(src: Path, dst: Path, change: dict) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in change:
                data = change[info.filename](data)
                assert data is not None
            zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)


def replace_once(old: bytes, new: bytes):
    def change(data: bytes) -> bytes:
        assert data.count(old) == 1, old
        return data.replace(old, new)

    return change


def formatted_to_the_last_cell(data: bytes) -> bytes:
    data = replace_once(b'<dimension ref="C5:H14"/>', b'<dimension ref="A1:XFD1048576"/>')(data)
    data = data.replace(
        b"<sheetData>", b'<cols><col min="1" max="16384" width="9" style="1" customWidth="1"/></cols><sheetData>'
    )
    rows = b"".join(b'<row r="%d" s="1" customFormat="1" ht="15"/>' % r for r in range(20, 1020))
    rows += b'<row r="1048575" s="1" customFormat="1"><c r="A1048575" s="1"></c><c r="XFD1048575" s="1"></c></row>'
    rows += b'<row r="1048576" s="1" customFormat="1"><c r="XFD1048576" s="1"/></row>'
    return data.replace(b"</sheetData>", rows + b"</sheetData>")


LINKED = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:body><office:spreadsheet><table:table table:name="Vivalla">
{rows}
</table:table></office:spreadsheet></office:body></office:document>
"""


def cell(value: str, formula: str | None = None) -> str:
    if formula:
        return f'<table:table-cell table:formula="{formula}" office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
    if value.isdigit():
        return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'


def external_link_workbooks(tmp: Path) -> None:
    rows = [
        [cell("Vecka"), cell("47")],
        [cell("Antal"), cell("5", "of:=['file:///tmp/kalla.ods'#$Blad1.A1]")],
        [cell("Summa"), cell("52", "of:=[.B1]+[.B2]")],
    ]
    fods = tmp / "lank.fods"
    fods.write_text(
        LINKED.format(rows="\n".join(f"<table:table-row>{''.join(r)}</table:table-row>" for r in rows)), "utf-8"
    )
    subprocess.run(
        ["soffice", "--headless", "--norestore", "--convert-to", "xlsx", "--outdir", str(tmp), str(fods)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    made = tmp / "lank.xlsx"
    if not made.exists():
        sys.exit("LibreOffice did not write lank.xlsx")
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(made) as z:
        assert any(n.startswith("xl/externalLinks/") for n in z.namelist())
        xml = z.read(sheet)
    # LibreOffice does not update links when converting, so it caches #N/A; Excel, which had the
    # other workbook open, would have cached the numbers.
    cached = xml.replace(
        b't="e"><f aca="false">[1]Blad1!A1</f><v>#N/A</v>', b't="n"><f aca="false">[1]Blad1!A1</f><v>5</v>'
    )
    cached = cached.replace(b't="e"><f aca="false">B1+B2</f><v>#N/A</v>', b't="n"><f aca="false">B1+B2</f><v>52</v>')
    assert cached.count(b"<v>5</v>") == 1 and cached.count(b"<v>52</v>") == 1, xml
    rewrite_zip(made, OUT / "external_link.xlsx", {sheet: lambda _data: cached})
    no_value = cached.replace(b"<v>5</v>", b"").replace(b"<v>52</v>", b"").replace(b't="n"><f', b"><f")
    rewrite_zip(made, OUT / "formula_no_value.xlsx", {sheet: lambda _data: no_value})


def main() -> None:
    workbook = READERS / "lo_workbook.xlsx"
    deep = b"<x>" * NESTING + b"</x>" * NESTING
    rewrite_zip(workbook, OUT / "deep_nesting.xlsx", {SHEET: replace_once(b"<sheetData>", deep + b"<sheetData>")})
    rewrite_zip(
        READERS / "word_checkboxes.docx",
        OUT / "deep_nesting.docx",
        {"word/document.xml": replace_once(b"</w:body>", deep + b"</w:body>")},
    )
    rewrite_zip(workbook, OUT / "formatted_empty.xlsx", {SHEET: formatted_to_the_last_cell})
    rewrite_zip(
        workbook, OUT / "nul_bytes.xlsx", {"xl/sharedStrings.xml": replace_once(b">Vivalla</t>", b">Viv\x00alla</t>")}
    )
    with tempfile.TemporaryDirectory() as tmp:
        external_link_workbooks(Path(tmp))
    for path in sorted(OUT.glob("*.*")):
        if path.suffix != ".py":
            print(f"{path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
