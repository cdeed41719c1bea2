"""Safety checks that run before any parser sees a file: what the content really is, zip
bombs, XML entity tricks, encryption and sheets so large that reading them would exhaust
memory (python_calamine aborts the whole process on those instead of raising).

Every check is cheap and streams: no file is read whole into memory before it passed.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from est_cli.findings import Finding, Location, finding
from est_cli.swedish import megabytes

# --- limits (a weekly checklist is a few kB; these are far above any real one)
MAX_FILE_BYTES = 100 * 2**20  # the file on disk (also an e-mail with its attachments)
MAX_ZIP_ENTRIES = 5_000
MAX_ZIP_CENTRAL_DIR_BYTES = 16 * 2**20
MAX_ZIP_TOTAL_BYTES = 200 * 2**20  # declared uncompressed size of all entries
MAX_ZIP_RATIO = 200  # uncompressed / compressed, checked for entries larger than:
RATIO_MIN_BYTES = 1 * 2**20
MAX_PARSED_XML_BYTES = 50 * 2**20  # an XML part we parse into a tree (word/document.xml …)
MAX_SHEET_ROWS = 100_000
MAX_SHEET_COLS = 1_000
MAX_SHEET_CELLS = 2_000_000  # rows × columns of the used area counted from A1
MAX_WORKBOOK_CELLS = 5_000_000
MAX_XML_DEPTH = 256  # element nesting; lxml's own limit without huge_tree (Office files nest < 50)
MAX_CELL_FINDINGS = 20  # per sheet, for findings that name single cells (formulas without a value)
CHUNK_BYTES = 1 << 16

SPREADSHEET_FORMATS = {"xlsx", "xls", "ods"}
READABLE_FORMATS = SPREADSHEET_FORMATS | {"docx", "eml", "msg"}

# Swedish, for "Filen har ändelsen .xlsx men innehållet är …" and for skip reasons.
DESCRIPTIONS = {
    "xlsx": "en Excel-arbetsbok (.xlsx)",
    "xlsb": "en binär Excel-arbetsbok (.xlsb)",
    "xls": "en äldre Excel-arbetsbok (.xls)",
    "ods": "ett OpenDocument-kalkylark (.ods)",
    "docx": "ett Word-dokument (.docx)",
    "doc": "ett äldre Word-dokument (.doc)",
    "odt": "ett OpenDocument-textdokument (.odt)",
    "pptx": "en PowerPoint-presentation",
    "ppt": "en PowerPoint-presentation",
    "zip": "ett zip-arkiv",
    "broken-zip": "en skadad eller ofullständig fil",
    "broken-ole": "en skadad eller ofullständig fil",
    "ole": "ett okänt Office-format",
    "encrypted": "ett lösenordsskyddat Office-dokument",
    "msg": "ett Outlook-brev (.msg)",
    "eml": "ett e-brev (.eml)",
    "pdf": "en PDF",
    "image": "en bild",
    "rtf": "ett RTF-dokument",
    "html": "en webbsida (HTML)",
    "xml": "en XML-fil",
    "spreadsheetml": "ett Excel 2003 XML-kalkylark",
    "flat-odf": "ett OpenDocument-dokument i XML-form (.fods/.fodt)",
    "text": "en textfil",
    "binary": "okänd binärdata",
    "empty": "tom",
}
# what a damaged zip member raises while it is decompressed
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, KeyError)

# Document formats a reporter may well have used for a checklist but that est cannot read:
# an error that asks for a resave is more useful than silently skipping them.
UNSUPPORTED_DOCUMENTS = {"xlsb", "doc", "odt", "rtf", "spreadsheetml", "flat-odf"}

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DTD_PATTERNS = tuple(
    s.encode(enc) for s in ("<!DOCTYPE", "<!ENTITY") for enc in ("ascii", "utf-16-le", "utf-16-be")
)
_DTD_OVERLAP = max(len(p) for p in _DTD_PATTERNS)


class Refused(Exception):
    """A check failed: the file must not be parsed. Carries the findings that say why."""

    def __init__(self, *findings: Finding):
        super().__init__(", ".join(f.code for f in findings))
        self.findings = list(findings)


@dataclass
class Sniffed:
    """What a file's content is, whatever its name says."""

    kind: str  # a key of DESCRIPTIONS ("xlsx", "text", "image", …)
    encrypted: bool = False
    macros: bool = False  # xlsm/docm: a VBA project is inside

    @property
    def description(self) -> str:
        return DESCRIPTIONS.get(self.kind, DESCRIPTIONS["binary"])


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


