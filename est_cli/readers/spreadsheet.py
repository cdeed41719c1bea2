"""Workbooks (.xlsx/.xlsm, .xls, .ods) to grids with python-calamine.

Only call this after `sheet_limits.check_xlsx/check_xls/check_ods` passed: calamine aborts the
process (uncatchable) on sheets whose used area is absurd. Sheets the guard refused are
passed in and never opened.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from est_cli.findings import Finding, Location, finding
from est_cli.readers.base import Grid, Source, Value

_EXTENSION_OF = {"xlsx": {".xlsx", ".xlsm", ".xltx", ".xltm"}, "xls": {".xls", ".xlt"}, "ods": {".ods", ".ots"}}


@contextmanager
def rust_messages_silenced() -> Iterator[None]:
    """calamine's Rust code writes a panic's message and backtrace to the process's stderr (file
    descriptor 2) before Python sees the exception. est turns the panic into a finding that names the
    file, so the Rust text must never reach the coordinator's terminal: fd 2 points at the null
    device while calamine runs. (Python's own sys.stderr is flushed first and is the same fd after.)"""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no fd 2 (a service without stderr): nothing to silence
        yield
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


def _calamine_errors() -> tuple[type[Exception], ...]:
    import python_calamine as pc

    return (pc.CalamineError, OSError, ValueError)  # a damaged file: "failed to fill whole buffer" …


def _open_workbook(path: Path, fmt: str, source: Source):
    """calamine's workbook, or None with the reason added to `source` (encrypted, damaged)."""
    import python_calamine as pc

    try:
        with rust_messages_silenced():
            if path.suffix.lower() in _EXTENSION_OF.get(fmt, set()):
                return pc.CalamineWorkbook.from_path(str(path))
            with open(path, "rb") as f:  # named .xls but an .xlsx inside (or no extension): calamine sniffs the bytes
                return pc.CalamineWorkbook.from_filelike(f)
    except pc.PasswordError:
        source.findings.append(finding("file-encrypted"))
    except _calamine_errors() as err:
        without = _without_macro_sheets(path) if fmt == "xlsx" and "sheets/" in str(err).lower() else None
        if without is not None:  # the worksheets of a workbook with Excel 4 macro or dialog sheets
            source.findings.append(finding("macros-ignored"))
            return without
        source.findings.append(_unreadable(err))
    except BaseException as err:
        if not is_rust_panic(err):
            raise
        source.findings.append(_unreadable(err))
    return None


_SHEET_TYPES_NOT_READ = ("/xlMacrosheet", "/macrosheet", "/dialogsheet", "/xlIntlMacrosheet")


def _without_macro_sheets(path: Path):
    """calamine's workbook of a copy (in memory) without the Excel 4 macro and dialog sheets it
    cannot open – they hold no checklist and their macros never run; None when that does not help."""
    import io
    import zipfile

    import python_calamine as pc

    from est_cli.readers.containers import ZIP_ERRORS, Refused, office_main_part, parse_small_xml, part_rels_name

    failures: tuple[type[BaseException], ...] = (Refused, *ZIP_ERRORS, *_calamine_errors())
    try:
        with zipfile.ZipFile(path) as zf:
            workbook = office_main_part(zf, "xl/workbook.xml")
            rels_name = part_rels_name(zf, workbook)
            if rels_name is None:
                return None
            rels = parse_small_xml(zf, rels_name, 4 * 2**20)
            skipped = {r.get("Id") for r in rels if r.get("Type", "").endswith(_SHEET_TYPES_NOT_READ)}
            root = parse_small_xml(zf, workbook, 16 * 2**20)
            gone = [
                el
                for el in root.iter()
                if isinstance(el.tag, str)
                and el.tag.endswith("}sheet")
                and any(v in skipped for k, v in el.attrib.items() if k.endswith("}id"))
            ]
            if not gone:
                return None
            for el in gone:
                el.getparent().remove(el)
            from lxml import etree

            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
                for info in zf.infolist():
                    data = (
                        etree.tostring(root, xml_declaration=True, encoding="UTF-8")
                        if info.filename == workbook
                        else zf.read(info)
                    )
                    out.writestr(info, data)
        buffer.seek(0)
        with rust_messages_silenced():
            return pc.CalamineWorkbook.from_filelike(buffer)
    except failures:
        return None


def _sheet_rows(workbook, sheet: str, source: Source) -> tuple[list | None, bool]:
    """(rows, stop): the sheet's cells, or None with the reason added to `source`; stop when the
    workbook turns out to be encrypted (no sheet of it can be read)."""
    import python_calamine as pc

    try:
        with rust_messages_silenced():
            return workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False), False
    except pc.PasswordError:
        source.findings.append(finding("file-encrypted"))
        return None, True
    except _calamine_errors() as err:
        source.findings.append(_unreadable(err, sheet))
    except BaseException as err:
        if not is_rust_panic(err):
            raise
        source.findings.append(_unreadable(err, sheet))
    return None, False


