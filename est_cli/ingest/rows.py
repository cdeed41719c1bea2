"""Table rows → observations: sections, total rows, rows naming their own week/area, marks and
counts, event details, and the checklist items a table left unanswered.
"""

from __future__ import annotations

from dataclasses import dataclass

from est_cli.findings import Finding, Location, finding
from est_cli.ingest.dates import DayMonth, read_event_date
from est_cli.ingest.draft import Draft, sheet_name
from est_cli.ingest.items import ItemMatch, find_item
from est_cli.ingest.labels import header_field
from est_cli.ingest.privacy_checks import mask_cell
from est_cli.ingest.tables import (
    ROW_ROLES,
    HeaderValue,
    TableSpec,
    first_line,
    inline_fields,
    row_values,
)
from est_cli.ingest.values import (
    BadValue,
    VagueCount,
    cell_text,
    is_blank,
    read_count,
    read_mark,
    read_severity,
    read_time,
)
from est_cli.model import Observation
from est_cli.readers.base import Grid, Source, Value
from est_cli.schema import LabelIndex, Schema
from est_cli.text import label_key

TOTAL_ROWS = {"summa", "totalt", "total", "summa antal", "antal totalt", "totalsumma", "summering", "sammanlagt"}
# Columns that must never read a personnummer as a number ("Antal: 6408233234")
_NUMBER_ROLES = ("mark", "mark_yes", "mark_no", "count", "severity", "date", "time")


def read_table(
    draft: Draft, grid: Grid, table: TableSpec, source: Source, schema: Schema, index: LabelIndex
) -> list[Draft]:
    """Read the rows of one table into `draft`; rows naming their own week/area/… go to extra drafts."""
    if table.cross is not None:  # a column per weekday or per area
        from est_cli.ingest.crossrows import read_cross_table

        return read_cross_table(draft, grid, table, source, schema, index)
    sheet = sheet_name(source, grid)
    cols = table.columns
    section: str | None = None
    organisation = cell_text(draft.header["organisation"].value) if "organisation" in draft.header else ""
    per_row = [role for role in ROW_ROLES if role in cols]
    extra: dict[tuple[str, ...], Draft] = {}
    seen_items: set[str] = set()

    for r in range(table.header_row + 1, table.end_row + 1):
        row = grid.rows[r - 1]
        values = row_values(row, cols)
        label = first_line(values.get("item"))
        details = {k: v for k, v in values.items() if k != "item" and not is_blank(v)}
        if not label and not details:
            continue
        if label and (header_field(label) or not details and inline_fields(label)):
            # the header block of a table further down the sheet ("Område | Varberga", "Område: Varberga")
            continue
        if label and not details and label_key(label) in index.section_titles:
            section = index.section_titles[label_key(label)]
            continue
        target = draft_of_row(draft, extra, per_row, values, cols, sheet, r)
        target.rows_read += 1
        if not label:
            if set(details) <= {"ignore", *ROW_ROLES}:
                target.rows_read -= 1
                continue
            target.findings.append(finding("missing-item-label", Location(sheet, r, cols["item"])))
            target.rows_rejected += 1
            continue
        if label_key(label) in TOTAL_ROWS:
            # A reporter's own sum row would count every event twice.
            target.findings.append(finding("total-row", Location(sheet, r, cols["item"]), label=label))
            target.rows_rejected += 1
            continue
        cells = RowCells(sheet, r, cols, target.findings)
        obs = observation(values, label, cells, table.has_mark, schema, index, section, organisation)
        if obs is None:
            target.rows_rejected += 1
            continue
        if obs.item_id:
            seen_items.add(obs.item_id)
        target.observations.append(obs)

    if table.has_mark:
        _check_unanswered(draft, schema, seen_items, sheet, table)
    return list(extra.values())


def draft_of_row(
    draft: Draft,
    extra: dict[tuple[str, ...], Draft],
    per_row: list[str],
    values: dict[str, Value],
    cols: dict[str, int],
    sheet: str,
    r: int,
) -> Draft:
    """The table's draft, or – for a row that names its own week/area/… – the extra draft of
    those values (made on first use, with the table's header overridden by the row's values)."""
    if not per_row:
        return draft
    key = tuple(cell_text(values.get(role)) for role in per_row)
    if not any(key):
        return draft
    if key not in extra:
        extra[key] = draft.split_off(sheet)
        # NOTE: header_sheets keeps the table draft's entry for these fields, so a finding about
        # the row's own value (invalid-week …) names the sheet of the header's value (as before).
        for role in per_row:
            if not is_blank(values.get(role)):
                extra[key].header[role] = HeaderValue(role, values[role], r, cols[role])
    return extra[key]


