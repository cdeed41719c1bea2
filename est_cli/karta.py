"""`est karta`: where it happens (issue 18) – the places and their events, as the map and the
documents' static maps count them; the HTML itself is est_cli.karta_html.

One marker per place with coordinates (platser.csv), sized by its events and coloured by its dominant
category. The extern variant shows only places with at least `[karta] minsta_antal` events, so that no
single household is pointed out, and no dates. `--geojson` writes the same points as a FeatureCollection.

The map counts what every total of est counts: problem events, each once (an event reported by two
organisations is one). Positive observations and context (Arrangemang) are never on it. What is not on
the map is said, per area: events at places without coordinates (`est plats saknar`) and events without
a place – so the map's numbers add up to `est trend`'s. Recurring places (candidates for a fördjupad
EST) come with their trend; area outlines from a GeoJSON in any EPSG system its `crs` names.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from est_cli.errors import EstError
from est_cli.text import fold

DEFAULT_TILES = "https://tile.openstreetmap.org/{Z}/{X}/{Y}.png"


@dataclass
class MapPlace:
    name: str
    area: str
    lat: float | None
    lon: float | None
    counts: Counter = field(default_factory=Counter)  # category → events
    key: str = ""  # places.place_key with the register
    per_week: Counter = field(default_factory=Counter)  # week → events (only weeks with some)
    # When and what, event by event (intern map only): (date or None, time as written, category, events).
    happenings: list[tuple[date | None, str, str, int]] = field(default_factory=list)

    @property
    def events(self) -> int:
        return sum(self.counts.values())

    @property
    def weeks(self) -> set[str]:
        """The weeks with events at the place."""
        return set(self.per_week)

    @property
    def dominant(self) -> str:
        return max(self.counts, key=lambda label: (self.counts[label], label)) if self.counts else ""

    def latest(self, most: int = 8) -> list[str]:
        """'17/11 kl. 22:00 Brand', the latest first (dated before undated); at most `most`, then '… och N till'."""
        ordered = sorted(self.happenings, key=lambda h: (h[0] is not None, h[0] or date.min, h[1]), reverse=True)
        lines = []
        for day, time, label, n in ordered[:most]:
            when = f"{day.day}/{day.month}" if day else "utan datum:"
            lines.append(f"{when}{f' kl. {time}' if time else ''} {label}" + (f" ({n})" if n > 1 else ""))
        if len(ordered) > most:
            lines.append(f"… och {len(ordered) - most} till")
        return lines

    def properties(self) -> dict:
        return {
            "plats": self.name,
            "område": self.area,
            "händelser": self.events,
            "kategorier": dict(self.counts.most_common()),
            "veckor": sorted(self.weeks),
        }


@dataclass
class AreaTally:
    """What the map rests on for one area: its problem events, and those not on the map."""

    area: str
    events: int = 0
    without_place: int = 0  # events no reporter gave a place
    without_coordinates: int = 0  # events at places platser.csv has no coordinates for
    below_minimum: int = 0  # extern: events at places with fewer than [karta] minsta_antal events
    minimum: int = 0

    @property
    def shown(self) -> int:
        return self.events - self.without_place - self.without_coordinates - self.below_minimum

    def line(self) -> str:
        """'Vivalla: 35 händelser – 20 på kartan, 12 vid platser utan koordinater, 3 utan plats'."""
        parts = [f"{self.shown} på kartan"]
        if self.without_coordinates:
            parts.append(f"{self.without_coordinates} vid platser utan koordinater")
        if self.without_place:
            parts.append(f"{self.without_place} utan plats")
        if self.below_minimum:
            parts.append(f"{self.below_minimum} vid platser med färre än {self.minimum} händelser (visas inte)")
        return f"{self.area}: {self.events} händelser – {', '.join(parts)}"


@dataclass
class MapData:
    places: list[MapPlace]  # most events first
    tallies: list[AreaTally]  # per area, in est.toml's order
    reported: dict[str, set[str]] = field(default_factory=dict)  # area (folded) → weeks with a report from it

    def recurring_lines(self, again: list[MapPlace], weeks: int) -> list[str]:
        """The recurring places (`recurring`, of this data) as the analyses and `est plats list` write
        them, each with its trend over the weeks its area reported in."""
        return [recurring_line(p, weeks, self.reported.get(fold(p.area), p.weeks)) for p in again]

    def drawn(self) -> list[MapPlace]:
        return [p for p in self.places if p.lat is not None and p.lon is not None]

    def missing(self) -> list[MapPlace]:
        return [p for p in self.places if p.lat is None or p.lon is None]

    def at_least(self, minimum: int) -> MapData:
        """The extern map: only places with at least `minimum` events, so that no single household is
        pointed out; the others are counted per area, not drawn."""
        tallies = {fold(t.area): replace(t, minimum=minimum) for t in self.tallies}
        for p in self.places:
            if p.events < minimum and p.lat is not None and p.lon is not None:
                tallies[fold(p.area)].below_minimum += p.events
        shown = [replace(p, happenings=[]) for p in self.places if p.events >= minimum]  # no dates out
        return MapData(shown, list(tallies.values()), self.reported)


def problem_filter(schema):
    """Whether an item key counts as a problem (est_cli.schema.KINDS; a label outside the checklist does)."""
    kinds = schema.kinds()
    return lambda key: kinds.get(key, "problem") == "problem"


def map_places(
    conn, workspace, schema, weeks: list[str], register, area: str | None = None, views: list | None = None
) -> MapData:
    """The problem events of `weeks` per place (as est counts places: the register's spelling and
    aliases), and per area what is not on the map. `views`: the weeks' compiled views when the caller
    has them already."""
    from est_cli.weeks import IsoWeek
    from est_cli.weekview.build import week_view

    if views is None:
        views = [week_view(conn, workspace, schema, IsoWeek.parse(week)) for week in weeks]
    order = getattr(workspace, "areas", [])
    return place_data(list(zip(weeks, views, strict=True)), register, problem_filter(schema), area, order)


def place_data(weekly: list, register, problem, area: str | None = None, order: Sequence[str] = ()) -> MapData:
    """`map_places` on compiled week views: `weekly` = [(week, view)], `problem(key)` whether an item
    counts, `order` the areas' order (est.toml)."""
    places: dict[tuple[str, str], MapPlace] = {}
    tallies: dict[str, AreaTally] = {}
    reported: dict[str, set[str]] = {}
    for week, view in weekly:
        for (at, area_key), reports in view.reports.items():
            if at == week and reports:
                reported.setdefault(area_key, set()).add(week)
        for event in view.events:
            if not event.counts or not problem(event.key) or (area and fold(event.area) != fold(area)):
                continue
            tally = tallies.setdefault(fold(event.area), AreaTally(event.area))
            tally.events += event.counts
            if not event.place_key:
                tally.without_place += event.counts
                continue
            registered = register.place(fold(event.area), event.place_key)
            key = (fold(event.area), event.place_key)
            place = places.get(key)
            if place is None:
                name = registered.name if registered else event.place
                where = (registered.lat, registered.lon) if registered else (None, None)
                place = places[key] = MapPlace(name, event.area, where[0], where[1], key=event.place_key)
            place.counts[event.label] += event.counts
            place.per_week[week] += event.counts
            place.happenings.append((event.date, event.time, event.label, event.counts))
            if place.lat is None or place.lon is None:
                tally.without_coordinates += event.counts
    ordered = sorted(places.values(), key=lambda p: (-p.events, fold(p.area), fold(p.name)))
    keys = [fold(a) for a in order]
    areas = sorted(tallies, key=lambda key: (keys.index(key) if key in keys else len(keys), key))
    return MapData(ordered, [tallies[key] for key in areas], reported)


