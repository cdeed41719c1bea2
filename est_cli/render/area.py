"""One area's section of the veckolägesbild (section 2.n) as template data: the suggested level, the
categories with their comparisons and escalation, the problem picture, the insatser, and the
appendix table and chart."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from est_cli.levelrule import LevelRule
from est_cli.render.history import History
from est_cli.render.levels import (
    LEVEL_FILLS,
    LEVEL_MEANING,
    NO_BASIS,
    NO_BASIS_FILL,
    NO_BASIS_MEANING,
    AreaWeek,
    Signal,
    suggest_level,
)
from est_cli.render.problems import problem_blocks
from est_cli.render.sentences import (
    NO_COMPARISON,
    PLACEHOLDERS,
    POSITIVE_WORDS,
    change_text,
    comparison_line,
    number_trend,
    quotes,
    reported_actions,
    reported_text,
    severity_trend,
    situation,
    text,
    when_text,
    where_text,
)
from est_cli.schema import theme_kind
from est_cli.swedish import MISSING, in_sentence, join_words, number, week_label
from est_cli.text import fold
from est_cli.weeks import IsoWeek
from est_cli.weekview import EventRow, ExpectedStatus, OverviewRow, WeekView
from est_cli.weekview.rules import ReportCounts

NO_REPORT_LEVEL, NO_REPORT_FILL = "ingen rapport", "D9D9D9"  # an area without reports this week


@dataclass(frozen=True)
class Items:
    """What the schema says about the week's keys: theme, kind and signal weight per item id."""

    themes: dict[str, str]
    kinds: dict[str, str]
    signals: dict[str, int]
    rule: LevelRule = LevelRule()

    @classmethod
    def of(cls, schema, rule: LevelRule | None = None) -> Items:
        return cls({i.id: i.theme for i in schema.items}, schema.kinds(), schema.signals(), rule or LevelRule())

    def kind(self, key: str, theme: str | None = None) -> str:
        """An item's kind; a label outside the checklist is a problem unless its theme says otherwise."""
        return self.kinds.get(key) or theme_kind(theme if theme is not None else self.themes.get(key))

    def problem(self, key: str, theme: str | None = None) -> bool:
        return self.kind(key, theme) == "problem"


def area_section(
    view: WeekView, items: Items, history: History, names: dict, area: str, n: int, intern: bool, insatser: list[dict]
) -> dict[str, Any]:
    """Section 2.`n` for `area` (keys: templates/README.md). `names`: the comparison weeks as people
    read them (context.build_context)."""
    area_key = fold(area)
    rows = [r for r in view.overview if r.area == area]
    counted = [r for r in rows if items.problem(r.key, r.theme)]
    events = [e for e in view.events if e.area == area]
    counted_events = [e for e in events if items.problem(e.key)]

    def total(attr: str) -> int | None:
        values = [getattr(r, attr) for r in counted]
        return None if all(v is None for v in values) else sum(v or 0 for v in values)

    this_total = total("this_week")
    comparison = [total("previous_week"), total("week_before"), total("same_week_last_year")]
    week_no = IsoWeek.parse(view.week).week
    reports = ReportCounts.of(view, area_key)
    report_count = reports.this or sum(
        1 for e in view.expected if e.status != ExpectedStatus.MISSING and fold(e.area) == area_key
    )
    level = _level(area, rows, events, items, history, week_no, this_total, report_count)
    categories = _categories(counted, events, history, area_key, names, intern, reports, comparison[0] is not None)
    gone = [
        f"{in_sentence(text(r.label))} ({r.previous_week} förra veckan)"
        for r in counted
        if r.this_week == 0 and r.previous_week
    ]
    problem_events = [e for e in counted_events if not POSITIVE_WORDS.search(e.comment or "")]
    top = sorted(counted, key=lambda r: -r.this_week)
    vad = join_words([f"{in_sentence(text(r.label))} ({r.this_week})" for r in top if r.this_week > 0][:3])
    ongoing, new = _area_insatser(insatser, area_key, view.week) if intern else ([], [])
    table_rows, sums, chart = _appendix(rows, history, area_key, names, text(area), bool(rows), items)
    return {
        "nr": f"2.{n}",
        "namn": text(area),
        "rapporterat": bool(rows),
        **level,
        "totalt": this_total or 0,
        "totalt_forra": comparison[0],
        "rapporter": report_count,
        "rapporter_forra": reports.previous,
        "jamforbar_forra": reports.fair(reports.previous),
        "laget": (
            situation(
                this_total or 0,
                comparison[0],
                len(categories),
                report_count,
                text(area),
                view.week,
                names,
                reported=sum(r.reported_this_week for r in counted),
                previous_reports=reports.previous or None,
            )
            if rows
            else f"Inga rapporter från {text(area)} vecka {week_no}."
        ),
        "kategorier": categories,
        # Said once for the area, not after each category, when no comparison week has a report.
        "jamforelse_saknas": NO_COMPARISON if rows and all(c is None for c in comparison) else "",
        "inga_nu": ("Inga händelser denna vecka i: " + join_words(gone) + ".") if gone else "",
        "bedomning": PLACEHOLDERS["bedomning"].format(area=text(area)),
        "insatser": ongoing,
        "nya_insatser": new,
        "insatser_platshallare": PLACEHOLDERS["insatser"],
        "behov_platshallare": PLACEHOLDERS["behov"],
        "problembild": {
            "vad": vad or "Inga händelser rapporterade denna vecka.",
            "var": (where_text(problem_events) or "–") if intern else f"{text(area)} (hela området).",
            "hur": PLACEHOLDERS["hur"],
            "nar": when_text(problem_events) or "–",
            "not": "Vad, var och när är förifyllt från veckans rapporter – justera. Var specifik men undvik boendeadresser.",
        },
        # One block per problem that stands out (figure 10.3); the template loops over them.
        "problembilder": problem_blocks(counted, problem_events, items.signals, reports, text(area), intern),
        "problembild_not": "Förifyllt från veckans rapporter – justera. Var specifik men undvik boendeadresser.",
        "orsaker": PLACEHOLDERS["orsaker"],
        "rapporterade_atgarder": reported_actions(events) if intern else [],
        "atgarder": PLACEHOLDERS["atgarder"],
        "mal": PLACEHOLDERS["mal"],
        "tabell": table_rows,
        "summa": sums,
        "diagram": chart,
        "diagram_text": chart["text"],
    }


