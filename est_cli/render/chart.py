"""The appendix chart: per category, this week against the average of the four weeks before (PNG)."""

from __future__ import annotations

import textwrap
from pathlib import Path

THIS_COLOUR = "#1F4E78"  # the navy of the document's headings and table headers
AVERAGE_COLOUR = "#A6A6A6"
RING_COLOUR = "#C00000"  # a recurring place on the static map
MAP_MIN_SPAN = 0.012  # degrees of latitude (~1.3 km): the smallest extent of a static map
MAP_AXES = (0.96, 0.87)  # the static map's share of the figure's width and height
WIDTH_IN = 6.5  # shown 160–165 mm wide in the document
DPI = 150  # ~150 dpi at that size: sharp on screen and in print


def bar_chart(chart: dict, title: str, path: Path) -> Path:
    """Write a horizontal grouped bar chart for one area's `diagram` data (context.py) to `path`.

    Bars are placed by position, never by label, so two categories with the same name stay two bars.
    """
    # No pyplot (its import and figure manager cost a second in a render of five charts); fixed
    # margins measured from the labels instead of tight_layout, which draws every figure twice.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.ticker import MaxNLocator

    labels = [
        textwrap.fill(label.replace("/", "/ "), 28, break_long_words=False).replace("/ ", "/")
        for label in chart["etiketter"]
    ] or ["(inga händelser)"]
    this = list(chart["denna"]) or [0]
    average = chart["snitt"]
    rows = len(labels)
    lines = sum(label.count("\n") + 1 for label in labels)
    per_row = 0.12 if average is not None else 0.02
    height = max(2.2, 0.9 + (0.32 if average is not None else 0.24) * lines + per_row * rows)
    fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
    canvas = FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    label_font = FontProperties(size=7.5)
    widest = max(
        renderer.get_text_width_height_descent(line, label_font, ismath=False)[0]
        for label in labels
        for line in label.split("\n")
    )
    left = widest / DPI + 0.17  # tick labels + tick marks + padding, in inches
    fig.subplots_adjust(left=left / WIDTH_IN, right=1 - 0.22 / WIDTH_IN, top=1 - 0.36 / height, bottom=0.48 / height)
    ax = fig.add_subplot()
    positions = list(range(rows))
    bar = 0.38 if average is not None else 0.6
    if average is not None:
        ax.barh([p - bar / 2 for p in positions], this, height=bar, color=THIS_COLOUR, label=chart["denna_namn"])
        ax.barh([p + bar / 2 for p in positions], average, height=bar, color=AVERAGE_COLOUR, label=chart["snitt_namn"])
    else:
        ax.barh(positions, this, height=bar, color=THIS_COLOUR, label=chart["denna_namn"])
    for p, value in zip(positions, this, strict=True):
        if value:
            offset = -bar / 2 if average is not None else 0
            ax.text(value, p + offset, f" {value}", va="center", ha="left", fontsize=7, color="#222222")
    ax.set_yticks(positions)
    ax.set_yticklabels(labels, fontsize=7.5)
    ax.invert_yaxis()  # first category at the top, as in the table
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))  # few ticks: each is drawn
    ax.tick_params(axis="x", labelsize=7.5)
    top = max([*this, *(average or [])], default=0)
    ax.set_xlim(0, max(1, top) * 1.12 + 0.5)
    ax.set_xlabel("Antal händelser", fontsize=8)
    # The title starts at the figure's left edge (not the axes'), so a long title has the room.
    fig.text(
        0.08 / WIDTH_IN, 1 - 0.08 / height, title, fontsize=9.5, fontweight="bold", color="#1F1F1F", ha="left", va="top"
    )
    ax.grid(axis="x", color="#E0E0E0", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(fontsize=7.5, loc="lower right", frameon=False)
    # Fast zlib level: a 1 MB-per-second difference in encoding, a few kB in the document.
    canvas.print_png(str(path), pil_kwargs={"compress_level": 1})
    return path


def level_timeline(weeks: list[str], rows: list[tuple[str, dict[str, str]]], fills: dict[str, str], path: Path) -> Path:
    """One row per area, one cell per week, coloured by the decided level (white: not fastställd)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch, Rectangle

    height = 0.9 + 0.38 * len(rows)
    fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
    canvas = FigureCanvasAgg(fig)
    fig.subplots_adjust(left=1.35 / WIDTH_IN, right=1 - 0.2 / WIDTH_IN, top=1 - 0.2 / height, bottom=0.62 / height)
    ax = fig.add_subplot()
    for y, (_, levels) in enumerate(rows):
        for x, week in enumerate(weeks):
            level = levels.get(week)
            colour = f"#{fills[level]}" if level else "#FFFFFF"
            ax.add_patch(Rectangle((x, y + 0.1), 0.92, 0.8, facecolor=colour, edgecolor="#BFBFBF", linewidth=0.5))
    ax.set_xlim(0, len(weeks))
    ax.set_ylim(0, len(rows))
    ax.invert_yaxis()
    ax.set_yticks([y + 0.5 for y in range(len(rows))])
    ax.set_yticklabels([textwrap.shorten(area, 22) for area, _ in rows], fontsize=7.5)
    step = max(1, len(weeks) // 13)
    ax.set_xticks([x + 0.46 for x in range(0, len(weeks), step)])
    ax.set_xticklabels([f"v.{int(weeks[x][-2:])}" for x in range(0, len(weeks), step)], fontsize=7)
    ax.tick_params(length=0)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    handles = [Patch(facecolor=f"#{fills[level]}", edgecolor="#BFBFBF", label=level) for level in fills]
    handles.append(Patch(facecolor="#FFFFFF", edgecolor="#BFBFBF", label="inte fastställd"))
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), fontsize=7, frameon=False)
    canvas.print_png(str(path), pil_kwargs={"compress_level": 1})
    return path


def area_map(points: list[dict], outline: list[list[tuple[float, float]]], title: str, path: Path) -> Path:
    """A static map of one area, drawn without network: its outline (if known) and one circle per place
    (`points`: name, lat, lon, events, optionally recurring), sized by events, the busiest places
    labelled; a recurring place (est_cli.karta.recurring) has a red ring and ↺ before its name."""
    import math

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    height = 4.2
    fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    lats = [p["lat"] for p in points] + [lat for ring in outline for lat, _ in ring]
    lons = [p["lon"] for p in points] + [lon for ring in outline for _, lon in ring]
    middle = (min(lats) + max(lats)) / 2 if lats else 59.0
    centre = (min(lons) + max(lons)) / 2 if lons else 15.0
    shrink = math.cos(math.radians(middle))  # a degree of longitude is shorter in the north
    # The extent in degrees of latitude both ways (so that a metre is a metre either way), at least
    # MAP_MIN_SPAN (one place is shown with its surroundings), widened to the drawing's shape.
    tall = max((max(lats) - min(lats)) if lats else 0.0, MAP_MIN_SPAN)
    wide = max(((max(lons) - min(lons)) * shrink) if lons else 0.0, MAP_MIN_SPAN)
    shape = (height * MAP_AXES[1]) / (WIDTH_IN * MAP_AXES[0])
    tall, wide = max(tall, wide * shape), max(wide, tall / shape)
    half_tall, half_wide = tall * 0.6, wide * 0.6  # and a margin for the circles and labels
    ax.set_xlim(centre - half_wide / shrink, centre + half_wide / shrink)
    ax.set_ylim(middle - half_tall, middle + half_tall)
    ax.set_aspect(1 / shrink, adjustable="box")
    # A scale bar in the lower left: about a fifth of the width, in a round number of metres.
    metres = 2 * half_wide * 111_320
    bar = max((m for m in (100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000) if m <= metres / 5), default=100)
    x0, y0 = centre - 0.92 * half_wide / shrink, middle - 0.9 * half_tall
    x1 = x0 + bar / 111_320 / shrink
    ax.plot([x0, x1], [y0, y0], color="#404040", linewidth=2, solid_capstyle="butt")
    ax.text(
        (x0 + x1) / 2,
        y0 + 0.03 * half_tall,
        f"{bar} m" if bar < 1000 else f"{bar // 1000} km",
        ha="center",
        va="bottom",
        fontsize=7,
        color="#404040",
    )
    for ring in outline:
        ax.fill([lon for _, lon in ring], [lat for lat, _ in ring], facecolor="#1F4E78", alpha=0.06)
        ax.plot([lon for _, lon in ring], [lat for lat, _ in ring], color="#1F4E78", linewidth=1.2)
    top = max((p["events"] for p in points), default=1)
    ax.scatter(
        [p["lon"] for p in points],
        [p["lat"] for p in points],
        s=[40 + 360 * (p["events"] / top) for p in points],
        color=THIS_COLOUR,
        alpha=0.7,
        edgecolors=[RING_COLOUR if p.get("recurring") else "white" for p in points],
        linewidths=[1.8 if p.get("recurring") else 0.8 for p in points],
    )
    labelled = sorted(points, key=lambda p: (not p.get("recurring"), -p["events"]))[:8]
    for p in labelled:
        mark = "↺ " if p.get("recurring") else ""
        ax.annotate(
            f"{mark}{p['name']} ({p['events']})",
            (p["lon"], p["lat"]),
            xytext=(6, 4),
            textcoords="offset points",
            fontsize=7,
        )
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_color("#D0D0D0")
    fig.text(0.02, 0.97, title, fontsize=9.5, fontweight="bold", color="#1F1F1F", ha="left", va="top")
    fig.subplots_adjust(left=0.02, right=0.02 + MAP_AXES[0], top=0.9, bottom=0.9 - MAP_AXES[1])
    canvas.print_png(str(path), pil_kwargs={"compress_level": 1})
    return path
