"""CSV as Swedish Excel reads it: semicolons, CRLF, UTF-8 with a byte-order mark, decimal commas,
and text that Excel would take for a formula prefixed with '."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from est_cli.outputs.atomic import write_text
from est_cli.text import FORMULA_START


def excel_cell(value: Any) -> str:
    """One value as Excel-Swedish CSV text: '' for None, Ja/Nej, '2,5', "'=…" for formula-like text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def csv_text(header: list[str], rows: list[list[Any]]) -> str:
    """The table as Excel-Swedish CSV text (header row first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([excel_cell(h) for h in header])
    for row in rows:
        writer.writerow([excel_cell(v) for v in row])
    return buffer.getvalue()


def write_csv_file(path: Path, text: str) -> None:
    """UTF-8 with BOM (so Excel reads å, ä, ö), written atomically."""
    write_text(path, text, bom=True)


__all__ = ["csv_text", "excel_cell", "write_csv_file"]