# --------------------------------------------------------------------------- sniffing
def sniff(path: Path) -> Sniffed:
    """Tell the format from the first bytes (and, for zip/OLE containers, their entries).

    Raises Refused when a zip's central directory alone is absurd (entry-count bombs).
    """
    with open(path, "rb") as f:
        head = f.read(CHUNK_BYTES)
    if not head:
        return Sniffed("empty")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(path)
    if head.startswith(OLE_MAGIC):
        return _sniff_ole(path)
    if b"%PDF-" in head[:1024]:
        return Sniffed("pdf")
    if _is_image(head):
        return Sniffed("image")
    return Sniffed(_sniff_text(head))


def _is_image(head: bytes) -> bool:
    return (
        head.startswith(b"\x89PNG\r\n\x1a\n")
        or head.startswith(b"\xff\xd8\xff")
        or head.startswith((b"GIF87a", b"GIF89a"))
        or head.startswith((b"II*\x00", b"MM\x00*"))
        or (head.startswith(b"RIFF") and head[8:12] == b"WEBP")
        or (head.startswith(b"BM") and len(head) > 26 and head[6:10] == b"\x00\x00\x00\x00")
        or head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif")
        or head.startswith(b"\x00\x00\x01\x00")  # .ico
    )


_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]?")
_MAIL_HEADERS = {
    b"from", b"to", b"subject", b"date", b"received", b"mime-version", b"message-id",
    b"return-path", b"delivered-to", b"x-mailer", b"reply-to", b"cc", b"content-type",
}


