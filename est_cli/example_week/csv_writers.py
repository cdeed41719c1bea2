"""The example week's CSV files, as Excel on a Swedish PC and a guard company's export write them."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

from est_cli.example_week.items import TEMPLATE_COLUMNS
from est_cli.example_week.spec import InboxFile


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    return str(value)


def write_polis_baronbackarna_csv(spec: InboxFile, path: Path) -> None:
    """As Excel saves 'CSV (semikolonavgränsad)' on a Swedish PC: cp1252, ';', CRLF, padded rows."""
    report = spec.reports[0]
    columns = [(t, a) for t, a in TEMPLATE_COLUMNS if a != "forklaring"]
    width = len(columns)
    lines: list[list[str]] = [
        ["Vecka", "47"],
        ["Område", "Baronbackarna"],
        ["Organisation", "Polis"],
        ["Rapportör", "Områdespolis"],
        ["Datum", "2026-11-18"],
        [],
        [title for title, _ in columns],
    ]
    lines += [[_cell_text(row.value(attr)) for _, attr in columns] for row in report.rows]
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for line in lines:
        writer.writerow(line + [""] * (width - len(line)))
    path.write_bytes(out.getvalue().encode("cp1252"))


def write_vaktare_csv(spec: InboxFile, path: Path) -> None:
    """A guard company's event-log export: UTF-8 with BOM, comma-separated, ragged header lines."""
    report = spec.reports[0]
    columns = [
        ("Datum", "datum"),
        ("Tid", "tid"),
        ("Händelse", "label"),
        ("Plats", "plats"),
        ("Antal", "antal"),
        ("Allvarlighetsgrad", "allvar"),
        ("Kommentar", "kommentar"),
    ]
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=",", lineterminator="\n")
    for line in [
        ["Vecka", "2026-W47"],
        ["Område", "Baronbackarna"],
        ["Organisation", "ÖBO"],
        ["Rapportör", "Väktare"],
        ["Datum", "2026-11-18"],
        [],
    ]:
        writer.writerow(line)
    writer.writerow([title for title, _ in columns])
    for row in report.rows:
        writer.writerow([_cell_text(row.value(attr)) for _, attr in columns])
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
