"""A reporter's time of day – '21:30', '7.15', 'kl 14', '0730', '21-23', 'kväll', 'natten' – as a part of
the day (SLOTS, the columns of the hot-times table) or as the minutes of the day it may mean (for whether
an event on the first or last day of the reporting period lies inside it). The one place that reads it.
"""

from __future__ import annotations

import re

SLOTS = ("Natt 00–06", "Morgon 06–12", "Eftermiddag 12–18", "Kväll 18–24", "Okänd tid")
UNKNOWN_SLOT = len(SLOTS) - 1
DAY_MINUTES = 24 * 60

# Words: the first one mentioned wins ("kväll/natt" → Kväll).
_WORDS = (
    ("förmiddag", 1),
    ("formiddag", 1),
    ("eftermiddag", 2),
    ("efter lunch", 2),
    ("lunch", 2),
    ("midnatt", 0),
    ("natt", 0),
    ("morgon", 1),
    ("morron", 1),
    ("kväll", 3),
    ("kvall", 3),
)


_CLOCK = re.compile(r"(?<!\d)(\d{1,2})[:.](\d{2})(?!\d)")  # '21:30', '7.15'
_DIGITS = re.compile(r"(?:kl\.?\s*)?(\d{1,2})(\d{2})")  # '0730', 'kl 2130'
_HOURS = re.compile(r"(?:kl\.?\s*)?(\d{1,2})(?:\s*-\s*(\d{1,2}))?")  # '14', 'kl 21', '21-23'
_KL = re.compile(r"\bkl\.?\s*(\d{1,2})(?!\d)")  # 'ca kl 21 i går'


def _read(text: str) -> tuple[int, int | None, int | None] | int | None:
    """(hour, minute or None, last hour of a span or None) for a clock time; a slot index for a word;
    None when nothing can be read."""
    t = " ".join(str(text or "").casefold().split())
    if not t:
        return None
    clock = _CLOCK.search(t)
    if clock and int(clock.group(2)) < 60:
        if int(clock.group(1)) <= 24:
            return int(clock.group(1)), int(clock.group(2)), None
    elif digits := _DIGITS.fullmatch(t):
        if int(digits.group(2)) < 60 and int(digits.group(1)) <= 24:
            return int(digits.group(1)), int(digits.group(2)), None
    elif hours := (_HOURS.fullmatch(t) or _KL.search(t)):
        last = hours.group(2) if hours.re is _HOURS else None
        if int(hours.group(1)) <= 24:
            return int(hours.group(1)), None, int(last) if last and int(last) <= 24 else None
    found = [(t.find(word), slot) for word, slot in _WORDS if word in t]
    if found:
        return min(found)[1]
    return None


def time_slot(text: str) -> int:
    """Index into SLOTS for a reporter's time: '21:30', '7.15', 'kl 14', '0730', 'kväll', 'natten'."""
    read = _read(text)
    if read is None:
        return UNKNOWN_SLOT
    if isinstance(read, int):
        return read
    return min(read[0] % 24 // 6, 3)


def clock_range(text: str) -> tuple[int, int] | None:
    """The minutes of the day [from, to) a reporter's time may mean; None when it says nothing.

    >>> clock_range("21:30"), clock_range("kl 14"), clock_range("21-23"), clock_range("kväll")
    ((1290, 1291), (840, 900), (1260, 1380), (1080, 1440))
    """
    read = _read(text)
    if read is None:
        return None
    if isinstance(read, int):
        return (read * 360, read * 360 + 360) if read != UNKNOWN_SLOT else None
    hour, minute, last = read
    if hour == 24:  # '24:00': the end of the day
        return DAY_MINUTES - 1, DAY_MINUTES
    if minute is not None:
        return hour * 60 + minute, hour * 60 + minute + 1
    if last is not None and last > hour:
        return hour * 60, last * 60
    return hour * 60, hour * 60 + 60


__all__ = ["DAY_MINUTES", "SLOTS", "UNKNOWN_SLOT", "clock_range", "time_slot"]
