"""Events, not just reports: observations that are probably the same event count once.

Observations of active reports form one event when they are

- in the same week and area, of the same item (key), from different reports;
- at the same place (est_cli.places.place_key, stored with each observation: word order,
  punctuation, case and small words do not matter, and an alias in the workspace's platser.csv is its
  registered place – est_cli.place_sync keeps the stored keys in step with the file) – never without a
  place. A place that is only a
  part of another ("Bettorpsgatan" beside "Gångtunneln vid Bettorpsgatan") joins it in the hot spots,
  not here: whether it is the same event is the coordinator's to say (`est händelse samma`);
- on the same date, at times within TIME_WINDOW of each other, or without a time;
- with descriptions that have a word in common, or without a description: "Klotter på busskur" and
  "Krossad glasruta i entrédörr" the same night at Baronbackarna torg are two events.
  Observations without a date are the same event only when their descriptions are the same ("Ca 15
  ungdomar vid Vivalla centrum kl 21-23" from Polisen and Fältgruppen), not just alike: without a
  date "Ungdomar vid centrum kvällstid" may be another evening. So a checklist row "Skadegörelse: 3"
  without place or date is never merged.

The coordinator's word (`event_links`, `est händelse samma/skilj`) overrides the automatic grouping.
An event counts its largest count (two reports of one fire: 1; "2" and "2": 2), not the sum.

The common case stays in SQL: the counts are summed there (week_reads, period_reads), and only the few
(week, area, key, date, place key) groups with observations from two or more reports are fetched and
grouped here; the surplus (sum − largest count) of each event is then taken off the sums.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import Connection, func, select

from est_cli.places import place_key
from est_cli.store import tables as t

TIME_WINDOW = 120  # minutes: reported times further apart than this are two events
_CLOCK = re.compile(r"(?<!\d)(\d{1,2})(?:[:.](\d{2}))?(?:\s*[-–]\s*(\d{1,2})(?:[:.](\d{2}))?)?(?!\d)")


@dataclass(frozen=True)
class Member:
    """One observation as the grouping sees it."""

    id: int
    report_id: int
    week: str
    area_key: str
    key: str
    theme: str | None
    count: int
    place: str
    date: date | None
    time: str
    comment: str
    # The stored place key (with the workspace's place register: an alias is its registered place);
    # '' → the place's own key (places.place_key), for members made without the archive.
    place_key: str = ""


@lru_cache(maxsize=4096)
def clock_span(text: str) -> tuple[int, int] | None:
    """A reported time as minutes after midnight (first, last): '21:50', '21.50', 'kl 21-23', '2150',
    '14'; None for no time or only words ('kväll')."""
    cleaned = " ".join(str(text or "").casefold().split())
    if not cleaned:
        return None
    if re.fullmatch(r"(?:kl\.?\s*)?\d{4}", cleaned):  # "2150"
        digits = cleaned[-4:]
        cleaned = f"{digits[:2]}:{digits[2:]}"
    match = _CLOCK.search(cleaned)
    if not match:
        return None
    hour, minute, end_hour, end_minute = match.groups()
    if int(hour) > 24 or (minute and int(minute) > 59):
        return None
    first = int(hour) * 60 + int(minute or 0)
    if end_hour is not None and int(end_hour) <= 24:
        last = int(end_hour) * 60 + int(end_minute or 0)
        return (first, last) if last >= first else (first, first)
    return (first, first if minute else first + 59)


def _near(a: Member, b: Member) -> bool:
    span_a, span_b = clock_span(a.time), clock_span(b.time)
    if span_a is None or span_b is None:
        return True
    gap = max(span_a[0], span_b[0]) - min(span_a[1], span_b[1])
    return gap <= TIME_WINDOW


def _words(m: Member) -> frozenset[str]:
    return _describing(m.comment, m.place)


@lru_cache(maxsize=4096)
def _describing(comment: str, place: str) -> frozenset[str]:
    """The describing words of a comment: five letters or more, not the place's own words."""
    words = set(place_key(place).split())
    return frozenset(w for w in re.findall(r"\w{5,}", comment.casefold()) if w not in words and not w.isdigit())


