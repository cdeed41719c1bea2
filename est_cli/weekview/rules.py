"""The counting rules of the compiled week: when an event happened (time of day, weekday) and where
(places that are the same place: est_cli.places), and the hot spots and hot times built from them. Plain data in,
plain data out; the workbook, the lägesbild and the trend all count with these."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from est_cli.places import place_key, resolve_places
from est_cli.weekview import EventRow

SLOTS = ("Natt 00–06", "Morgon 06–12", "Eftermiddag 12–18", "Kväll 18–24", "Okänd tid")
UNKNOWN_SLOT = len(SLOTS) - 1
DAYS = 7  # rows of the hot-times matrix before the row of events without a date


def time_slot(text: str) -> int:
    """Index into SLOTS for a reporter's time: '21:30', '7.15', 'kl 14', '0730', 'kväll', 'natten'."""
    t = " ".join(str(text or "").casefold().split())
    if not t:
        return UNKNOWN_SLOT
    hour: int | None = None
    match = re.search(r"(?<!\d)(\d{1,2})[:.](\d{2})(?!\d)", t)
    if match and int(match.group(2)) < 60:
        hour = int(match.group(1))
    else:
        match = (
            re.fullmatch(r"(?:kl\.?\s*)?(\d{1,2})(\d{2})", t)
            or re.fullmatch(r"(?:kl\.?\s*)?(\d{1,2})(?:\s*-\s*\d{1,2})?", t)
            or re.search(r"\bkl\.?\s*(\d{1,2})(?!\d)", t)
        )
        if match:
            hour = int(match.group(1))
            if match.re.groups == 2 and int(match.group(2)) >= 60:
                hour = None
    if hour is not None and 0 <= hour <= 24:
        return min(hour % 24 // 6, 3)
    # Words: the first one mentioned wins ("kväll/natt" → Kväll).
    words = (
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
    found = [(t.find(word), slot) for word, slot in words if word in t]
    if found:
        return min(found)[1]
    return UNKNOWN_SLOT


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


def hot_times(events: list[EventRow]) -> list[list[int]]:
    """8 × 5 matrix of events (an event reported twice counts once): rows Måndag…Söndag + Okänt datum, columns SLOTS."""
    matrix = [[0] * len(SLOTS) for _ in range(DAYS + 1)]
    for event in events:
        row = event.date.weekday() if event.date is not None else DAYS
        matrix[row][time_slot(event.time)] += event.counts
    return matrix


__all__ = ["DAYS", "SLOTS", "UNKNOWN_SLOT", "HotSpot", "hot_spots", "hot_times", "place_key", "time_slot"]
