"""The kvartals-/tertial-/årsanalys as plain data and as a Word draft (`est render --quarter 2026-Q3`).

`build_period_context` turns the trend figures (est_cli.trend.compute_trend) and the insatser's
follow-up (est_cli.insatser.follow_ups) into a dict for the template kvartalsanalys.docx;
templates/README.md documents every name. `render_period` does the whole job as the CLI runs it.

The rules (also in templates/README.md):

- **Suggested grade 1–4 per area**: est_cli.render.grade.
- **Problem pictures** per area and item (not the theme "positivt"): *nya/ökande* = at least
  2 more events than the previous period (or "ny" from 0); *kvarstående* = "high" both in this and
  in the previous period and not increasing, where high = on average at least 1 event per reported
  week and at least 3 in the period.
- Weeks without any report are "–" and are not counted as 0.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from est_cli.kalender import coming
from est_cli.levelrule import LevelRule
from est_cli.render.docx import RenderError
from est_cli.render.grade import GRADE_FILLS, GRADE_MEANING, GRADE_RULE, GRADES, NO_GRADE_FILL, suggest_grade
from est_cli.render.levels import LEVEL_FILLS, LEVELS
from est_cli.render.sentences import text
from est_cli.reporting_stats import reporting_stats
from est_cli.swedish import MISSING, number, swedish_date, week_list_text

PERIOD_TEMPLATE = Path(__file__).parent / "templates" / "kvartalsanalys.docx"
TEMPLATE_SETTING = "kvartalsanalys"  # the key in est.toml [mallar]
CHART_WIDTH_MM = 165

# kind → (document name, file name prefix)
KINDS = {
    "quarter": ("Kvartalsanalys", "kvartalsanalys"),
    "tertial": ("Tertialanalys", "tertialanalys"),
    "year": ("Årsanalys", "arsanalys"),
    "month": ("Månadslägesbild", "manadslagesbild"),
}
GRADE_SUGGESTION = "Förslag – fastställs av EST-gruppen"
RISE_MIN = 2  # "nya/ökande": at least this many more events than the previous period
HIGH_PER_WEEK = 1.0  # "high": at least this many events per reported week …
HIGH_MIN_TOTAL = 3  # … and at least this many in the period

PROBLEM_RULE = (
    "Nya/ökande: minst 2 fler händelser än föregående period (”ny” = från 0). Kvarstående: högt både denna "
    "och föregående period utan att öka, där högt = i snitt minst 1 händelse per rapporterad vecka och minst "
    "3 under perioden. Veckor utan rapport räknas inte (de är inte 0)."
)
PLACEHOLDERS = {
    "uppfoljning": "[Skriv den samlade uppföljningen: vilka insatser fortsätter, vilka avslutas och varför.]",
    "fortsatter": "[Ja/Nej – och varför]",
    "prioritering": "[Skriv vilka områden som prioriteras kommande period och varför. Fastställ betygen.]",
    "beskrivning": "[Beskriv {area} som prioriterat område kommande period: problemen, målen och vilka som "
    "deltar. Fastställ betyget.]",
    "problembild": "[Komplettera problembilden för {area}: vad, var, hur och när – och troliga orsaker.]",
    "strategi": "[Skriv om utvecklingen går åt rätt eller fel håll och vilka strategiska mål som gäller.]",
}


@dataclass
class RenderedPeriod:
    period: Any
    path: Path
    template: Path
    context: dict


def output_path(drafts: Path, period) -> Path:
    """utkast/2026-Q3/kvartalsanalys-2026-Q3.docx (tertialanalys-2026-T2, arsanalys-2026)."""
    prefix = KINDS[period.kind][1]
    return Path(drafts) / period.label / f"{prefix}-{period.label}.docx"


def choose_template(workspace, option: Path | None) -> Path:
    """--template, else est.toml [mallar] kvartalsanalys (relative to the workspace), else the shipped one."""
    from est_cli.render import configured_template

    return configured_template(workspace, option, TEMPLATE_SETTING, PERIOD_TEMPLATE)


# ----------------------------------------------------------------------------- rules


def _high(total: int | None, reported: int) -> bool:
    if not total:  # no report, or none of these events
        return False
    return reported > 0 and total >= HIGH_MIN_TOTAL and total / reported >= HIGH_PER_WEEK


def problem_pictures(rows, reported: int, previous_reported: int) -> dict[str, list[str]]:
    """{'okande': [...], 'kvarstaende': [...], 'utan_jamforelse': [...]} as sentences for one area's rows."""
    rising, staying, unknown = [], [], []
    for r in rows:
        if r.kind != "problem" or not r.total:
            continue
        label = text(r.label)
        if r.previous_total is None:
            if _high(r.total, reported):
                unknown.append(f"{label}: {r.total} (i snitt {number(r.total / reported)} per vecka)")
            continue
        diff = r.total - r.previous_total
        if diff >= RISE_MIN:
            how = "ny" if r.previous_total == 0 else f"+{diff}"
            rising.append(f"{label}: {r.total} mot {r.previous_total} föregående period ({how})")
        elif _high(r.total, reported) and _high(r.previous_total, previous_reported):
            staying.append(
                f"{label}: {r.total} mot {r.previous_total} föregående period "
                f"(i snitt {number(r.total / reported)} per vecka)"
            )
    return {"okande": rising, "kvarstaende": staying, "utan_jamforelse": unknown}


