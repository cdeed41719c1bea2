"""The reporting period (est.toml's `rapportperiod`): the days and hours a week's reports cover.

The veckolägesbild for week 47 is made at the meeting in week 47 from the reports sent in before the
deadline, so the reports cover the days *before* the deadline – by default the seven days up to it
(onsdag 10:00 – onsdag 10:00), not the ISO week's Monday to Sunday. Ingest dates a weekday column ("Tor")
inside the period and names an event dated outside it; the workbook and the lägesbild state the period and
lay their day × time table out over its days.

>>> period = parse_period("torsdag 00:00 – onsdag 10:00", parse_weekday_time("onsdag 10:00"))
>>> window = period.window(IsoWeek(2026, 47))
>>> window.start, window.end
(datetime.datetime(2026, 11, 12, 0, 0), datetime.datetime(2026, 11, 18, 10, 0))
>>> window.span_text(), window.date_of_weekday(3)
('12–18 november 2026', datetime.date(2026, 11, 12))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from est_cli.clock import DAY_MINUTES, clock_range
from est_cli.swedish import MONTHS, WEEKDAYS, weekday_number
from est_cli.weeks import IsoWeek

WEEK = timedelta(days=7)
# 'onsdag 10:00', 'ons kl. 10', 'Onsdag 10.00', 'söndag 24:00'
_WEEKDAY_TIME = re.compile(r"^\s*([^\W\d_]+)\.?\s*(?:kl\.?\s*)?(\d{1,2})(?:[:.](\d{2}))?\s*$")
# 'torsdag 00:00 – onsdag 10:00', 'tor 00.00 - ons 10.00', 'torsdag 0:00 till onsdag 10:00'
_RANGE = re.compile(r"^(.+?)\s*(?:–|—|-|\btill\b)\s*(.+)$")
EXAMPLE = "torsdag 00:00 – onsdag 10:00"


class PeriodError(ValueError):
    """A `rapportperiod` or `deadline` that cannot be read; the message is Swedish (why, not where)."""


@dataclass(frozen=True)
class WeekdayTime:
    """A weekday (0 = Monday) and a time of day in minutes (0 … 1440; 24:00 is the end of the day)."""

    weekday: int
    minutes: int

    def in_week(self, week: IsoWeek) -> datetime:
        """This weekday and time in `week` (24:00 is midnight after the day)."""
        day = week.monday() + timedelta(days=self.weekday)
        return datetime(day.year, day.month, day.day) + timedelta(minutes=self.minutes)

    def text(self) -> str:
        """'onsdag 10:00'."""
        return f"{WEEKDAYS[self.weekday]} {self.minutes // 60:02d}:{self.minutes % 60:02d}"


def parse_weekday_time(text: str) -> WeekdayTime | None:
    """'onsdag 10:00', 'ons kl. 10', 'Onsdag 10.00' → WeekdayTime; None when it cannot be read."""
    match = _WEEKDAY_TIME.match(str(text))
    if not match:
        return None
    weekday = weekday_number(match.group(1))
    hour, minute = int(match.group(2)), int(match.group(3) or 0)
    if weekday is None or minute >= 60 or hour * 60 + minute > DAY_MINUTES:
        return None
    return WeekdayTime(weekday, hour * 60 + minute)


@dataclass(frozen=True)
class ReportingPeriod:
    """The setting: from a weekday and time to a weekday and time, ending at or before the deadline."""

    start: WeekdayTime
    end: WeekdayTime
    deadline: WeekdayTime

    def window(self, week: IsoWeek) -> ReportingWindow:
        """The period of `week`'s reports: it ends at the last `end` at or before the week's deadline and
        starts at the last `start` before that (at most seven days; the same weekday and time: seven)."""
        deadline = self.deadline.in_week(week)
        end = self.end.in_week(week)
        while end > deadline:
            end -= WEEK
        while end + WEEK <= deadline:
            end += WEEK
        start = self.start.in_week(week)
        while start >= end:
            start -= WEEK
        while start + WEEK < end:
            start += WEEK
        return ReportingWindow(week, start, end, deadline)

    def text(self) -> str:
        """'torsdag 00:00 – onsdag 10:00', as est.toml's comment and README write it."""
        return f"{self.start.text()} – {self.end.text()}"

    def week_of_day(self, day: date) -> IsoWeek:
        """The report week whose period holds most of the day (the later one on a tie)."""
        best: tuple[float, IsoWeek] | None = None
        for shift in (-1, 0, 1, 2):
            week = IsoWeek.of(day).shift(shift)
            hours = self.window(week).hours_on(day)
            if hours and (best is None or hours >= best[0]):
                best = (hours, week)
        return best[1] if best else IsoWeek.of(day)


def default_period(deadline: WeekdayTime) -> ReportingPeriod:
    """The seven days up to the deadline: from the same weekday and time a week before."""
    return ReportingPeriod(deadline, deadline, deadline)


def parse_period(text: str, deadline: WeekdayTime) -> ReportingPeriod:
    """est.toml's `rapportperiod` ('torsdag 00:00 – onsdag 10:00'); PeriodError with a Swedish reason."""
    match = _RANGE.match(str(text).strip())
    start = parse_weekday_time(match.group(1)) if match else None
    end = parse_weekday_time(match.group(2)) if match else None
    if start is None or end is None:
        raise PeriodError(
            f'skriv första och sista dag med klockslag, med ett tankstreck emellan, t.ex. rapportperiod = "{EXAMPLE}"'
        )
    period = ReportingPeriod(start, end, deadline)
    window = period.window(IsoWeek(2026, 47))  # every ISO week has the same weekdays and hours
    if window.deadline is not None and window.deadline - window.end >= timedelta(days=6):
        raise PeriodError(
            f"perioden slutar {end.text()}, efter sista tid för inrapportering ({deadline.text()}); "
            "den ska sluta vid eller före sista tid"
        )
    return period