def _alike(a: Member, b: Member) -> bool:
    """Descriptions that could be of one event: a word in common ('papperskorg' begins
    'papperskorgsbrand' too). Two descriptions without a word in common are two events ('Klotter på
    busskur' and 'Krossad glasruta i entrédörr'); a missing description contradicts nothing."""
    words_a, words_b = _words(a), _words(b)
    if not words_a or not words_b:
        return True
    return any(x.startswith(y) or y.startswith(x) for x in words_a for y in words_b)


def _same_text(a: str, b: str) -> bool:
    words_a, words_b = re.findall(r"\w+", a.casefold()), re.findall(r"\w+", b.casefold())
    return bool(words_a) and words_a == words_b


def _fits(member: Member, event: list[Member]) -> bool:
    if any(other.report_id == member.report_id for other in event):
        return False  # two rows of one report are two events
    for other in event:
        if member.date is None and not _same_text(member.comment, other.comment):
            return False  # without a date only the same description tells
        if not (_alike(member, other) and _near(member, other)):
            return False
    return True


def group_members(members: list[Member]) -> list[list[Member]]:
    """The automatic events (two or more observations each) among candidate observations."""
    groups: dict[tuple, list[Member]] = {}
    for m in members:
        place = m.place_key or place_key(m.place)
        if place:
            groups.setdefault((m.week, m.area_key, m.key, m.date, place), []).append(m)
    events: list[list[Member]] = []
    for group in groups.values():
        if len({m.report_id for m in group}) < 2:
            continue
        found: list[list[Member]] = []
        for m in sorted(group, key=lambda m: ((clock_span(m.time) or (24 * 60, 0))[0], m.id)):
            target = next((event for event in found if _fits(m, event)), None)
            if target is None:
                found.append([m])
            else:
                target.append(m)
        events.extend(event for event in found if len(event) > 1)
    return events


def _columns():
    r, o = t.reports, t.observations
    return (
        o.c.id,
        o.c.report_id,
        r.c.week,
        r.c.area_key,
        o.c.key,
        o.c.theme,
        o.c.count,
        o.c.place,
        o.c.date,
        o.c.time,
        o.c.comment,
        o.c.place_key,
    )


def multi_events(conn: Connection, conditions: list) -> list[list[Member]]:
    """Every event of two or more observations among the active reports that `conditions` select
    (conditions on reports and observations, e.g. the weeks): the coordinator's, then the automatic."""
    r, o, links = t.reports, t.observations, t.event_links
    base = [t.active(r), o.c.count > 0, *conditions]
    manual: dict[int, list[Member]] = {}
    query = (
        select(*_columns(), links.c.event)
        .join(r, o.c.report_id == r.c.id)
        .join(links, links.c.observation_id == o.c.id)
        .where(*base, links.c.event.is_not(None))
    )
    for row in conn.execute(query):
        manual.setdefault(row.event, []).append(Member(*row[:-1]))
    placed = select(links.c.observation_id)
    # The candidates: observations with a place, in (week, area, key, date, place) groups with two or more
    # reports (the smallest and the largest report id differ); undated ones only with a description.
    group = (r.c.week, r.c.area_key, o.c.key, o.c.date, o.c.place_key)
    inner = (
        select(
            *_columns(),
            func.min(o.c.report_id).over(partition_by=group).label("lo"),
            func.max(o.c.report_id).over(partition_by=group).label("hi"),
        )
        .join(r, o.c.report_id == r.c.id)
        .where(*base, o.c.place_key != "", o.c.date.is_not(None) | (o.c.comment != ""), o.c.id.not_in(placed))
        .subquery()
    )
    query = select(*(inner.c[c.name] for c in _columns())).where(inner.c.lo != inner.c.hi)
    candidates = [Member(*row) for row in conn.execute(query)]
    return [event for event in manual.values() if len(event) > 1] + group_members(candidates)


def event_count(event: list[Member]) -> int:
    """An event counts its largest reported count: two reports of one fire are one fire."""
    return max(m.count for m in event)


