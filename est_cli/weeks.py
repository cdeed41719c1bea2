"""ISO weeks: parsing what reporters write ("47", "v.47", "2026-W47", a date) — the one place for it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from est_cli.reporting_period import ReportingPeriod


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
    first: IsoWeek | None = None  # the span's first week (with range_of)


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
    sent: date | None = None,
    today: date | None = None,
    period: ReportingPeriod | None = None,
) -> WeekParse:
    """Read a week as reporters write it.

    A bare week number (or days without a year, "23/11–29/11") takes its year from `year`
    (--year), else the report's Datum field, else the date of the e-mail that carried it (`sent`),
    else today — in the latter three cases the year that puts the week nearest that date. Days
    ("12/11–18/11", "v.47 12/11") are read against the reporting `period` when there is one: the
    days of one week's period are that week, even when they span two ISO weeks.

    >>> str(parse_week("v.47", year=2026).week)
    '2026-W47'
    """
    if isinstance(value, (date, datetime)):
        return WeekParse(IsoWeek.of(value.date() if isinstance(value, datetime) else value))
    text = _week_text(value)
    if text is None:
        return WeekParse(None, error=not (value is None or (isinstance(value, str) and not value.strip())))

    match = _FULL.match(text)
    if match:
        return _checked(IsoWeek(int(match.group(1)), int(match.group(2))), None)
    match = _WEEK_YEAR.match(text)
    if match:
        return _checked(IsoWeek(int(match.group(2)), int(match.group(1))), None)
    day = parse_date(text)
    if day:
        return WeekParse(IsoWeek.of(day))
    written = _week_with_dates(text, year, _near(datum, sent, today), period)
    if written is not None:
        return written
    match = _BARE.match(text)
    if not match:
        span = _RANGE.match(text)
        if span and int(span.group(3)) == int(span.group(2)) + 1:
            # "v. 46–47": a report covering two weeks (biweekly checklists) counts in the later one.
            inner = parse_week(
                f"{span.group(1)}{span.group(3)}{span.group(4) or ''}",
                year=year,
                datum=datum,
                sent=sent,
                today=today,
                period=period,
            )
            if inner.week is not None:
                return WeekParse(
                    inner.week,
                    inner.year_source,
                    range_of=f"{span.group(2)}–{span.group(3)}",
                    first=inner.week.shift(-1),
                )
        return WeekParse(None, error=True)
    number = int(match.group(1))
    if year is not None:
        return _checked(IsoWeek(year, number), "--year")
    source, near = _near(datum, sent, today)
    found = nearest_year(number, near)
    if found is None:
        return WeekParse(None, error=True)
    return _checked(IsoWeek(found, number), source)


def _near(datum: date | None, sent: date | None, today: date | None) -> tuple[str, date]:
    """The date a week without a year is read near, and what it is: the Datum field, the e-mail's
    date, or today."""
    if datum is not None:
        return "datum", datum
    if sent is not None:
        return "e-brevets datum", sent
    return "dagens datum", today or date.today()


def _week_text(value: object) -> str | None:
    """The cell as lower-case single-spaced text; None when blank or a number that is no week."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    text = str(value).strip().lower().replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text)


# "v.48 25/11", "vecka 48 (25/11)": a week number with a day of it after it.
_WEEK_AND_DAY = re.compile(r"^(?:v|vecka|v\.|w)?\s*\.?\s*(\d{1,2})(?:\s*[,(]\s*|\s+)(\d{1,2})[/.](\d{1,2})\s*\)?$")
# "23/11–29/11", "23/11 - 29/11 2026", "23.11–29.11": the days a report covers, without a year.
_DAY_RANGE = re.compile(r"^(\d{1,2})[/.](\d{1,2})\s*(?:-|–|—|till)\s*(\d{1,2})[/.](\d{1,2})(?:[/. ,]+(\d{4}))?$")


def _week_with_dates(
    text: str, year: int | None, near_date: tuple[str, date], period: ReportingPeriod | None = None
) -> WeekParse | None:
    """A week written with days instead of (or beside) its number; None when `text` is neither form.
    Days without a year are read in `year`, else in the year that puts them nearest `near_date`
    (the year's source is said in `year_source`)."""
    source, near = near_date
    match = _WEEK_AND_DAY.match(text)
    if match:
        number, day = int(match.group(1)), _day_month(int(match.group(2)), int(match.group(3)), year, near)
        week = _period_week(day, day, period, number) if day else None
        if day is not None and week is None and IsoWeek.of(day).week == number:
            week = IsoWeek.of(day)
        if week is None:
            return WeekParse(None, error=True)  # the day is not in the week: which one is meant?
        return WeekParse(week, source if year is None else "--year")
    match = _DAY_RANGE.match(text)
    if match:
        stated = int(match.group(5)) if match.group(5) else year
        first = _day_month(int(match.group(1)), int(match.group(2)), stated, near)
        last = _day_month(int(match.group(3)), int(match.group(4)), stated, near)
        if first is None or last is None or not timedelta(0) <= last - first <= timedelta(days=13):
            return WeekParse(None, error=True)
        if first.year != last.year and last < first.replace(year=last.year):  # "28/12–3/1": over the new year
            first = first.replace(year=last.year - 1)
        year_source = None if match.group(5) else ("--year" if year else source)
        in_period = _period_week(first, last, period)
        if in_period is not None:
            return WeekParse(in_period, year_source)
        weeks = (IsoWeek.of(first), IsoWeek.of(last))
        span = None if weeks[0] == weeks[1] else f"{weeks[0].week}–{weeks[1].week}"
        # A span over two weeks counts in the later one, as a written "v. 46–47" does.
        return WeekParse(weeks[1], year_source, range_of=span, first=weeks[0] if span else None)
    return None


def _period_week(first: date, last: date, period: ReportingPeriod | None, number: int | None = None) -> IsoWeek | None:
    """The (latest) week whose reporting period touches both days – with that week number, when given."""
    if period is None:
        return None
    found = None
    for shift in (-1, 0, 1, 2):
        week = IsoWeek.of(last).shift(shift)
        days = period.window(week).days()
        if first in days and last in days and number in (None, week.week):
            found = week
    return found


def _day_month(day: int, month: int, year: int | None, near: date) -> date | None:
    """The date with that day and month in `year`, or in the year that puts it nearest `near`."""
    if year:
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return nearest_date(day, month, near)


def nearest_date(day: int, month: int, near: date, years: int = 1) -> date | None:
    """'12/11' written without a year: the date in the year that puts it nearest `near`, at most `years`
    years away (29/2 only in a leap year: None when there is none that near)."""
    found = []
    for year in range(near.year - years, near.year + years + 1):
        try:
            found.append(date(year, month, day))
        except ValueError:
            continue
    return min(found, key=lambda d: abs((d - near).days)) if found else None


def find_week_in_text(text: str) -> str | None:
    """A week mentioned in running text or a file name: 'Checklista v47 Vivalla' → 'v47'."""
    folded = str(text).lower().replace("_", " ")
    match = re.search(r"(?<![\w])(\d{4}-?w\d{1,2})(?![\w])", folded) or re.search(
        r"(?<![\w])(?:vecka|v\.|v)\s*:?\s*(\d{1,2})(?!\d)", folded
    )
    return match.group(1) if match else None


def _checked(week: IsoWeek, source: str | None) -> WeekParse:
    if not week.is_valid():
        return WeekParse(None, source, error=True)
    return WeekParse(week, source)
