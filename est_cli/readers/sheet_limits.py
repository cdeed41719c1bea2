"""Sheets too large to parse: the cheap cell-extent pre-scan of .xlsx, .ods and .xls, with the
sheet and workbook cell limits (calamine aborts the whole process on absurd sheets instead of raising).
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

from est_cli.findings import Finding, Location, finding
from est_cli.readers.containers import (
    ZIP_ERRORS,
    Refused,
    check_xml_parts,
    check_zip,
    damaged,
    is_depth_error,
    too_deep,
    workbook_sheet_parts,
)
from est_cli.readers.sniff import MAX_FILE_BYTES
from est_cli.swedish import megabytes

# --- limits (a weekly checklist is a few kB; these are far above any real one)
MAX_SHEET_ROWS = 100_000
MAX_SHEET_COLS = 1_000
MAX_SHEET_CELLS = 2_000_000  # rows × columns of the used area counted from A1
MAX_WORKBOOK_CELLS = 5_000_000
MAX_CELL_FINDINGS = 20  # per sheet, for findings that name single cells (formulas without a value)


@dataclass
class SheetLimits:
    """Result of the cheap pre-scan of a workbook: sheets too large to hand to the parser.

    Only .xlsx can skip single sheets (calamine parses an .xlsx sheet when it is asked for);
    .xls and .ods are parsed whole when opened, so a sheet too large refuses the file.
    """

    refused: dict[str, Finding] = field(default_factory=dict)  # sheet name -> finding
    # read, but worth a warning: links to other workbooks, formulas without a saved value
    findings: list[Finding] = field(default_factory=list)
    cells: int = 0  # the used areas of the sheets admitted so far

    def admit(self, sheet: str, rows: int, cols: int, too_many: str) -> None:
        """Refuse the sheet if its used area is absurd or would take the workbook past its cell
        limit (`too_many` says so); otherwise count its cells."""
        refusal = _area_finding(sheet, rows, cols)
        if refusal is None and self.cells + rows * cols > MAX_WORKBOOK_CELLS:
            refusal = finding("file-too-large", Location(sheet=sheet), detail=too_many)
        if refusal is not None:
            self.refused[sheet] = refusal
        else:
            self.cells += rows * cols


# --------------------------------------------------------------------------- xlsx sheets
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|v|f|is)(?=[\s/>])([^>]*)>")
_R_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Za-z]*)([0-9]*)["']""")