# ----------------------------------------------------------------------------- the context


def _value(x) -> str:
    return MISSING if x is None else str(x)


def _sum(values) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _area_total(rows, attr: str) -> int | None:
    """None when the area has no report at all in that period (every row is None then)."""
    return _sum(getattr(r, attr) for r in rows)


def build_period_context(
    conn, period, schema, workspace, today: date | None = None, window: int = 8
) -> tuple[dict, Any]:
    """(context, TrendResult) for `period`. Raises RenderError when the archive has no report in the period."""
    from est_cli.insatser import NOT_PROOF, follow_ups
    from est_cli.trend import compute_trend, follow_up_basis

    result = compute_trend(conn, period=period, schema=schema, kommun=workspace.kommun, workspace_areas=workspace.areas)
    if not any(a.reported_weeks for a in result.areas):
        raise RenderError(f"Arkivet har inga rapporter för {period.describe()}. Kör est merge först.")
    name = KINDS[period.kind][0]
    prev, ly = result.previous, result.last_year
    today = today or date.today()

    weights, rule = schema.signals(), getattr(workspace, "level_rule", None) or LevelRule()
    areas = [_period_area(nr, info, result, period, weights, rule) for nr, info in enumerate(result.areas, 1)]
    ups = follow_ups(conn, schema=schema, window=window, first=str(period.first), last=str(period.last))
    insatser = [_follow_up(f, follow_up_basis(f)) for f in ups]

    weeks = period.weeks_text
    context = {
        "titel": f"{name} {period.title if period.kind == 'month' else period.label} ({weeks}) – {text(workspace.kommun)}",
        "dokument": name,
        "kommun": text(workspace.kommun),
        "period": period.label,
        "period_text": period.describe(),
        "veckor": weeks,
        "utkast": "Utkast",
        "datum": swedish_date(today),
        "checklista": text(result.schema_name),
        "jamforelse": (
            f"Föregående period {prev.describe()}; samma period i fjol {ly.describe()}. Antalen är händelser: "
            "samma händelse rapporterad av flera räknas en gång (inom parentes rapporternas summa där den är större)."
        ),
        "kolumner": {"summa": period.label, "foregaende": prev.label, "fjol": ly.label},
        "forslag": GRADE_SUGGESTION,
        "betygsregel": GRADE_RULE,
        "betygsskala_text": "; ".join(f"{g} – {GRADE_MEANING[g]}" for g in GRADES) + ".",
        "problemregel": PROBLEM_RULE,
        "insatser": insatser,
        "insatser_not": NOT_PROOF,
        "insatser_fonster": (
            f"Före och efter = lika många veckor (högst {window}) före och från insatsens start, "
            "kortade till de veckor arkivet har rapporter för."
        ),
        "insatser_ingen": ""
        if insatser
        else "Inga insatser i registret under perioden (registrera dem med est insats add).",
        "omraden": areas,
        "diagram_text": (
            f"Händelser per vecka, {period.describe()}, för de kategorier som har flest händelser. "
            "Grå veckor saknar rapport helt (inte 0)."
        ),
        "platshallare": {k: v for k, v in PLACEHOLDERS.items() if "{area}" not in v},
        "nivaer": _decided_levels(conn, period, result),
        **_weekly_parts(conn, workspace, schema, period),
        # Public holidays and est.toml's [[kalender]] in the period: what the weeks held.
        "kalender": coming(
            getattr(workspace, "calendar", []), period.first.monday() - timedelta(days=1), len(period.weeks)
        ),
    }
    return context, result