@dataclass(frozen=True)
class ReportingWindow:
    """One week's reporting period: [start, end) in local time, and the deadline it ends by."""

    week: IsoWeek
    start: datetime
    end: datetime
    deadline: datetime | None = None

    @classmethod
    def iso_week(cls, week: IsoWeek) -> ReportingWindow:
        """Monday 00:00 to Monday 00:00: the period when nothing else is known (outside a workspace)."""
        monday = week.monday()
        start = datetime(monday.year, monday.month, monday.day)
        return cls(week, start, start + WEEK)

    def for_week(self, week: IsoWeek) -> ReportingWindow:
        """The same period for another week (every week has the same weekdays and hours)."""
        shift = timedelta(days=(week.monday() - self.week.monday()).days)
        return ReportingWindow(week, self.start + shift, self.end + shift, self.deadline and self.deadline + shift)

    def days(self) -> list[date]:
        """The dates the period touches, in order (eight when it starts and ends at 10:00)."""
        first, last = self.start.date(), (self.end - timedelta(minutes=1)).date()
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    def _minutes_on(self, day: date) -> tuple[int, int]:
        """The minutes [from, to) of `day` inside the period; (0, 0) when none."""
        midnight = datetime(day.year, day.month, day.day)
        lo = max(self.start, midnight)
        hi = min(self.end, midnight + timedelta(days=1))
        if hi <= lo:
            return 0, 0
        return int((lo - midnight).total_seconds() // 60), int((hi - midnight).total_seconds() // 60)

    def hours_on(self, day: date) -> float:
        lo, hi = self._minutes_on(day)
        return (hi - lo) / 60

    def contains(self, day: date, time_text: str = "") -> bool:
        """Does an event on `day` at the reporter's time (as written: '21:30', 'kväll', '') lie inside?
        On the first and last day only the hours inside count; a time that says nothing gives the
        benefit of the doubt."""
        lo, hi = self._minutes_on(day)
        if hi <= lo:
            return False
        clock = clock_range(time_text)
        return clock is None or (clock[0] < hi and clock[1] > lo)

    def date_of_weekday(self, weekday: int, time_text: str = "") -> date:
        """The date of a weekday column ('Tor'): that weekday in the period – of two (the first and last
        day of a period from onsdag 10:00 to onsdag 10:00), the one the event's time fits, else the one
        with more hours inside."""
        candidates = [d for d in self.days() if d.weekday() == weekday]
        fitting = [d for d in candidates if self.contains(d, time_text)] or candidates
        if not fitting:  # a weekday the period does not reach (a period shorter than a week)
            return self.end.date() - timedelta(days=(self.end.date().weekday() - weekday) % 7)
        return max(fitting, key=lambda d: (self.hours_on(d), -d.toordinal()))

    def day_label(self, day: date) -> str:
        """'tor 12/11'; a day only partly inside: 'ons 11/11 från kl. 10', 'ons 18/11 till kl. 10'."""
        label = f"{WEEKDAYS[day.weekday()][:3]} {day.day}/{day.month}"
        lo, hi = self._minutes_on(day)
        if lo > 0:
            label += f" från kl. {_clock_text(lo)}"
        if hi < DAY_MINUTES:
            label += f" till kl. {_clock_text(hi)}"
        return label

    def span_text(self, times: bool = False) -> str:
        """'12–18 november 2026'; a start inside a day: '11 november kl. 10 – 18 november 2026'. With
        `times` the end's time too: '11 november kl. 10 – 18 november 2026 kl. 10'."""
        first, last = self.start.date(), (self.end - timedelta(minutes=1)).date()
        start_time = self.start.hour * 60 + self.start.minute
        end_time = int((self.end - datetime(last.year, last.month, last.day)).total_seconds() // 60)
        end_text = f"{last.day} {MONTHS[last.month - 1]} {last.year}"
        if times and end_time < DAY_MINUTES:
            end_text += f" kl. {_clock_text(end_time)}"
        if start_time:
            year = f" {first.year}" if first.year != last.year else ""
            return f"{first.day} {MONTHS[first.month - 1]}{year} kl. {_clock_text(start_time)} – {end_text}"
        if first.year != last.year:
            return f"{first.day} {MONTHS[first.month - 1]} {first.year} – {end_text}"
        if first.month != last.month:
            return f"{first.day} {MONTHS[first.month - 1]} – {end_text}"
        return f"{first.day}–{end_text}"

    def deadline_text(self) -> str:
        """'onsdag 18 november kl. 10'; '' without a deadline."""
        if self.deadline is None:
            return ""
        d = self.deadline
        return f"{WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]} kl. {_clock_text(d.hour * 60 + d.minute)}"

    def sentence(self) -> str:
        """'Händelser 12–18 november 2026, rapporter till onsdag 18 november kl. 10' – the end's time is
        said only when the period ends before the deadline."""
        ends_at_deadline = self.deadline is not None and self.end == self.deadline
        text = f"Händelser {self.span_text(times=not ends_at_deadline)}"
        return text + (f", rapporter till {self.deadline_text()}" if self.deadline else "")


def _clock_text(minutes: int) -> str:
    """600 → '10', 630 → '10:30'."""
    hour, minute = divmod(minutes, 60)
    return f"{hour}" if not minute else f"{hour}:{minute:02d}"


__all__ = [
    "EXAMPLE",
    "PeriodError",
    "ReportingPeriod",
    "ReportingWindow",
    "WeekdayTime",
    "default_period",
    "parse_period",
    "parse_weekday_time",
]
