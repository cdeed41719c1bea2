"""Periods for the trend figures: quarters, tertials, years, months and week ranges → ISO weeks.

A week belongs to the month, quarter, tertial and year that holds its Thursday (the ISO rule), so
2026-Q3 is 2026-W27 … 2026-W39 and 2026-W53 (Thursday 31 December) belongs to 2026-Q4.

Comparisons:
- the *previous period* is the period of the same kind just before (2026-Q2 for 2026-Q3, 2025-T3
  for 2026-T1, 2025 for 2026); for a week range it is the same number of weeks just before;
- the *same period last year* is the same label one year earlier (2025-Q3); for a week range the
  same week numbers one year earlier, week 53 becoming week 52 when that year has no week 53.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from est_cli.errors import EstError
from est_cli.swedish import MONTHS, MONTHS_SHORT, week_span_text
from est_cli.weeks import IsoWeek, weeks_in_year

# kind → months per period (a year is one period of twelve months)
_SPAN = {"month": 1, "quarter": 3, "tertial": 4, "year": 12}


class PeriodError(EstError):
    """A period that cannot be read; the message is Swedish."""


def comparison_text(previous: Period, last_year: Period) -> str:
    """'Jämförs med föregående period kvartal 3 2026 (v.27–39) och samma period förra året kvartal 4 2025
    (v.40–52).' – said once when the two are the same period (a year: the year before)."""
    before, a_year_ago = previous.describe(), last_year.describe()
    if before == a_year_ago:
        return f"Jämförs med föregående period, som också är samma period förra året: {before}."
    return f"Jämförs med föregående period {before} och samma period förra året {a_year_ago}."


def week_option(text: str, year: int | None = None) -> IsoWeek:
    """A week given on the command line (--week 2026-W47, v47 with --year); PeriodError otherwise."""
    from est_cli.weeks import parse_week

    week = parse_week(text, year=year).week
    if week is None:
        raise PeriodError(f"Veckan {text!r} kunde inte tolkas; skriv t.ex. 2026-W47.")
    return week


def month_of(week: IsoWeek) -> tuple[int, int]:
    """(year, month) holding the week's Thursday."""
    day = week.thursday()
    return day.year, day.month


def weeks_between(first: IsoWeek, last: IsoWeek) -> list[IsoWeek]:
    """Every ISO week from `first` to `last`, both included (empty when last < first)."""
    weeks: list[IsoWeek] = []
    week = first
    while week <= last:
        weeks.append(week)
        week = week.shift(1)
    return weeks


def count_weeks(first: IsoWeek, last: IsoWeek) -> int:
    """How many weeks `first` … `last` holds (0 when last < first)."""
    days = (last.monday() - first.monday()).days
    return days // 7 + 1 if days >= 0 else 0


