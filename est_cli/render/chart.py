"""The appendix chart: per category, this week against the average of the four weeks before (PNG)."""

from __future__ import annotations

import textwrap
from pathlib import Path

THIS_COLOUR = "#1F4E78"  # the navy of the document's headings and table headers
AVERAGE_COLOUR = "#A6A6A6"


def bar_chart(chart: dict, title: str, path: Path) -> Path:
    """Write a horizontal grouped bar chart for one area's `diagram` data (context.py) to `path`.

    Bars are placed by position, never by label, so two categories with the same name stay two bars.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.ticker import MaxNLocator

    labels = [textwrap.fill(label.replace("/", "/ "), 28, break_long_words=False).replace("/ ", "/")
              for label in chart["etiketter"]] or ["(inga händelser)"]
    this = list(chart["denna"]) or [0]
    average = chart["snitt"]
    rows = len(labels)
    lines = sum(label.count("\n") + 1 for label in labels)
    per_row = 0.12 if average is not None else 0.02
    height = max(2.2, 0.9 + (0.32 if average is not None else 0.24) * lines + per_row * rows)
    fig, ax = plt.subplots(figsize=(6.5, height), dpi=200)
    try:
        positions = list(range(rows))
        bar = 0.38 if average is not None else 0.6
        if average is not None:
            ax.barh([p - bar / 2 for p in positions], this, height=bar, color=THIS_COLOUR, label=chart["denna_namn"])
            ax.barh([p + bar / 2 for p in positions], average, height=bar, color=AVERAGE_COLOUR, label=chart["snitt_namn"])
        else:
            ax.barh(positions, this, height=bar, color=THIS_COLOUR, label=chart["denna_namn"])
        for p, value in zip(positions, this):
            if value:
                offset = -bar / 2 if average is not None else 0
                ax.text(value, p + offset, f" {value}", va="center", ha="left", fontsize=7, color="#222222")
        ax.set_yticks(positions)
        ax.set_yticklabels(labels, fontsize=7.5)
        ax.invert_yaxis()  # first category at the top, as in the table
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(axis="x", labelsize=7.5)
        top = max([*this, *(average or [])], default=0)
        ax.set_xlim(0, max(1, top) * 1.12 + 0.5)
        ax.set_xlabel("Antal händelser", fontsize=8)
        ax.set_title(title, fontsize=9.5, loc="left", fontweight="bold", color="#1F1F1F")
        ax.grid(axis="x", color="#E0E0E0", linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.legend(fontsize=7.5, loc="lower right", frameon=False)
        fig.tight_layout()
        fig.savefig(path, format="png")
    finally:
        plt.close(fig)
    return path
