"""`est plats list`: the period's places per area – each with its spellings as the reporters wrote them,
its events and weeks, and whether platser.csv names it – and the spellings that are probably one place
but are not joined, each with the `est plats samma` command that makes them one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from est_cli.place_match import FORM, dotted_words, fits
from est_cli.place_register import PlaceRegister
from est_cli.store import events as store_events
from est_cli.store import tables as t
from est_cli.text import fold


@dataclass
class PlaceRow:
    """One place of an area in the period."""

    area: str
    area_key: str
    key: str  # places.place_key with the register
    name: str  # the register's spelling, else the most common one
    registered: bool
    events: int = 0  # an event reported twice counts once
    weeks: list[str] = field(default_factory=list)
    spellings: list[tuple[str, int]] = field(default_factory=list)  # (as written, observations), most first

    def as_dict(self) -> dict[str, Any]:
        return {
            "plats": self.name,
            "område": self.area,
            "registrerad": self.registered,
            "händelser": self.events,
            "veckor": len(self.weeks),
            "veckolista": sorted(self.weeks),
            "stavningar": [{"stavning": s, "rapporter": n} for s, n in self.spellings],
        }


@dataclass
class Suggestion:
    """Spellings (places) that are probably the place `target`: the command makes them one."""

    target: PlaceRow
    members: list[tuple[PlaceRow, str]]  # (place, why it is probably the target)

    @property
    def events(self) -> int:
        return sum(m.events for m, _ in self.members)

    def command(self) -> str:
        names = " ".join(_quoted(p.name) for p in [self.target, *(m for m, _ in self.members)])
        area = self.target.area
        return f"est plats samma {names} --område {_quoted(area) if ' ' in area else area}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "område": self.target.area,
            "plats": self.target.name,
            "registrerad": self.target.registered,
            "stavningar": [{"stavning": m.name, "skäl": why, "händelser": m.events} for m, why in self.members],
            "händelser": self.events,
            "kommando": self.command(),
        }


@dataclass
class PlaceOverview:
    first_week: str
    last_week: str
    places: list[PlaceRow] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    without_place: int = 0  # events without a place
    registered_unused: int = 0  # registered places without an event in the period

    def as_dict(self, register: PlaceRegister) -> dict[str, Any]:
        return {
            "period": {"från": self.first_week, "till": self.last_week},
            "registerfil": str(register.path),
            "platser": [p.as_dict() for p in self.places],
            "förslag": [s.as_dict() for s in self.suggestions],
            "utan_plats": self.without_place,
            "registrerade_utan_händelser": self.registered_unused,
        }


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


def place_overview(
    conn: Connection,
    register: PlaceRegister,
    weeks: list[str],
    area: str | None = None,
    counts_item: Callable[[str], bool] | None = None,
) -> PlaceOverview:
    """The places of active reports in `weeks` (of one area, or all), most events first per area.
    `counts_item(item key)`: which items count (the map's places: problems only, est_cli.karta.problem_filter)."""
    counted = store_events.event_of(store_events.multi_events(conn, [t.reports.c.week.in_(weeks)]))
    overview = PlaceOverview(weeks[0], weeks[-1])
    rows: dict[tuple[str, str], PlaceRow] = {}
    written: dict[tuple[str, str], Counter[str]] = {}
    areas: dict[str, Counter[str]] = {}
    for obs in _observations(conn, weeks, fold(area) if area else None):
        if counts_item is not None and not counts_item(obs["key"]):
            continue
        events = counted[obs["id"]][1] if obs["id"] in counted else obs["count"]
        area_key = obs["area_key"]
        areas.setdefault(area_key, Counter())[obs["area"]] += 1
        key = register.key(area_key, obs["place"])
        if not key:
            overview.without_place += events
            continue
        row = rows.get((area_key, key))
        if row is None:
            registered = register.place(area_key, key)
            name = registered.name if registered else ""
            row = rows[(area_key, key)] = PlaceRow("", area_key, key, name, registered is not None)
        row.events += events
        if obs["week"] not in row.weeks:
            row.weeks.append(obs["week"])
        written.setdefault((area_key, key), Counter())[" ".join(obs["place"].split())] += 1
    for where, row in rows.items():
        row.area = areas[row.area_key].most_common(1)[0][0]
        row.spellings = sorted(written[where].items(), key=lambda sn: (-sn[1], sn[0].casefold()))
        row.name = row.name or row.spellings[0][0]
        row.weeks.sort()
    overview.places = sorted(rows.values(), key=lambda p: (p.area.casefold(), -p.events, p.name.casefold()))
    overview.suggestions = suggestions(overview.places)
    overview.registered_unused = sum(
        1 for p in register.places if (p.area_key, p.key) not in rows and (area is None or p.area_key == fold(area))
    )
    return overview


def _observations(conn: Connection, weeks: list[str], area_key: str | None) -> list[dict]:
    r, o = t.reports, t.observations
    query = (
        select(o.c.id, o.c.key, o.c.count, o.c.place, r.c.week, r.c.area, r.c.area_key)
        .join(r, o.c.report_id == r.c.id)
        .where(t.active(r), r.c.week.in_(weeks), o.c.count > 0)
        .order_by(o.c.id)
    )
    if area_key is not None:
        query = query.where(r.c.area_key == area_key)
    return [dict(row._mapping) for row in conn.execute(query)]


# ------------------------------------------------------------------ suggestions


def _rank(p: PlaceRow) -> tuple:
    """Which of two alike places the other joins: the registered one, then the one with more events,
    then the longer (written out) name."""
    return (p.registered, p.events, len(p.name), p.name.casefold())


def _why(p: PlaceRow, target: PlaceRow, reasons: list[str]) -> str:
    words = list(dict.fromkeys(reasons))
    if len(p.key.split()) < len(target.key.split()):
        return "del av platsen" + "".join(f", {w}" for w in words)
    if len(p.key.split()) > len(target.key.split()):
        return "vid platsen" + "".join(f", {w}" for w in words)
    return ", ".join(words) or FORM


def _dominated(a: PlaceRow, b: PlaceRow, dotted: dict[str, frozenset[str]]) -> bool:
    """Whether `b` is `a` or more: `a` fits into `b` and is smaller or ranks lower."""
    if a is b or fits(a.key, b.key, dotted[a.key] | dotted[b.key]) is None:
        return False
    return len(a.key.split()) < len(b.key.split()) or _rank(b) > _rank(a)


def _joins(
    p: PlaceRow, rows: list[PlaceRow], dotted: dict[str, frozenset[str]]
) -> list[tuple[PlaceRow, PlaceRow, str]]:
    """(member, target, why) for the place `p`: `p` joins the one place it is probably (a part of) –
    the widest: 'Torget' → 'Torget norra trappan', not also 'Torget norra'. When it is a part of
    several places ('Bettorpsgatan' in 'Gångtunneln vid Bettorpsgatan' and 'Gångvägen mot
    Bettorpsgatan'), it is what they have in common: they join it."""
    if p.registered:
        return []  # the coordinator has named it a place of its own
    found: list[tuple[PlaceRow, list[str]]] = []
    for other in rows:
        reasons = None if other is p else fits(p.key, other.key, dotted[p.key] | dotted[other.key])
        if reasons is not None and (len(p.key.split()) < len(other.key.split()) or _rank(other) > _rank(p)):
            found.append((other, reasons))
    widest = [(w, why) for w, why in found if not any(_dominated(w, o, dotted) for o, _ in found)]
    if len(widest) == 1:
        target, reasons = widest[0]
        return [(p, target, _why(p, target, reasons))]
    wider = [(w, why) for w, why in widest if len(w.key.split()) > len(p.key.split()) and not w.registered]
    return [(w, p, _why(w, p, why)) for w, why in wider] if len(wider) == len(widest) else []


def suggestions(places: list[PlaceRow]) -> list[Suggestion]:
    """Per area, the places that are probably another place, grouped by that place; most events first.
    The area's own name ('Vivalla' in Vivalla) is the whole area, never a part of a place in it."""
    by_area: dict[str, list[PlaceRow]] = {}
    for p in places:
        if fold(p.key) != p.area_key:
            by_area.setdefault(p.area_key, []).append(p)
    found: list[Suggestion] = []
    for rows in by_area.values():
        dotted = {p.key: dotted_words(s for s, _ in p.spellings) for p in rows}
        grouped: dict[str, Suggestion] = {}
        members: set[str] = set()
        for p in rows:
            for member, target, why in _joins(p, rows, dotted):
                if member.key not in members and member.key not in grouped:
                    members.add(member.key)
                    grouped.setdefault(target.key, Suggestion(target, [])).members.append((member, why))
        found.extend(s for key, s in grouped.items() if key not in members)
    for s in found:
        s.members.sort(key=lambda mw: (-mw[0].events, mw[0].name.casefold()))
    found.sort(key=lambda s: (s.target.area.casefold(), -(s.events + s.target.events), s.target.name.casefold()))
    return found


__all__ = ["PlaceOverview", "PlaceRow", "Suggestion", "place_overview", "suggestions"]
