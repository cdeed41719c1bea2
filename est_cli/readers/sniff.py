"""What a file really is, whatever its name says: magic bytes, text and e-mail headers, and the
entries of zip and OLE containers; the Swedish descriptions of every format.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from est_cli.readers.containers import (
    CHUNK_BYTES,
    MAX_ZIP_ENTRIES,
    ZIP_ERRORS,
    check_central_directory,
)

# a weekly checklist is a few kB; this is far above any real one
MAX_FILE_BYTES = 100 * 2**20  # the file on disk (also an e-mail with its attachments)

SPREADSHEET_FORMATS = {"xlsx", "xls", "ods"}
READABLE_FORMATS = SPREADSHEET_FORMATS | {"docx", "eml", "msg"}

# Swedish, for "Filen har ändelsen .xlsx men innehållet är …" and for skip reasons.
DESCRIPTIONS = {
    "xlsx": "en Excel-arbetsbok (.xlsx)",
    "xlsb": "en binär Excel-arbetsbok (.xlsb)",
    "xls": "en äldre Excel-arbetsbok (.xls)",
    "xls-old": "ett gammalt Excel-format (Excel 2–4)",
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

# Document formats a reporter may well have used for a checklist but that est cannot read:
# an error that asks for a resave is more useful than silently skipping them.
UNSUPPORTED_DOCUMENTS = {"xlsb", "xls-old", "doc", "odt", "rtf", "spreadsheetml", "flat-odf"}

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Sniffed:
    """What a file's content is, whatever its name says."""

    kind: str  # a key of DESCRIPTIONS ("xlsx", "text", "image", …)
    encrypted: bool = False
    macros: bool = False  # xlsm/docm: a VBA project is inside

    @property
    def description(self) -> str:
        return DESCRIPTIONS.get(self.kind, DESCRIPTIONS["binary"])


def sniff(path: Path) -> Sniffed:
    """Tell the format from the first bytes (and, for zip/OLE containers, their entries).

    Raises containers.Refused when a zip's central directory alone is absurd (entry-count bombs).
    """
    with open(path, "rb") as f:
        head = f.read(CHUNK_BYTES)
    if not head:
        return Sniffed("empty")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(path)
    if head.startswith(OLE_MAGIC):
        return _sniff_ole(path)
    if head[:2] in _OLD_EXCEL_BOF and head[2:4] in (b"\x04\x00", b"\x06\x00", b"\x08\x00"):
        return Sniffed("xls-old")
    if b"%PDF-" in head[:1024]:
        return Sniffed("pdf")
    if _is_image(head):
        return Sniffed("image")
    return Sniffed(_sniff_text(head))


# The BOF record a raw Excel 2, 3 or 4 worksheet starts with (before Excel 5 put workbooks in an
# OLE container): record type 0x0009, 0x0209 or 0x0409, then its length (4, 6 or 8 bytes).
_OLD_EXCEL_BOF = (b"\x09\x00", b"\x09\x02", b"\x09\x04")


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
    b"from",
    b"to",
    b"subject",
    b"date",
    b"received",
    b"mime-version",
    b"message-id",
    b"return-path",
    b"delivered-to",
    b"x-mailer",
    b"reply-to",
    b"cc",
    b"content-type",
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
        check_central_directory(path)
        with zipfile.ZipFile(path) as zf:
            names = {i.filename for i in zf.infolist()[: MAX_ZIP_ENTRIES + 1]}
            lower = {n.lower() for n in names}
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                mimetype = zf.read("mimetype")[:200] if info.file_size < 200 else b""
                if b"opendocument.spreadsheet" in mimetype:
                    return Sniffed("ods", encrypted=_odf_encrypted(zf), macros=_odf_macros(names))
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
                return Sniffed("ods", encrypted=_odf_encrypted(zf), macros=_odf_macros(names))
            # Parts elsewhere than Office puts them (at the package root, "\\" in zip names): the
            # package's own relationships and content types say what its main part is.
            kind = _package_kind(zf, names)
            if kind is not None:
                return Sniffed(kind, macros=macros or "macroenabled" in kind)
    except ZIP_ERRORS:
        return Sniffed("broken-zip")
    return Sniffed("zip")


# Main-part content types (the part _rels/.rels calls officeDocument) → format.
_MAIN_CONTENT_TYPES = (
    ("spreadsheetml.sheet.main+xml", "xlsx"),
    ("spreadsheetml.template.main+xml", "xlsx"),
    ("ms-excel.sheet.macroenabled.main+xml", "xlsx"),
    ("ms-excel.template.macroenabled.main+xml", "xlsx"),
    ("ms-excel.sheet.binary.macroenabled.main", "xlsb"),
    ("wordprocessingml.document.main+xml", "docx"),
    ("wordprocessingml.template.main+xml", "docx"),
    ("ms-word.document.macroenabled.main+xml", "docx"),
    ("ms-word.template.macroenabledtemplate.main+xml", "docx"),
    ("presentationml.presentation.main+xml", "pptx"),
)


def _package_kind(zf: zipfile.ZipFile, names: set[str]) -> str | None:
    """The format of an Office package whose main part is not where Office puts it: the target of
    _rels/.rels' officeDocument relationship, typed by [Content_Types].xml. None when it says nothing."""
    from est_cli.readers.containers import Refused, parse_small_xml

    by_path = {n.replace("\\", "/").lstrip("/").lower(): n for n in names}
    rels_name, types_name = by_path.get("_rels/.rels"), by_path.get("[content_types].xml")
    if rels_name is None or types_name is None:
        return None
    try:
        rels = parse_small_xml(zf, rels_name, 2**20)
        types = parse_small_xml(zf, types_name, 2**20)
    except Refused:
        return None
    target = next((r.get("Target", "") for r in rels if r.get("Type", "").endswith("/officeDocument")), "")
    part = target.replace("\\", "/").lstrip("/").lower()
    if part not in by_path:
        return None
    content_type = ""
    for entry in types:
        if entry.get("PartName", "").lstrip("/").lower() == part:
            content_type = entry.get("ContentType", "")
        elif not content_type and entry.get("Extension", "").lower() == part.rsplit(".", 1)[-1]:
            content_type = entry.get("ContentType", "")
    content_type = content_type.lower()
    return next((kind for suffix, kind in _MAIN_CONTENT_TYPES if content_type.endswith(suffix)), None)


def _odf_macros(names: set[str]) -> bool:
    """LibreOffice Basic modules inside (Basic/<library>/<module>.xml besides the library lists)."""
    return any(n.startswith("Basic/") and not n.endswith(("script-lc.xml", "script-lb.xml", "/")) for n in names)


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
    # Stream names compare without regard to case, as Office does ("WORKBOOK" is Excel's too).
    top = {e[0].lower() for e in entries if e}
    if {"encryptioninfo", "encryptedpackage"} <= top:
        return Sniffed("encrypted", encrypted=True)
    if "workbook" in top or "book" in top:
        return Sniffed("xls")
    if "worddocument" in top:
        return Sniffed("doc")
    if "powerpoint document" in top:
        return Sniffed("ppt")
    if "__properties_version1.0" in top or any(t.startswith("__substg1.0_") for t in top):
        return Sniffed("msg")
    return Sniffed("ole")