@dataclass(frozen=True)
class RowCells:
    """Where one table row's cells are (sheet, row, column per role) and where its findings go."""

    sheet: str
    row: int
    cols: dict[str, int]
    findings: list[Finding]

    def at(self, role: str) -> Location:
        return Location(self.sheet, self.row, self.cols[role])

    def mark_at(self) -> Location:
        """The occurrence cell: Förekomst, or the Ja column of a Ja/Nej pair."""
        return Location(self.sheet, self.row, self.cols.get("mark") or self.cols.get("mark_yes"))


def observation(
    values: dict[str, Value],
    label: str,
    cells: RowCells,
    has_mark: bool,
    schema: Schema,
    index: LabelIndex,
    section: str | None,
    organisation: str,
) -> Observation | None:
    """One row (or one record of another layout: a list paragraph, a question-style table's item) as an
    Observation; None (findings say why) when the row is rejected. `values` are the row's cells by role,
    `cells` where they are; `has_mark` says the layout has a Förekomst answer (blank is then 0)."""
    loc = cells.at("item")
    findings = cells.findings

    label, values = _mask_row(label, values, cells)
    found = match_row_item(label, loc, findings, schema, index, section, organisation)
    item_id, section_id = found.item_id, found.section_id

    count = _occurrence(values, has_mark, cells)
    if count is None:
        return None
    obs = Observation(
        item_id=item_id,
        label=label,
        count=count,
        location=loc,
        theme=schema.known_item(item_id).theme if item_id else None,
        section_id=section_id,
    )
    read_details(obs, values, cells)
    return obs


def match_row_item(
    label: str,
    loc: Location,
    findings: list[Finding],
    schema: Schema,
    index: LabelIndex,
    section: str | None,
    organisation: str,
) -> ItemMatch:
    """The item a row's label means, with a finding when it is unknown, ambiguous or guessed."""
    found = find_item(label, schema, index, section, organisation)
    item_id = found.item_id
    if found.candidates:
        labels = " eller ".join(repr(schema.known_item(i).label) for i in found.candidates)
        findings.append(finding("item-ambiguous", loc, label=label, candidates=labels))
    elif item_id is None:
        findings.append(finding("unknown-item", loc, label=label, schema=schema.id))
    elif found.how == "spelling":
        findings.append(finding("item-fuzzy-match", loc, label=label, item=schema.known_item(item_id).label))
    elif found.how == "abbreviation":
        findings.append(finding("item-abbreviation", loc, label=label, item=schema.known_item(item_id).label))
    return found


def _mask_row(label: str, values: dict[str, Value], cells: RowCells) -> tuple[str, dict[str, Value]]:
    """The label and the number columns with individdata masked (a masked number is no number
    any more: the row is rejected with the cell named)."""
    label, _ = mask_cell(label, cells.at("item"), cells.findings)
    for role in _NUMBER_ROLES:
        if role in cells.cols and not is_blank(values.get(role)):
            masked, n = mask_cell(cell_text(values[role]), cells.at(role), cells.findings)
            if n:
                values = {**values, role: masked}
    return label, values


