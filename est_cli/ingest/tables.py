"""Finding the observation table(s) and the header block in a grid, by their labels."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from est_cli.ingest.crosstab import CrossColumns, blank_corner, find_cross
from est_cli.ingest.labels import column_role, header_field
from est_cli.ingest.values import cell_text, is_blank
from est_cli.readers.base import Grid, Value
from est_cli.text import fold

ROW_ROLES = ("week", "area", "organisation", "reporter")


@dataclass
class TableSpec:
    """An observation table: its header row and which column (1-based) plays which role."""

    header_row: int  # the (last) header row: the data starts below it
    end_row: int  # last row (inclusive) that belongs to the table
    columns: dict[str, int] = field(default_factory=dict)
    title_rows: int = 1  # 2 when group titles stand over the real column titles
    cross: CrossColumns | None = None  # a column per weekday or per area (crosstab.py)

    @property
    def top_row(self) -> int:
        """The table's first header row: what stands above it may be the report's header block."""
        return self.header_row - self.title_rows + 1

    @property
    def has_mark(self) -> bool:
        return "mark" in self.columns or "mark_yes" in self.columns


@dataclass
class HeaderValue:
    field: str
    value: Value
    row: int
    col: int


_WEAK_ITEM_TITLES = {"handelse", "handelser", "beskrivning av handelse"}


def _row_roles(row: list[Value]) -> dict[str, int]:
    """Which column (1-based) each recognised column title in the row names."""
    roles: dict[str, int] = {}
    roles_title: dict[str, str] = {}
    for index, value in enumerate(row):
        if not isinstance(value, str) or len(value) > 60:
            continue
        title = value.split("\n")[0]
        role = column_role(title)
        if role == "item" and "item" in roles and fold(title) in _WEAK_ITEM_TITLES:
            role = "comment"  # "Kategori | Händelse": the second is a description of the event
        if role and role != "ignore" and role not in roles:
            roles[role] = index + 1
        elif role == "item" and fold(roles_title.get("item", "")) in _WEAK_ITEM_TITLES:
            # "Händelse | Kategori": the category column wins, the event text is the comment
            roles.setdefault("comment", roles["item"])
            roles["item"] = index + 1
        if role and role not in roles_title:
            roles_title[role] = title
    return roles


def _as_header(roles: dict[str, int]) -> dict[str, int] | None:
    """The roles when they make a header row: a category column and Förekomst/Antal – or, for an
    event log with one row per event, the category column and at least two event details."""
    details = {"place", "date", "time", "comment", "severity", "action"} & roles.keys()
    if "item" in roles and ({"mark", "mark_yes", "count"} & roles.keys() or len(details) >= 2):
        if "mark_no" in roles and "mark_yes" not in roles:
            roles.pop("mark_no")
        return roles
    return None


def _two_row_header(upper: dict[str, int], lower_row: list[Value], sub: dict[str, int]) -> dict[str, int] | None:
    """Group titles over the real column titles ("Förekomst" merged over "Ja | Nej", "Detaljer" over
    "Plats | Datum | Tid"): the lower row's titles are the columns, the upper row's stand where the
    lower row is empty (a title merged down over both rows). None when the lower row is no such row:
    it must hold at least two titles, nothing but titles, and nothing under the category column.
    `upper` and `sub` are the two rows' roles (_row_roles)."""
    if "item" not in upper or len(sub) < 2 or "item" in sub:
        return None
    filled = [c for c, value in enumerate(lower_row, start=1) if not is_blank(value)]
    titled = set(sub.values()) | {c for c in filled if column_role(str(lower_row[c - 1])) == "ignore"}
    if set(filled) - titled or not is_blank(_cell(lower_row, upper["item"])):
        return None
    roles = {role: col for role, col in upper.items() if is_blank(_cell(lower_row, col))}
    for role, col in sub.items():
        roles.setdefault(role, col)
    if "mark_yes" in roles:
        roles.pop("mark", None)  # "Förekomst" over "Ja | Nej": the group title is no column of its own
    return _as_header(roles)


def _cell(row: list[Value], col: int) -> Value:
    return row[col - 1] if col - 1 < len(row) else None


def find_tables(grid: Grid, areas: frozenset[str] = frozenset()) -> list[TableSpec]:
    """Every header row (or pair of header rows) in the grid starts a table that runs to the next
    header row or the end. A header with a column per weekday or per area (`areas`: the workspace's
    area names, folded) is a cross-tab table (crosstab.py)."""
    rows = grid.rows
    roles_of = [_row_roles(row) for row in rows]  # each row read once
    starts: list[tuple[int, dict[str, int], int, CrossColumns | None]] = []
    r = 1
    while r <= len(rows):
        two = _two_row_header(roles_of[r - 1], rows[r], roles_of[r]) if r < len(rows) else None
        roles = None if two else _as_header(dict(roles_of[r - 1]))
        titled = roles_of[r - 1]
        if "item" not in titled and (corner := blank_corner(rows[r - 1])):
            titled = {**titled, "item": corner}  # ' | Mån | Tis …': the category column has no title
        if "item" in titled:
            lower = roles_of[r] if r < len(rows) else {}
            cross = find_cross(rows, r, titled, lower, areas, ordinary=bool(two or roles))
            if cross:
                starts.append((r + cross[2] - 1, cross[1], cross[2], cross[0]))
                r += cross[2]
                continue
        if two:
            starts.append((r + 1, two, 2, None))
            r += 2
            continue
        if roles:
            starts.append((r, roles, 1, None))
        r += 1
    tables = []
    for n, (r, roles, title_rows, cross_columns) in enumerate(starts):
        end = starts[n + 1][0] - starts[n + 1][2] if n + 1 < len(starts) else len(rows)
        tables.append(TableSpec(r, end, roles, title_rows, cross_columns))
    return tables