@dataclass(frozen=True)
class Period:
    """A calendar period (kind month/quarter/tertial/year, `number` within the year) or a week range."""

    kind: str  # "month" | "quarter" | "tertial" | "year" | "range"
    year: int = 0
    number: int = 1  # month 1–12, quarter 1–4, tertial 1–3; 1 for a year
    first_week: IsoWeek | None = None  # only for ranges
    last_week: IsoWeek | None = None

    # ---------------------------------------------------------------- constructors

    @classmethod
    def quarter(cls, year: int, number: int) -> Period:
        return cls("quarter", year, number)

    @classmethod
    def tertial(cls, year: int, number: int) -> Period:
        return cls("tertial", year, number)

    @classmethod
    def month(cls, year: int, number: int) -> Period:
        return cls("month", year, number)

    @classmethod
    def whole_year(cls, year: int) -> Period:
        return cls("year", year, 1)

    @classmethod
    def weeks_range(cls, first: IsoWeek, last: IsoWeek) -> Period:
        if last < first:
            raise PeriodError(f"Perioden slutar ({last}) före den börjar ({first}).")
        return cls("range", first_week=first, last_week=last)

    # ---------------------------------------------------------------- the weeks

    @property
    def months(self) -> tuple[int, int]:
        """First and last month (1–12) of a calendar period."""
        span = _SPAN[self.kind]
        start = (self.number - 1) * span + 1
        return start, start + span - 1

    @property
    def weeks(self) -> list[IsoWeek]:
        """The period's ISO weeks in order (by the Thursday rule)."""
        if self.kind == "range":
            return weeks_between(*self._range())
        start, end = self.months
        return [
            IsoWeek(self.year, n)
            for n in range(1, weeks_in_year(self.year) + 1)
            if start <= month_of(IsoWeek(self.year, n))[1] <= end
        ]

    @property
    def first(self) -> IsoWeek:
        return self._range()[0] if self.kind == "range" else self.weeks[0]

    @property
    def last(self) -> IsoWeek:
        return self._range()[1] if self.kind == "range" else self.weeks[-1]

    def _range(self) -> tuple[IsoWeek, IsoWeek]:
        if self.first_week is None or self.last_week is None:
            raise ValueError("a week range needs its first and last week")
        return self.first_week, self.last_week

    def __len__(self) -> int:
        return count_weeks(self.first, self.last)

    # ---------------------------------------------------------------- comparisons

    def previous(self) -> Period:
        """The period of the same kind just before; for a range the same number of weeks just before."""
        if self.kind == "range":
            n = len(self)
            return Period.weeks_range(self.first.shift(-n), self.first.shift(-1))
        per_year = 12 // _SPAN[self.kind]
        if self.number > 1:
            return Period(self.kind, self.year, self.number - 1)
        return Period(self.kind, self.year - 1, per_year)

    def same_period_last_year(self) -> Period:
        """The same label one year earlier; for a range the same week numbers (53 → 52 when missing)."""
        if self.kind != "range":
            return Period(self.kind, self.year - 1, self.number)

        def back(week: IsoWeek) -> IsoWeek:
            return IsoWeek(week.year - 1, min(week.week, weeks_in_year(week.year - 1)))

        return Period.weeks_range(back(self.first), back(self.last))

    # ---------------------------------------------------------------- labels

    @property
    def label(self) -> str:
        """Machine label: '2026-Q3', '2026-T2', '2026', '2026-07', '2026-W27–2026-W39'."""
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        if self.kind == "tertial":
            return f"{self.year}-T{self.number}"
        if self.kind == "year":
            return str(self.year)
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        return f"{self.first}–{self.last}"

    @property
    def title(self) -> str:
        """Swedish name: 'kvartal 3 2026', 'tertial 2 2026', 'år 2026', 'juli 2026', 'v.27–39 2026'."""
        if self.kind == "quarter":
            return f"kvartal {self.number} {self.year}"
        if self.kind == "tertial":
            return f"tertial {self.number} {self.year}"
        if self.kind == "year":
            return f"år {self.year}"
        if self.kind == "month":
            return f"{MONTHS[self.number - 1]} {self.year}"
        return week_span_text(self.first, self.last)

    @property
    def weeks_text(self) -> str:
        """'v.27–39' (or 'v.53 2026–v.13 2027' across a new year)."""
        return week_span_text(self.first, self.last, with_year=False)

    def describe(self) -> str:
        """'kvartal 3 2026 (v.27–39)'; a range is described by its weeks only."""
        if self.kind == "range":
            return self.title
        return f"{self.title} ({self.weeks_text})"


# -------------------------------------------------------------------- parsing

_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*[QK]\s*([1-4])\s*$", re.IGNORECASE)
_QUARTER_FIRST = re.compile(r"^\s*[QK]\s*([1-4])\s*[- ]?\s*(\d{4})\s*$", re.IGNORECASE)
_TERTIAL = re.compile(r"^\s*(\d{4})\s*-?\s*T\s*([1-3])\s*$", re.IGNORECASE)
_TERTIAL_FIRST = re.compile(r"^\s*T\s*([1-3])\s*[- ]?\s*(\d{4})\s*$", re.IGNORECASE)
_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_MONTH = re.compile(r"^\s*(\d{4})\s*-\s*M?(\d{1,2})\s*$", re.IGNORECASE)


def _year_ok(year: int, text: str) -> int:
    if not 2000 <= year <= 2100:
        raise PeriodError(f"Året i {text!r} verkar fel; skriv t.ex. 2026.")
    return year


def parse_quarter(text: str) -> Period:
    """'2026-Q3' (also '2026Q3', 'Q3 2026', '2026-K3')."""
    match = _QUARTER.match(text or "")
    if match:
        return Period.quarter(_year_ok(int(match.group(1)), text), int(match.group(2)))
    match = _QUARTER_FIRST.match(text or "")
    if match:
        return Period.quarter(_year_ok(int(match.group(2)), text), int(match.group(1)))
    raise PeriodError(f"Kvartalet {text!r} kunde inte tolkas; skriv t.ex. 2026-Q3 (Q1–Q4).")


