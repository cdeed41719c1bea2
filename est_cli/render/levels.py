"""The suggested level per area (grön / gul / orange / röd) – a suggestion for the EST meeting.

The meeting decides the level; est proposes one and says why in one plain line. The method (Samverkan
mot social oro, Växjö's riskvärde; main seed, chapters 2, 7 and 12) reads a level from warning
signals, not from volume, so the rule weighs signals and severity first and volume last:

1. **Signals.** Items may carry a signal weight (1–3, in the checklist schema): stones thrown at a
   fire engine, threats against staff, shootings, rumours of conflict. The week's signal points are
   the weights summed over its events; at least `signal_gul`/`signal_orange`/`signal_rod` points
   (est.toml `[nivaregel]`) give at least gul/orange/röd. One event of weight 2 alone gives at least
   gul, of weight 3 at least orange.
2. **Severity.** An event of severity 3 (allvarlig) gives at least gul, 4 (mycket allvarlig) at
   least orange.
3. **Volume, per report, against the area's own history.** Only problem items count (positive
   events and context never raise a level). The week's events per report are compared with the
   area's events per report over its earlier weeks with reports (up to `jamfor_veckor` back): at
   least `volym_gul`/`volym_orange` times as many, and at least `min_okning` events more than the
   usual rate would give, is gul/orange. Volume alone never gives röd. Seven reports instead of three
   is not an increase: the comparison is per report.
4. **No history, no level.** With fewer than `historik_veckor` earlier weeks with reports from the
   area, the level reads "Underlag saknas – bedöms på mötet"; the line still names the signals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from est_cli.levelrule import LevelRule
from est_cli.swedish import decimal, in_sentence, join_words, plural

LEVELS = ("grön", "gul", "orange", "röd")
NO_BASIS = "Underlag saknas – bedöms på mötet"
# Cell shading per level: light enough for black text, strong enough to tell apart in print.
LEVEL_FILLS = {"grön": "A9D18E", "gul": "FFE066", "orange": "F4A460", "röd": "F47C7C"}
NO_BASIS_FILL = "EDEDED"
LEVEL_MEANING = {
    "grön": "normalläge – inga tecken på ökad otrygghet",
    "gul": "förhöjt läge – bevaka och följ upp",
    "orange": "allvarligt läge – riktade insatser behövs",
    "röd": "mycket allvarligt läge – samordnade insatser nu",
}
NO_BASIS_MEANING = "för få tidigare veckor att jämföra med – mötet bedömer nivån"

SEVERITY_FLOOR = {3: "gul", 4: "orange"}
SIGNAL_FLOOR = {2: "gul", 3: "orange"}  # one event of this weight alone
SEVERITY_WORDS = {1: "låg", 2: "måttlig", 3: "allvarlig", 4: "mycket allvarlig"}


@dataclass(frozen=True)
class Signal:
    label: str  # the item as the schema names it
    weight: int  # 1–3
    events: int


@dataclass(frozen=True)
class AreaWeek:
    """What the rule needs about one area and week."""

    events: int  # this week's events of problem items
    reports: int  # this week's reports from the area
    signals: list[Signal] = field(default_factory=list)
    max_severity: int | None = None
    history: list[tuple[int, int]] = field(default_factory=list)  # (events, reports) of earlier weeks with reports


@dataclass(frozen=True)
class Suggestion:
    level: str | None  # one of LEVELS; None = too little history (NO_BASIS)
    reason: str  # one plain Swedish line: why
    baseline: float | None = None  # the area's usual events per report; None without history
    points: int = 0  # signal points

    @property
    def word(self) -> str:
        return self.level or NO_BASIS


def _higher(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a or b
    return max(a, b, key=LEVELS.index)


def signal_points(signals: list[Signal]) -> int:
    return sum(s.weight * s.events for s in signals)


def signal_level(signals: list[Signal], rule: LevelRule) -> str | None:
    """The least level the week's signals call for, or None."""
    points = signal_points(signals)
    level = None
    for bound, name in ((rule.signal_yellow, "gul"), (rule.signal_orange, "orange"), (rule.signal_red, "röd")):
        if points >= bound:
            level = name
    for signal in signals:
        if signal.events:
            level = _higher(level, SIGNAL_FLOOR.get(signal.weight))
    return level


def _signal_text(signals: list[Signal], rule: LevelRule) -> str:
    """'Signaler: incident mot anställd 2 och brand 3 (7 poäng) – minst orange.'"""
    shown = [s for s in signals if s.events]
    if not shown:
        return ""
    level = signal_level(shown, rule)
    listed = join_words([f"{in_sentence(s.label)} {s.events}" for s in shown])
    verdict = f"minst {level}" if level else "under gränsen för gul"
    return f"Signaler: {listed} ({plural(signal_points(shown), 'poäng', 'poäng')}) – {verdict}."


