"""The static maps of the documents (issue 18): one per area whose places have coordinates in
platser.csv – in the intern veckolägesbild's appendix (the week) and in the analyses (the period, recurring
places ringed). Drawn with matplotlib (est_cli.render.chart.area_map), never with network.

A map counts what every total of est counts – problem events, each once – and its caption says per area
what it rests on: "Vivalla: 35 händelser – 19 på kartan, 14 vid platser utan koordinater, 2 utan plats"
(est_cli.karta.AreaTally), so that nobody reads a half-placed area as a quiet one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from est_cli.karta import MapData, area_points, outlines_by_area, place_data
from est_cli.render.sentences import text
from est_cli.text import fold

SIZE_NOTE = "Cirkelns storlek = antal händelser"
RING_NOTE = "; röd ring = återkommande plats (kandidat för en fördjupad EST)"


def week_maps(view, workspace, problem, areas: list[str], week_no: int) -> dict[str, dict[str, Any] | None]:
    """Per area of the veckolägesbild: its map (points, outline, title, caption), or None when none of
    its places with events this week has coordinates. `problem(key)`: whether an item counts."""
    from est_cli.place_register import RegisterError, load_register

    root = getattr(workspace, "root", None)
    if root is None:
        return {}
    try:
        register = load_register(root)
    except RegisterError:
        return {}
    data = place_data([(view.week, view)], register, problem, order=areas)
    if not data.drawn():
        return {}
    return _maps(workspace, data, [], areas, lambda area: f"{area}: händelser per plats v.{week_no}", "veckan")


def period_maps(workspace, data: MapData, again: list, label: str) -> list[dict[str, Any]]:
    """The analysis's maps, one per area with places that have coordinates; `again`: the recurring
    places (est_cli.karta.recurring), ringed in red."""
    areas = [t.area for t in data.tallies]
    maps = _maps(workspace, data, again, areas, lambda area: f"{area}: händelser per plats, {label}", "perioden")
    return [{"namn": text(area), **found} for area, found in maps.items() if found]


def _maps(workspace, data: MapData, again: list, areas: list[str], title, span: str) -> dict[str, dict | None]:
    outlines = outlines_by_area(workspace.root, getattr(workspace, "map_settings", {}))
    tallies = {fold(t.area): t for t in data.tallies}
    maps: dict[str, dict | None] = {}
    for area in areas:
        points = area_points(data.places, area, again)
        tally = tallies.get(fold(area))
        if not points or tally is None:
            maps[area] = None
            continue
        ringed = any(p["recurring"] for p in points)
        maps[area] = {
            "punkter": points,
            "kontur": outlines.get(fold(area), []),
            "titel": title(area),
            "text": text(f"{tally.line()}. {SIZE_NOTE} under {span}{RING_NOTE if ringed else ''}."),
        }
    return maps


def drawn(tpl, found: dict[str, Any], path: Path, width_mm: float):
    """The map as an image for the template (docxtpl InlineImage)."""
    from docx.shared import Mm
    from docxtpl import InlineImage

    from est_cli.render.chart import area_map

    png = area_map(found["punkter"], found["kontur"], found["titel"], path)
    return InlineImage(tpl, str(png), width=Mm(width_mm))


def with_images(tpl, maps: list[dict[str, Any]], folder: Path, width_mm: float) -> list[dict[str, Any]]:
    """The analysis's maps (`period_maps`) each with its image as `bild`."""
    return [
        {**found, "bild": drawn(tpl, found, folder / f"karta-{n}.png", width_mm)} for n, found in enumerate(maps, 1)
    ]


__all__ = ["drawn", "period_maps", "week_maps", "with_images"]