RECURRING_MIN_WEEKS = 3  # and a quarter of the period's weeks: a place that keeps coming back


def recurring(places: list[MapPlace], weeks: int) -> list[MapPlace]:
    """Places with events in many of the period's weeks – candidates for a fördjupad EST (main seed,
    chapter 13): at least RECURRING_MIN_WEEKS weeks and a quarter of the weeks, most weeks first."""
    least = max(RECURRING_MIN_WEEKS, math.ceil(weeks / 4))
    found = [p for p in places if len(p.weeks) >= least]
    return sorted(found, key=lambda p: (-len(p.weeks), -p.events, fold(p.name)))


def recurring_line(place: MapPlace, weeks: int, reported: set[str] | None = None) -> str:
    """'Lertagsgatan (Vivalla): 6 av 13 veckor, 11 händelser – skadegörelse 8, brand 3; ökande: 2 under
    v.40–45, 9 under v.46–52'. `reported`: the weeks the area reported in (for the trend)."""
    top = ", ".join(f"{label.lower()} {n}" for label, n in place.counts.most_common(3))
    trend = place_trend(place, reported or set())
    return f"{place.name} ({place.area}): {len(place.weeks)} av {weeks} veckor, {place.events} händelser – {top}" + (
        f"; {trend}" if trend else ""
    )


TREND_MIN_WEEKS = 4  # weeks with reports from the area: fewer say nothing about a trend
TREND_RATIO, TREND_MIN_CHANGE = 1.5, 2  # a change smaller than either is "jämn"


