"""The lägesbild's reporting period and its day × time table: the same rows as the workbook's Platser och
tider (est_cli.weekview.rules.hot_times), one per day of the period, for the template (templates/README.md,
`rapportperiod` and `tider`)."""

from __future__ import annotations

from typing import Any

from est_cli.swedish import events_word
from est_cli.weekview import WeekView
from est_cli.weekview.rules import OUTSIDE_PERIOD, UNKNOWN_DATE, hot_times

# The template's names for the columns of SLOTS, in order.
SLOT_KEYS = ("natt", "morgon", "eftermiddag", "kvall", "okand")


def times_table(view: WeekView) -> dict[str, Any]:
    """{'rubrik', 'rader': [{'dag', 'natt', …, 'summa', 'dag_i_perioden'}], 'summa': {…}, 'text'}."""
    rows = hot_times(view.events, view.period)
    rader = [
        {"dag": r.label, **dict(zip(SLOT_KEYS, r.counts, strict=True)), "summa": r.total, "dag_i_perioden": bool(r.day)}
        for r in rows
    ]
    sums = [sum(r.counts[j] for r in rows) for j in range(len(SLOT_KEYS))]
    notes = []
    outside = sum(r.total for r in rows if r.label == OUTSIDE_PERIOD)
    undated = sum(r.total for r in rows if r.label == UNKNOWN_DATE)
    if outside:
        notes.append(
            f"{events_word(outside)} med datum utanför rapportperioden räknas i veckan men på raden "
            f"”{OUTSIDE_PERIOD}”, inte på någon dag."
        )
    if undated:
        notes.append(f"{events_word(undated)} saknar datum.")
    return {
        "rubrik": f"När händelserna inträffade, {view.period.span_text()}",
        "rader": rader,
        "summa": {"dag": "Summa", **dict(zip(SLOT_KEYS, sums, strict=True)), "summa": sum(sums)},
        "text": " ".join(
            [
                "Antal händelser per dag i rapportperioden och tid på dygnet (natt 00–06, morgon 06–12, "
                "eftermiddag 12–18, kväll 18–24).",
                *notes,
            ]
        ),
    }


__all__ = ["SLOT_KEYS", "times_table"]