class _CellExtent:
    """Tracks the furthest row/column that holds a cell with content in a sheet's XML,
    the way a spreadsheet parser will place it (cells without `r` follow the previous one).

    A cell has content when it holds a value, a formula or inline text (`<v>`, `<f>`, `<is>`);
    formatted empty cells (`<c r="XFD1048576" s="1"/>` or `…></c>`), formatted rows and a
    `<dimension>` claiming A1:XFD1048576 are what Excel writes for a formatted sheet, and
    calamine allocates nothing for them. Formulas without a saved value are noted by cell.
    A cell ends where the next cell or row starts (a `<v>` after `</c>` would be no cell's).
    """

    def __init__(self) -> None:
        self.max_row = 0
        self.max_col = 0
        self.cells = 0
        self.formulas_without_value: list[tuple[int, int]] = []  # (row, col), the first few
        self._row = 0
        self._col = 0
        self._cell: tuple[int, int] | None = None  # the cell whose children come next
        self._state = 0  # of that cell: 0 nothing yet, 1 formula only, 2 value (or inline text)
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        buf = self._tail + chunk
        cut = buf.rfind(b"<")
        if cut < 0:
            self._tail = b""
            return
        self._scan(buf[:cut])
        self._tail = buf[cut:]
        if len(self._tail) > 2**20:  # a megabyte-long tag is no cell tag
            self._tail = b""

    def close(self) -> None:
        self._scan(self._tail)
        self._tail = b""
        self._end_cell()

    def _scan(self, data: bytes) -> None:
        # the hot loop of a large sheet: plain locals, attributes stored once at the end
        row, col, cell, state = self._row, self._col, self._cell, self._state
        for m in _TAG.finditer(data):
            tag, attrs = m.groups()
            if tag == b"row" or tag == b"c":
                if state == 1:  # the cell before had a formula and no value
                    self._cell, self._state = cell, state
                    self._end_cell()
                cell, state = None, 0
                ref = _R_ATTR.search(attrs)
                if tag == b"row":
                    row = _int(ref.group(2)) if ref and ref.group(2) else row + 1
                    col = 0
                    continue
                cell_row = row
                if ref and ref.group(1):
                    col = _col_number(ref.group(1))
                    if ref.group(2):
                        cell_row = _int(ref.group(2))
                else:
                    col += 1
                if not attrs.endswith(b"/"):  # <c … s="1"/>: formatting only
                    cell = (cell_row, col)
            elif cell is not None:  # <v>, <f> or <is> of the cell
                if state == 0:
                    self.cells += 1
                    if cell[0] > self.max_row:
                        self.max_row = cell[0]
                    if cell[1] > self.max_col:
                        self.max_col = cell[1]
                state = 1 if tag == b"f" and state < 2 else 2
        self._row, self._col, self._cell, self._state = row, col, cell, state

    def _end_cell(self) -> None:
        if self._cell is not None and self._state == 1 and len(self.formulas_without_value) < MAX_CELL_FINDINGS:
            self.formulas_without_value.append(self._cell)
        self._cell, self._state = None, 0

    @property
    def area(self) -> int:
        return self.max_row * self.max_col


def _int(digits: bytes) -> int:
    return int(digits) if len(digits) <= 12 else 10**12


def _col_number(letters: bytes) -> int:
    if len(letters) > 6:
        return 10**9
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ch - 64)
    return n


def _area_finding(sheet: str, max_row: int, max_col: int) -> Finding | None:
    from est_cli.findings import column_letter

    if max_row <= MAX_SHEET_ROWS and max_col <= MAX_SHEET_COLS and max_row * max_col <= MAX_SHEET_CELLS:
        return None
    last = f"{column_letter(min(max_col, 10**6))}{max_row}"
    cells = f"{max_row * max_col:,}".replace(",", " ")
    return finding(
        "file-too-large",
        Location(sheet=sheet),
        detail=f"bladet {sheet} sträcker sig till cell {last} ({cells} celler)",
    )


def check_xlsx(path: Path) -> SheetLimits:
    """Zip checks, XML entity check and the cell-extent scan of every sheet of an .xlsx."""
    limits = SheetLimits()
    with check_zip(path) as zf:
        sheet_parts = workbook_sheet_parts(zf)  # parsed without entities, DTD refused
        extents = check_xml_parts(zf, scanner_for=lambda part: _CellExtent() if part in sheet_parts else None)
        links = [n for n in zf.NameToInfo if re.fullmatch(r"xl/externallinks/[^/]+\.xml", n.lower())]
    if links:  # calamine never opens them: the values cached in this file are what is read
        limits.findings.append(finding("external-links", n=len(links)))
    for part, sheet in sheet_parts.items():
        ext = extents.get(part)
        if ext is None:
            continue
        for row, col in ext.formulas_without_value:
            limits.findings.append(finding("formula-no-value", Location(sheet=sheet, row=row, col=col)))
        limits.admit(sheet, ext.max_row, ext.max_col, f"arbetsboken har för många celler (bladet {sheet} läses inte)")
    return limits


