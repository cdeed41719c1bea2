"""Cross-tab tables: the checklist items as rows, and a column per weekday ("Händelse | Mån | Tis |
… | Sön | Summa") or per area ("Händelse | Vivalla | Varberga", often under a merged group title
"Område") holding marks or counts. This module finds such a table's columns; crossrows.py reads its
rows into reports.

When a column title is an area: under a group title naming the area field (Område, Stadsdel,
Bostadsområde …); or equal to an area of the workspace (est.toml's `omraden`); otherwise only when
at least two columns nobody recognises hold nothing but marks and counts – then each report says
that its area was taken from a column title (`area-from-column`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from est_cli.ingest.dates import DayMonth
from est_cli.ingest.labels import column_role, header_field
from est_cli.ingest.values import BadValue, VagueCount, cell_text, is_blank, read_mark
from est_cli.readers.base import Value
from est_cli.swedish import weekday_number
from est_cli.text import fold
from est_cli.weeks import find_week_in_text, parse_date

_DAY_TITLE = re.compile(r"^\s*([^\W\d_]+)\.?\s*(.*?)\s*$", re.S)
_DAY_MONTH = re.compile(r"^\(?\s*(\d{1,2})\s*[/.]\s*(\d{1,2})\s*\.?\s*\)?$")
# A reporter's own sum column ("Summa", "Totalt", "Summa vecka"): never added again.
_TOTAL_TITLES = {
    "summa",
    "totalt",
    "total",
    "summa antal",
    "antal totalt",
    "totalt antal",
    "totalsumma",
    "sammanlagt",
    "summa vecka",
    "totalt vecka",
    "hela veckan",
    "summa veckan",
    "antal",
    "summa omraden",
    "totalt alla omraden",
}
# Column titles of other cross-tabs (time of day, organisations) never guessed to be areas.
_NOT_AREAS = {
    "dag", "dagtid", "kvall", "kvallstid", "natt", "nattetid", "morgon", "formiddag", "eftermiddag", "helg",
    "vardag", "vardagar", "polis", "polisen", "kommun", "kommunen", "fastighetsbolag", "fastighetsagare",
    "raddningstjansten", "skola", "skolan", "fritid", "socialtjansten", "vaktare", "vaktbolag", "ovrigt",
    "annat", "status", "signatur", "ansvarig", "prioritet", "uppfoljning", "poang",
}  # fmt: skip
_AREA_ROLES = {"area"}
_MIN_GUESSED_AREAS = 2
_MIN_UNTITLED_DAYS = 3
_MAX_TITLE = 60


@dataclass(frozen=True)
class Day:
    """A weekday column: the weekday (0 = Monday) and, when the title has one, its date – whole
    ('Mån 2026-11-23') or without a year ('Mån 23/11', the year is the report week's)."""

    weekday: int
    full_date: date | None = None
    day_month: tuple[int, int] | None = None
    title: str = ""  # as written ('Mån 23/11'), for findings

    def written_date(self, near: date) -> date | None:
        """The date the title names: whole, or its day and month in the year nearest `near`; None
        for a title without a date."""
        if self.full_date is not None or self.day_month is None:
            return self.full_date
        return DayMonth(*self.day_month).nearest(near, years=1)  # 29/2 outside a leap year: None


@dataclass
class CrossColumns:
    """The cross-tab columns of a table: weekday columns or area columns (col → Day or area name),
    the reporter's total column, and where the titles stand."""

    days: dict[int, Day] = field(default_factory=dict)
    areas: dict[int, str] = field(default_factory=dict)
    title_row: int = 0  # the row of the weekday or area titles (findings name these cells)
    total: int | None = None
    total_title: str = ""
    total_is_mark: bool = False  # a Förekomst column beside the days/areas: Ja/Nej for the whole row
    # areas taken from column titles with nothing but their marks/counts saying they are areas
    guessed: bool = False
    group: int = 0  # the column of the group title over the area names ('Område'): no column of its own


def day_of(value: Value) -> Day | None:
    """'Mån', 'Måndag', 'mån.', 'Tors', 'Mån 23/11', 'Fre 2026-11-27', or a date cell → the Day."""
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        return Day(day.weekday(), full_date=day, title=day.isoformat())
    if not isinstance(value, str) or len(value) > 30:
        return None
    match = _DAY_TITLE.match(value)
    if not match:
        return None
    weekday = weekday_number(match.group(1))
    if weekday is None:
        return None
    rest = match.group(2).strip()
    title = " ".join(value.split())
    if not rest:
        return Day(weekday, title=title)
    if rest.startswith("(") and rest.endswith(")"):
        rest = rest[1:-1].strip()
    full = parse_date(rest)
    if full is not None:
        return Day(weekday, full_date=full, title=title)
    dm = _DAY_MONTH.match(rest)
    if dm and 1 <= int(dm.group(1)) <= 31 and 1 <= int(dm.group(2)) <= 12:
        return Day(weekday, day_month=(int(dm.group(1)), int(dm.group(2))), title=title)
    return None


def blank_corner(row: list[Value]) -> int | None:
    """' | Mån | Tis | Ons …': a weekday table whose category column has no title (the corner cell is
    empty) – the column left of the first weekday, or None. At least three weekdays, and only the
    first filled cell is looked at for rows starting in the first column (data rows), so ordinary
    tables pay nothing."""
    first = next((c for c, v in enumerate(row, start=1) if not is_blank(v)), 0)
    if first < 2 or day_of(row[first - 1]) is None:
        return None
    return first - 1 if len(_days_in(row, set())) >= _MIN_UNTITLED_DAYS else None


def is_total_title(value: Value) -> bool:
    return isinstance(value, str) and fold(value) in _TOTAL_TITLES


def _cell(row: list[Value], col: int) -> Value:
    return row[col - 1] if 0 < col <= len(row) else None


def _days_in(row: list[Value], skip: set[int]) -> dict[int, Day]:
    days: dict[int, Day] = {}
    for c, value in enumerate(row, start=1):
        if c in skip or is_blank(value):
            continue
        day = day_of(value)
        if day is not None:
            days[c] = day
    # At least two different weekdays, each once: "Mån | Tis", never one stray "Fre".
    if len(days) >= 2 and len({d.weekday for d in days.values()}) == len(days):
        return days
    return {}


def _dates_under(days: dict[int, Day], lower: list[Value]) -> dict[int, Day] | None:
    """'Mån | Tis …' with the dates in the row below ('23/11 | 24/11'): the days with their dates;
    None when the row below is no such row."""
    filled = {c for c, v in enumerate(lower, start=1) if not is_blank(v)}
    if not filled or not filled <= set(days):
        return None
    dated: dict[int, Day] = {}
    for c, day in days.items():
        value = _cell(lower, c)
        if is_blank(value):
            dated[c] = day
            continue
        full = parse_date(value)
        dm = _DAY_MONTH.match(value.strip()) if isinstance(value, str) else None
        title = f"{day.title} {cell_text(value)}"
        if full is not None:
            dated[c] = Day(day.weekday, full_date=full, title=title)
        elif dm and 1 <= int(dm.group(1)) <= 31 and 1 <= int(dm.group(2)) <= 12:
            dated[c] = Day(day.weekday, day_month=(int(dm.group(1)), int(dm.group(2))), title=title)
        else:
            return None
    return dated


def _could_be_area(value: Value, guessing: bool = False) -> bool:
    """A column title nothing else claims: text, no known column title, header label, weekday or answer.
    When `guessing` (no group title, no workspace area), also no week, date or number in it ('Vecka 47')."""
    if not isinstance(value, str) or not value.strip() or len(value) > _MAX_TITLE:
        return False
    if column_role(value) or header_field(value) or is_total_title(value) or day_of(value):
        return False
    if fold(value) in _NOT_AREAS or _is_mark(value):
        return False
    if not guessing:
        return True
    return not (find_week_in_text(value) or parse_date(value) or any(ch.isdigit() for ch in value))


def _is_mark(value: Value) -> bool:
    """'X', 'Ja', '2', 'flera': an answer, not a title."""
    try:
        read_mark(value)
    except VagueCount:
        return True
    except BadValue:
        return False
    return True


def _titles_only(row: list[Value], skip: set[int]) -> bool:
    """A row of column titles under group titles: text, no answers ('Vivalla | Varberga', never ' | Vivalla | 2')."""
    return all(
        isinstance(v, str) and not _is_mark(v) for c, v in enumerate(row, start=1) if c not in skip and not is_blank(v)
    )


def _marks_only(rows: list[list[Value]], first: int, col: int) -> bool:
    """Does column `col` hold at least one mark or count in rows first.. (up to the next table), and
    nothing else?"""
    answered = False
    for row in rows[first - 1 :]:
        value = _cell(row, col)
        if is_blank(value):
            continue
        try:
            read_mark(value)
        except VagueCount:
            pass
        except BadValue:
            return False
        answered = True
    return answered


def find_cross(
    rows: list[list[Value]],
    r: int,
    roles: dict[str, int],
    lower_roles: dict[str, int],
    known_areas: frozenset[str],
    ordinary: bool,
) -> tuple[CrossColumns, dict[str, int], int] | None:
    """A cross-tab header at row r (1-based; `roles` its column roles, which include the category
    column): (the cross columns, the other columns' roles, number of title rows), or None.

    `lower_roles` are the next row's roles; `ordinary` says whether the row (or the pair) makes an
    ordinary header – then areas are taken only on a group title or the workspace's area names,
    never guessed from the data."""
    upper = rows[r - 1]
    item = roles["item"]
    lower = rows[r] if r < len(rows) else None
    two_rows = lower is not None and is_blank(_cell(lower, item)) and sum(not is_blank(v) for v in lower) >= 2
    skip = {item}

    days = _days_in(upper, skip)
    if days:
        dated = _dates_under(days, lower) if two_rows and lower is not None else None
        cross = CrossColumns(days=dated or days, title_row=r)
        return _finish(cross, rows, r, 2 if dated else 1, roles, lower_roles if dated else {}, lower)
    found: CrossColumns | None = None
    if two_rows and lower is not None:
        days = _days_in(lower, skip)
        if days:
            return _finish(CrossColumns(days=days, title_row=r + 1), rows, r, 2, roles, lower_roles, lower)
        found = _areas_under_group(upper, lower, roles, known_areas) if _titles_only(lower, skip) else None
        if found is None and not ordinary and _titles_only(lower, skip):
            found = _guessed_areas(rows, r + 1, lower, skip)
        # Beside an ordinary header's own columns, one name is no cross-tab (a row of answers would be).
        if found is not None and len(found.areas) >= (2 if ordinary else 1):
            return _finish(found, rows, r, 2, roles, lower_roles, lower)
    known = {c: str(v).strip() for c, v in enumerate(upper, start=1) if _could_be_area(v) and _known(v, known_areas)}
    if len(known) >= (2 if ordinary else 1):
        return _finish(CrossColumns(areas=known, title_row=r), rows, r, 1, roles, {}, None)
    found = None if ordinary else _guessed_areas(rows, r, upper, skip)
    if found is not None:
        return _finish(found, rows, r, 1, roles, {}, None)
    return None


# Words of a group title over area names: "Område", "Områden", "Antal per bostadsområde", "Stadsdelar".
_AREA_WORDS = {"omrade", "omraden", "bostadsomrade", "bostadsomraden", "stadsdel", "stadsdelar", "omr"}


def _names_areas(value: Value) -> bool:
    if not isinstance(value, str) or len(value) > _MAX_TITLE:
        return False
    return header_field(value) == "area" or bool(_AREA_WORDS & set(fold(value).split()))


def _known(value: Value, known_areas: frozenset[str]) -> bool:
    return fold(str(value)) in known_areas


def _areas_under_group(
    upper: list[Value], lower: list[Value], roles: dict[str, int], known_areas: frozenset[str]
) -> CrossColumns | None:
    """Area names under a group title naming areas ('Område', 'Stadsdel', 'Antal per bostadsområde'
    merged over 'Vivalla | Varberga'), or – under any group title – names of the workspace's areas."""
    groups = [c for c, v in enumerate(upper, start=1) if c != roles["item"] and _names_areas(v)]
    for group_col in groups:
        # the group title's span: to the next title in its row (a merged cell leaves the rest blank)
        end = next(
            (c for c in range(group_col + 1, len(upper) + 1) if not is_blank(_cell(upper, c))),
            max(len(upper), len(lower)) + 1,
        )
        areas = {c: str(_cell(lower, c)).strip() for c in range(group_col, end) if _could_be_area(_cell(lower, c))}
        if areas:
            return CrossColumns(areas=areas, title_row=0, group=group_col)
    titled = {c: v for c, v in enumerate(lower, start=1) if not is_blank(v)}
    areas = {c: str(v).strip() for c, v in titled.items() if _could_be_area(v) and _known(v, known_areas)}
    if areas:
        return CrossColumns(areas=areas, title_row=0)
    return None


def _guessed_areas(rows: list[list[Value]], title_row: int, titles: list[Value], skip: set[int]) -> CrossColumns | None:
    """At least two columns nobody recognises, holding nothing but marks and counts: areas, guessed."""
    candidates = [c for c, v in enumerate(titles, start=1) if c not in skip and _could_be_area(v, guessing=True)]
    if len(candidates) < _MIN_GUESSED_AREAS:
        return None
    areas = {c: str(titles[c - 1]).strip() for c in candidates if _marks_only(rows, title_row + 1, c)}
    if len(areas) < _MIN_GUESSED_AREAS:
        return None
    return CrossColumns(areas=areas, title_row=title_row, guessed=True)


def _finish(
    cross: CrossColumns,
    rows: list[list[Value]],
    r: int,
    title_rows: int,
    roles: dict[str, int],
    lower_roles: dict[str, int],
    lower: list[Value] | None,
) -> tuple[CrossColumns, dict[str, int], int]:
    """The other columns' roles (a title merged down over both rows stands in the upper row), and the
    reporter's total column; the area group title and the marks/counts columns are no columns of their own."""
    if not cross.title_row:
        cross.title_row = r + title_rows - 1
    used = set(cross.days) | set(cross.areas)
    columns: dict[str, int] = {}
    for role, col in roles.items():
        if col in used or col == cross.group or (role in _AREA_ROLES and cross.areas):
            continue
        if title_rows == 2 and lower is not None and not is_blank(_cell(lower, col)) and role != "item":
            continue
        columns[role] = col
    for role, col in lower_roles.items():
        if col not in used:
            columns.setdefault(role, col)
    _total_column(cross, rows[r - 1], rows[cross.title_row - 1], columns, used)
    return cross, columns, title_rows


def _total_column(
    cross: CrossColumns, upper: list[Value], titles: list[Value], columns: dict[str, int], used: set[int]
) -> None:
    """The reporter's own total ('Summa', 'Totalt', else an Antal column, else a Förekomst column beside
    the weekdays or areas): taken out of `columns` into `cross.total` – compared, never added."""
    for col in range(1, max(len(upper), len(titles)) + 1):
        title = next((v for v in (_cell(upper, col), _cell(titles, col)) if is_total_title(v)), None)
        if col not in used and title is not None:
            cross.total, cross.total_title = col, str(title).strip()
            break
    for role in ("count", "mark", "mark_yes"):
        col = columns.pop(role, 0)
        if col and cross.total is None:
            cross.total, cross.total_title = col, cell_text(_cell(upper, col) or _cell(titles, col))
            cross.total_is_mark = role != "count"
    for role, col in list(columns.items()):
        if col == cross.total:
            columns.pop(role)
