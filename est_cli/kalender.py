"""What is coming: Swedish public holidays (from the maintained `holidays` library, not a table of our
own) and the workspace's known risk periods and events in est.toml – lov, Valborg, large arrangements,
for all areas or one:

    [[kalender]]
    namn = "Valborg"
    datum = "04-30"                      # every year
    [[kalender]]
    namn = "Höstlov"
    datum = "2026-10-26 – 2026-10-30"    # a period
    omrade = "Vivalla"                   # optional: one area

Växjö knows its "riskperioder" and prepares for them (main seed, chapter 12); the draft lists what falls
in the weeks after the one it is for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from est_cli.swedish import MONTHS, WEEKDAYS

AHEAD_WEEKS = 3  # the draft looks this many weeks past its own week


class CalendarError(ValueError):
    """A `[[kalender]]` entry that cannot be used (Swedish, names the entry)."""


@dataclass(frozen=True)
class Entry:
    name: str
    first: str  # "MM-DD" (every year) or "YYYY-MM-DD"
    last: str
    area: str = ""

    def dates(self, year: int) -> tuple[date, date] | None:
        """The entry's first and last day in `year` (a yearly one), or as written."""

        def day(text: str) -> date:
            if len(text) == 5:
                return date(year, int(text[:2]), int(text[3:]))
            return date.fromisoformat(text)

        try:
            return day(self.first), day(self.last)
        except ValueError:
            return None


_DAY = r"(\d{4}-\d{2}-\d{2}|\d{2}-\d{2})"


def parse_calendar(data: object) -> list[Entry]:
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        raise CalendarError(
            '[[kalender]] ska vara tabeller med namn och datum, t.ex. namn = "Valborg", datum = "04-30".'
        )
    entries = []
    for n, item in enumerate(data, 1):
        name, when, area = item.get("namn"), item.get("datum"), item.get("omrade", "")
        if not isinstance(name, str) or not name.strip() or not isinstance(when, str):
            raise CalendarError(f'[[kalender]] nr {n} behöver namn och datum, t.ex. namn = "Valborg", datum = "04-30".')
        match = re.fullmatch(rf"\s*{_DAY}\s*(?:[–-]{{1,2}}\s*{_DAY})?\s*", when.replace(" – ", " – "))
        if not match:
            raise CalendarError(
                f'[[kalender]] {name}: datum = {when!r} går inte att läsa; skriv "04-30", "2026-10-26" eller '
                '"2026-10-26 – 2026-10-30".'
            )
        entry = Entry(name.strip(), match.group(1), match.group(2) or match.group(1), str(area or "").strip())
        if entry.dates(2024) is None:
            raise CalendarError(f"[[kalender]] {name}: datum = {when!r} är inget giltigt datum.")
        entries.append(entry)
    return entries


def _span(first: date, last: date) -> str:
    def day(d: date) -> str:
        return f"{WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]}"

    return (
        day(first) if first == last else f"{first.day} {MONTHS[first.month - 1]} – {last.day} {MONTHS[last.month - 1]}"
    )


def coming(entries: list[Entry], after: date, weeks: int = AHEAD_WEEKS) -> list[str]:
    """What falls in the `weeks` weeks after the day `after`: 'fredag 19 juni: Midsommarafton',
    '26 oktober – 30 oktober: Höstlov (Vivalla)', in date order."""
    import holidays

    until = after + timedelta(weeks=weeks)
    found: list[tuple[date, str]] = []
    for year in sorted({after.year, until.year}):
        public = holidays.Sweden(years=year, language="sv", categories=("public", "de_facto"))
        found += [(d, f"{_span(d, d)}: {name}") for d, name in public.items() if after < d <= until]
        for entry in entries:
            dates = entry.dates(year)
            if dates and dates[1] > after and dates[0] <= until:
                where = f" ({entry.area})" if entry.area else ""
                found.append((dates[0], f"{_span(*dates)}: {entry.name}{where}"))
    return [text for _, text in sorted(set(found))]


def config_lines() -> list[str]:
    return [
        "# Kända riskperioder och händelser (lov, högtider, stora arrangemang), för alla områden eller ett.",
        "# Helgdagarna tar est själv fram. Veckolägesbilden visar det som infaller de närmaste veckorna.",
        "[[kalender]]",
        'namn = "Valborg"',
        'datum = "04-30"',
        "# [[kalender]]",
        '# namn = "Höstlov"',
        '# datum = "2026-10-26 – 2026-10-30"',
        '# omrade = "Vivalla"',
    ]


__all__ = ["AHEAD_WEEKS", "CalendarError", "Entry", "coming", "config_lines", "parse_calendar"]
