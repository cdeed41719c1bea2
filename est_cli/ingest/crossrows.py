"""The rows of a cross-tab table (crosstab.py) → observations.

A column per weekday: one report; an item's count is the sum of its weekday cells, each weekday's
events one observation dated that day of the report's week (header.py dates them once the week is
known). A column per area: one report per area column, each answered cell one row of it.

Blank cells are never counted (nobody wrote anything); every other cell is counted or named in a
finding. A reporter's own total column is never added again: it is only compared with the sum.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from est_cli.findings import Finding, Location, finding
from est_cli.ingest.crosstab import CrossColumns
from est_cli.ingest.draft import Draft, sheet_name
from est_cli.ingest.items import ItemMatch
from est_cli.ingest.labels import header_field
from est_cli.ingest.privacy_checks import mask_cell
from est_cli.ingest.rows import TOTAL_ROWS, RowCells, draft_of_row, match_row_item, read_details
from est_cli.ingest.tables import ROW_ROLES, HeaderValue, TableSpec, first_line, inline_fields, row_values
from est_cli.ingest.values import BadValue, VagueCount, cell_text, is_blank, read_count, read_mark
from est_cli.model import Observation
from est_cli.readers.base import Grid, Source, Value
from est_cli.schema import LabelIndex, Schema
from est_cli.text import fold, label_key


@dataclass
class _Row:
    """One table row: its label, the answered weekday/area cells, the total cell and the other columns."""

    r: int
    label: str
    values: dict[str, Value]
    answers: dict[int, Value]
    total: Value
    details: dict[str, Value] = field(default_factory=dict)


@dataclass
class _Reading:
    """What a cross-tab table's rows are read with."""

    sheet: str
    table: TableSpec
    cross: CrossColumns
    schema: Schema
    index: LabelIndex
    organisation: str
    section: str | None = None

    def cells(self, row: int, findings: list[Finding]) -> RowCells:
        return RowCells(self.sheet, row, self.table.columns, findings)


def read_cross_table(
    draft: Draft, grid: Grid, table: TableSpec, source: Source, schema: Schema, index: LabelIndex
) -> list[Draft]:
    """Read a cross-tab table into `draft` (weekday columns) or into one draft per area column;
    rows naming their own week/area/… go to extra drafts, as in ordinary tables."""
    cross = table.cross
    assert cross is not None
    cols = table.columns
    organisation = cell_text(draft.header["organisation"].value) if "organisation" in draft.header else ""
    reading = _Reading(sheet_name(source, grid), table, cross, schema, index, organisation)
    per_row = [role for role in ROW_ROLES if role in cols]
    extra: dict[tuple[str, ...], Draft] = {}
    areas: dict[tuple[int, str], Draft] = {}  # (id of the row's draft, area folded) → the area's draft
    if cross.guessed and "area" in draft.header:
        _not_areas(draft, grid, table, reading)
        return []
    if cross.areas:
        for col in cross.areas:
            _area_draft(draft, col, reading, areas)

    for r in range(table.header_row + 1, table.end_row + 1):
        row = _row(grid.rows[r - 1], r, cols, cross)
        if not row.label and not row.answers and is_blank(row.total) and not row.details:
            continue
        if row.label and (header_field(row.label) or not row.answers and not row.details and inline_fields(row.label)):
            continue  # the header block of a table further down the sheet
        if row.label and not row.answers and is_blank(row.total) and not row.details:
            if label_key(row.label) in index.section_titles:
                reading.section = index.section_titles[label_key(row.label)]
                continue
        target = draft_of_row(draft, extra, per_row, row.values, cols, reading.sheet, r)
        if cross.days:
            _day_row(target, row, reading)
        else:
            _area_row(target, row, reading, areas)

    if not cross.areas:
        titles = [(day, Location(reading.sheet, cross.title_row, c)) for c, day in cross.days.items()]
        for target in (draft, *extra.values()):
            target.day_titles.extend(titles)
        return list(extra.values())
    drafts = list(areas.values())
    # The table's own draft keeps no rows: what was noted about its header goes with the first area.
    drafts[0].findings[:0] = draft.findings
    draft.findings.clear()
    return drafts


def _row(row: list[Value], r: int, cols: dict[str, int], cross: CrossColumns) -> _Row:
    values = row_values(row, cols)
    answers = {c: row[c - 1] for c in (*cross.days, *cross.areas) if c <= len(row) and not is_blank(row[c - 1])}
    total = row[cross.total - 1] if cross.total and cross.total <= len(row) else None
    details = {k: v for k, v in values.items() if k != "item" and not is_blank(v)}
    return _Row(r, first_line(values.get("item")), values, answers, total, details)


