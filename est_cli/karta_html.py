"""`est karta`'s HTML (issue 18): one self-contained file with Bokeh (BSD-3) inline, so it opens from
disk and from an e-mail attachment; only the background tiles come from a URL, loaded by the reader's
browser – without network the markers still show. One marker per place sized by its events and coloured
by its dominant category, one legend layer per category (click to hide), a hover popup, the area
outlines, and under the map what it rests on per area and the places as a table (est_cli.karta counts).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from est_cli.karta import DEFAULT_TILES, AreaTally, MapPlace
from est_cli.place_register import SWEDEN

ATTRIBUTION = "© OpenStreetMap-bidragsgivare"
PALETTE = ("#1F77B4", "#D62728", "#FF7F0E", "#2CA02C", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F", "#BCBD22", "#17BECF")


def _mercator(lat: float, lon: float) -> tuple[float, float]:
    """WGS 84 → Web Mercator (EPSG:3857), the projection of the background tiles."""
    from est_cli.place_register import transformer

    return transformer("EPSG:4326", "EPSG:3857").transform(lon, lat)


LABELLED = 12  # the places with most events get their name beside the marker; the rest on hover


def map_html(
    places: list[MapPlace],
    title: str,
    tiles: str = DEFAULT_TILES,
    outlines: list[tuple[str, list[list[tuple[float, float]]]]] | None = None,
    tallies: list[AreaTally] | None = None,
) -> str:
    """The self-contained HTML of the map (Bokeh's JavaScript inline): the map, and under it what it
    rests on per area and the drawn places as a table (readable without hovering, and printable)."""
    from bokeh.embed import file_html
    from bokeh.layouts import column
    from bokeh.models import ColumnDataSource, DataRange1d, HoverTool, Range1d, WMTSTileSource
    from bokeh.models.widgets import Div
    from bokeh.plotting import figure
    from bokeh.resources import INLINE

    shown = [p for p in places if p.lat is not None and p.lon is not None]
    points = {id(p): _mercator(p.lat, p.lon) for p in shown}  # type: ignore[arg-type]
    shapes = [(name, [[_mercator(lat, lon) for lat, lon in ring] for ring in rings]) for name, rings in outlines or []]
    fig = figure(
        title=title,
        # The data's extent with a margin, metres the same both ways (a map, not a stretched chart); a
        # single place is shown with its surroundings, never zoomed in to a metre.
        x_range=DataRange1d(range_padding=0.15, min_interval=1500),
        y_range=DataRange1d(range_padding=0.15, min_interval=1500),
        match_aspect=True,
        x_axis_type="mercator",
        y_axis_type="mercator",
        sizing_mode="stretch_width",
        height=640,
        tools="pan,wheel_zoom,reset,save",
        active_scroll="wheel_zoom",
    )
    if not points and not shapes:  # nothing to draw: Sweden rather than the whole world
        (x0, y0), (x1, y1) = _mercator(SWEDEN[0], SWEDEN[2]), _mercator(SWEDEN[1], SWEDEN[3])
        fig.x_range, fig.y_range = Range1d(start=x0, end=x1), Range1d(start=y0, end=y1)
    fig.axis.visible = False  # a map, not a chart: the tiles and the outlines say where
    fig.grid.visible = False
    fig.add_tile(WMTSTileSource(url=tiles, attribution=ATTRIBUTION))
    for name, rings in shapes:  # the areas' outlines, under the markers
        fig.patches(
            [[x for x, _ in ring] for ring in rings],
            [[y for _, y in ring] for ring in rings],
            fill_color="#1F4E78",
            fill_alpha=0.06,
            line_color="#1F4E78",
            line_width=2,
        )
        x, y = rings[0][0]
        fig.text([x], [y], text=[name], text_font_size="11pt", text_color="#1F4E78", text_font_style="bold")
    categories = sorted({p.dominant for p in shown}, key=lambda c: -sum(p.events for p in shown if p.dominant == c))
    top = max((p.events for p in shown), default=1)
    size = {id(p): 10 + 26 * math.sqrt(p.events / top) for p in shown}
    markers: list[Any] = []
    for n, category in enumerate(categories):
        group = [p for p in shown if p.dominant == category]
        source = ColumnDataSource(
            {
                "x": [points[id(p)][0] for p in group],
                "y": [points[id(p)][1] for p in group],
                "size": [size[id(p)] for p in group],
                "plats": [p.name for p in group],
                "omrade": [p.area for p in group],
                "handelser": [p.events for p in group],
                "kategorier": [", ".join(f"{c} {k}" for c, k in p.counts.most_common()) for p in group],
                "veckor": [", ".join(f"v.{int(w[-2:])}" for w in sorted(p.weeks)) for p in group],
            }
        )
        marker = fig.scatter(
            "x",
            "y",
            size="size",
            source=source,
            fill_color=PALETTE[n % len(PALETTE)],
            fill_alpha=0.75,
            line_color="white",
            legend_label=category,
        )
        markers.append(marker)
    labelled = shown[:LABELLED]  # `places` come most events first
    if labelled:
        fig.text(
            [points[id(p)][0] for p in labelled],
            [points[id(p)][1] for p in labelled],
            text=[f"{p.name} ({p.events})" for p in labelled],
            x_offset=[size[id(p)] / 2 + 3 for p in labelled],
            text_font_size="9pt",
            text_baseline="middle",
            text_color="#222222",
        )
    fig.add_tools(
        HoverTool(
            tooltips=[
                ("Plats", "@plats (@omrade)"),
                ("Händelser", "@handelser"),
                ("Kategorier", "@kategorier"),
                ("Veckor", "@veckor"),
            ],
            renderers=markers,  # the markers, not the labels and outlines
        )
    )
    if categories:
        fig.legend.click_policy = "hide"
        fig.legend.title = "Vanligaste kategori (klicka för att dölja)"
        fig.legend.location = "top_left"
    return file_html(
        column(fig, Div(text=_summary_html(shown, tallies or [])), sizing_mode="stretch_width"), INLINE, title
    )


def _summary_html(shown: list[MapPlace], tallies: list[AreaTally]) -> str:
    """What the map rests on per area, and the drawn places as a table."""
    from html import escape

    lines = "".join(f"<li>{escape(t.line())}</li>" for t in tallies)
    dated = any(p.happenings for p in shown)  # the intern map: when it happened, event by event
    rows = "".join(
        f"<tr><td>{escape(p.name)}</td><td>{escape(p.area)}</td><td style='text-align:right'>{p.events}</td>"
        f"<td>{escape(', '.join(f'{c} {k}' for c, k in p.counts.most_common()))}</td>"
        f"<td>{escape(', '.join(f'v.{int(w[-2:])}' for w in sorted(p.weeks)))}</td>"
        + (f"<td>{'<br>'.join(escape(line) for line in p.latest())}</td>" if dated else "")
        + "</tr>"
        for p in shown
    )
    style = "font-family:sans-serif;font-size:10pt;border-collapse:collapse"
    return (
        f"<div style='font-family:sans-serif;font-size:10pt'><p><b>Vad kartan bygger på</b> "
        "(problemhändelser; en händelse som flera rapporterat räknas en gång; positiva iakttagelser och "
        f"omvärld är inte med):</p><ul>{lines}</ul>"
        + (
            f"<table style='{style}' cellpadding='3' border='1'><tr><th>Plats</th><th>Område</th>"
            f"<th>Händelser</th><th>Kategorier</th><th>Veckor</th>{'<th>Senaste</th>' if dated else ''}</tr>"
            f"{rows}</table>"
            if rows
            else "<p>Ingen plats med händelser har koordinater ännu (est plats saknar).</p>"
        )
        + "</div>"
    )


def write_map(path: Path, html: str) -> None:
    from est_cli.outputs.atomic import write_text

    write_text(path, html)


__all__ = ["ATTRIBUTION", "LABELLED", "PALETTE", "map_html", "write_map"]