def suggest_level(week: AreaWeek, rule: LevelRule | None = None) -> Suggestion:
    """The suggestion for one area and week (see the module docstring).

    >>> suggest_level(AreaWeek(events=20, reports=2)).word
    'Underlag saknas – bedöms på mötet'
    >>> suggest_level(AreaWeek(events=12, reports=4, history=[(6, 4)] * 4)).level
    'orange'
    >>> suggest_level(AreaWeek(events=12, reports=8, history=[(6, 4)] * 4)).level
    'grön'
    """
    rule = rule or LevelRule()
    level = signal_level(week.signals, rule)
    sentences = [_signal_text(week.signals, rule)]
    severity = week.max_severity or 0
    floor = SEVERITY_FLOOR.get(severity)
    if floor and _higher(level, floor) != level:  # said only where it raises the signals' level
        sentences.append(f"Allvarlighetsgrad {severity} ({SEVERITY_WORDS[severity]}) ger minst {floor}.")
        level = floor
    extra = " ".join(p for p in sentences if p)
    points = signal_points(week.signals)
    history = [(e, r) for e, r in week.history if r > 0]
    if len(history) < rule.history_weeks:
        had = (
            f"{len(history)} tidigare {'vecka' if len(history) == 1 else 'veckor'}"
            if history
            else "inga tidigare veckor"
        )
        basis = (
            f"Underlag saknas: området har {had} med rapporter, {rule.history_weeks} behövs för att jämföra antalet."
        )
        return Suggestion(None, " ".join(p for p in (basis, extra) if p), None, points)
    baseline = sum(e for e, _ in history) / sum(r for _, r in history)
    expected = baseline * week.reports
    rate = week.events / week.reports if week.reports else 0.0
    volume = "grön"
    if week.events - expected < rule.min_increase:
        how = "färre än vanligt" if week.events < expected else "ingen tydlig ökning"
    else:
        ratio = week.events / expected if expected else float("inf")
        if ratio >= rule.volume_orange:
            volume = "orange"
        elif ratio >= rule.volume_yellow:
            volume = "gul"
        how = "ökning från inga händelser" if not expected else f"{decimal(round(ratio, 1))} gånger det vanliga"
    per_report = (
        f"{plural(week.events, 'händelse', 'händelser')} från {plural(week.reports, 'rapport', 'rapporter')} "
        f"({decimal(round(rate, 1))} per rapport) mot vanligen {decimal(round(baseline, 1))} per rapport "
        f"({plural(len(history), 'vecka', 'veckor')}): {how}."
    )
    level = _higher(level, volume) or volume
    reason = " ".join(p for p in (per_report[0].upper() + per_report[1:], extra) if p)
    return Suggestion(level, reason, baseline, points)


def rule_text(rule: LevelRule | None = None) -> list[str]:
    """The rule's mechanics in plain Swedish, for the intern version's appendix (one line each)."""
    rule = rule or LevelRule()
    return [
        "est föreslår en nivå per område; mötet fastställer den.",
        "1. Signaler först: vissa punkter i checklistan är varningssignaler (t.ex. angrepp på anställda "
        "eller blåljuspersonal, skjutningar, anlagda bränder) med vikt 1–3. Veckans signalpoäng är vikterna "
        f"gånger antalet händelser: minst {rule.signal_yellow} poäng ger minst gul, {rule.signal_orange} minst orange, "
        f"{rule.signal_red} röd. En händelse med vikt 2 ger ensam minst gul, med vikt 3 minst orange.",
        "2. Allvarlighetsgrad 3 (allvarlig) ger minst gul, 4 (mycket allvarlig) minst orange.",
        "3. Antalet sist, per rapport: veckans händelser per rapport jämförs med områdets vanliga antal per "
        f"rapport under de tidigare veckorna med rapporter (högst {rule.lookback_weeks} veckor bakåt). Minst "
        f"{decimal(rule.volume_yellow)} gånger det vanliga ger gul, minst {decimal(rule.volume_orange)} gånger orange – "
        f"och bara om det är minst {rule.min_increase} händelser fler än vanligt. Antalet ensamt ger aldrig röd.",
        "4. Positiva händelser och omvärld räknas inte: de höjer aldrig nivån.",
        f"5. Med färre än {rule.history_weeks} tidigare veckor med rapporter från området jämförs inte antalet: "
        f"nivån är ”{NO_BASIS}”.",
    ]


def scale_text() -> str:
    """'grön – normalläge …; gul – …' for the legend under the level table."""
    return "; ".join(f"{level} – {LEVEL_MEANING[level]}" for level in LEVELS) + "."


__all__ = [
    "LEVELS",
    "LEVEL_FILLS",
    "LEVEL_MEANING",
    "NO_BASIS",
    "NO_BASIS_FILL",
    "NO_BASIS_MEANING",
    "SEVERITY_WORDS",
    "AreaWeek",
    "Signal",
    "Suggestion",
    "rule_text",
    "scale_text",
    "signal_level",
    "signal_points",
    "suggest_level",
]
