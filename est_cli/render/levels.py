"""The suggested level per area (grön / gul / orange / röd) – a suggestion for the EST meeting.

The meeting decides the level; est only proposes one from the numbers, and says why, so that the
group can see at a glance whether the week stands out. The rule (also in templates/README.md):

1. Count this week's events in the area (sum of Antal), leaving out the themes *positivt* and
   *omvarld* (positive events and the wider world do not make an area less safe in itself).
2. Baseline = the average of the same total over the comparison weeks that have reports from the
   area: the week before, the week before that and the same week last year. A week without any
   report is missing data, not 0, and is left out of the average.
3. With a baseline: an increase of fewer than MIN_INCREASE events is *grön*; otherwise the ratio
   this week / baseline decides: up to 1.25 → grön, up to 1.5 → gul, up to 2 → orange, above 2 → röd.
   (A baseline of 0 counts as an increase above 2 times.)
4. Without a baseline (no comparison week has reports): from the count alone – under 10 grön,
   10–24 gul, 25–44 orange, 45 or more röd.
5. Severity raises the suggestion: an event of severity 3 (allvarlig) makes it at least gul,
   severity 4 (mycket allvarlig) at least orange.
"""

from __future__ import annotations

from dataclasses import dataclass

from est_cli.swedish import decimal, events_word

LEVELS = ("grön", "gul", "orange", "röd")
# Cell shading per level: light enough for black text, strong enough to tell apart in print.
LEVEL_FILLS = {"grön": "A9D18E", "gul": "FFE066", "orange": "F4A460", "röd": "F47C7C"}
LEVEL_MEANING = {
    "grön": "normalläge – inga tecken på ökad otrygghet",
    "gul": "förhöjt läge – bevaka och följ upp",
    "orange": "allvarligt läge – riktade insatser behövs",
    "röd": "mycket allvarligt läge – samordnade insatser nu",
}

MIN_INCREASE = 3  # fewer extra events than this is normal week-to-week variation
RATIO_STEPS = ((1.25, "grön"), (1.5, "gul"), (2.0, "orange"))  # ratio ≤ bound → level; above → röd
COUNT_STEPS = ((10, "grön"), (25, "gul"), (45, "orange"))  # count < bound → level; else röd
SEVERITY_FLOOR = {3: "gul", 4: "orange"}
SEVERITY_WORDS = {1: "låg", 2: "måttlig", 3: "allvarlig", 4: "mycket allvarlig"}


@dataclass(frozen=True)
class Suggestion:
    level: str  # one of LEVELS
    reason: str  # Swedish, one or two sentences: why this level
    baseline: float | None  # None = no comparison week had reports


def suggest_level(
    total: int, comparison_totals: list[int | None], max_severity: int | None, comparison_names: list[str] | None = None
) -> Suggestion:
    """Suggest a level from this week's total, the comparison weeks' totals and the highest severity.

    >>> suggest_level(12, [6, 5, None], None).level
    'röd'
    >>> suggest_level(8, [None, None, None], 3).level
    'gul'
    """
    known = [t for t in comparison_totals if t is not None]
    names = comparison_names or []
    used = [n for n, t in zip(names, comparison_totals, strict=False) if t is not None]
    events = events_word(total)
    if known:
        baseline = sum(known) / len(known)
        weeks = f" ({', '.join(used)})" if used else ""
        if total - baseline < MIN_INCREASE:
            level = "grön"
            how = "ingen tydlig ökning" if total >= baseline else "färre än vanligt"
        else:
            ratio = total / baseline if baseline else float("inf")
            level = next((lvl for bound, lvl in RATIO_STEPS if ratio <= bound), "röd")
            how = "ökning från 0" if not baseline else f"{decimal(round(ratio, 1))} gånger snittet"
        reason = f"{events} mot i snitt {decimal(round(baseline, 1))} under jämförelseveckorna{weeks}: {how}."
    else:
        baseline = None
        level = next((lvl for bound, lvl in COUNT_STEPS if total < bound), "röd")
        reason = (
            f"{events}. Inga jämförelseveckor med rapporter i arkivet – förslaget bygger bara på antalet "
            f"({_count_range(level)} = {level})."
        )
    severity = max_severity or 0
    floor = SEVERITY_FLOOR.get(severity)
    if floor and LEVELS.index(floor) > LEVELS.index(level):
        level = floor
        reason += (
            f" Höjt till {floor}: minst en händelse med allvarlighetsgrad {severity} ({SEVERITY_WORDS[severity]})."
        )
    return Suggestion(level, reason, baseline)


def _count_range(level: str) -> str:
    """'25–44 händelser' for the count-only rule."""
    lower = 0
    for bound, name in COUNT_STEPS:
        if name == level:
            return f"{lower}–{bound - 1} händelser" if lower else f"under {bound} händelser"
        lower = bound
    return f"{lower} händelser eller fler"


def scale_text() -> str:
    """'grön – normalläge …; gul – …' for the legend under the level table."""
    return "; ".join(f"{level} – {LEVEL_MEANING[level]}" for level in LEVELS) + "."
