"""The trend chart (`write_chart`): a PNG with one panel per area, the keys with most events per
week (lines) or month (bars), weeks without any report shaded grey and left as gaps."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from est_cli.outputs.atomic import write_atomically
from est_cli.trend.compute import AreaInfo, TrendResult, TrendRow

MISSING_SHADE = "#e6e6e6"


def write_chart(result: TrendResult, path: Path, top: int = 6) -> list[str]:
    """A PNG with one panel per area: the `top` keys with most events, per week (lines) or month (bars).

    Weeks without any report are shaded grey and left as gaps (missing, not 0). Returns the keys drawn.
    """
    # The object API, not pyplot: no figure manager or backend switching, and a faster import.
    from matplotlib import colormaps
    from matplotlib.figure import Figure

    areas = result.areas or []
    keys, labels = _top_keys(result, top)
    colours = colormaps["tab10"].colors  # type: ignore[attr-defined]  # tab10 is a ListedColormap; the registry returns the base Colormap type
    colour = {k: colours[n % len(colours)] for n, k in enumerate(keys)}

    n_areas = max(1, len(areas))
    legend_rows = (len(keys) + 2) // 2 + 1
    fig = Figure(figsize=(11, 1.0 + 0.25 * legend_rows + 2.8 * n_areas), layout="constrained")
    axes = fig.subplots(n_areas, 1, sharex=True, squeeze=False)
    what = "vecka" if result.per == "week" else "månad"
    title = f"Händelser per {what}, {result.period.describe()}" + (f" – {result.kommun}" if result.kommun else "")
    fig.suptitle(title, fontsize=14, fontweight="bold", x=0.02, ha="left")
    by_area: dict[str, dict[str, TrendRow]] = {}
    for r in result.rows:
        by_area.setdefault(r.area_key, {})[r.key] = r
    panels: Sequence[AreaInfo | None] = areas or [None]  # one empty panel when there is no area
    for ax, area in zip(axes[:, 0], panels, strict=True):
        _draw_panel(ax, result, area, by_area, keys, colour, labels)
    _draw_week_axis(axes[-1, 0], result)
    _draw_legend(fig, result, keys, colour, labels)

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, lambda tmp: fig.savefig(tmp, dpi=110, format="png"))
    return keys


def _top_keys(result: TrendResult, top: int) -> tuple[list[str], dict[str, str]]:
    """The `top` keys with most events in the period over all areas (none with 0), and every key's label."""
    totals: dict[str, int] = {}
    labels: dict[str, str] = {}
    for r in result.rows:
        totals[r.key] = totals.get(r.key, 0) + (r.total or 0)
        labels[r.key] = r.label
    keys = [k for k, n in sorted(totals.items(), key=lambda kv: -kv[1]) if n > 0][:top]
    return keys, labels


def _draw_panel(
    ax,
    result: TrendResult,
    area: AreaInfo | None,
    by_area: dict[str, dict[str, TrendRow]],
    keys: list[str],
    colour: dict,
    labels: dict[str, str],
) -> None:
    """One area's panel: missing weeks shaded, the keys as lines (weeks) or bars (months)."""
    from matplotlib.ticker import MaxNLocator

    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if area is None:
        ax.text(0.5, 0.5, "Inga områden att visa", ha="center", va="center", transform=ax.transAxes)
        return
    x = list(range(len(result.buckets)))
    rows = by_area.get(area.key, {})
    missing_x = [i for i, b in enumerate(result.buckets) if rows and next(iter(rows.values())).counts[b.key] is None]
    for i in missing_x:
        ax.axvspan(i - 0.5, i + 0.5, color=MISSING_SHADE, zorder=0)
    drawn = [k for k in keys if k in rows]
    if result.per == "week":
        for k in reversed(drawn):  # the biggest last, on top
            ys = [float("nan") if rows[k].counts[b.key] is None else rows[k].counts[b.key] for b in result.buckets]
            ax.plot(x, ys, marker="o", markersize=4, linewidth=2, color=colour[k], label=labels[k])
    else:
        width = 0.8 / max(1, len(drawn))
        for n, k in enumerate(drawn):
            ys = [float("nan") if rows[k].counts[b.key] is None else rows[k].counts[b.key] for b in result.buckets]
            ax.bar([i - 0.4 + width * (n + 0.5) for i in x], ys, width=width, color=colour[k], label=labels[k])
    reported = f"{area.reported_weeks} av {len(result.period.weeks)} veckor med rapport"
    ax.set_title(f"{area.name}  ({reported})", loc="left", fontsize=12)
    ax.set_ylabel("Antal")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    peak = max((v for k in drawn for v in rows[k].counts.values() if v is not None), default=0)
    ax.set_ylim(0, max(3, peak) * 1.08)
    if not drawn:
        ax.text(
            0.5, 0.5, "Inga händelser under perioden", ha="center", va="center", transform=ax.transAxes, color="#666666"
        )
        ax.set_ylim(0, 1)


def _draw_week_axis(bottom, result: TrendResult) -> None:
    """The shared x axis under the last panel: every week (or every 2nd or 4th), or every month."""
    x = list(range(len(result.buckets)))
    step = 1 if len(x) <= 20 else 2 if len(x) <= 30 else 4
    bottom.set_xticks(x[::step])
    bottom.set_xticklabels([b.title for b in result.buckets][::step])
    bottom.set_xlim(-0.6, len(x) - 0.4)
    bottom.set_xlabel("Vecka" if result.per == "week" else "Månad")


def _draw_legend(fig, result: TrendResult, keys: list[str], colour: dict, labels: dict[str, str]) -> None:
    """The keys drawn and the grey shade of a week without any report, under the panels."""
    import textwrap

    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Line2D | Patch] = [
        Line2D(
            [],
            [],
            color=colour[k],
            marker="o" if result.per == "week" else "s",
            linewidth=2 if result.per == "week" else 0,
            markersize=6,
        )
        for k in keys
    ]
    names = [textwrap.shorten(labels[k], 48, placeholder="…") for k in keys]
    handles.append(Patch(facecolor=MISSING_SHADE))
    names.append("ingen rapport alls (inte 0)")
    what_keys = "teman" if result.by == "theme" else "kategorier"
    legend_title = f"De {len(keys)} {what_keys} med flest händelser" if keys else None
    fig.legend(
        handles,
        names,
        loc="outside lower center",
        ncol=2,
        frameon=False,
        fontsize=10,
        title=legend_title,
        title_fontsize=10,
    )


__all__ = ["write_chart"]