def surplus(events: list[list[Member]]) -> dict[tuple[str, str, str, str | None], int]:
    """(week, area_key, key, theme) → what the reports counted beyond the events (sum − events)."""
    extra: dict[tuple[str, str, str, str | None], int] = {}
    for event in events:
        first = min(event, key=lambda m: m.id)
        where = (first.week, first.area_key, first.key, first.theme)
        extra[where] = extra.get(where, 0) + sum(m.count for m in event) - event_count(event)
    return extra


def refresh_surplus(conn: Connection, weeks: Iterable[str] | None) -> None:
    """Recompute the stored surplus (tables.event_surplus) of these weeks, or of every week (None):
    called by every write that changes what a week counts, in its transaction."""
    es = t.event_surplus
    conditions: list = []
    if weeks is None:
        conn.execute(es.delete())
    else:
        chosen = sorted({w for w in weeks if w})
        if not chosen:
            return
        conn.execute(es.delete().where(es.c.week.in_(chosen)))
        conditions.append(t.reports.c.week.in_(chosen))
    values = [
        {"week": w, "area_key": a, "key": k, "theme": theme, "surplus": n}
        for (w, a, k, theme), n in surplus(multi_events(conn, conditions)).items()
        if n
    ]
    if values:
        conn.execute(es.insert(), values)


def stored_surplus(conn: Connection, conditions: list, by: str, unthemed: str) -> dict[tuple[str, str, str], int]:
    """(week, area_key, key or theme) → the stored surplus; `conditions` on event_surplus's columns."""
    es = t.event_surplus
    k = es.c.key if by == "item" else func.coalesce(es.c.theme, unthemed)
    query = (
        select(es.c.week, es.c.area_key, k, func.sum(es.c.surplus))
        .where(*conditions)
        .group_by(es.c.week, es.c.area_key, k)
    )
    return {(week, area, key): int(n) for week, area, key, n in conn.execute(query)}


def event_of(events: list[list[Member]]) -> dict[int, tuple[int, int]]:
    """observation id → (event id, what it adds to a count of events) for observations of multi-events:
    the event's count on its largest observation (the first on ties), 0 on the others."""
    found: dict[int, tuple[int, int]] = {}
    for event in events:
        event_id = min(m.id for m in event)
        carrier = max(event, key=lambda m: (m.count, -m.id))
        for m in event:
            found[m.id] = (event_id, event_count(event) if m is carrier else 0)
    return found


def link(conn: Connection, observation_ids: list[int], event: int | None) -> None:
    """Record the coordinator's word for these observations: one event `event`, or (None) each alone."""
    links = t.event_links
    conn.execute(links.delete().where(links.c.observation_id.in_(observation_ids)))
    now = datetime.now().replace(microsecond=0)
    conn.execute(links.insert(), [{"observation_id": i, "event": event, "created_at": now} for i in observation_ids])


def manual_event_members(conn: Connection, events: list[int]) -> list[int]:
    """The observations the coordinator joined into these events."""
    links = t.event_links
    if not events:
        return []
    query = select(links.c.observation_id).where(links.c.event.in_(events))
    return [row[0] for row in conn.execute(query)]


def observations_by_id(conn: Connection, ids: list[int]) -> dict[int, dict]:
    """The observations with these ids (any report), with their report's week, area and whether it counts."""
    r, o = t.reports, t.observations
    query = (
        select(
            o.c.id,
            o.c.report_id,
            o.c.key,
            o.c.label,
            o.c.count,
            o.c.place,
            o.c.date,
            o.c.time,
            r.c.week,
            r.c.area,
            r.c.area_key,
            r.c.organisation,
            t.active(r).label("active"),
        )
        .join(r, o.c.report_id == r.c.id)
        .where(o.c.id.in_(ids))
    )
    return {row.id: dict(row._mapping) for row in conn.execute(query)}


__all__ = [
    "TIME_WINDOW",
    "Member",
    "clock_span",
    "event_count",
    "event_of",
    "group_members",
    "link",
    "manual_event_members",
    "multi_events",
    "observations_by_id",
    "surplus",
]
