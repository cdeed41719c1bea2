"""Input layouts: which of a source's grids make which report – a Word document is one report, a
workbook one report per sheet or per table stacked on a sheet – as `Draft`s with their rows read.

A layout gets a `SourceGrids` (the visible grids with their observation tables, and the header
values and week hints found outside the tables) and returns the drafts; `choose_layout` says
which layout reads a source. A new way of mapping grids to reports is a new layout here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from est_cli.findings import Finding, Location, finding
from est_cli.ingest.draft import Draft, sheet_name
from est_cli.ingest.header import take_header
from est_cli.ingest.rows import read_table
from est_cli.ingest.tables import HeaderValue, TableSpec, find_header, find_tables, first_line, row_values
from est_cli.ingest.values import is_blank
from est_cli.model import FileResult
from est_cli.readers.base import Grid, Source
from est_cli.schema import LabelIndex, Schema
from est_cli.templating import ABOUT_EST, SHEET_INSTRUCTIONS
from est_cli.text import fold, label_key

# Sheet names that say nothing about the area ("Blad1", "Checklista"): not taken as one.
_GENERIC_SHEET = re.compile(r"^\s*(blad|sheet|tabell|table|checklista|rapport|data|logg|händelser|ark)\s*\d*\s*$", re.I)
# Help texts ("t.ex. 47 eller 2026-W47") mention weeks that are examples, not the report's week.
_EXAMPLE_TEXT = re.compile(r"t\.\s?ex|till exempel|exempel|^\s*\(", re.I)


@dataclass
class SourceGrids:
    """What a layout reads: a source's visible grids with their observation tables, and what lies
    outside the tables (header values, texts that may name the week, the file name)."""

    source: Source
    schema: Schema
    index: LabelIndex
    tables: list[tuple[Grid, list[TableSpec]]]  # the grids with at least one observation table
    # (sheet, value) of the header fields outside observation tables: other sheets, Word header
    # tables, body text
    shared: list[tuple[str, HeaderValue]]
    shared_hints: list[tuple[str, Location]]  # the texts of the grids without a table
    source_hints: list[tuple[str, str, Location]]  # file name, e-mail subject and name, folder (Draft)

    def sheet(self, grid: Grid) -> str:
        return sheet_name(self.source, grid)


Layout = Callable[[SourceGrids], list[Draft]]


def _source_hints(source: Source, path: Path) -> list[tuple[str, str, Location]]:
    """Where the file came from, as texts that may name its week: the file (or attachment) name, the
    e-mail's subject and file name, and the folder the file was saved in ("inkorg/v48/…")."""
    where = Location(source.attachment)
    hints = [(source.attachment or Path(source.name).name, "filnamnet", where)]
    if source.attachment:
        if source.email_subject:
            hints.append((source.email_subject, "e-brevets ämne", where))
        hints.append((Path(source.name).name, "e-brevets filnamn", where))
    if path.parent.name:
        hints.append((path.parent.name, "mappen", where))
    return hints


def source_drafts(
    source: Source, schema: Schema, index: LabelIndex, result: FileResult, areas: frozenset[str] = frozenset()
) -> list[Draft]:
    """The drafts of one source, their rows read; hidden sheets, sheets without a table and a
    source without any table are noted in `result`. `areas`: the workspace's area names, folded
    (column titles that are areas, crosstab.py)."""
    visible = _visible_grids(source, result.findings)
    with_tables = [(grid, find_tables(grid, areas)) for grid in visible]
    if source.fmt == "docx":  # "Fråga | Ja | Nej" over sub-questions: a question-style table (questions.py)
        with_tables = [(g, [] if _asks_questions(g, tables, index) else tables) for g, tables in with_tables]
    table_grids = [(g, t) for g, t in with_tables if t]
    other_grids = [g for g, t in with_tables if not t]
    if not table_grids:
        responses = _response_drafts(visible, source, schema, index)
        if responses:
            return responses
        if source.fmt == "docx":
            word = _word_drafts(visible, source, schema, index, result.path)
            if word:
                return word
        if not any(f.severity == "error" for f in result.findings):
            prefix = f"{source.attachment} › " if source.attachment else ""
            result.findings.append(finding("no-observation-table", Location(prefix.removesuffix(" › ") or None)))
        return []
    shared: list[tuple[str, HeaderValue]] = []
    for grid in other_grids:
        shared.extend((sheet_name(source, grid), hv) for hv in find_header(grid))
        if grid.kind == "sheet" and source.fmt in ("xlsx", "xls", "ods") and not _template_instructions(grid):
            result.notes.append(f"Bladet {grid.name!r} har ingen händelsetabell och lästes bara för rubrikuppgifter.")
    shared_hints = [h for grid in other_grids for h in text_cells(grid, source, 30)]
    grids = SourceGrids(source, schema, index, table_grids, shared, shared_hints, _source_hints(source, result.path))
    return choose_layout(source)(grids)


def _response_drafts(grids: list[Grid], source: Source, schema: Schema, index: LabelIndex) -> list[Draft]:
    """No observation table: a sheet with one row per response (items as columns), if there is one."""
    from est_cli.ingest.responses import find_response_table, response_drafts

    drafts: list[Draft] = []
    for grid in grids:
        table = find_response_table(grid, schema, index)
        if table is not None:
            drafts.extend(response_drafts(grid, table, source))
    return drafts


