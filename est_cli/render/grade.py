"""The suggested grade 1–4 per area of the kvartals-/tertial-/årsanalys (`suggest_grade`).

Signals first as the weekly level (render/levels.py):
(1) *signals* – signal points (weight × events, schema `signal`) per reported week at est.toml
[nivaregel] signal_gul / signal_orange / signal_rod suggest at least 2 / 3 / 4, and any event of weight 2
or 3 in the period at least 2 (alone it makes its week gul); (2) the
*volume* – the mean number of problem events per reported week as a *level* (under 10 → 1, 10–24 → 2,
25–44 → 3, 45 or more → 4) and as a *change* against the comparison periods (the previous period and
the same period last year, pooled per reported week): an increase of less than 1 event per week → 1,
otherwise the ratio ≤ 1,25 → 1, ≤ 1,5 → 2, ≤ 2 → 3, above → 4; the volume alone never suggests more
than 3. The highest is suggested. It is a suggestion the EST group decides on.
"""

from __future__ import annotations

from dataclasses import dataclass

from est_cli.levelrule import LevelRule
from est_cli.render.levels import LEVEL_FILLS, LEVELS
from est_cli.swedish import number

GRADES = (1, 2, 3, 4)
GRADE_MEANING = {
    1: "normalläge – inga tecken på ökad otrygghet",
    2: "förhöjt läge – bevaka och följ upp",
    3: "allvarligt läge – riktade insatser behövs",
    4: "mycket allvarligt läge – samordnade insatser nu",
}
GRADE_FILLS = {g: LEVEL_FILLS[LEVELS[g - 1]] for g in GRADES}
NO_GRADE_FILL = "D9D9D9"
# The grade's steps: events per week below each bound → grade 1, 2, 3 (else 4); and the ratio to the
# comparison periods' weekly mean up to each bound → change 1, 2, 3 (else 4).
COUNT_STEPS = ((10, "grön"), (25, "gul"), (45, "orange"))
RATIO_STEPS = ((1.25, "grön"), (1.5, "gul"), (2.0, "orange"))
MIN_INCREASE_PER_WEEK = 1.0  # a smaller increase of the weekly mean is normal variation

VOLUME_MAX_GRADE = 3  # the number of events alone never suggests 4 (as the weekly level never röd)
GRADE_RULE = (
    "Betyget föreslås med varningssignalerna först: signalpoäng (punkternas vikt gånger händelserna) per "
    "rapporterad vecka på veckonivåns gräns för gul, orange eller röd ger minst 2, 3 eller 4, och en enda "
    "händelse med vikt 2 eller 3 (t.ex. hot mot anställda, skottlossning) ger minst 2. Därefter antalet: snittet av problemhändelser "
    "per rapporterad vecka bedöms dels som nivå (under 10 = 1, 10–24 = 2, 25–44 = 3, 45 eller fler = 4), dels "
    "som förändring mot föregående period och samma period i fjol (en ökning med mindre än 1 händelse per "
    "vecka = 1, annars högst 1,25 gånger = 1, högst 1,5 = 2, högst 2 = 3, mer = 4); antalet ensamt ger högst "
    "3. Det högsta föreslås."
)


@dataclass(frozen=True)
class Grade:
    grade: int | None  # None = no report from the area in the period
    reason: str


def _step(value: float, steps, above: int) -> int:
    for n, bound in enumerate(steps, 1):
        if value <= bound:
            return n
    return above


def suggest_grade(
    total: int | None,
    reported: int,
    comparisons: list[tuple[int | None, int]],
    comparison_names: list[str] | None = None,
    signals: list[tuple[str, int, int]] | None = None,
    rule: LevelRule | None = None,
) -> Grade:
    """Suggest a grade 1–4 from the period's total over `reported` weeks, the comparison periods'
    (total, reported weeks) and the period's `signals` (label, weight, events). See the module docstring.

    >>> suggest_grade(26, 13, [(13, 13), (13, 13)]).grade
    3
    >>> suggest_grade(13, 13, [(13, 13)]).grade
    1
    >>> suggest_grade(13, 13, [(13, 13)], signals=[("Skottlossning", 3, 1)]).grade
    2
    """
    if total is None or reported <= 0:
        return Grade(None, "Inga rapporter från området under perioden – inget förslag.")
    floor, reason = _signal_grade(signals or [], reported, rule or LevelRule())
    mean = total / reported
    level = next((n for n, (bound, _) in enumerate(COUNT_STEPS, 1) if mean < bound), 4)
    events = f"{total} {'händelse' if total == 1 else 'händelser'} på {reported} {'vecka' if reported == 1 else 'veckor'} med rapport"
    reason += f"I snitt {number(mean)} per vecka ({events}): nivå {level}."
    known = [(t, w) for t, w in comparisons if t is not None and w > 0]
    names = [n for n, (t, w) in zip(comparison_names or [], comparisons, strict=False) if t is not None and w > 0]
    change = 1
    if known:
        base = sum(t for t, _ in known) / sum(w for _, w in known)
        where = f" ({', '.join(names)})" if names else ""
        if mean - base < MIN_INCREASE_PER_WEEK:
            how = "ingen tydlig ökning" if mean >= base else "färre än under jämförelseperioderna"
        else:
            ratio = mean / base if base else float("inf")
            change = _step(ratio, [bound for bound, _ in RATIO_STEPS], 4)
            how = "ökning från 0" if not base else f"{number(round(ratio, 1))} gånger så många"
        reason += (
            f" Mot i snitt {number(base)} per vecka under jämförelseperioderna{where}: {how} – förändring {change}."
        )
    else:
        reason += " Inga jämförelseperioder med rapporter – bara nivån används."
    volume = min(max(level, change), VOLUME_MAX_GRADE)
    if max(level, change) > volume:
        reason += f" Antalet ensamt ger högst {VOLUME_MAX_GRADE}."
    grade = max(volume, floor)
    return Grade(grade, reason + f" Förslag: {grade}.")


def _listed(signals: list[tuple[str, int, int]]) -> str:
    return ", ".join(f"{label.lower()} {n}" for label, _, n in sorted(signals, key=lambda s: (-s[1], -s[2])))


def _signal_grade(signals: list[tuple[str, int, int]], reported: int, rule: LevelRule) -> tuple[int, str]:
    """(the least grade the period's signal events call for, the sentence saying why; '' without any)."""
    shown = [(label, weight, n) for label, weight, n in signals if weight and n]
    points = sum(weight * n for _, weight, n in shown)
    if not points:
        return 1, ""
    per_week = points / reported
    steps = ((rule.signal_red, 4), (rule.signal_orange, 3), (rule.signal_yellow, 2))
    grade = next((g for bound, g in steps if per_week >= bound), 1)
    if any(weight >= 2 for _, weight, _ in shown):  # one serious signal alone is no normalläge (weekly: gul)
        grade = max(grade, 2)
    if grade == 1:
        return 1, (
            f"Varningssignaler: {_listed(shown)} – i snitt {number(round(per_week, 1))} signalpoäng per vecka "
            f"med rapport, under gränsen {rule.signal_yellow}. "
        )
    return grade, (
        f"Varningssignaler: {_listed(shown)} – {points} signalpoäng, i snitt {number(round(per_week, 1))} per vecka "
        f"med rapport: minst {grade}. "
    )


__all__ = ["GRADE_FILLS", "GRADE_MEANING", "GRADE_RULE", "GRADES", "NO_GRADE_FILL", "Grade", "suggest_grade"]
