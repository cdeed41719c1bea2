"""An event's date as reporters write it in a Datum column: '2026-11-12', '12/11/2026' (est_cli.weeks
.parse_date), and the everyday forms without a year – '12/11', '12.11', 'tis 12/11', '12 nov',
'12:e november', '12-nov' (how Swedish Excel shows a date typed as 12/11 and saves it to CSV) –
whose year is the one that puts the day nearest the report's period (known only when the report's week
is, est_cli.ingest.header). A time after the date ('12/11 kl. 22', '12/11 22.30', '12/11 kväll') is
allowed; a second date is not (which one would it be?).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from est_cli.swedish import MONTHS, MONTHS_SHORT
from est_cli.text import fold
from est_cli.weeks import nearest_date, parse_date

_WEEKDAY = r"(?:(?:ma|ti|on|to|fr|lo|so)[a-z]*\.?,?\s+)?"  # 'tis', 'Tisdag', 'lö.' (accents gone)
_NUMERIC = re.compile(_WEEKDAY + r"(\d{1,2})\s*[/.]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2}|\d{4}))?\.?(?P<rest>.*)$")
_NAMED = re.compile(_WEEKDAY + r"(\d{1,2})(?::?[ae])?[\s.-]*([a-z]+)\.?(?:[\s.-]+(\d{4}|\d{2}))?(?P<rest>.*)$")
# What may follow the date: a time ('kl. 22', '22.30', '21–23') or words ('kväll', 'natten till fredag').
_REST = re.compile(r"^(?:[\s,]+(?:kl\.?\s*)?\d{1,2}(?:[:.]\d{2})?(?:\s*[-–]\s*\d{1,2}(?:[:.]\d{2})?)?\b.*|[\s,]+\D*)?$")
_MONTH_WORDS = {**{fold(m): n for n, m in enumerate(MONTHS, 1)}, **{fold(m): n for n, m in enumerate(MONTHS_SHORT, 1)}}
_MONTH_WORDS.update({"sept": 9, "mars": 3})


@dataclass(frozen=True)
class DayMonth:
    """A date written without its year: '12/11' → DayMonth(12, 11)."""

    day: int
    month: int

    def nearest(self, near: date, years: int = 4) -> date | None:
        """The date in the year that puts it nearest `near`, at most `years` away (29/2 in the nearest
        leap year; None when there is none that near)."""
        return nearest_date(self.day, self.month, near, years)


def read_event_date(value: object) -> date | DayMonth | None:
    """The date of a Datum cell: a whole date, a DayMonth when the year is left out, None when it
    cannot be read.

    >>> read_event_date("tis 12/11 kväll")
    DayMonth(day=12, month=11)
    >>> read_event_date("12 nov 2026")
    datetime.date(2026, 11, 12)
    """
    if isinstance(value, datetime | date):
        return parse_date(value)
    whole = parse_date(value)
    if whole is not None:
        return whole
    text = _plain(str(value or ""))
    for pattern, named in ((_NUMERIC, False), (_NAMED, True)):
        match = pattern.match(text)
        if not match or not _REST.match(match.group("rest")):
            continue
        day, month_text, year_text = match.group(1), match.group(2), match.group(3)
        if not 1 <= int(day) <= 31:
            return None
        month = _month_word(month_text) if named else int(month_text)
        if month is None or not 1 <= month <= 12:
            return None
        if year_text:
            year = int(year_text) + (2000 if len(year_text) == 2 else 0)
            try:
                return date(year, month, int(day))
            except ValueError:
                return None
        if DayMonth(int(day), month).nearest(date(2024, 6, 1)) is None:  # 31/11: no such day in any year
            return None
        return DayMonth(int(day), month)
    return None


def _plain(text: str) -> str:
    """Lower case without accents (å→a, ö→o), spacing collapsed – punctuation kept, unlike `fold`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def _month_word(word: str) -> int | None:
    """'nov', 'november', 'okt.' → the month; None for a word that is no month."""
    if word in _MONTH_WORDS:
        return _MONTH_WORDS[word]
    found = {n for name, n in _MONTH_WORDS.items() if len(word) >= 3 and name.startswith(word)}
    return found.pop() if len(found) == 1 else None


__all__ = ["DayMonth", "read_event_date"]