def _asks_questions(grid: Grid, tables: list[TableSpec], index: LabelIndex) -> bool:
    """A Word table whose "items" are mostly sub-questions ('Har det hänt?', 'Antal?'), one at least asking
    whether or how many times, is no observation table, even under a header row that looks like one. A
    checklist item's own label ("Övrigt") is never taken for a sub-question here."""
    from est_cli.ingest.questions import question_role

    labels = [
        text
        for table in tables
        for row in grid.rows[table.header_row : table.end_row]
        if (text := first_line(row_values(row, table.columns).get("item")))
    ]
    roles = [question_role(text) for text in labels if label_key(text) not in index.exact]
    asked = [role for role in roles if role]
    return len(asked) >= 2 and len(asked) * 2 >= len(labels) and bool({"mark", "count"} & set(asked))


def _word_drafts(grids: list[Grid], source: Source, schema: Schema, index: LabelIndex, path: Path) -> list[Draft]:
    """No observation table in a Word document: the checklist as a list of paragraphs or as question-style
    tables (records.py), if it is written so."""
    from est_cli.ingest.records import document_draft

    draft = document_draft(grids, source, schema, index)
    if draft is None:
        return []
    draft.hints.extend(h for grid in grids for h in text_cells(grid, source, 30))
    draft.source_hints.extend(_source_hints(source, path))
    return [draft]


def _template_instructions(grid: Grid) -> bool:
    """The instruction sheet of est's own Excel template (its name, and the text about EST near the
    top): it has no table by design, so it gets no note. A reporter's own instruction sheet does."""
    if fold(grid.name) != fold(SHEET_INSTRUCTIONS):
        return False
    return any(row and row[0] == ABOUT_EST for row in grid.rows[:5])


def choose_layout(source: Source) -> Layout:
    """The layout that reads this source."""
    if source.fmt == "docx":
        return one_report_per_document
    return one_report_per_table


def one_report_per_document(grids: SourceGrids) -> list[Draft]:
    """Word: the whole document is one report; header values from above every table, then from
    the rest of the document. Rows naming their own week/area/… make extra reports."""
    first_grid = grids.tables[0][0]
    draft = Draft(sheet=grids.sheet(first_grid), whole=True)
    for grid, tables in grids.tables:
        local = find_header(grid, tables[0].top_row - 1)
        take_header(draft, [(grids.sheet(grid), hv) for hv in local])
        draft.hints.extend(text_cells(grid, grids.source, tables[0].top_row - 1))
    take_header(draft, grids.shared)
    draft.hints.extend(grids.shared_hints)
    draft.source_hints.extend(grids.source_hints)
    drafts: list[Draft] = []
    for grid, tables in grids.tables:
        for table in tables:
            drafts.extend(read_table(draft, grid, table, grids.source, grids.schema, grids.index))
    draft.whole = not drafts
    drafts.insert(0, draft)
    return drafts


def one_report_per_table(grids: SourceGrids) -> list[Draft]:
    """Workbooks and CSV: every observation table is a report (one per sheet, or several stacked
    on one sheet), plus the extra reports of rows naming their own week/area/…"""
    drafts: list[Draft] = []
    for grid, tables in grids.tables:
        for n, table in enumerate(tables):
            draft = _table_draft(grids, grid, tables, n)
            extra = read_table(draft, grid, table, grids.source, grids.schema, grids.index)
            draft.whole = not extra
            drafts.append(draft)
            drafts.extend(extra)
    return drafts


def _table_draft(grids: SourceGrids, grid: Grid, tables: list[TableSpec], n: int) -> Draft:
    """The draft of the n-th table on a sheet, with its header values and week hints.

    Tables stacked on one sheet: each has its own header block between it and the table above;
    what it lacks comes from the top of the sheet and other sheets.
    """
    source, table = grids.source, tables[n]
    sheet = grids.sheet(grid)
    draft = Draft(sheet=sheet)
    start = tables[n - 1].header_row + 1 if n else 1
    local = find_header(grid, table.top_row - 1, min_row=start)
    take_header(draft, [(sheet, hv) for hv in local])
    if n:
        take_header(draft, [(sheet, hv) for hv in find_header(grid, tables[0].top_row - 1)], fill_only=True)
    take_header(draft, grids.shared, fill_only=n > 0)
    draft.hints.extend(text_cells(grid, source, table.top_row - 1, start))
    draft.hints.append((grid.name, Location(sheet)))
    draft.hints.extend(grids.shared_hints)
    draft.source_hints.extend(grids.source_hints)
    if grid.kind == "sheet" and source.fmt != "csv" and len(grids.tables) > 1 and not _GENERIC_SHEET.match(grid.name):
        draft.area_from_sheet = grid.name.strip()
    return draft


def _visible_grids(source: Source, findings: list[Finding]) -> list[Grid]:
    """The grids that are read: a hidden sheet with content is a `sheet-hidden` warning instead."""
    visible: list[Grid] = []
    for grid in source.grids:
        if grid.hidden:
            if any(not is_blank(v) for row in grid.rows for v in row):
                findings.append(finding("sheet-hidden", Location(sheet_name(source, grid)), name=repr(grid.name)))
            continue
        visible.append(grid)
    return visible


def text_cells(grid: Grid, source: Source, max_row: int, min_row: int = 1) -> list[tuple[str, Location]]:
    """Text cells in rows min_row..max_row, as places a week may be mentioned ('Checklista v.47')."""
    sheet = sheet_name(source, grid)
    return [
        (value, Location(sheet, r, c))
        for r, row in enumerate(grid.rows[min_row - 1 : max_row], start=min_row)
        for c, value in enumerate(row, start=1)
        if isinstance(value, str) and value.strip() and not _EXAMPLE_TEXT.search(value)
    ]
