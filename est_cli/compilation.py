"""Step one of the two-step compilation: one organisation's compiled report, as a checklist workbook.

Each organisation's key function compiles its own reporters' checklists (`est merge
--organisation polis`) and sends the result on; the whole area's merge reads it like any other
checklist. The workbook lists the sha256 of every source file on its sheet "Källor", so a merge
that gets both the compilation and (some of) its sources counts nothing twice.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from est_cli.readers.base import ReadResult
from est_cli.schema import ORG_KINDS, Schema
from est_cli.text import fold

SOURCES_SHEET = "Källor"
SOURCES_TITLE = "EST-sammanställning – källor"
REPORTER = "Sammanställning"
_SHA = re.compile(r"^[0-9a-f]{64}$")


def organisation_matches(wanted: str, organisation: str) -> bool:
    """'polis' matches 'Polisen'; 'fastighetsbolag' matches 'ÖBO'; 'ÖBO' matches 'ÖBO Husvärdar'."""
    want, org = fold(wanted), fold(organisation)
    if not want or not org:
        return False
    if want in org or org in want:
        return True
    return any(word in org for word in ORG_KINDS.get(want, ()))


def compilation_sources(read: ReadResult) -> list[str] | None:
    """The source hashes of a compilation workbook, or None when the file is no compilation."""
    for source in read.sources:
        for grid in source.grids:
            if grid.name != SOURCES_SHEET or not grid.rows or not grid.rows[0]:
                continue
            if str(grid.rows[0][0]).strip() != SOURCES_TITLE:
                continue
            return [
                str(cell).strip().lower()
                for row in grid.rows[1:]
                for cell in row
                if isinstance(cell, str) and _SHA.match(cell.strip().lower())
            ]
    return None


def write_compilation(
    path: Path,
    schema: Schema,
    organisation: str,
    week: str,
    reports: list[dict],
    observations: list[dict],
    sources: list[dict],
) -> None:
    """One sheet per area in checklist form (Vecka, Område, Organisation, Rapportör), then "Källor".

    `reports`/`observations` are archive rows of the organisation's active reports for the week;
    `sources` are {"name", "sha256", "reporter", "area"} of the files they came from.
    """
    from openpyxl import Workbook

    from est_cli.outputs.atomic import write_atomically

    area_names: dict[str, str] = {}
    for report in reports:
        area_names.setdefault(report["area_key"], report["area"])
    by_area: dict[str, list[dict]] = defaultdict(list)
    for obs in observations:
        by_area[obs["area_key"]].append(obs)

    def build(target: Path) -> None:
        wb = Workbook()
        wb.remove(wb.active)
        for area_key, area in area_names.items():
            ws = wb.create_sheet(_sheet_title(area, wb.sheetnames))
            n_reports = sum(1 for r in reports if r["area_key"] == area_key)
            _area_sheet(ws, schema, organisation, week, area, n_reports, by_area.get(area_key, []))
        _sources_sheet(wb.create_sheet(SOURCES_SHEET), sources)
        wb.save(target)

    write_atomically(path, build)


COLUMNS = (
    "Punkt",
    "Antal",
    "Plats",
    "Datum",
    "Tid",
    "Allvarlighetsgrad",
    "Kommentar",
    "Åtgärd",
    "Ursprunglig rapportör",
)
WIDTHS = (40, 8, 24, 12, 8, 10, 48, 30, 26)
HEADER_ROW = 9


def _area_sheet(
    ws, schema: Schema, organisation: str, week: str, area: str, n_reports: int, observations: list[dict]
) -> None:
    """One area in checklist form: the header block, every event, then the items answered with 0."""
    from openpyxl.styles import Alignment, Font, PatternFill

    from est_cli.outputs.xlsx import print_setup, put_text

    labels = {item.id: item.label for item in schema.items}
    order = {item.id: n for n, item in enumerate(schema.items)}
    bold = Font(name="Arial", bold=True)
    ws["A1"] = f"Sammanställning {organisation} vecka {week}"
    ws["A1"].font = Font(name="Arial", bold=True, size=13)
    for row, (label, value) in enumerate(
        (
            ("Vecka", week),
            ("Område", area),
            ("Organisation", organisation),
            ("Rapportör", REPORTER),
            ("Underlag", f"{n_reports} rapporter"),
        ),
        start=3,
    ):
        ws.cell(row, 1, label).font = bold
        put_text(ws.cell(row, 2), value)
    header_fill = PatternFill("solid", fgColor="1F3864")
    header_font = Font(name="Arial", bold=True, color="FFFFFF")
    for col, (title, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True), start=1):
        cell = ws.cell(HEADER_ROW, col, title)
        cell.font, cell.fill = header_font, header_fill
        ws.column_dimensions[cell.column_letter].width = width
    rows = sorted(observations, key=lambda o: (order.get(o["key"], len(order)), o["key"], o["id"]))
    events = [o for o in rows if o["count"] > 0]
    answered_zero = {o["key"] for o in rows} - {o["key"] for o in events}
    row = HEADER_ROW + 1
    for obs in events:
        values = (
            labels.get(obs["key"], obs["label"]),
            obs["count"],
            obs["place"],
            obs["date"],
            obs["time"],
            obs["severity"],
            obs["comment"],
            obs["action"],
            obs["reporter"],
        )
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row, col)
            if isinstance(value, str):
                put_text(cell, value)
            else:
                cell.value = value
            cell.alignment = Alignment(vertical="top", wrap_text=col in (1, 3, 7, 8))
        ws.cell(row, 4).number_format = "yyyy-mm-dd"
        row += 1
    for key in sorted(answered_zero, key=lambda k: (order.get(k, len(order)), k)):
        put_text(ws.cell(row, 1), labels.get(key, key))
        ws.cell(row, 2, 0)
        row += 1
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}", f"Sammanställning {organisation} vecka {week}")
    ws.auto_filter.ref = f"A{HEADER_ROW}:I{max(row - 1, HEADER_ROW)}"


def _sources_sheet(src, sources: list[dict]) -> None:
    """The "Källor" sheet: the files the compilation was made from, by sha256 (how a later merge knows them)."""
    from openpyxl.styles import Font

    from est_cli.outputs.xlsx import put_text

    bold = Font(name="Arial", bold=True)
    src["A1"] = SOURCES_TITLE
    src["A1"].font = bold
    for col, title in enumerate(("Fil", "sha256", "Ursprunglig rapportör", "Område"), start=1):
        src.cell(2, col, title).font = bold
    for row, item in enumerate(sources, start=3):
        for col, key in enumerate(("name", "sha256", "reporter", "area"), start=1):
            put_text(src.cell(row, col), str(item[key]))
    for letter, width in zip("ABCD", (44, 68, 26, 18), strict=True):
        src.column_dimensions[letter].width = width


def _sheet_title(area: str, taken: list[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique."""
    title = re.sub(r"[\[\]:*?/\\]", " ", area).strip()[:31] or "Område"
    base, n = title, 2
    while title in taken or title == SOURCES_SHEET:
        suffix = f" {n}"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    return title