def place_trend(place: MapPlace, reported: set[str]) -> str:
    """The place's events in the first and the second half of the weeks its area reported in – weeks
    without a report are no weeks of 0 – compared per reported week: 'ökande: 2 under v.40–45, 9 under
    v.46–52' ('minskande', 'jämn'); '' with fewer than TREND_MIN_WEEKS such weeks."""
    from est_cli.swedish import week_list_text

    weeks = sorted(reported | place.weeks)
    if len(weeks) < TREND_MIN_WEEKS:
        return ""
    early, late = weeks[: len(weeks) // 2], weeks[len(weeks) // 2 :]
    before, after = sum(place.per_week[w] for w in early), sum(place.per_week[w] for w in late)
    rate_before, rate_after = before / len(early), after / len(late)
    if rate_after >= TREND_RATIO * rate_before and after - before >= TREND_MIN_CHANGE:
        word = "ökande"
    elif rate_before >= TREND_RATIO * rate_after and before - after >= TREND_MIN_CHANGE:
        word = "minskande"
    else:
        word = "jämn"
    year = int(weeks[-1][:4])
    return f"{word}: {before} under {week_list_text(early, year)}, {after} under {week_list_text(late, year)}"


def geojson(places: list[MapPlace]) -> dict:
    """The drawn points as a GeoJSON FeatureCollection (WGS 84)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                "properties": p.properties(),
            }
            for p in places
            if p.lat is not None and p.lon is not None
        ],
    }


def area_outlines(path: Path) -> list[tuple[str, list[list[tuple[float, float]]]]]:
    """(area, rings in WGS 84 (lat, lon)) of a GeoJSON file of area polygons – est.toml `[karta] omraden`;
    `crs` naming an EPSG code (SWEREF 99 TM 3006, a local zone) is that system, none WGS 84; each
    feature's `område` (or `namn`) names it."""
    from est_cli.place_coords import crs_of
    from est_cli.place_register import sweref_to_wgs84

    data = json.loads(Path(path).read_text("utf-8-sig"))
    system = crs_of(data)  # None: WGS 84
    outlines = []
    for feature in data.get("features", []):
        props = {fold(str(k)): v for k, v in (feature.get("properties") or {}).items()}
        geometry = feature.get("geometry") or {}
        polygons = {"Polygon": [geometry.get("coordinates")], "MultiPolygon": geometry.get("coordinates")}.get(
            geometry.get("type", ""), []
        )
        rings = []
        for polygon in polygons or []:
            ring = polygon[0] if polygon else []  # the exterior ring
            rings.append([sweref_to_wgs84(y, x, system) if system else (y, x) for x, y, *_ in ring])
        if rings:
            outlines.append((str(props.get("omrade") or props.get("namn") or ""), rings))
    return outlines


def outlines_by_area(root: Path, settings: dict) -> dict[str, list]:
    """Folded area → its rings, from the GeoJSON est.toml [karta] omraden names; {} without one or when
    it cannot be read (the documents then draw the places without outlines; `est karta` names the error)."""
    if not settings.get("omraden"):
        return {}
    try:
        return {fold(name): rings for name, rings in area_outlines(Path(root) / str(settings["omraden"]))}
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RuntimeError, EstError):
        return {}  # pyproj's errors are RuntimeErrors; an unknown crs an EstError


def area_points(places: list[MapPlace], area: str, recurring_places: Sequence[MapPlace] = ()) -> list[dict]:
    """The area's places with coordinates as the static map draws them (est_cli.render.chart.area_map)."""
    again = {id(p) for p in recurring_places}
    return [
        {"name": p.name, "lat": p.lat, "lon": p.lon, "events": p.events, "recurring": id(p) in again}
        for p in places
        if fold(p.area) == fold(area) and p.lat is not None and p.lon is not None
    ]


def config_lines() -> list[str]:
    """The [karta] part of a new est.toml: every setting shown, none set (est works without them)."""
    return [
        "# Kartan (est karta och kartorna i lägesbilden och analyserna). Platsernas koordinater står i",
        "# platser.csv (est plats saknar, est plats import). Ta bort # framför [karta] och de rader som ska gälla.",
        "# [karta]",
        "# Bakgrundskartan, som läsarens webbläsare hämtar (standard OpenStreetMap):",
        f'# bakgrund = "{DEFAULT_TILES}"',
        "# Den externa kartan visar bara platser med minst så många händelser (standard 3):",
        "# minsta_antal = 3",
        "# Områdenas gränser, en GeoJSON-fil från kommunens GIS:",
        '# omraden = "omraden.geojson"',
        "# Geokodning är avstängd: händelsernas platser skickas aldrig till en tredje part. Har kommunen en",
        "# egen geokodningstjänst kan est fråga den (est plats geokoda):",
        '# geokodning = "https://gis.kommun.se/search?q={q}&format=json"',
    ]


def write_geojson(path: Path, places: list[MapPlace]) -> None:
    from est_cli.outputs.atomic import write_text

    write_text(path, json.dumps(geojson(places), ensure_ascii=False, indent=2))


__all__ = [
    "AreaTally",
    "MapData",
    "problem_filter",
    "RECURRING_MIN_WEEKS",
    "recurring",
    "recurring_line",
    "DEFAULT_TILES",
    "MapPlace",
    "area_outlines",
    "config_lines",
    "area_points",
    "outlines_by_area",
    "place_data",
    "place_trend",
    "geojson",
    "map_places",
    "write_geojson",
]
