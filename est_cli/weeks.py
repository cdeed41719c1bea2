"""ISO weeks: parsing what reporters write ("47", "v.47", "2026-W47", a date) — the one place for it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta


def local_naive(moment: datetime) -> datetime:
    """Local time without zone, as the coordinator reads it (an e-mail's date carries a zone)."""
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo is not None else moment


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """Parse the canonical form '2026-W47' (raises ValueError otherwise)."""
        match = re.fullmatch(r"\s*(\d{4})-?W(\d{1,2})\s*", str(text), re.IGNORECASE)
        if not match:
            raise ValueError(f"not an ISO week: {text!r}")
        week = cls(int(match.group(1)), int(match.group(2)))
        if not week.is_valid():
            raise ValueError(f"no such week: {text!r}")
        return week

    def is_valid(self) -> bool:
        return 1 <= self.week <= weeks_in_year(self.year)

    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    def days(self) -> tuple[date, date]:
        start = self.monday()
        return start, start + timedelta(days=6)

    def shift(self, weeks: int) -> IsoWeek:
        return IsoWeek.of(self.monday() + timedelta(weeks=weeks))

    def thursday(self) -> date:
        """The day that decides the week's month, quarter, tertial and year (the ISO rule)."""
        return date.fromisocalendar(self.year, self.week, 4)


def weeks_in_year(year: int) -> int:
    """52 or 53: the ISO week of 28 December is always the year's last."""
    return date(year, 12, 28).isocalendar().week


@dataclass(frozen=True)
class WeekParse:
    """Result of reading a week field: the week, or why not, and how the year was found."""

    week: IsoWeek | None
    year_source: str | None = None  # None = stated in the field; else "datum", "--year", "dagens datum"
    error: bool = False
    range_of: str | None = None  # "46–47" when a span of weeks was written; `week` is its last week


_FULL = re.compile(r"^(\d{4})\s*[-/ ]?\s*(?:w|v|vecka|v\.)\s*(\d{1,2})$")
_WEEK_YEAR = re.compile(r"^(?:v|vecka|v\.|w|vn|veckonummer)?\s*\.?\s*(\d{1,2})\s*[,/ -]\s*(\d{4})$")
_BARE = re.compile(r"^(?:v|vecka|v\.|w|vn|vecka nr|veckonr|veckonummer|nr)?\s*\.?\s*(\d{1,2})$")
_RANGE = re.compile(
    r"^((?:\d{4}\s*-?\s*)?(?:v|vecka|v\.|w)?\s*\.?\s*)(\d{1,2})\s*(?:-|–|—|/|och|till)\s*(?:v\.?\s*)?(\d{1,2})(\s*[, ]\s*\d{4})?$"
)
_DATE_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t].*)?$"), "ymd"),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), "ymd"),
    (re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$"), "dmy"),
)


def parse_date(value: object) -> date | None:
    """A date from a cell: a date/datetime value or '2026-11-18', '18/11/2026', '18.11.2026'."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip().lower()
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            a, b, c = (int(g) for g in match.groups())
            try:
                return date(a, b, c) if order == "ymd" else date(c, b, a)
            except ValueError:
                return None
    return None


def nearest_year(week: int, near: date) -> int | None:
    """The ISO year in which week `week` lies nearest to the date `near`."""
    best: tuple[int, int] | None = None
    for year in (near.year - 1, near.year, near.year + 1):
        if not 1 <= week <= weeks_in_year(year):  # "vecka 0" is no week in any year
            continue
        distance = abs((date.fromisocalendar(year, week, 4) - near).days)
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best else None


def parse_week(
    value: object,
    *,
    year: int | None = None,
    datum: date | None = None,
    today: date | None = None,
) -> WeekParse:
    """Read a week as reporters write it.

    A bare week number takes its year from `year` (--year), else the report's Datum field,
    else today — in the latter two cases the year whose week lies nearest that date.

    >>> str(parse_week("v.47", year=2026).week)
    '2026-W47'
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return WeekParse(None)
    if isinstance(value, (date, datetime)):
        return WeekParse(IsoWeek.of(value.date() if isinstance(value, datetime) else value))
    if isinstance(value, float):
        if not value.is_integer():
            return WeekParse(None, error=True)
        value = int(value)
    text = str(value).strip().lower().replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text)

    match = _FULL.match(text)
    if match:
        return _checked(IsoWeek(int(match.group(1)), int(match.group(2))), None)
    match = _WEEK_YEAR.match(text)
    if match:
        return _checked(IsoWeek(int(match.group(2)), int(match.group(1))), None)
    day = parse_date(text)
    if day:
        return WeekParse(IsoWeek.of(day))
    match = _BARE.match(text)
    if not match:
        span = _RANGE.match(text)
        if span and int(span.group(3)) == int(span.group(2)) + 1:
            # "v. 46–47": a report covering two weeks (biweekly checklists) counts in the later one.
            inner = parse_week(
                f"{span.group(1)}{span.group(3)}{span.group(4) or ''}", year=year, datum=datum, today=today
            )
            if inner.week is not None:
                return WeekParse(inner.week, inner.year_source, range_of=f"{span.group(2)}–{span.group(3)}")
        return WeekParse(None, error=True)
    number = int(match.group(1))
    if year is not None:
        return _checked(IsoWeek(year, number), "--year")
    for source, near in (("datum", datum), ("dagens datum", today or date.today())):
        if near is None:
            continue
        found = nearest_year(number, near)
        if found is None:
            return WeekParse(None, error=True)
        return _checked(IsoWeek(found, number), source)
    return WeekParse(None, error=True)  # pragma: no cover - today is always set


def find_week_in_text(text: str) -> str | None:
    """A week mentioned in running text or a file name: 'Checklista v47 Vivalla' → 'v47'."""
    folded = str(text).lower().replace("_", " ")
    match = re.search(r"(?<![\w])(\d{4}-?w\d{1,2})(?![\w])", folded) or re.search(
        r"(?<![\w])(?:vecka|v\.|v)\s*(\d{1,2})(?!\d)", folded
    )
    return match.group(1) if match else None


def _checked(week: IsoWeek, source: str | None) -> WeekParse:
    if not week.is_valid():
        return WeekParse(None, source, error=True)
    return WeekParse(week, source)