def _occurrence(values: dict[str, Value], has_mark: bool, cells: RowCells) -> int | None:
    """How many times the row's item occurred, from its mark and/or count; None for a mark or
    count that cannot be read (the row is rejected)."""
    findings = cells.findings
    try:
        mark = _read_marks(values)
    except VagueCount as vague:
        mark = 1  # it happened: once for sure, how many more nobody wrote
        findings.append(finding("vague-count", cells.mark_at(), value=cell_text(vague.args[0])))
    except BadValue as bad:
        findings.append(finding("invalid-mark", cells.mark_at(), value=cell_text(bad.args[0])))
        return None
    try:
        count = read_count(values.get("count")) if "count" in cells.cols else None
    except VagueCount as vague:  # "Ja" and Antal "ett par": it happened, how many times nobody wrote
        findings.append(finding("vague-count", cells.at("count"), value=cell_text(vague.args[0])))
        return max(mark or 0, 1)
    except BadValue as bad:
        findings.append(finding("invalid-count", cells.at("count"), value=cell_text(bad.args[0])))
        return None

    has_details = any(not is_blank(values.get(k)) for k in ("place", "date", "time", "comment", "action", "severity"))
    if count is not None:
        final = count
        if mark == 0 and count > 0 or (mark is not None and mark >= 1 and count == 0):
            final = max(count, mark or 0)
            findings.append(
                finding(
                    "conflicting-mark",
                    cells.at("count"),
                    mark=cell_text(_mark_value(values)),
                    count=count,
                    used=final,
                )
            )
    elif mark is not None:
        final = mark
    elif has_mark:
        final = 0
        if has_details:
            findings.append(finding("details-without-mark", cells.mark_at()))
    else:
        final = _event_log_row(values, cells, has_details)
    return final


def _event_log_row(values: dict[str, Value], cells: RowCells, has_details: bool) -> int:
    """A row with neither a mark nor a count. It is one event only when it carries its own date, time
    or place (a real event log); otherwise nobody wrote that it happened: 0, and when the row says
    something else (a comment, an action) or the table has no Antal column to leave blank, a warning
    naming the row – never an invented event."""
    if any(not is_blank(values.get(k)) for k in ("date", "time", "place")):
        return 1
    if has_details or "count" not in cells.cols:
        where = "count" if "count" in cells.cols else "item"
        cells.findings.append(finding("row-not-counted", cells.at(where)))
    return 0


def read_details(obs: Observation, values: dict[str, Value], cells: RowCells) -> None:
    """Place, comment, action, date, time and severity of an event (individdata masked)."""
    cols, findings = cells.cols, cells.findings
    for role in ("place", "comment", "action"):
        if role in cols and not is_blank(values.get(role)):
            text, _ = mask_cell(cell_text(values[role]), cells.at(role), findings)
            setattr(obs, role, text)
    if "date" in cols and not is_blank(values.get("date")):
        written = read_event_date(values["date"])
        if isinstance(written, DayMonth):  # '12/11': its year once the report's week is known
            obs.day_month = (written.day, written.month)
        elif written is None:
            findings.append(finding("invalid-date", cells.at("date"), value=cell_text(values["date"])))
        else:
            obs.date = written
    if "time" in cols and not is_blank(values.get("time")):
        obs.time, _ = mask_cell(read_time(values["time"]), cells.at("time"), findings)
    if "severity" in cols:
        try:
            obs.severity = read_severity(values.get("severity"))
        except BadValue as bad:
            findings.append(finding("invalid-severity", cells.at("severity"), value=cell_text(bad.args[0])))


def _mark_value(values: dict[str, Value]) -> Value:
    return values.get("mark") if not is_blank(values.get("mark")) else values.get("mark_yes") or values.get("mark_no")


def _read_marks(values: dict[str, Value]) -> int | None:
    if "mark" in values:
        return read_mark(values["mark"])
    yes = read_mark(values.get("mark_yes")) if "mark_yes" in values else None
    no = read_mark(values.get("mark_no")) if "mark_no" in values else None
    if yes and no:
        raise BadValue(f"{cell_text(values.get('mark_yes'))} / {cell_text(values.get('mark_no'))}")
    if yes:
        return yes
    if no:  # a mark in the Nej column
        return 0
    return None


def missing_items(schema: Schema, seen: set[str]) -> list[str]:
    """The labels of the items missing from a section of which at least half the items are present."""
    missing: list[str] = []
    for section in schema.sections:
        ids = [i.id for i in section.items]
        present = [i for i in ids if i in seen]
        if len(present) * 2 >= len(ids):
            missing.extend(schema.known_item(i).label for i in ids if i not in seen)
    return missing


def _check_unanswered(draft: Draft, schema: Schema, seen: set[str], sheet: str, table: TableSpec) -> None:
    """In checklist tables, items of a section that is present but missing from the table."""
    missing = missing_items(schema, seen)
    if missing:
        draft.findings.append(
            finding(
                "items-not-answered",
                Location(sheet, table.header_row),
                n=len(missing),
                items=", ".join(repr(m) for m in missing),
            )
        )