def _weekly_parts(conn, workspace, schema, period) -> dict[str, Any]:
    """What the analysis reads week by week – reporting per function and the recurring places – from one
    compiled view per week."""
    from est_cli.karta import map_places, recurring
    from est_cli.place_register import load_register
    from est_cli.render.maps import period_maps
    from est_cli.weekview.build import week_view

    weeks = [str(w) for w in period.weeks]
    views = [week_view(conn, workspace, schema, w) for w in period.weeks]
    data = map_places(conn, workspace, schema, weeks, load_register(workspace.root), views=views)
    again = recurring(data.places, len(weeks))
    return {
        "kartor": period_maps(workspace, data, again, period.label),
        # Reporting over the period per reporter function (est rapport statistik).
        "inrapportering": [
            {"omrade": text(s.area), "vem": text(f"{s.organisation} · {s.reporter}"), "rad": s.line()}
            for s in reporting_stats(conn, workspace, schema, weeks, views)
        ],
        # Places that keep coming back: candidates for a fördjupad EST.
        "aterkommande": [text(line) for line in data.recurring_lines(again, len(weeks))],
    }


def _decided_levels(conn, period, result) -> dict[str, Any]:
    """The levels the meetings decided (est fastställ), week by week: weeks per level for each area."""
    from est_cli import store

    decided = store.decided_levels(conn, str(period.first), str(period.last))
    rows: dict[str, dict[str, str]] = {}
    names = {a.key: a.name for a in result.areas}
    for week, area, key, level in decided:
        rows.setdefault(names.get(key, area), {})[week] = level
    weeks = [str(w) for w in period.weeks]
    lines = []
    for area, levels in rows.items():
        counts = [f"{n} {level}" for level in LEVELS if (n := list(levels.values()).count(level))]
        lines.append(f"{text(area)}: {', '.join(counts)} ({len(levels)} av {len(weeks)} veckor fastställda)")
    return {
        "finns": bool(rows),
        "rader": lines,
        "tabell": [(text(area), levels) for area, levels in rows.items()],
        "veckor": weeks,
        "text": "De nivåer EST-mötet fastställde vecka för vecka (est fastställ). Vita rutor: veckan är inte fastställd.",
    }


