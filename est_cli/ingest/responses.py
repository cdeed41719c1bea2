"""One row per response – a Google or Microsoft Forms export, or a sheet a coordinator keeps: the
checklist items are the columns, and each row is one reporter's answers for a week (its own week,
area, organisation and reporter in columns of the row). Each row becomes a report."""

from __future__ import annotations

from dataclasses import dataclass

from est_cli.findings import Location, finding
from est_cli.ingest.draft import Draft, sheet_name
from est_cli.ingest.items import find_item
from est_cli.ingest.labels import column_role, header_field
from est_cli.ingest.privacy_checks import mask_cell
from est_cli.ingest.tables import HeaderValue
from est_cli.ingest.values import BadValue, VagueCount, cell_text, is_blank, read_mark
from est_cli.model import Observation
from est_cli.readers.base import Grid, Source
from est_cli.schema import LabelIndex, Schema

_HEADER_ROWS_SEARCHED = 10
_DETAILS = ("place", "comment", "action")  # per response: given to each of the row's events


@dataclass
class ResponseTable:
    header_row: int
    fields: dict[str, int]  # header field (week, area, organisation, reporter, datum) → column
    items: dict[int, tuple[str, str | None]]  # column → (item id, section id)
    details: dict[str, int]  # place/comment/action → column


def find_response_table(grid: Grid, schema: Schema, index: LabelIndex) -> ResponseTable | None:
    """A header row naming at least two checklist items exactly (or by an abbreviation that fits one
    item) and at least two header fields (Vecka, Område, Organisation, Rapportör, Datum)."""
    for r, row in enumerate(grid.rows[:_HEADER_ROWS_SEARCHED], start=1):
        fields: dict[str, int] = {}
        items: dict[int, tuple[str, str | None]] = {}
        details: dict[str, int] = {}
        for c, value in enumerate(row, start=1):
            if not isinstance(value, str) or not value.strip() or len(value) > 200:
                continue
            name = header_field(value)
            if name and name not in fields:
                fields[name] = c
                continue
            role = column_role(value)
            if role in _DETAILS and role not in details:
                details[role] = c
                continue
            found = find_item(value, schema, index)
            if found.item_id and found.how in ("exact", "abbreviation"):
                items[c] = (found.item_id, found.section_id)
        if len(items) >= 2 and len(fields) >= 2:
            return ResponseTable(r, fields, items, details)
    return None


def response_drafts(grid: Grid, table: ResponseTable, source: Source) -> list[Draft]:
    """One draft per answered row; each answered item cell is one row read (a mark, a number,
    Swedish number words), a cell that cannot be read is named and not counted."""
    sheet = sheet_name(source, grid)
    drafts = []
    for r in range(table.header_row + 1, len(grid.rows) + 1):
        row = grid.rows[r - 1]
        if all(is_blank(v) for v in row):
            continue
        draft = Draft(sheet=sheet, whole=True)
        for name, c in table.fields.items():
            value = row[c - 1] if c - 1 < len(row) else None
            if not is_blank(value):
                draft.header[name] = HeaderValue(name, value, r, c)
                draft.header_sheets[name] = sheet
        details = {
            role: mask_cell(cell_text(row[c - 1]), Location(sheet, r, c), draft.findings)[0]
            for role, c in table.details.items()
            if c - 1 < len(row) and not is_blank(row[c - 1])
        }
        for c, (item_id, section_id) in table.items.items():
            value = row[c - 1] if c - 1 < len(row) else None
            if is_blank(value):
                continue  # not answered
            _answer(
                draft,
                value,
                Location(sheet, r, c),
                item_id,
                section_id,
                grid.rows[table.header_row - 1][c - 1],
                details,
            )
        drafts.append(draft)
    return drafts


def _answer(draft: Draft, value, loc: Location, item_id: str, section_id: str | None, title, details: dict) -> None:
    draft.rows_read += 1
    try:
        count = read_mark(value)
    except VagueCount:
        count = 1
        draft.findings.append(finding("vague-count", loc, value=cell_text(value)))
    except BadValue:
        draft.findings.append(finding("invalid-mark", loc, value=cell_text(value)))
        draft.rows_rejected += 1
        return
    obs = Observation(item_id=item_id, label=str(title), count=count or 0, location=loc, section_id=section_id)
    if obs.count:
        for role, text in details.items():
            setattr(obs, role, text)
    draft.observations.append(obs)