def _read_cell(value: Value, loc: Location, findings: list[Finding]) -> int | None:
    """A weekday's or area's cell: a mark or a count; None (named) when it cannot be read."""
    if isinstance(value, str):
        value, masked = mask_cell(value, loc, findings)
        if masked:
            findings.append(finding("invalid-count", loc, value=value))
            return None
    try:
        return read_mark(value) or 0
    except VagueCount:
        findings.append(finding("vague-count", loc, value=cell_text(value)))
        return 1
    except BadValue:
        findings.append(finding("invalid-count", loc, value=cell_text(value)))
        return None


def _rejected_label(row: _Row, reading: _Reading, findings: list[Finding]) -> bool:
    """A row without a label, or a reporter's sum row: named, and not counted."""
    loc = Location(reading.sheet, row.r, reading.table.columns["item"])
    if not row.label:
        findings.append(finding("missing-item-label", loc))
        return True
    if label_key(row.label) in TOTAL_ROWS:
        findings.append(finding("total-row", loc, label=row.label))
        return True
    return False


def _masked_label(label: str, loc: Location, findings: list[Finding]) -> str:
    """The label with individdata masked (as in ordinary tables)."""
    label, _ = mask_cell(label, loc, findings)
    return label


def _match(label: str, loc: Location, findings: list[Finding], reading: _Reading) -> ItemMatch:
    return match_row_item(label, loc, findings, reading.schema, reading.index, reading.section, reading.organisation)


# --- a column per weekday


def _day_row(draft: Draft, row: _Row, reading: _Reading) -> None:
    """One item's row of a weekday table: an observation per weekday with events."""
    cross, findings = reading.cross, draft.findings
    if not row.label and not row.answers and is_blank(row.total) and set(row.details) <= {"ignore", *ROW_ROLES}:
        return  # only the row's own week/area/…: no event row
    draft.rows_read += 1
    if _rejected_label(row, reading, findings):
        draft.rows_rejected += 1
        return
    cells = reading.cells(row.r, findings)
    label = _masked_label(row.label, cells.at("item"), findings)
    found = _match(label, cells.at("item"), findings, reading)
    counts = {c: _read_cell(v, Location(reading.sheet, row.r, c), findings) for c, v in row.answers.items()}
    total = _read_total(row, reading, findings) if not is_blank(row.total) else None
    if None in counts.values() or total is False:
        draft.rows_rejected += 1
        return
    days_sum = sum(n or 0 for n in counts.values())
    total_loc = Location(reading.sheet, row.r, cross.total)
    observations: list[Observation] = []

    def event(count: int, loc: Location) -> Observation:
        obs = Observation(found.item_id, label, count, loc, section_id=found.section_id)
        if found.item_id:
            obs.theme = reading.schema.known_item(found.item_id).theme
        observations.append(obs)
        return obs

    for c, n in counts.items():
        if n:
            obs = event(n, Location(reading.sheet, row.r, c))
            obs.date = cross.days[c].full_date
            draft.days.append((obs, cross.days[c]))
    if isinstance(total, int) and not counts and total:
        written = cell_text(row.total)
        findings.append(finding("day-total-only", total_loc, title=cross.total_title, total=written, used=total))
        event(total, total_loc)
    elif isinstance(total, int) and counts and _disagrees(total, days_sum, cross):
        findings.append(
            finding("day-total-mismatch", total_loc, title=cross.total_title, total=cell_text(row.total), days=days_sum)
        )
    if not observations:
        event(0, cells.at("item"))
        if not counts and total is None and set(row.details) - {"ignore", *ROW_ROLES}:
            findings.append(finding("row-not-counted", cells.at("item")))
    for obs in observations:
        read_details(obs, row.values, cells)
    draft.observations.extend(observations)


def _read_total(row: _Row, reading: _Reading, findings: list[Finding]) -> int | bool:
    """The reporter's total (a count, or for a Förekomst column a mark), or False (named) when it
    cannot be read."""
    loc = Location(reading.sheet, row.r, reading.cross.total)
    text, masked = mask_cell(cell_text(row.total), loc, findings)
    try:
        if masked:
            raise BadValue(text)
        return _total_value(row.total, reading.cross)
    except BadValue:
        findings.append(finding("invalid-count", loc, value=text))
        return False