def _period_area(nr: int, info, result, period, weights: dict[str, int], rule: LevelRule) -> dict[str, Any]:
    """One area of the analysis: totals against the comparison periods, the suggested grade, the problem
    pictures and the table per category."""
    from est_cli.trend import Change

    prev, ly = result.previous, result.last_year
    rows = [r for r in result.rows if r.area_key == info.key]
    prev_reported = len(prev.weeks) - (rows[0].previous_missing_weeks if rows else len(prev.weeks))
    ly_reported = len(ly.weeks) - (rows[0].last_year_missing_weeks if rows else len(ly.weeks))
    # The area's totals count problems, as the weekly lägesbild does: positive events and context are
    # in the table, never in the sum.
    graded = [r for r in rows if r.kind == "problem"]
    total, previous, last_year = (_area_total(graded, a) for a in ("total", "previous_total", "same_period_last_year"))
    reported = sum(r.reported or 0 for r in graded)
    weeks = info.reported_weeks
    change, change_last_year = (
        Change.of_periods(total, weeks, previous, prev_reported),
        Change.of_periods(total, weeks, last_year, ly_reported),
    )
    grade = suggest_grade(
        _area_total(graded, "total"),
        info.reported_weeks,
        [
            (_area_total(graded, "previous_total"), prev_reported),
            (_area_total(graded, "same_period_last_year"), ly_reported),
        ],
        [prev.label, ly.label],
        [(r.label, weights.get(r.key, 0), r.total or 0) for r in graded],
        rule,
    )
    pictures = problem_pictures(rows, info.reported_weeks, prev_reported)
    table = [
        {
            "namn": text(r.label).replace("/", "/\u200b"),  # a line may break after "/"
            # Events; the reports' sum beside them where the same event was reported by several.
            "summa": _value(r.total) + (f" ({r.reported})" if r.reported is not None and r.reported != r.total else ""),
            "foregaende": _value(r.previous_total),
            "fjol": _value(r.same_period_last_year),
            "forandring": r.change.text(),
            "forandring_fjol": r.change_last_year.text(),
        }
        for r in rows
        if not r.quiet
    ]
    missing = ""
    if info.missing_weeks:
        missing = (
            f"Veckor utan någon rapport från området (räknas inte, är inte 0): "
            f"{week_list_text(info.missing_weeks, period.last.year)}."
        )
    if rows and (not rows[0].fair or not rows[0].fair_last_year):  # every row of the area has the same
        r = rows[0]
        bases = [
            f"{number(round(r.reports_per_week(which), 1))} {label}"
            for which, label, fair in (
                ("previous", "föregående period", r.fair),
                ("last_year", "samma period i fjol", r.fair_last_year),
            )
            if not fair
        ]
        missing = (missing + " " if missing else "") + (
            f"Inte helt jämförbart: området skickade {number(round(r.reports_per_week(), 1))} rapporter per vecka "
            f"med rapport mot {' och '.join(bases)} – fler eller färre rapportörer ändrar antalen utan att "
            "läget har ändrats."
        )
    area_name = text(info.name)
    return {
        "nr": nr,
        "namn": area_name,
        "veckor_med_rapport": f"{info.reported_weeks} av {len(period.weeks)}",
        "saknade_veckor": missing,
        "totalt": _value(total),
        "foregaende": _value(previous),
        "fjol": _value(last_year),
        "forandring": change.text(),
        "forandring_fjol": change_last_year.text(),
        "betyg": _value(grade.grade),
        "betyg_namn": f"{grade.grade} – {GRADE_MEANING[grade.grade].split(' – ')[0]}"
        if grade.grade
        else "ingen rapport",
        "betyg_farg": GRADE_FILLS[grade.grade] if grade.grade else NO_GRADE_FILL,
        "betyg_underlag": grade.reason,
        "beskrivning": PLACEHOLDERS["beskrivning"].format(area=area_name),
        "okande": pictures["okande"],
        "kvarstaende": pictures["kvarstaende"],
        "utan_jamforelse": pictures["utan_jamforelse"],
        "inga_problem": "" if any(pictures.values()) else "Inga punkter ökade eller låg kvar på en hög nivå.",
        "problembild": PLACEHOLDERS["problembild"].format(area=area_name),
        "tabell": table,
        "inga_rader": "" if table else "Inga händelser under perioden eller jämförelseperioderna.",
        "summa": {
            "namn": "Summa"
            + (" (utom positiva och omvärld)" if any(not r.quiet for r in rows if r.kind != "problem") else ""),
            "summa": _value(total) + (f" ({reported})" if total is not None and reported != total else ""),
            "foregaende": _value(previous),
            "fjol": _value(last_year),
            "forandring": change.text(),
            "forandring_fjol": change_last_year.text(),
        },
    }