def _sniff_text(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 with BOM (Excel's "Unicode text")
    nuls = head.count(b"\x00")
    if nuls:
        # UTF-16 without BOM and binary data are full of NULs; a text export with a few stray
        # NULs is still text (the CSV reader removes them and says so)
        if nuls > max(len(head) // 20, 1):
            return "binary"
        head = head.replace(b"\x00", b"")
    try:
        text = head.decode("utf-8-sig", errors="strict")
    except UnicodeDecodeError as err:
        if err.start >= len(head) - 4:  # a character cut by the sample's end
            text = head[: err.start].decode("utf-8-sig")
        else:
            controls = sum(1 for b in head if b < 0x20 and b not in b"\t\r\n\f")
            if controls > len(head) // 100:
                return "binary"
            text = head.decode("cp1252", errors="replace")
    stripped = text.lstrip().lower()
    if stripped.startswith("{\\rtf"):
        return "rtf"
    if stripped.startswith("<"):  # markup; an e-mail's HTML body comes after its headers
        if "urn:schemas-microsoft-com:office:spreadsheet" in stripped[:4096]:
            return "spreadsheetml"
        if "urn:oasis:names:tc:opendocument" in stripped[:4096]:
            return "flat-odf"
        if stripped.startswith(("<!doctype html", "<html")) or "<html" in stripped[:2048]:
            return "html"
        if stripped.startswith("<?xml"):
            return "xml"
    if _looks_like_mail(head):
        return "eml"
    return "text"


def _looks_like_mail(head: bytes) -> bool:
    names = set()
    for line in head.splitlines()[:60]:
        if not line.strip():
            break  # end of the header block
        if line[:1] in (b" ", b"\t"):
            continue  # folded header line
        m = _HEADER_LINE.match(line)
        if not m:
            return False
        names.add(line.split(b":", 1)[0].strip().lower())
    return len(names & _MAIL_HEADERS) >= 2


def _sniff_zip(path: Path) -> Sniffed:
    try:
        _check_central_directory(path)
        with zipfile.ZipFile(path) as zf:
            names = {i.filename for i in zf.infolist()[: MAX_ZIP_ENTRIES + 1]}
            lower = {n.lower() for n in names}
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                mimetype = zf.read("mimetype")[:200] if info.file_size < 200 else b""
                if b"opendocument.spreadsheet" in mimetype:
                    return Sniffed("ods", encrypted=_odf_encrypted(zf))
                if b"opendocument.text" in mimetype:
                    return Sniffed("odt")
            macros = any(n.endswith("vbaproject.bin") for n in lower)
            if "xl/workbook.xml" in lower or any(n.startswith("xl/worksheets/") for n in lower):
                return Sniffed("xlsx", macros=macros)
            if "xl/workbook.bin" in lower:
                return Sniffed("xlsb")
            if "word/document.xml" in lower:
                return Sniffed("docx", macros=macros)
            if "ppt/presentation.xml" in lower:
                return Sniffed("pptx")
            if "content.xml" in lower and "meta-inf/manifest.xml" in lower:
                return Sniffed("ods", encrypted=_odf_encrypted(zf))
    except ZIP_ERRORS:
        return Sniffed("broken-zip")
    return Sniffed("zip")


def _odf_encrypted(zf: zipfile.ZipFile) -> bool:
    try:
        info = zf.getinfo("META-INF/manifest.xml")
    except KeyError:
        return False
    if info.file_size > 4 * 2**20:
        return False
    return b"encryption-data" in zf.read(info)


def _sniff_ole(path: Path) -> Sniffed:
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            entries = ole.listdir(streams=True, storages=True)
    except Exception:  # olefile raises OSError and its own errors on broken containers
        return Sniffed("broken-ole")
    top = {e[0] for e in entries if e}
    if {"EncryptionInfo", "EncryptedPackage"} <= top:
        return Sniffed("encrypted", encrypted=True)
    if "Workbook" in top or "Book" in top:
        return Sniffed("xls")
    if "WordDocument" in top:
        return Sniffed("doc")
    if "PowerPoint Document" in top:
        return Sniffed("ppt")
    if "__properties_version1.0" in top or any(t.startswith("__substg1.0_") for t in top):
        return Sniffed("msg")
    return Sniffed("ole")


# --------------------------------------------------------------------------- zip checks
def _check_central_directory(path: Path) -> None:
    """Refuse archives whose central directory alone is absurd, before zipfile builds an
    object for every entry (a million tiny entries would cost gigabytes)."""
    size = path.stat().st_size
    with open(path, "rb") as f:
        tail_len = min(size, 22 + 65535)
        f.seek(size - tail_len)
        tail = f.read(tail_len)
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or pos + 22 > len(tail):
        return  # zipfile will report the broken archive
    entries, cd_size = struct.unpack_from("<HI", tail, pos + 10)
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF:
        loc = tail.rfind(b"PK\x06\x07", 0, pos)
        if loc >= 0 and loc + 20 <= len(tail):
            (eocd64_offset,) = struct.unpack_from("<Q", tail, loc + 8)
            if eocd64_offset + 56 <= size:
                with open(path, "rb") as f:
                    f.seek(eocd64_offset)
                    rec = f.read(56)
                if rec.startswith(b"PK\x06\x06"):
                    entries, cd_size = struct.unpack_from("<QQ", rec, 32)
    if entries > MAX_ZIP_ENTRIES:
        raise Refused(finding("zip-bomb", detail=f"{entries:,} filer i arkivet".replace(",", " ")))
    if cd_size > MAX_ZIP_CENTRAL_DIR_BYTES:
        raise Refused(finding("zip-bomb", detail=f"innehållsförteckning på {megabytes(cd_size)}"))


def check_zip(path: Path) -> zipfile.ZipFile:
    """Open a zip container after checking entry count, declared sizes and ratios.

    Raises Refused with a `zip-bomb` / `file-encrypted` / `file-unreadable` finding.
    The caller closes the returned ZipFile.
    """
    _check_central_directory(path)
    try:
        zf = zipfile.ZipFile(path)
    except ZIP_ERRORS:
        raise Refused(damaged()) from None
    try:
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise Refused(finding("zip-bomb", detail=f"{len(infos)} filer i arkivet"))
        total = 0
        for info in infos:
            total += info.file_size
            if not info.filename:  # a damaged directory entry; zipfile itself trips over it
                raise Refused(damaged())
            if info.flag_bits & 0x1:
                raise Refused(finding("file-encrypted"))
            if info.file_size > RATIO_MIN_BYTES:
                ratio = info.file_size / max(info.compress_size, 1)
                if ratio > MAX_ZIP_RATIO:
                    raise Refused(
                        finding(
                            "zip-bomb",
                            detail=f"{info.filename}: {megabytes(info.compress_size)} packas upp till "
                            f"{megabytes(info.file_size)}",
                        )
                    )
        if total > MAX_ZIP_TOTAL_BYTES:
            raise Refused(finding("zip-bomb", detail=f"{megabytes(total)} uppackat"))
    except BaseException:
        zf.close()
        raise
    return zf


def stream_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo):
    """Yield an entry's decompressed bytes in chunks, refusing more than it declared."""
    seen = 0
    try:
        with zf.open(info) as f:
            while True:
                chunk = f.read(CHUNK_BYTES)
                if not chunk:
                    break
                seen += len(chunk)
                if seen > info.file_size:
                    raise Refused(finding("zip-bomb", detail=f"{info.filename} är större än angivet"))
                yield chunk
    except ZIP_ERRORS:
        raise Refused(damaged(info.filename)) from None


def damaged(part: str | None = None) -> Finding:
    where = f" (delen {part} går inte att packa upp)" if part else ""
    return finding("file-unreadable", detail=f"filen är skadad eller ofullständig{where}")


def _is_xml_part(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


def check_xml_parts(
    zf: zipfile.ZipFile, cell_scan_parts: set[str] | None = None, only: set[str] | None = None
) -> dict[str, "_CellExtent"]:
    """Stream every XML part (or the parts in `only`) once: refuse DTDs/entities and absurd
    nesting; measure cells of the given sheet parts."""
    extents: dict[str, _CellExtent] = {}
    cell_scan_parts = cell_scan_parts or set()
    for info in zf.infolist():
        if info.is_dir() or not _is_xml_part(info.filename):
            continue
        if only is not None and info.filename not in only:
            continue
        scanner = _CellExtent() if info.filename in cell_scan_parts else None
        depth = _NestingDepth(info.filename)
        prev = b""
        for chunk in stream_entry(zf, info):
            window = prev + chunk
            if any(p in window for p in _DTD_PATTERNS):
                raise Refused(finding("xml-entities"))
            prev = window[-_DTD_OVERLAP:]
            depth.feed(chunk)
            if scanner is not None:
                scanner.feed(chunk)
        if scanner is not None:
            scanner.close()
            extents[info.filename] = scanner
    return extents


def too_deep(part: str) -> Finding:
    return finding("xml-too-deep", part=part, limit=MAX_XML_DEPTH)


def _is_depth_error(err: Exception) -> bool:
    return "depth" in str(err).lower()  # libxml2: "Excessive depth in document: 256 …"


class _NestingDepth:
    """Element nesting of a streamed XML part, measured at chunk ends from tag counts (cheap:
    four bytes.count per chunk). Nesting that opens and closes within one chunk is left to the
    parsers: lxml stops at MAX_XML_DEPTH itself, and calamine reads sheets without recursing."""

    def __init__(self, part: str) -> None:
        self.part = part
        self.depth = 0
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        buf = self._tail + chunk
        cut = buf.rfind(b">") + 1  # whole tags only; the rest waits for the next chunk
        done, self._tail = buf[:cut], buf[cut:][-4096:]
        opened = done.count(b"<") - done.count(b"<?") - done.count(b"<!")
        closed = done.count(b"</")
        self.depth += opened - 2 * closed - done.count(b"/>")
        if self.depth > MAX_XML_DEPTH:
            raise Refused(too_deep(self.part))


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


def _xml_safe_parser():
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False
    )


def parse_small_xml(zf: zipfile.ZipFile, name: str, limit: int = MAX_PARSED_XML_BYTES):
    """Parse one XML part into an lxml tree (entities never resolved, no network)."""
    from lxml import etree

    try:
        info = zf.getinfo(name)
    except KeyError:  # the part a relationship or the format promises is not in the package
        raise Refused(finding("file-unreadable", detail=f"filen är skadad (delen {name} saknas)")) from None
    if info.file_size > limit:
        raise Refused(finding("file-too-large", detail=f"delen {name} är {megabytes(info.file_size)}"))
    data = b"".join(stream_entry(zf, info))
    try:
        root = etree.fromstring(data, _xml_safe_parser())
    except etree.XMLSyntaxError as err:
        if _is_depth_error(err):
            raise Refused(too_deep(name)) from None
        raise Refused(finding("file-unreadable", detail=f"filen är skadad (delen {name} är inte giltig XML)")) from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise Refused(finding("xml-entities"))
    return root


_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _resolve(base_dir: str, target: str) -> str:
    if target.startswith("/"):
        parts = target.lstrip("/").split("/")
    else:
        parts = [p for p in base_dir.split("/") if p] + target.split("/")
    out: list[str] = []
    for p in parts:
        if p == "..":
            if out:
                out.pop()
        elif p and p != ".":
            out.append(p)
    return "/".join(out)


def office_main_part(zf: zipfile.ZipFile, default: str) -> str:
    """The package's main part (xl/workbook.xml, word/document.xml) as _rels/.rels names it."""
    try:
        rels = parse_small_xml(zf, "_rels/.rels", 2**20)
    except (KeyError, Refused):
        return default
    for rel in rels.iter(f"{{{_REL_NS}}}Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            name = _resolve("", rel.get("Target", ""))
            if name in zf.NameToInfo:
                return name
    return default


def workbook_sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Map each worksheet's XML part to its sheet name (from workbook.xml and its rels)."""
    names = zf.NameToInfo
    workbook = office_main_part(zf, "xl/workbook.xml")
    base = workbook.rsplit("/", 1)[0] if "/" in workbook else ""
    rels_name = f"{base}/_rels/{workbook.rsplit('/', 1)[-1]}.rels" if base else f"_rels/{workbook}.rels"
    parts: dict[str, str] = {}
    try:
        wb = parse_small_xml(zf, workbook, 16 * 2**20)
        rels = parse_small_xml(zf, rels_name, 4 * 2**20)
    except (KeyError, Refused):
        wb = rels = None
    if wb is not None and rels is not None:
        targets = {
            r.get("Id"): _resolve(base, r.get("Target", ""))
            for r in rels.iter(f"{{{_REL_NS}}}Relationship")
        }
        for sheet in wb.iter():
            if isinstance(sheet.tag, str) and sheet.tag.endswith("}sheet"):
                target = targets.get(sheet.get(f"{{{_R_NS}}}id"))
                if target in names:
                    parts[target] = sheet.get("name") or target
    # any other worksheet part is scanned too; the parser may find it some other way
    for name in names:
        if name.lower().startswith("xl/worksheets/") and name.lower().endswith(".xml") and name not in parts:
            parts[name] = name.rsplit("/", 1)[-1]
    return parts


def check_xlsx(path: Path) -> SheetLimits:
    """Zip checks, XML entity check and the cell-extent scan of every sheet of an .xlsx."""
    limits = SheetLimits()
    with check_zip(path) as zf:
        sheet_parts = workbook_sheet_parts(zf)  # parsed without entities, DTD refused
        extents = check_xml_parts(zf, set(sheet_parts))
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


def docx_parts(zf: zipfile.ZipFile) -> list[str]:
    """The parts of a .docx that est parses: the package relationships, the main document and the
    page headers (in their number order) – and nothing else."""
    def number(name: str) -> int:
        m = re.search(r"(\d+)\.xml$", name)
        return int(m.group(1)) if m else 0

    headers = sorted((n for n in zf.NameToInfo if re.fullmatch(r"word/header\d*\.xml", n)), key=number)
    return [office_main_part(zf, "word/document.xml"), *headers]


def check_docx(path: Path) -> None:
    """Zip checks, and the XML entity and nesting checks of every part est will parse.

    Only those: a part no parser of ours opens (styles, theme, fonts, settings …) cannot expand an
    entity or recurse in est, and streaming them was a third of a 70-file merge's reading time
    (docs/performance.md). The parsed parts are also parsed with entities off and a depth limit.
    """
    with check_zip(path) as zf:
        check_xml_parts(zf, only={"_rels/.rels", "[Content_Types].xml", *docx_parts(zf)})


# --------------------------------------------------------------------------- ods
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
        check_xml_parts(zf)
        try:
            info = zf.getinfo("content.xml")
        except KeyError:
            raise Refused(finding("file-unreadable", detail="content.xml saknas i kalkylarket")) from None
        t = f"{{{_TABLE_NS}}}"
        value_type = f"{{{_OFFICE_NS}}}value-type"
        table_name = None
        row_index = max_row = max_col = 0
        row_repeat = row_col = row_max_col = 0
        depth = 0  # tables inside cells (sub-tables) are not sheets
        try:
            with zf.open(info) as f:
                for event, el in etree.iterparse(
                    f,
                    events=("start", "end"),
                    resolve_entities=False,
                    no_network=True,
                    huge_tree=False,
                    load_dtd=False,
                ):
                    tag = el.tag
                    if event == "start":
                        if tag == t + "table":
                            depth += 1
                            if depth == 1:
                                table_name = el.get(t + "name") or "?"
                                row_index = max_row = max_col = 0
                        elif tag == t + "table-row" and depth == 1:
                            row_repeat = _repeat(el.get(t + "number-rows-repeated"))
                            row_col = row_max_col = 0
                        continue
                    if depth == 1 and tag in (t + "table-cell", t + "covered-table-cell"):
                        span = _repeat(el.get(t + "number-columns-repeated"))
                        filled = el.get(value_type) is not None or len(el) > 0 or bool((el.text or "").strip())
                        row_col += span
                        if filled:
                            row_max_col = row_col
                        el.clear()
                    elif depth == 1 and tag == t + "table-row":
                        if row_max_col:
                            max_row = row_index + row_repeat
                            max_col = max(max_col, row_max_col)
                        row_index += row_repeat
                        el.clear()
                        while el.getprevious() is not None:
                            del el.getparent()[0]
                    elif tag == t + "table":
                        if depth == 1 and table_name is not None:
                            limits.admit(table_name, max_row, max_col,
                                         f"arbetsboken har för många celler (bladet {table_name} läses inte)")
                            el.clear()
                        depth -= 1
        except etree.XMLSyntaxError as err:
            if _is_depth_error(err):
                raise Refused(too_deep("content.xml")) from None
            raise Refused(finding("file-unreadable", detail="filen är skadad (content.xml är inte giltig XML)")) from None
        except ZIP_ERRORS:
            raise Refused(damaged("content.xml")) from None
    if limits.refused:  # calamine parses every sheet of an .ods when it opens the file
        raise Refused(*limits.refused.values())
    return limits


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
    0x0203, 0x00FD, 0x027E, 0x0204, 0x0006, 0x0406, 0x0206, 0x0205, 0x00D6,  # BIFF5/8
    0x0002, 0x0003, 0x0004, 0x0005,  # BIFF2
}
_BIFF_BOF = {0x0809, 0x0409, 0x0209, 0x0009}
_BIFF_MULRK = 0x00BD
_BIFF_FILEPASS = 0x002F
_BIFF_BOUNDSHEET = 0x0085
_BIFF_EOF = 0x000A


def check_xls(path: Path) -> SheetLimits:
    """Walk the BIFF records of an .xls: FILEPASS means encrypted; measure each sheet's cells."""
    import olefile

    limits = SheetLimits()
    try:
        with olefile.OleFileIO(str(path)) as ole:
            stream = "Workbook" if ole.exists("Workbook") else "Book"
            if ole.get_size(stream) > MAX_FILE_BYTES:
                raise Refused(finding("file-too-large", detail=f"arbetsboken är {megabytes(ole.get_size(stream))}"))
            data = ole.openstream(stream).read()
    except Refused:
        raise
    except Exception:  # olefile's errors on a damaged container
        raise Refused(damaged()) from None

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
        elif rtype in _BIFF_BOF:
            if current is not None:
                extents.append((current, max_row, max_col))
            current = sheet_names.get(pos, f"blad {len(extents) + 1}") if pos else None
            max_row = max_col = 0
        elif rtype == _BIFF_EOF:
            if current is not None:
                extents.append((current, max_row, max_col))
            current = None
        elif current is not None and rtype in _BIFF_CELLS_ROW_COL and length >= 4:
            row, col = struct.unpack_from("<HH", body, 0)
            max_row, max_col = max(max_row, row + 1), max(max_col, col + 1)
        elif current is not None and rtype == _BIFF_MULRK and length >= 6:
            row, _first = struct.unpack_from("<HH", body, 0)
            (last,) = struct.unpack_from("<H", body, length - 2)
            max_row, max_col = max(max_row, row + 1), max(max_col, last + 1)
        pos += 4 + length
    if current is not None:
        extents.append((current, max_row, max_col))
    for sheet, rows, cols in extents:
        limits.admit(sheet, rows, cols, f"arbetsboken har för många celler ({sheet})")
    if limits.refused:  # calamine parses every sheet of an .xls when it opens the file
        raise Refused(*limits.refused.values())
    return limits


def _boundsheet_name(body: bytes) -> str:
    cch = body[6]
    if len(body) == 7 + cch:  # BIFF5: 8-bit name in the workbook's code page
        return body[7 : 7 + cch].decode("cp1252", errors="replace")
    if len(body) > 7 and body[7] & 1:
        return body[8 : 8 + 2 * cch].decode("utf-16-le", errors="replace")
    return body[8 : 8 + cch].decode("latin-1")