def _total_value(value: Value, cross: CrossColumns) -> int:
    """A total cell as a number: a count, or a mark (Ja = 1, Nej = 0) for a Förekomst column; BadValue
    when it is neither."""
    if not cross.total_is_mark:
        return read_count(value) or 0
    try:
        return read_mark(value) or 0
    except VagueCount:
        return 1


def _disagrees(total: int, counted: int, cross: CrossColumns) -> bool:
    """Does the reporter's total disagree with the sum? A Förekomst 'Ja' (1) agrees with any sum above 0."""
    if cross.total_is_mark and total <= 1:
        return (total == 0) != (counted == 0)
    return total != counted


# --- a column per area


def _area_draft(base: Draft, col: int, reading: _Reading, areas: dict[tuple[int, str], Draft]) -> Draft:
    """The draft of an area column (for rows of `base`): base's header with the column's area."""
    key = (id(base), fold(reading.cross.areas[col]))  # an area's two columns make one report
    if key not in areas:
        cross = reading.cross
        area = base.split_off(reading.sheet)
        area.whole = True
        area.header["area"] = HeaderValue("area", cross.areas[col], cross.title_row, col)
        area.header_sheets["area"] = reading.sheet
        area.hints, area.source_hints = base.hints, base.source_hints
        where = Location(reading.sheet, cross.title_row, col)
        area.title_cell = where
        if cross.guessed:
            area.findings.append(finding("area-from-column", where, area=cross.areas[col], cell=where.cell))
        areas[key] = area
    return areas[key]


def _area_row(base: Draft, row: _Row, reading: _Reading, areas: dict[tuple[int, str], Draft]) -> None:
    """One item's row of an area table: each answered area cell is a row of that area's report."""
    cross = reading.cross
    first = _area_draft(base, next(iter(row.answers), next(iter(cross.areas))), reading, areas)
    item_loc = Location(reading.sheet, row.r, reading.table.columns["item"])
    if not row.answers:
        if not is_blank(row.total):
            total_loc = Location(reading.sheet, row.r, cross.total)
            first.findings.append(
                finding("area-total-only", total_loc, title=cross.total_title, total=cell_text(row.total))
            )
        elif row.label and set(row.details) - {"ignore", *ROW_ROLES}:
            first.findings.append(finding("row-not-counted", item_loc))
        return
    targets = {c: _area_draft(base, c, reading, areas) for c in row.answers}
    for target in targets.values():
        target.rows_read += 1
    if _rejected_label(row, reading, first.findings):
        for target in targets.values():
            target.rows_rejected += 1
        return
    label = _masked_label(row.label, item_loc, first.findings)
    found = _match(label, item_loc, first.findings, reading)
    counted = 0
    for c, value in row.answers.items():
        target = targets[c]
        n = _read_cell(value, Location(reading.sheet, row.r, c), target.findings)
        if n is None:
            target.rows_rejected += 1
            continue
        counted += n
        obs = Observation(found.item_id, label, n, Location(reading.sheet, row.r, c), section_id=found.section_id)
        if found.item_id:
            obs.theme = reading.schema.known_item(found.item_id).theme
        read_details(obs, row.values, reading.cells(row.r, target.findings))
        target.observations.append(obs)
    if not is_blank(row.total):
        _check_area_total(row, reading, first, counted)


def _not_areas(draft: Draft, grid: Grid, table: TableSpec, reading: _Reading) -> None:
    """Columns guessed to be areas in a report whose Område field names its area: they are something
    else (outdoors/indoors, adults/youths …) that est cannot count safely. Each answered row is named
    as rejected, with one finding naming the columns."""
    cross = reading.cross
    first = min(cross.areas)
    for r in range(table.header_row + 1, table.end_row + 1):
        row = grid.rows[r - 1]
        if any(c <= len(row) and not is_blank(row[c - 1]) for c in cross.areas):
            draft.rows_read += 1
            draft.rows_rejected += 1
    draft.findings.append(
        finding(
            "columns-not-areas",
            Location(reading.sheet, cross.title_row, first),
            titles=", ".join(repr(t) for t in cross.areas.values()),
            area=cell_text(draft.header["area"].value),
        )
    )


def _check_area_total(row: _Row, reading: _Reading, first: Draft, counted: int) -> None:
    """The reporter's total over the areas: never counted, compared with the areas' sum."""
    cross = reading.cross
    loc = Location(reading.sheet, row.r, cross.total)
    try:
        total: int | None = _total_value(row.total, cross)
    except BadValue:
        total = None
    if total is None or _disagrees(total, counted, cross):
        first.findings.append(
            finding("area-total-mismatch", loc, title=cross.total_title, total=cell_text(row.total), areas=counted)
        )
