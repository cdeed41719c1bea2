"""The counting rules of the compiled week: when an event happened (the days of the reporting period; time of
day: est_cli.clock) and where (places that are the same place: est_cli.places), and the hot spots and hot
times built from them. Plain data in, plain data out; the workbook, the lägesbild and the trend all count
with these."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from est_cli.clock import SLOTS, UNKNOWN_SLOT, time_slot
from est_cli.places import place_key, resolve_places
from est_cli.reporting_period import ReportingWindow
from est_cli.weekview import EventRow

OUTSIDE_PERIOD = "Utanför rapportperioden"
UNKNOWN_DATE = "Okänt datum"


# Report counts further apart than this share of the larger make two weeks' event counts incomparable:
# 7 reports against 3 is no "increase", 6 against 5 is.
COMPARABLE_SHARE = 1 / 3


def comparable(reports: float | None, base_reports: float | None) -> bool:
    """Whether two weeks' counts can be compared as they are: both have reports, and the numbers of
    reports differ by at most a third of the larger (two periods: their reports per reported week)."""
    if not reports or not base_reports:
        return False
    return abs(reports - base_reports) <= max(reports, base_reports) * COMPARABLE_SHARE


@dataclass(frozen=True)
class ReportCounts:
    """An area's reports this week and in the comparison weeks (0 = none)."""

    this: int = 0
    previous: int = 0
    before: int = 0
    last_year: int = 0

    @classmethod
    def of(cls, view, area_key: str) -> ReportCounts:
        weeks = (view.week, view.previous_week, view.week_before, view.same_week_last_year)
        return cls(*(view.reports.get((w, area_key), 0) for w in weeks))

    def fair(self, base: int) -> bool:
        return comparable(self.this, base)


@dataclass
class HotSpot:
    area: str
    place: str  # the most common spelling
    count: int  # the events there (an event reported twice counts once)
    labels: list[str] = field(default_factory=list)  # distinct categories, most events first


def _key(event: EventRow) -> str:
    return event.place_key or place_key(event.place)


def hot_spots(events: list[EventRow]) -> tuple[list[HotSpot], int]:
    """Places with most events, highest first; and the number of events without a place.

    Places are the same place by est_cli.places: words in any order, and a part of one other place
    in the same area ("Bettorpsgatan" beside "Gångtunneln vid Bettorpsgatan") joins it. A place in the
    workspace's platser.csv (EventRow.registered_place) is shown as the register spells it, its aliases
    are that place, and it never joins another place as a part: the coordinator has named it."""
    groups: dict[tuple[str, str], list[EventRow]] = {}
    no_place = 0
    areas: dict[str, set[str]] = {}
    registered: dict[tuple[str, str], str] = {}
    for event in events:
        areas.setdefault(event.area, set()).add(_key(event))
        if event.registered_place:
            registered[(event.area, _key(event))] = event.registered_place
    resolved = {area: resolve_places(keys, area) for area, keys in areas.items()}
    for event in events:
        key = _key(event)
        if (event.area, key) not in registered:
            key = resolved[event.area].get(key, "")
        if not key:
            no_place += event.counts
            continue
        groups.setdefault((event.area, key), []).append(event)
    spots = []
    for (area, key), rows in groups.items():
        # The spelling of the whole place, not of a part of it that joined.
        whole = [e for e in rows if _key(e) == key] or rows
        spellings = Counter(" ".join(e.place.split()) for e in whole)
        spelling = registered.get((area, key)) or max(
            spellings, key=lambda s: (spellings[s], -list(spellings).index(s))
        )
        per_label: Counter[str] = Counter()
        for e in rows:
            per_label[e.label] += e.counts
        labels = sorted(per_label, key=lambda lab: -per_label[lab])  # stable: first seen on ties
        spots.append(HotSpot(area, spelling, sum(e.counts for e in rows), labels))
    spots.sort(key=lambda s: (-s.count, s.area.casefold(), s.place.casefold()))
    return spots, no_place


@dataclass
class TimeRow:
    """One row of the hot-times table: a day of the reporting period, or the events outside it or without
    a date; `counts` per SLOTS."""

    label: str  # 'tor 12/11', 'ons 18/11 till kl. 10', OUTSIDE_PERIOD, UNKNOWN_DATE
    counts: list[int]
    day: date | None = None

    @property
    def total(self) -> int:
        return sum(self.counts)


def hot_times(events: list[EventRow], window: ReportingWindow) -> list[TimeRow]:
    """When the events happened (an event reported twice counts once): a row per day of the reporting
    period in its order ('tor 12/11' … 'ons 18/11 till kl. 10'), then – only when there are any – the
    events dated outside the period (never put on a day of it), then those without a date."""
    days = window.days()
    rows = [TimeRow(window.day_label(day), [0] * len(SLOTS), day) for day in days]
    by_day = {day: row for day, row in zip(days, rows, strict=True)}
    outside = TimeRow(OUTSIDE_PERIOD, [0] * len(SLOTS))
    undated = TimeRow(UNKNOWN_DATE, [0] * len(SLOTS))
    for event in events:
        if event.date is None:
            row = undated
        elif window.contains(event.date, event.time):
            row = by_day[event.date]
        else:
            row = outside
        row.counts[time_slot(event.time)] += event.counts
    return rows + ([outside] if outside.total else []) + [undated]


__all__ = [
    "COMPARABLE_SHARE",
    "OUTSIDE_PERIOD",
    "SLOTS",
    "UNKNOWN_DATE",
    "UNKNOWN_SLOT",
    "HotSpot",
    "ReportCounts",
    "TimeRow",
    "comparable",
    "hot_spots",
    "hot_times",
    "place_key",
    "time_slot",
]