# --------------------------------------------------------------------------- ods
ODF_MACRO_FOLDERS = ("Basic/", "Dialogs/")
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def check_ods(path: Path) -> SheetLimits:
    """Zip checks, XML entity check and the used area of every table in content.xml.

    ODF compresses runs of equal cells as `number-rows-repeated` / `number-columns-repeated`;
    empty runs are harmless, a repeated *filled* cell is what expands to millions of cells.
    """
    from lxml import etree

    limits = SheetLimits()
    with check_zip(path) as zf:
        # LibreOffice Basic macros and dialogs (Basic/, Dialogs/) carry their standard DOCTYPE; they are
        # never parsed (macros never run), so they are left out of the entity check.
        check_xml_parts(zf, only={n for n in zf.namelist() if not n.startswith(ODF_MACRO_FOLDERS)})
        try:
            info = zf.getinfo("content.xml")
        except KeyError:
            raise Refused(finding("file-unreadable", detail="content.xml saknas i kalkylarket")) from None
        tables = _OdsTables(limits)
        try:
            with zf.open(info) as f:
                for event, el in etree.iterparse(
                    f, events=("start", "end"), resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
                ):
                    if event == "start":
                        tables.start(el)
                    else:
                        tables.end(el)
        except etree.XMLSyntaxError as err:
            if is_depth_error(err):
                raise Refused(too_deep("content.xml")) from None
            raise Refused(
                finding("file-unreadable", detail="filen är skadad (content.xml är inte giltig XML)")
            ) from None
        except ZIP_ERRORS:
            raise Refused(damaged("content.xml")) from None
    if limits.refused:  # calamine parses every sheet of an .ods when it opens the file
        raise Refused(*limits.refused.values())
    return limits


class _OdsTables:
    """The used area of each top-level table of content.xml, measured while it streams past."""

    T = f"{{{_TABLE_NS}}}"
    VALUE_TYPE = f"{{{_OFFICE_NS}}}value-type"

    def __init__(self, limits: SheetLimits) -> None:
        self.limits = limits
        self.table_name: str | None = None
        self.row_index = self.max_row = self.max_col = 0
        self.row_repeat = self.row_col = self.row_max_col = 0
        self.depth = 0  # tables inside cells (sub-tables) are not sheets

    def start(self, el) -> None:
        t = self.T
        if el.tag == t + "table":
            self.depth += 1
            if self.depth == 1:
                self.table_name = el.get(t + "name") or "?"
                self.row_index = self.max_row = self.max_col = 0
        elif el.tag == t + "table-row" and self.depth == 1:
            self.row_repeat = _repeat(el.get(t + "number-rows-repeated"))
            self.row_col = self.row_max_col = 0

    def end(self, el) -> None:
        t, tag = self.T, el.tag
        if self.depth == 1 and tag in (t + "table-cell", t + "covered-table-cell"):
            span = _repeat(el.get(t + "number-columns-repeated"))
            filled = el.get(self.VALUE_TYPE) is not None or len(el) > 0 or bool((el.text or "").strip())
            self.row_col += span
            if filled:
                self.row_max_col = self.row_col
            el.clear()
        elif self.depth == 1 and tag == t + "table-row":
            if self.row_max_col:
                self.max_row = self.row_index + self.row_repeat
                self.max_col = max(self.max_col, self.row_max_col)
            self.row_index += self.row_repeat
            el.clear()
            while el.getprevious() is not None:
                del el.getparent()[0]
        elif tag == t + "table":
            if self.depth == 1 and self.table_name is not None:
                self.limits.admit(
                    self.table_name,
                    self.max_row,
                    self.max_col,
                    f"arbetsboken har för många celler (bladet {self.table_name} läses inte)",
                )
                el.clear()
            self.depth -= 1


def _repeat(value: str | None) -> int:
    if not value:
        return 1
    try:
        n = int(value) if len(value) <= 12 else 10**12
    except ValueError:
        return 1
    return max(n, 1)