def _level(
    area: str,
    rows: list[OverviewRow],
    events: list[EventRow],
    items: Items,
    history: History,
    week_no: int,
    this_total: int | None,
    reports: int,
) -> dict[str, Any]:
    """The suggested level (est_cli.render.levels) as template data; 'ingen rapport' without reports."""
    if not rows:
        return {
            "niva": NO_REPORT_LEVEL,
            "niva_namn": NO_REPORT_LEVEL.capitalize(),
            "niva_farg": NO_REPORT_FILL,
            "niva_underlag": (
                f"Inga rapporter från {text(area)} vecka {week_no} – ingen nivå föreslås. "
                "Se inrapporteringen i avsnitt 5."
            ),
            "niva_betydelse": "inga uppgifter",
            "niva_text": "",
        }
    # Signals and severity from problem and context items (a rumour of conflict is a signal); positive
    # events never raise a level.
    signalling = [e for e in events if items.kind(e.key) != "positive"]
    per_item: dict[str, int] = {}
    labels: dict[str, str] = {}
    for e in signalling:
        if items.signals.get(e.key) and e.counts:
            per_item[e.key] = per_item.get(e.key, 0) + e.counts
            labels[e.key] = text(e.label)
    signals = [Signal(labels[k], items.signals[k], n) for k, n in per_item.items()]
    max_severity = max((e.severity for e in signalling if e.severity), default=None)
    suggestion = suggest_level(
        AreaWeek(
            events=this_total or 0,
            reports=reports,
            signals=signals,
            max_severity=max_severity,
            history=history.area_weeks(fold(area), items.problem),
        ),
        items.rule,
    )
    if suggestion.level is None:
        return {
            "niva": NO_BASIS,
            "niva_namn": NO_BASIS,
            "niva_farg": NO_BASIS_FILL,
            "niva_underlag": suggestion.reason,
            "niva_betydelse": NO_BASIS_MEANING,
            "niva_text": "",
        }
    return {
        "niva": suggestion.level,
        "niva_namn": suggestion.level.capitalize(),
        "niva_farg": LEVEL_FILLS[suggestion.level],
        "niva_underlag": suggestion.reason,
        "niva_betydelse": LEVEL_MEANING[suggestion.level],
        "niva_text": f"{suggestion.level.capitalize()}: {LEVEL_MEANING[suggestion.level]}",
    }


def _categories(
    counted: list[OverviewRow],
    events: list[EventRow],
    history: History,
    area_key: str,
    names: dict,
    intern: bool,
    reports: ReportCounts,
    comparable: bool,
) -> list[dict[str, Any]]:
    """The categories with events this week: count, comparisons, escalation, where, when, comments."""
    categories = []
    for row in counted:
        if row.this_week <= 0:
            continue
        cat_events = [e for e in events if e.key == row.key]
        categories.append(
            {
                "namn": text(row.label),
                "antal": row.this_week,
                "rad": f"{text(row.label)}: "
                + (str(row.this_week) if row.reported is None else reported_text(row.this_week, row.reported)),
                "forra": change_text(row.this_week, row.previous_week, (reports.this, reports.previous)),
                "forrforra": change_text(row.this_week, row.week_before, (reports.this, reports.before)),
                "fjol": change_text(row.this_week, row.same_week_last_year, (reports.this, reports.last_year)),
                "jamforelse": comparison_line(row, names, reports),
                "eskalering": " ".join(
                    p
                    for p in (
                        number_trend(row.this_week, row.previous_week, row.week_before, names["forra"], reports)
                        if comparable
                        else "",
                        severity_trend(cat_events, history.previous_severity.get((area_key, row.key))),
                    )
                    if p
                ),
                "var": where_text(cat_events) if intern else "",
                "nar": when_text(cat_events),
                "kommentarer": quotes(cat_events) if intern else [],
            }
        )
    return categories