def _follow_up(f, basis: str) -> dict[str, str]:
    """One insats's before/after follow-up (est_cli.insatser.FollowUp) as template data."""
    i = f.insats
    span = f"från v.{i['from_week'].split('-W')[1]} {i['from_week'][:4]}"
    if i.get("to_week"):
        span += f" till v.{i['to_week'].split('-W')[1]} {i['to_week'][:4]}"
    who = f", ansvarig {text(i['ansvarig'])}" if i.get("ansvarig") else ""
    change = f.change.text()
    return {
        "rubrik": f"{text(i['area'])} – {text(f.label)}",
        "beskrivning": f"{text(i['beskrivning'])} ({span}{who}).",
        "fore": f"{_value(f.before.total)} ({f.before.span_text()}, {f.before.reported} veckor med rapport)"
        if f.window
        else MISSING,
        "efter": f"{_value(f.after.total)} ({f.after.span_text()}, {f.after.reported} veckor med rapport)"
        if f.window
        else MISSING,
        "fore_antal": _value(f.before.total),
        "efter_antal": _value(f.after.total),
        "forandring": change if basis in (MISSING, "summa") else f"{change} {basis}",
        "anmarkning": text(f.remark),
        "fortsatter": PLACEHOLDERS["fortsatter"],
    }


# ----------------------------------------------------------------------------- Word


def render_period_docx(context: dict, result, template: Path | None, out: Path) -> Path:
    """Render `context` with the period template (None = the shipped one) into `out`, atomically.

    Same rules as the veckolägesbild (est_cli.render.docx): values are escaped, unknown names are an
    error, reporter text is printed literally."""
    from docx.shared import Mm
    from docxtpl import InlineImage

    from est_cli.render.docx import fill_and_save, open_template
    from est_cli.render.maps import with_images
    from est_cli.trend import write_chart

    path = Path(template) if template else PERIOD_TEMPLATE
    tpl = open_template(path)
    with tempfile.TemporaryDirectory(prefix="est-render-") as tmp:
        png = Path(tmp) / "diagram.png"
        write_chart(result, png)
        data = dict(context)
        data["diagram_bild"] = InlineImage(tpl, str(png), width=Mm(CHART_WIDTH_MM))
        data["kartor"] = with_images(tpl, context.get("kartor") or [], Path(tmp), CHART_WIDTH_MM)
        levels = context.get("nivaer") or {}
        if levels.get("finns"):
            from est_cli.render.chart import level_timeline

            timeline = level_timeline(levels["veckor"], levels["tabell"], LEVEL_FILLS, Path(tmp) / "nivaer.png")
            data["nivaer"] = {**levels, "bild": InlineImage(tpl, str(timeline), width=Mm(CHART_WIDTH_MM))}
        fill_and_save(
            tpl,
            path,
            data,
            out,
            title=context.get("titel", "Kvartalsanalys"),
            subject=context.get("period_text", ""),
            keywords=f"EST, {context.get('dokument', 'kvartalsanalys').lower()}",
        )
    return Path(out)


def render_period(
    archive, workspace, schema, period, out: Path, template: Path | None = None, today: date | None = None
) -> RenderedPeriod:
    """The whole job: figures from the archive, the context, the .docx at `out`."""
    if period.kind not in KINDS:
        raise RenderError("Analysen görs för en månad, ett kvartal, en tertial eller ett år.")
    with archive.read() as conn:
        context, result = build_period_context(conn, period, schema, workspace, today=today)
    chosen = Path(template) if template else PERIOD_TEMPLATE
    render_period_docx(context, result, chosen, out)
    return RenderedPeriod(period, Path(out), chosen, context)


def draft_period(
    archive, workspace, schema, period, template: Path | None = None, force: bool = False
) -> RenderedPeriod:
    """`est render --quarter/--tertial/--year`: the analysis draft at utkast/, with --template or the
    workspace's or the shipped template; an edited draft is never replaced without `force`."""
    from est_cli.render import existing_template, may_write

    chosen = existing_template(choose_template(workspace, template), template, TEMPLATE_SETTING)
    out = may_write(output_path(workspace.drafts, period), force)
    return render_period(archive, workspace, schema, period, out, chosen)