def read_workbook(path: Path, fmt: str, name: str, refused: dict[str, Finding] | None = None) -> Source:
    """Every worksheet as a Grid with exact positions: rows[r][c] is Excel's row r+1, column c+1.

    >>> src = read_workbook(Path("lista.xlsx"), "xlsx", "lista.xlsx")  # doctest: +SKIP
    >>> src.grids[0].rows[4][2]  # cell C5  # doctest: +SKIP
    'Vecka'
    """
    import python_calamine as pc

    refused = refused or {}
    source = Source(name=name, fmt=fmt)
    workbook = _open_workbook(path, fmt, source)
    if workbook is None:
        return source

    with workbook:
        for meta in workbook.sheets_metadata:
            if meta.typ != pc.SheetTypeEnum.WorkSheet:
                continue  # chart sheets, dialog and macro sheets hold no cells to read
            if meta.name in refused:
                source.findings.append(refused[meta.name])
                continue
            rows, stop = _sheet_rows(workbook, meta.name, source)
            if stop:
                return source
            if rows is None:
                continue
            cleaned = [[_clean(v) for v in row] for row in rows]
            _remove_nul(cleaned, meta.name, source.findings)
            source.grids.append(
                Grid(
                    name=meta.name,
                    rows=cleaned,
                    kind="sheet",
                    hidden=meta.visible != pc.SheetVisibleEnum.Visible,
                )
            )
    if not source.grids and not source.findings:
        source.findings.append(finding("file-unreadable", detail="arbetsboken har inga blad som kan läsas"))
    for sheet in refused:  # refused sheets calamine did not list (the guard saw more)
        if refused[sheet] not in source.findings:
            source.findings.append(refused[sheet])
    return source


def is_rust_panic(err: BaseException) -> bool:
    """calamine's Rust code panicked (e.g. on a cut-off .xls). pyo3 raises that as a
    PanicException, a BaseException that `except Exception` lets through."""
    return type(err).__name__ == "PanicException" and type(err).__module__ == "pyo3_runtime"


def _clean(value: Value) -> Value:
    # xlsx/ods store every number as a float; 47.0 is the 47 the reporter typed (xls gives int)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _remove_nul(rows: list[list[Value]], sheet: str, findings: list[Finding]) -> None:
    """NUL characters (a stray byte, or Excel's _x0000_ escape) are taken out of the text;
    one finding per sheet, at the first cell that had them."""
    count, first = 0, None
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and "\x00" in value:
                count += value.count("\x00")
                row[c] = value.replace("\x00", "")
                first = first or Location(sheet=sheet, row=r + 1, col=c + 1)
    if count:
        findings.append(finding("nul-bytes", first, n=count))


def _unreadable(err: BaseException, sheet: str | None = None) -> Finding:
    # calamine's own words are English and technical: keep them short, in brackets
    detail = str(err).splitlines()[0][:120] if str(err) else type(err).__name__
    where = f"bladet {sheet} är skadat" if sheet else "filen är skadad"
    return finding("file-unreadable", Location(sheet=sheet), detail=f"{where} ({detail})")
