"""Word documents without an ordinary observation table: the checklist written as a list of
paragraphs (lists.py) or as a question-style table (questions.py). Both yield `Record`s – one
checklist item with its answers, each answer with its own cell – that rows.observation reads like a
table row, into one report for the whole document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from est_cli.findings import Location, finding
from est_cli.ingest.draft import Draft, sheet_name
from est_cli.ingest.header import take_header
from est_cli.ingest.rows import RowCells, missing_items, observation
from est_cli.ingest.tables import HeaderValue, find_header
from est_cli.ingest.values import BadValue, VagueCount, cell_text, read_mark
from est_cli.readers.base import Grid, Source, Value
from est_cli.schema import LabelIndex, Schema


@dataclass(frozen=True)
class PlacedCells(RowCells):
    """The cells of a record whose answers are not in one row: each role's own location (a list
    paragraph for all of them, or the answer cell of each sub-question of a question-style table)."""

    places: dict[str, Location] = field(default_factory=dict)

    def at(self, role: str) -> Location:
        return self.places.get(role) or self.places["item"]

    def mark_at(self) -> Location:
        return self.places.get("mark") or self.places.get("count") or self.places["item"]


@dataclass
class Record:
    """One checklist item as written, with its answers by role (mark, count, place, date, time,
    comment, action, severity) and where each stands."""

    label: str
    item_at: Location
    section: str | None = None
    item_id: str | None = None  # the schema item the label names, when one does
    values: dict[str, Value] = field(default_factory=dict)
    places: dict[str, Location] = field(default_factory=dict)

    def answer(self, role: str, value: Value, at: Location) -> None:
        """The first answer of a role is the one read; texts of several comment or action questions
        ("Beskriv kort", "Övrigt") are joined."""
        if role not in self.values:
            self.values[role] = value
            self.places[role] = at
        elif role in ("comment", "action") and cell_text(value):
            self.values[role] = f"{cell_text(self.values[role])} – {cell_text(value)}"

    @property
    def answered(self) -> bool:
        """Anything written: a mark that reads as ticked or not ("☐ Ja ☐ Nej" is no answer), or any other answer."""
        for role, value in self.values.items():
            if role != "mark" and cell_text(value):
                return True
        try:
            return read_mark(self.values.get("mark")) is not None
        except (BadValue, VagueCount):
            return True


@dataclass
class Layout:
    """What one grid holds in a layout: its records, the items left without any answer, and the first
    row that belongs to the checklist (the rows above it may be the header block)."""

    records: list[Record] = field(default_factory=list)
    unanswered: list[Record] = field(default_factory=list)
    first_row: int | None = None
    header_rows: set[int] = field(default_factory=set)  # header fields among the items ("Ifylld av | …")
    kind: str = "list"  # "list" or "questions": which finding names the items missing

    @property
    def found(self) -> bool:
        return bool(self.records or self.unanswered)


def document_draft(grids: list[Grid], source: Source, schema: Schema, index: LabelIndex) -> Draft | None:
    """The report of a Word document whose checklist is a list or question-style tables; None when
    no grid holds such a checklist (the caller says `no-observation-table`)."""
    from est_cli.ingest.lists import read_list
    from est_cli.ingest.questions import read_questions

    layouts: list[tuple[Grid, Layout]] = []
    for grid in grids:
        if grid.kind == "table":
            layouts.append((grid, read_questions(grid, sheet_name(source, grid), schema, index)))
        elif grid.kind == "text" and grid.name == "Brödtext":
            layouts.append((grid, read_list(grid, sheet_name(source, grid), schema, index)))
    if not any(layout.found and _knows_an_item(layout) for _, layout in layouts):
        return None
    first = next(grid for grid, layout in layouts if layout.found)
    draft = Draft(sheet=sheet_name(source, first), whole=True)
    _take_headers(draft, grids, dict((id(g), lay) for g, lay in layouts), source)
    organisation = cell_text(draft.header["organisation"].value) if "organisation" in draft.header else ""
    read = [layout for _, layout in layouts if layout.found]
    seen: set[str] = set()
    for layout in read:
        seen |= _read_records(draft, layout, schema, index, organisation)
    _check_missing(draft, schema, seen, next((lay for lay in read if lay.records), None))
    return draft


def _knows_an_item(layout: Layout) -> bool:
    """At least one record names a checklist item: a grid of prose or an unrelated table never does."""
    return any(r.item_id for r in layout.records + layout.unanswered)


def _take_headers(draft: Draft, grids: list[Grid], layouts: dict[int, Layout], source: Source) -> None:
    """Header fields from the body text first, then the tables (above their first item, or a header row among
    the items) and the page header."""
    ordered = sorted(grids, key=lambda g: (g.name != "Brödtext", g.kind != "table"))
    for grid in ordered:
        layout = layouts.get(id(grid))
        values: list[HeaderValue] = find_header(grid)
        if layout is not None and layout.found and grid.kind == "table":
            # above the first item, or a header row among the items – never a sub-question ("Datum?")
            first = layout.first_row or 1
            values = [hv for hv in values if hv.row < first or hv.row in layout.header_rows]
        take_header(draft, [(sheet_name(source, grid), hv) for hv in values])


def _read_records(draft: Draft, layout: Layout, schema: Schema, index: LabelIndex, organisation: str) -> set[str]:
    """Each answered record a row read (stored or rejected), and the items without an answer said once; the
    ids of the checklist items in the grid."""
    seen: set[str] = set()
    for record in layout.records:
        draft.rows_read += 1
        places = {**record.places, "item": record.item_at}
        values = {"item": record.label, **record.values}
        cols = {role: at.col or 0 for role, at in places.items()}
        cells = PlacedCells(record.item_at.sheet or "", record.item_at.row or 0, cols, draft.findings, places)
        obs = observation(values, record.label, cells, True, schema, index, record.section, organisation)
        if obs is None:
            draft.rows_rejected += 1
            continue
        if obs.item_id:
            seen.add(obs.item_id)
        draft.observations.append(obs)
    if layout.unanswered:
        first = layout.unanswered[0].item_at
        items = ", ".join(f"{r.label!r} ({_where(r.item_at)})" for r in layout.unanswered)
        draft.findings.append(finding("items-without-answer", first, n=len(layout.unanswered), items=items))
    seen.update(r.item_id for r in layout.unanswered if r.item_id)  # in the document, only not answered
    return seen


def _check_missing(draft: Draft, schema: Schema, seen: set[str], first: Layout | None) -> None:
    """The items of a section the document has (at least half of its items) that are nowhere in it, said at
    the first list or table with answers."""
    missing = missing_items(schema, seen)
    if not missing or first is None:
        return
    code = "items-not-listed" if first.kind == "list" else "items-not-answered"
    where = first.records[0].item_at
    at = Location(where.sheet) if first.kind == "list" else Location(where.sheet, first.first_row)
    draft.findings.append(finding(code, at, n=len(missing), items=", ".join(repr(m) for m in missing)))


def _where(at: Location) -> str:
    return f"cell {at.cell}" if at.cell else f"rad {at.row}"