def parse_tertial(text: str) -> Period:
    """'2026-T2' (T1 jan–apr, T2 maj–aug, T3 sep–dec)."""
    match = _TERTIAL.match(text or "")
    if match:
        return Period.tertial(_year_ok(int(match.group(1)), text), int(match.group(2)))
    match = _TERTIAL_FIRST.match(text or "")
    if match:
        return Period.tertial(_year_ok(int(match.group(2)), text), int(match.group(1)))
    raise PeriodError(
        f"Tertialen {text!r} kunde inte tolkas; skriv t.ex. 2026-T2 (T1 jan–apr, T2 maj–aug, T3 sep–dec)."
    )


def parse_year(text: str) -> Period:
    match = _YEAR.match(str(text or ""))
    if not match:
        raise PeriodError(f"Året {text!r} kunde inte tolkas; skriv t.ex. 2026.")
    return Period.whole_year(_year_ok(int(match.group(1)), str(text)))


def parse_month(text: str) -> Period:
    """'2026-07' or '2026-M07'."""
    match = _MONTH.match(text or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise PeriodError(f"Månaden {text!r} kunde inte tolkas; skriv t.ex. 2026-07.")
    return Period.month(_year_ok(int(match.group(1)), text), int(match.group(2)))


def parse_range(first: str, last: str) -> Period:
    """--from 2026-W27 --to 2026-W39 (ISO weeks with year)."""
    weeks = []
    for text in (first, last):
        try:
            weeks.append(IsoWeek.parse(text))
        except ValueError:
            raise PeriodError(f"Veckan {text!r} kunde inte tolkas; skriv vecka med år, t.ex. 2026-W27.") from None
    return Period.weeks_range(weeks[0], weeks[1])


def parse_period(text: str) -> Period:
    """Any single label: '2026-Q3', '2026-T2', '2026', '2026-07'."""
    for parse in (parse_quarter, parse_tertial, parse_year, parse_month):
        try:
            return parse(text)
        except PeriodError:
            continue
    raise PeriodError(f"Perioden {text!r} kunde inte tolkas; skriv t.ex. 2026-Q3, 2026-T2, 2026 eller 2026-07.")


def period_from_options(
    *,
    quarter: str | None = None,
    tertial: str | None = None,
    year: str | None = None,
    month: str | None = None,
    first: str | None = None,
    last: str | None = None,
) -> Period | None:
    """The one period a command's options name (--quarter, --tertial, --year, --month or
    --from/--to), or None when none is given. PeriodError for two periods, a --from without --to
    (or the reverse) and a period that cannot be read."""
    given = [
        name
        for name, value in (
            ("--quarter", quarter),
            ("--tertial", tertial),
            ("--year", year),
            ("--month", month),
            ("--from/--to", first or last),
        )
        if value
    ]
    if len(given) > 1:
        raise PeriodError(f"Ange bara en period: {' eller '.join(given)}.")
    if bool(first) != bool(last):
        raise PeriodError("Ange både --from och --to, t.ex. --from 2026-W27 --to 2026-W39.")
    if quarter:
        return parse_quarter(quarter)
    if tertial:
        return parse_tertial(tertial)
    if year:
        return parse_year(year)
    if month:
        return parse_month(month)
    if first and last:
        return parse_range(first, last)
    return None


# -------------------------------------------------------------------- grouping


@dataclass(frozen=True)
class Bucket:
    """One column of the figures: a week, or the weeks of one month inside the period."""

    key: str  # '2026-W27' or '2026-07'
    title: str  # 'v.27' or 'jul 2026'
    weeks: tuple[IsoWeek, ...]


def buckets(period: Period, per: str = "week") -> list[Bucket]:
    """The period's weeks one by one (per='week'), or grouped by the month holding their Thursday."""
    weeks = period.weeks
    if per == "week":
        return [Bucket(str(w), f"v.{w.week}", (w,)) for w in weeks]
    if per != "month":
        raise PeriodError(f"Okänd indelning {per!r}; välj week eller month.")
    groups: dict[tuple[int, int], list[IsoWeek]] = {}
    for week in weeks:
        groups.setdefault(month_of(week), []).append(week)
    return [
        Bucket(f"{year}-{month:02d}", f"{MONTHS_SHORT[month - 1]} {year}", tuple(ws))
        for (year, month), ws in groups.items()
    ]