_INLINE = re.compile(r"^\s*([^:\n]{1,40}?)\s*[:]\s*(.+?)\s*$", re.S)


def find_header(grid: Grid, max_row: int | None = None, min_row: int = 1) -> list[HeaderValue]:
    """Header-block values: label with the value to its right (or below), or 'Label: value' in one cell.

    Only rows `min_row`..`max_row` are searched (the rows above an observation table), so that
    the table's own column titles ('Datum') are never taken for header labels.
    """
    found: list[HeaderValue] = []
    rows = grid.rows if max_row is None else grid.rows[:max_row]
    for r, row in enumerate(rows, start=1):
        if r < min_row:
            continue
        for c, value in enumerate(row, start=1):
            if not isinstance(value, str) or not value.strip():
                continue
            text = value.strip()
            field_name = header_field(text)
            if field_name:
                hit = _value_beside(grid, r, c, rows_limit=len(rows))
                if hit is not None:
                    found.append(HeaderValue(field_name, hit[0], hit[1], hit[2]))
                continue
            found.extend(HeaderValue(name, text_value, r, c) for name, text_value in inline_fields(text))
    return found


# Several "Label: value" pairs in one cell or paragraph are separated by a tab, a bar or a wide gap.
_PAIR_SEPARATOR = re.compile(r"\t+|\s+\|\s+|\s{3,}")
# "Vecka 48", "V. 48", "Område Vivalla": a header label and its value with no colon between.
_LABEL_WORDS = re.compile(r"^\s*([^\d:]{1,30}?)\.?\s+(\S.*?)\s*$", re.S)


def inline_fields(text: str) -> list[tuple[str, str]]:
    """Header fields written inside one cell or paragraph: "Vecka: 47", "Vecka<TAB>47", and several at
    once – "Verksamhet: Fältgruppen<TAB>Vecka 48", "Område: Vivalla | Vecka: 48". Each piece is a label
    ending in ":" with its value, or (beside another piece) a label word followed by its value."""
    pieces = [p.strip() for p in _PAIR_SEPARATOR.split(text) if p.strip()]
    if len(pieces) == 2 and header_field(pieces[0]) and not _INLINE.match(pieces[0]):
        return [(header_field(pieces[0]) or "", pieces[1])]  # "Vecka<TAB>47": label, then value
    found: list[tuple[str, str]] = []
    for piece in pieces:
        match = _INLINE.match(piece)
        if match and header_field(match.group(1)):
            found.append((header_field(match.group(1)) or "", match.group(2).strip()))
            continue
        words = _LABEL_WORDS.match(piece) if len(pieces) > 1 else None
        if words and header_field(words.group(1)):
            found.append((header_field(words.group(1)) or "", words.group(2)))
    return found


def _value_beside(grid: Grid, r: int, c: int, rows_limit: int) -> tuple[Value, int, int] | None:
    row = grid.rows[r - 1]
    for offset in (1, 2, 3):
        if c - 1 + offset >= len(row):
            break
        value = row[c - 1 + offset]
        if is_blank(value):
            continue
        if isinstance(value, str) and (header_field(value) or _is_hint(value)):
            break
        return value, r, c + offset
    if r < rows_limit:
        below_row = grid.rows[r]
        if c - 1 < len(below_row):
            value = below_row[c - 1]
            if not is_blank(value) and not (isinstance(value, str) and header_field(value)):
                # only a vertical layout: the row of labels has no values to its right
                if all(is_blank(v) for v in row[c:]) or _labels_in_row(row) >= 2:
                    return value, r + 1, c
    return None


def _labels_in_row(row: list[Value]) -> int:
    return sum(1 for v in row if isinstance(v, str) and header_field(v))


def _is_hint(value: str) -> bool:
    """Grey help text next to an empty value cell ('t.ex. 47 eller 2026-W47') is not a value."""
    key = value.strip().lower()
    return key.startswith(("t.ex", "till exempel", "exempel:", "(", "ange ", "skriv ", "fyll i"))


def row_values(row: list[Value], columns: dict[str, int]) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for role, col in columns.items():
        values[role] = row[col - 1] if col - 1 < len(row) else None
    return values


def first_line(value: Value) -> str:
    text = cell_text(value)
    for line in text.split("\n"):
        if line.strip():
            return line.strip()
    return ""
