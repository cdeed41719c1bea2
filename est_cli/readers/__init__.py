"""Readers: any file a reporter may send (Excel, Word, CSV, e-mail) to grids of cell values.

`read_file` never raises for a user's file: every problem becomes a Finding. The format is
told by the content (magic bytes, `sniff`), not trusted from the extension; safety checks
(`containers` for zip/XML, `sheet_limits` for sheet sizes) run before any parser sees the bytes.

>>> result = read_file(Path("inkorg/vivalla.xlsx"))  # doctest: +SKIP
>>> [g.name for s in result.sources for g in s.grids]  # doctest: +SKIP
['Instruktioner', 'Vivalla']
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from est_cli.findings import Finding, finding
from est_cli.readers.base import Grid, ReadResult, Source
from est_cli.swedish import megabytes

__all__ = ["Grid", "ReadResult", "Source", "read_file", "iter_input_files", "CHECKLIST_EXTENSIONS"]

SPREADSHEET_EXTENSIONS = {".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlt", ".ods", ".ots"}
WORD_EXTENSIONS = {".docx", ".docm", ".dotx", ".dotm"}
CHECKLIST_EXTENSIONS = SPREADSHEET_EXTENSIONS | WORD_EXTENSIONS | {".csv"}
EMAIL_EXTENSIONS = {".eml", ".msg"}
SYSTEM_FILES = {"thumbs.db", "desktop.ini", ".ds_store"}


def iter_input_files(paths: list[Path]) -> list[Path]:
    """The files to read: files as given, folders recursively and sorted, without hidden
    files/folders, Office lock files (~$lista.xlsx) and system files (Thumbs.db).

    A path that does not exist is kept, so that reading it reports `file-not-found`.
    """
    found: list[Path] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        if p not in seen:
            seen.add(p)
            found.append(p)

    for path in paths:
        path = Path(path)
        if not path.is_dir():
            add(path)
            continue
        inside: list[Path] = []
        for folder, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                if _ignored_name(name):
                    continue
                inside.append(Path(folder) / name)
        for p in sorted(inside, key=lambda p: (str(p).casefold(), str(p))):
            add(p)
    return found


def _ignored_name(name: str) -> bool:
    return name.startswith((".", "~$")) or name.lower() in SYSTEM_FILES


def read_file(path: Path) -> ReadResult:
    """Read one file from disk into sources (grids) and file-level findings; never raises."""
    path = Path(path)
    result = ReadResult(path=path, sha256="")
    try:
        if not path.exists():
            result.findings.append(finding("file-not-found", path=str(path)))
            return result
        if path.is_dir():
            result.findings.append(finding("file-unreadable", detail="sökvägen är en mapp, inte en fil"))
            return result
        result.sha256 = _sha256(path)
        sources, findings, skipped = read_any(path, path.name, 0)
        result.sources.extend(sources)
        result.findings.extend(findings)
        result.skipped = skipped
    except MemoryError:
        result.sources.clear()
        result.findings.append(finding("file-too-large", detail="minnet räckte inte"))
    except Exception as err:  # a reader bug must not stop the other files
        result.findings.append(finding("file-unreadable", detail=_short(err)))
    except BaseException as err:  # a Rust panic in a parser is no reason to stop either
        from est_cli.readers.spreadsheet import is_rust_panic

        if not is_rust_panic(err):
            raise
        result.sources.clear()
        result.findings.append(finding("file-unreadable", detail=_short(err)))
    return result


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _short(err: BaseException) -> str:
    text = str(err).splitlines()[0][:120] if str(err) else ""
    return f"oväntat fel ({type(err).__name__}{': ' + text if text else ''})"


def read_any(path: Path, name: str, depth: int) -> tuple[list[Source], list[Finding], str | None]:
    """Dispatch one file (or a saved e-mail attachment) by its content.

    Returns (sources, findings, skipped-reason). `name` is the display name, `depth` the
    number of e-mails it is nested in.
    """
    from est_cli.readers.containers import Refused
    from est_cli.readers.sniff import READABLE_FORMATS, UNSUPPORTED_DOCUMENTS, sniff

    ext = path.suffix.lower()
    shown_ext = ext or "(ingen ändelse)"
    expected = ext in CHECKLIST_EXTENSIONS or ext in EMAIL_EXTENSIONS

    early = _size_check(path, expected, shown_ext)
    if early is not None:
        return early
    try:
        sniffed = sniff(path)
    except Refused as refused:
        if expected:
            return [], refused.findings, None
        return [], [], f"ett zip-arkiv ({shown_ext}), ingen checklista"
    kind = _kind(sniffed.kind, ext)

    if sniffed.encrypted:
        return [], [finding("file-encrypted")], None
    if kind in READABLE_FORMATS or kind == "csv":
        if kind in ("eml", "msg") and depth > 3:
            return [], [], "ett e-brev för djupt inbäddat i andra e-brev"
        return _read_format(path, name, kind, sniffed, depth)
    if kind in UNSUPPORTED_DOCUMENTS:
        return [], [finding("format-unsupported", actual=sniffed.description)], None
    if kind in ("broken-zip", "broken-ole") and expected:
        return [], [finding("file-unreadable", detail="filen är skadad eller ofullständig")], None
    if expected:
        return [], [finding("file-wrong-format", ext=shown_ext, actual=sniffed.description)], None
    return [], [], f"{sniffed.description} ({shown_ext}), ingen checklista"


def _size_check(path: Path, expected: bool, shown_ext: str) -> tuple[list[Source], list[Finding], str | None] | None:
    """An Office lock file, an empty file or one too large to read: the answer without reading it."""
    from est_cli.readers.sniff import MAX_FILE_BYTES

    if path.name.startswith("~$"):
        return [], [], "en tillfällig låsfil från Office, ingen checklista"
    size = path.stat().st_size
    if size == 0:
        if expected:
            return [], [finding("file-empty")], None
        return [], [], f"en tom fil ({shown_ext}), ingen checklista"
    if size > MAX_FILE_BYTES:
        if expected:
            return (
                [],
                [finding("file-too-large", detail=f"{megabytes(size)}, gränsen är {megabytes(MAX_FILE_BYTES)}")],
                None,
            )
        return [], [], f"en stor fil ({shown_ext}) som inte är en checklista"
    return None


def _kind(sniffed_kind: str, ext: str) -> str:
    """What the content is, with the extension deciding between look-alikes (text/CSV, text/e-mail)."""
    if sniffed_kind == "text" and ext == ".csv":
        return "csv"
    if sniffed_kind in ("text", "eml") and ext == ".eml":
        return "eml"
    if sniffed_kind == "eml" and ext and ext not in EMAIL_EXTENSIONS and ext not in {".mht", ".mhtml"}:
        return "text"  # headers-like text in a .txt/.csv: not read as e-mail
    return sniffed_kind


def _read_format(path: Path, name: str, kind: str, sniffed, depth: int):
    from est_cli.readers.containers import Refused
    from est_cli.readers.sniff import SPREADSHEET_FORMATS

    try:
        if kind in SPREADSHEET_FORMATS:
            from est_cli.readers.sheet_limits import check_ods, check_xls, check_xlsx
            from est_cli.readers.spreadsheet import read_workbook

            check = {"xlsx": check_xlsx, "xls": check_xls, "ods": check_ods}[kind]
            limits = check(path)
            source = read_workbook(path, kind, name, limits.refused)
            source.findings[:0] = ([finding("macros-ignored")] if sniffed.macros else []) + limits.findings
            return _split(source)
        if kind == "docx":
            from est_cli.readers.containers import check_docx
            from est_cli.readers.wordx import read_docx

            check_docx(path)
            source = read_docx(path, name)
            if sniffed.macros:
                source.findings.insert(0, finding("macros-ignored"))
            return [source], [], None
        if kind == "csv":
            from est_cli.readers.text import read_csv

            return _split(read_csv(path, name))
        if kind in ("eml", "msg"):
            from est_cli.readers.mail import read_mail

            sources, findings = read_mail(path, name, kind, depth, read_any)
            return sources, findings, None
    except Refused as refused:
        return [], refused.findings, None
    raise AssertionError(f"no reader for {kind}")


_FATAL = {"file-encrypted", "file-unreadable", "zip-bomb", "xml-entities", "xml-too-deep"}


def _split(source: Source):
    """A source that could not be read at all reports its problem at file level."""
    if (
        not source.grids
        and source.findings
        and all(f.code in _FATAL and f.location.sheet is None for f in source.findings)
    ):
        return [], source.findings, None
    return [source], [], None