def _area_insatser(insatser: list[dict], area_key: str, week: str) -> tuple[list[dict], list[dict]]:
    """The area's insatser: (continuing from earlier weeks, started this week)."""
    ongoing: list[dict] = []
    new: list[dict] = []
    for insats in insatser:
        if fold(str(insats.get("area", ""))) != area_key:
            continue
        entry = _insats(insats, week)
        (new if entry["fran_vecka"] >= week else ongoing).append(entry)
    return ongoing, new


def _insats(insats: dict, week: str) -> dict[str, str]:
    """One insats as template data; 'rad' = 'Väktare kvällstid – mot skadegörelse (tema) · ansvarig: ÖBO · sedan v.45'."""
    start = str(insats.get("from_week") or "")
    try:
        start_week = str(IsoWeek.parse(start)) if start else ""
    except ValueError:
        start_week = ""
    shown = week_label(start_week, IsoWeek.parse(week).year) if start_week else text(start)
    description = text(insats.get("beskrivning"))
    target = text(insats.get("label"))
    details = " · ".join(
        p
        for p in (
            f"mot {in_sentence(target)}" if target else "",
            f"ansvarig: {text(insats.get('ansvarig'))}" if text(insats.get("ansvarig")) else "",
            f"sedan {shown}" if shown else "",
        )
        if p
    )
    return {
        "beskrivning": description,
        "ansvarig": text(insats.get("ansvarig")),
        "fran": shown,
        "fran_vecka": start_week,  # '' when unknown: counted as continuing
        "mal": target,
        "rad": f"{description} – {details}" if details else description,
    }


def _appendix(
    rows: list[OverviewRow], history: History, area_key: str, names: dict, area: str, reported: bool, items: Items
) -> tuple[list[dict], dict, dict]:
    """The appendix table rows and sum row (display strings) and the chart's data for one area."""
    weeks = [w for w in history.weeks if (w, area_key) in history.present]
    keys = [r.key for r in rows]
    extra = sorted({k for (w, a, k) in history.counts if a == area_key and w in history.weeks and k not in keys})
    table, labels, this_values, averages, columns = [], [], [], [], []
    others = False  # a positive or context category in the table: shown, not summed
    for key, row in [(r.key, r) for r in rows] + [(k, None) for k in extra]:
        average = (sum(history.counts.get((w, area_key, key), 0) for w in weeks) / len(weeks)) if weeks else None
        values = (
            (row.this_week, row.previous_week, row.week_before, row.same_week_last_year)
            if row
            else (0 if reported else None, None, None, None)
        )
        if not any(values) and not average:
            continue
        name = text(row.label if row else key)
        table.append(
            {
                "namn": name,
                "denna": number(values[0]),
                "forra": number(values[1]),
                "forrforra": number(values[2]),
                "fjol": number(values[3]),
                "snitt": number(average),
            }
        )
        if items.problem(key, row.theme if row else None):
            columns.append((*values, average))
        else:
            others = True
        labels.append(name)
        this_values.append(values[0] or 0)
        averages.append(average or 0.0)

    def column_sum(i: int) -> str:
        known = [c[i] for c in columns if c[i] is not None]
        return number(sum(known)) if known else MISSING

    sums = {
        "namn": "Summa (utom positiva och omvärld)" if others else "Summa",
        "denna": column_sum(0),
        "forra": column_sum(1),
        "forrforra": column_sum(2),
        "fjol": column_sum(3),
        "snitt": column_sum(4),
    }
    if weeks:
        caption = (
            f"Händelser per kategori {names['denna']} mot snittet för {names['snitt']} "
            f"({len(weeks)} av {len(history.weeks)} veckor med rapporter från området)."
        )
    else:
        caption = (
            f"Händelser per kategori {names['denna']}. Inga rapporter från "
            f"{names['snitt'] or 'veckorna före'} att jämföra med."
        )
    chart = {
        "etiketter": labels,
        "denna": this_values,
        "snitt": averages if weeks and labels else None,
        "denna_namn": names["denna"],
        "snitt_namn": f"Snitt {names['snitt']}",
        "text": caption,
        "titel": (
            f"{area}: händelser per kategori {names['denna']} och snitt {names['snitt']}"
            if weeks
            else f"{area}: händelser per kategori {names['denna']}"
        ),
    }
    return table, sums, chart