# --------------------------------------------------------------------------- xls
_BIFF_CELLS_ROW_COL = {
    0x0203,
    0x00FD,
    0x027E,
    0x0204,
    0x0006,
    0x0406,
    0x0206,
    0x0205,
    0x00D6,  # BIFF5/8
    0x0002,
    0x0003,
    0x0004,
    0x0005,  # BIFF2
}
_BIFF_BOF = {0x0809, 0x0409, 0x0209, 0x0009}
_BIFF_MULRK = 0x00BD
_BIFF_FILEPASS = 0x002F
_BIFF_BOUNDSHEET = 0x0085
_BIFF_EOF = 0x000A


def check_xls(path: Path) -> SheetLimits:
    """Walk the BIFF records of an .xls: FILEPASS means encrypted; measure each sheet's cells."""
    limits = SheetLimits()
    for sheet, rows, cols in _xls_extents(_workbook_stream(path)):
        limits.admit(sheet, rows, cols, f"arbetsboken har för många celler ({sheet})")
    if limits.refused:  # calamine parses every sheet of an .xls when it opens the file
        raise Refused(*limits.refused.values())
    return limits


def _workbook_stream(path: Path) -> bytes:
    """The BIFF workbook stream of the OLE container (Refused when too large or damaged)."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            stream = "Workbook" if ole.exists("Workbook") else "Book"
            if ole.get_size(stream) > MAX_FILE_BYTES:
                raise Refused(finding("file-too-large", detail=f"arbetsboken är {megabytes(ole.get_size(stream))}"))
            return ole.openstream(stream).read()
    except Refused:
        raise
    except Exception:  # olefile's errors on a damaged container
        raise Refused(damaged()) from None


def _xls_extents(data: bytes) -> list[tuple[str, int, int]]:
    """(sheet, rows, columns) of every sheet's used area, from its cell records (Refused when encrypted)."""
    sheet_names: dict[int, str] = {}
    extents: list[tuple[str, int, int]] = []
    current: str | None = None
    max_row = max_col = 0
    pos, n = 0, len(data)
    while pos + 4 <= n:
        rtype, length = struct.unpack_from("<HH", data, pos)
        body = data[pos + 4 : pos + 4 + length]
        if rtype == _BIFF_FILEPASS:
            raise Refused(finding("file-encrypted"))
        if rtype == _BIFF_BOUNDSHEET and length >= 8:
            (offset,) = struct.unpack_from("<I", body, 0)
            sheet_names[offset] = _boundsheet_name(body)
        elif rtype in _BIFF_BOF or rtype == _BIFF_EOF:
            if current is not None:
                extents.append((current, max_row, max_col))
            current = sheet_names.get(pos, f"blad {len(extents) + 1}") if rtype in _BIFF_BOF and pos else None
            max_row = max_col = 0
        elif current is not None:
            last = _cell_extent(rtype, length, body)
            if last is not None:
                max_row, max_col = max(max_row, last[0]), max(max_col, last[1])
        pos += 4 + length
    if current is not None:
        extents.append((current, max_row, max_col))
    return extents


def _cell_extent(rtype: int, length: int, body: bytes) -> tuple[int, int] | None:
    """(row, column) counted from 1 of the last cell a cell record covers, or None for other records."""
    if rtype in _BIFF_CELLS_ROW_COL and length >= 4:
        row, col = struct.unpack_from("<HH", body, 0)
        return row + 1, col + 1
    if rtype == _BIFF_MULRK and length >= 6:
        row, _first = struct.unpack_from("<HH", body, 0)
        (last,) = struct.unpack_from("<H", body, length - 2)
        return row + 1, last + 1
    return None


def _boundsheet_name(body: bytes) -> str:
    cch = body[6]
    if len(body) == 7 + cch:  # BIFF5: 8-bit name in the workbook's code page
        return body[7 : 7 + cch].decode("cp1252", errors="replace")
    if len(body) > 7 and body[7] & 1:
        return body[8 : 8 + 2 * cch].decode("utf-16-le", errors="replace")
    return body[8 : 8 + cch].decode("latin-1")
