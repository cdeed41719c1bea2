"""Zip and XML limits of Office packages (.xlsx, .docx, .ods): entry counts, sizes and ratios,
DTDs and entities, nesting depth – checked while streaming, before any parser opens a part.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

from est_cli.findings import Finding, finding
from est_cli.swedish import megabytes

# --- limits (a weekly checklist is a few kB; these are far above any real one)
MAX_ZIP_ENTRIES = 5_000
MAX_ZIP_CENTRAL_DIR_BYTES = 16 * 2**20
MAX_ZIP_TOTAL_BYTES = 200 * 2**20  # declared uncompressed size of all entries
MAX_ZIP_RATIO = 200  # uncompressed / compressed, checked for entries larger than:
RATIO_MIN_BYTES = 1 * 2**20
MAX_PARSED_XML_BYTES = 50 * 2**20  # an XML part we parse into a tree (word/document.xml …)
MAX_XML_DEPTH = 256  # element nesting; lxml's own limit without huge_tree (Office files nest < 50)
CHUNK_BYTES = 1 << 16

# what a damaged zip member raises while it is decompressed
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, KeyError)

_DTD_PATTERNS = tuple(s.encode(enc) for s in ("<!DOCTYPE", "<!ENTITY") for enc in ("ascii", "utf-16-le", "utf-16-be"))
_DTD_OVERLAP = max(len(p) for p in _DTD_PATTERNS)


class Refused(Exception):
    """A check failed: the file must not be parsed. Carries the findings that say why."""

    def __init__(self, *findings: Finding):
        super().__init__(", ".join(f.code for f in findings))
        self.findings = list(findings)


# --------------------------------------------------------------------------- zip checks
def check_central_directory(path: Path) -> None:
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
    check_central_directory(path)
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


# --------------------------------------------------------------------------- XML, while streaming
def _is_xml_part(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


class PartScanner(Protocol):
    """Measures something in one streamed XML part (in sheet_limits: a sheet's used cells)."""

    def feed(self, chunk: bytes) -> None: ...

    def close(self) -> None: ...


Scanner = TypeVar("Scanner", bound=PartScanner)


def check_xml_parts(
    zf: zipfile.ZipFile,
    only: set[str] | None = None,
    scanner_for: Callable[[str], Scanner | None] | None = None,
) -> dict[str, Scanner]:
    """Stream every XML part (or the parts in `only`) once: refuse DTDs/entities and absurd
    nesting; feed the parts `scanner_for` gives a scanner to it, and return those scanners."""
    scanned: dict[str, Scanner] = {}
    for info in zf.infolist():
        if info.is_dir() or not _is_xml_part(info.filename):
            continue
        if only is not None and info.filename not in only:
            continue
        scanner = scanner_for(info.filename) if scanner_for is not None else None
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
            scanned[info.filename] = scanner
    return scanned


def too_deep(part: str) -> Finding:
    return finding("xml-too-deep", part=part, limit=MAX_XML_DEPTH)


def is_depth_error(err: Exception) -> bool:
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


# --------------------------------------------------------------------------- one XML part, parsed
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
        if is_depth_error(err):
            raise Refused(too_deep(name)) from None
        raise Refused(finding("file-unreadable", detail=f"filen är skadad (delen {name} är inte giltig XML)")) from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise Refused(finding("xml-entities"))
    return root


# --------------------------------------------------------------------------- Office packages
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


def zip_name(zf: zipfile.ZipFile, path: str) -> str | None:
    """The entry's name in the zip for a package path ('xl/workbook.xml'), also when the zip was
    written with "\\" as separator (as some Windows tools do); None when there is no such part."""
    if path in zf.NameToInfo:
        return path
    for name in zf.NameToInfo:
        if name.replace("\\", "/") == path:
            return name
    return None


def office_main_part(zf: zipfile.ZipFile, default: str) -> str:
    """The package's main part (xl/workbook.xml, word/document.xml) as _rels/.rels names it: its
    name in the zip (which may use "\\"), or `default`."""
    rels_name = zip_name(zf, "_rels/.rels")
    if rels_name is None:
        return default
    try:
        rels = parse_small_xml(zf, rels_name, 2**20)
    except Refused:
        return default
    for rel in rels.iter(f"{{{_REL_NS}}}Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            name = zip_name(zf, _resolve("", rel.get("Target", "").replace("\\", "/")))
            if name is not None:
                return name
    return default


def part_rels_name(zf: zipfile.ZipFile, part: str) -> str | None:
    """The zip name of a part's relationships ('xl/workbook.xml' → 'xl/_rels/workbook.xml.rels', a
    part at the package root → '_rels/<part>.rels'), or None when the package has none."""
    path = part.replace("\\", "/")
    folder, _, name = path.rpartition("/")
    return zip_name(zf, f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels")


def workbook_sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Map each worksheet's XML part (its name in the zip) to its sheet name (from workbook.xml and
    its rels). Worksheet-like parts workbook.xml does not name are mapped to their file name."""
    workbook = office_main_part(zf, "xl/workbook.xml")
    path = workbook.replace("\\", "/")
    base = path.rsplit("/", 1)[0] if "/" in path else ""
    rels_name = part_rels_name(zf, workbook)
    parts: dict[str, str] = {}
    try:
        wb = parse_small_xml(zf, workbook, 16 * 2**20)
        rels = parse_small_xml(zf, rels_name, 4 * 2**20) if rels_name else None
    except (KeyError, Refused):
        wb = rels = None
    if wb is not None and rels is not None:
        targets = {
            r.get("Id"): _resolve(base, r.get("Target", "").replace("\\", "/"))
            for r in rels.iter(f"{{{_REL_NS}}}Relationship")
        }
        for sheet in wb.iter():
            if isinstance(sheet.tag, str) and sheet.tag.endswith("}sheet"):
                target = targets.get(sheet.get(f"{{{_R_NS}}}id"))
                name = zip_name(zf, target) if target else None
                if name is not None:
                    parts[name] = sheet.get("name") or name
    # Any other worksheet-like part is scanned too: the parser may find it some other way, and a
    # sheet it parses must have been measured first.
    for name in zf.NameToInfo:
        path = name.replace("\\", "/").lower()
        if name not in parts and _WORKSHEET_PATH.search(path):
            parts[name] = path.rsplit("/", 1)[-1]
    return parts


_WORKSHEET_PATH = re.compile(r"(?:^|/)(?:worksheets/[^/]+|sheet\d*)\.xml$")


def docx_parts(zf: zipfile.ZipFile) -> list[str]:
    """The parts of a .docx that est parses: the main document, the page headers and the page
    footers (each in their number order) – and nothing else."""

    def number(name: str) -> int:
        m = re.search(r"(\d+)\.xml$", name)
        return int(m.group(1)) if m else 0

    def parts(kind: str) -> list[str]:
        return sorted((n for n in zf.NameToInfo if re.fullmatch(rf"word/{kind}\d*\.xml", n)), key=number)

    return [office_main_part(zf, "word/document.xml"), *parts("header"), *parts("footer")]


def check_docx(path: Path) -> None:
    """Zip checks, and the XML entity and nesting checks of every part est will parse.

    Only those: a part no parser of ours opens (styles, theme, fonts, settings …) cannot expand an
    entity or recurse in est, and streaming them was a third of a 70-file merge's reading time
    (docs/performance.md). The parsed parts are also parsed with entities off and a depth limit.
    """
    with check_zip(path) as zf:
        check_xml_parts(zf, only={"_rels/.rels", "[Content_Types].xml", *docx_parts(zf)})
