"""The veckolägesbild as plain data: every number and sentence est can compute, for the Word template.

`build_context` turns the compiled week (WeekView) into a dict of strings, numbers and lists that
templates/README.md documents key by key. The variant decides what goes in, not the template: the
extern variant's data holds no comments, no places finer than the area and no reporter functions,
so that even a municipality's own template cannot show them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Any

from est_cli.outputs.palette import STATUS_FILLS
from est_cli.privacy import mask_contacts
from est_cli.render.history import History
from est_cli.render.levels import LEVEL_FILLS, LEVEL_MEANING, LEVELS, scale_text, suggest_level
from est_cli.render.sentences import (
    change_text,
    comparison_line,
    number_trend,
    organisation_kind,
    quotes,
    severity_trend,
    situation,
    summary,
    text,
    when_text,
    where_text,
)
from est_cli.schema import NOT_COUNTED_THEMES, POSITIVE_THEMES, WORLD_THEMES
from est_cli.swedish import (
    MISSING,
    events_word,
    in_sentence,
    join_words,
    number,
    short_weekday_time,
    swedish_date,
    week_label,
    week_span,
)
from est_cli.text import fold
from est_cli.weeks import IsoWeek
from est_cli.weekview import ExpectedStatus, OverviewRow, WeekView

VARIANTS = ("intern", "extern")
VARIANT_TEXT = {"intern": "Intern – får ej spridas", "extern": "Kan lämnas ut"}
VARIANT_NOTE = {
    "intern": "Innehåller platser och rapportörernas kommentarer. Sprids bara inom EST-gruppen och de organisationer som deltar.",
    "extern": "Översiktlig version utan kommentarer, platser och rapportörer. Kan lämnas ut, t.ex. till frivilligorganisationer eller media.",
}
VARIANT_FILLS = {"intern": "C00000", "extern": "2E7D32"}
SUGGESTION = "Förslag – fastställs på mötet"
# In the extern variant, rows under labels outside the checklist (a reporter's own words) are merged.
OTHER_KEY, OTHER_LABEL = "_andra_punkter", "Andra punkter (utanför checklistan)"
NO_REPORT_LEVEL, NO_REPORT_FILL = "ingen rapport", "D9D9D9"  # an area without reports this week

# Events of the themes NOT_COUNTED_THEMES are not counted into the area's level; they are shown in
# sections 3 (positive) and 4 (the wider world) instead, as are events whose comment says so.
# Comments that mark an event as positive or as about the wider world (documented in templates/README.md).
POSITIVE_WORDS = re.compile(r"\bpositiv|\bökar tryggheten|\bökad trygghet", re.IGNORECASE)
WORLD_WORDS = re.compile(r"\brykte|\bsociala medier|\bsnapchat|\btiktok|\binstagram|\bsocial oro|\bandra delar av", re.IGNORECASE)


PLACEHOLDERS = {
    "samlad": "[Skriv den samlade bedömningen från mötet: läget i områdena, vad som är mest otrygghetsskapande "
              "och om insatserna ska fortsätta. Fastställ nivåerna i tabellen.]",
    "bedomning": "[Skriv bedömningen för {area}: vad är otrygghetsskapande, har läget förändrats, ska insatserna "
                 "fortsätta? Fastställ nivån.]",
    "insatser": "[Skriv vilka insatser som fortsätter enligt tidigare lägesbild – eller ”Inga”.]",
    "behov": "[Skriv vilka ytterligare insatser som behövs kommande vecka – eller ”Inga”.]",
    "hur": "[Skriv hur: tillvägagångssätt, hot spots och hot times.]",
    "orsaker": "[Skriv troliga orsaker till problemet som insatserna riktas mot – helst från en orsaksanalys.]",
    "atgarder": "[Skriv insatser/åtgärder: vad, var, när, med vilket syfte och vem som ansvarar.]",
    "mal": "[Skriv veckans operativa mål, om några.]",
    "positiva": "[Lägg till positiva iakttagelser från mötet: vad ökar tryggheten?]",
    "omvarld": "[Skriv om händelser i andra delar av kommunen, i Sverige eller internationellt, och om rykten, "
               "som kan påverka områdena.]",
    "aterkoppling": "[Skriv vad som återkopplas till rapportörerna: tack, påminnelse till dem som saknas, svar på frågor.]",
}


# ----------------------------------------------------------------------------- small helpers


def _span(weeks: list[str], year: int) -> str:
    """['2026-W43', …, '2026-W46'] → 'v.43–46'; across a new year 'v.51 2025–v.2'."""
    if not weeks:
        return ""
    first, last = IsoWeek.parse(weeks[0]), IsoWeek.parse(weeks[-1])
    if first.year == last.year:
        return f"{week_label(weeks[0], year)}–{last.week}"
    return f"{week_label(weeks[0], year)}–{week_label(weeks[-1], year)}"


# ----------------------------------------------------------------------------- sentences from the data


# ----------------------------------------------------------------------------- the context


def build_context(
    week_view: WeekView,
    schema,
    workspace,
    variant: str = "intern",
    insatser: list[dict] | None = None,
    history: History | None = None,
) -> dict[str, Any]:
    """The template's data for one week and variant (keys: templates/README.md).

    `insatser`: ongoing insatser [{area, beskrivning, ansvarig, from_week}] shown under "Insatser
    fortsätter enligt tidigare lägesbild"; `history`: the four weeks before (est_cli.render.history).
    """
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}, not {variant!r}")
    intern = variant == "intern"
    view = week_view
    week = IsoWeek.parse(view.week)
    history = history or History()

    def label(w: str) -> str:
        return week_label(w, week.year)

    names = {
        "denna": label(view.week),
        "forra": label(view.previous_week),
        "forrforra": label(view.week_before),
        "fjol": label(view.same_week_last_year),
        "snitt": _span(history.weeks, week.year),
    }
    names["jamforelse"] = (f"förra veckan {names['forra']}, veckan innan {names['forrforra']} "
                           f"och samma vecka förra året {names['fjol']}")
    themes = {item.id: item.theme for item in schema.items}
    if not intern:
        view, history = _without_free_text_labels(view, history, themes)

    # Every priority area in est.toml is in the document, also one without reports this week.
    areas: list[str] = []
    for row in view.overview:
        if row.area not in areas:
            areas.append(row.area)
    with_reports = {fold(a) for a in areas}
    areas += [a for a in workspace.areas if fold(a) not in with_reports]
    # One spelling per area (the overview's: est.toml's where it names the area), as reporters vary it.
    spelling = {fold(a): a for a in areas}
    view = replace(
        view,
        events=[replace(e, area=spelling.get(fold(e.area), e.area)) for e in view.events],
        expected=[replace(e, area=spelling.get(fold(e.area), e.area)) for e in view.expected],
    )
    omraden = [
        _area(view, themes, history, names, area, n, intern, insatser or [])
        for n, area in enumerate(areas, 1)
    ]

    reported = [e for e in view.expected if e.status is not ExpectedStatus.MISSING]
    reporters = {(fold(e.area), fold(e.organisation), fold(e.reporter)) for e in reported}
    organisations = {organisation_kind(e.organisation) for e in reported}
    kallor = (f"{len(reported)} {'rapport' if len(reported) == 1 else 'rapporter'} från {len(reporters)} "
              f"{'rapportör' if len(reporters) == 1 else 'rapportörer'} i {len(organisations)} "
              f"{'organisation' if len(organisations) == 1 else 'organisationer'}")

    positive = _special(view, themes, POSITIVE_THEMES, POSITIVE_WORDS, intern)
    world = _special(view, themes, WORLD_THEMES, WORLD_WORDS, intern)
    context = {
        "titel": f"Veckolägesbild vecka {week.week}, {week.year} – {text(view.kommun)}",
        "kommun": text(view.kommun),
        "vecka": view.week,
        "vecka_nr": week.week,
        "ar": week.year,
        "period": week_span(view.week),
        "variant": variant,
        "intern": intern,
        "variant_text": VARIANT_TEXT[variant],
        "variant_forklaring": VARIANT_NOTE[variant],
        "variant_farg": VARIANT_FILLS[variant],
        "sammanstalld": swedish_date(view.compiled_at.date()),
        "kallor": kallor,
        "antal_rapporter": len(reported),
        "antal_rapportorer": len(reporters),
        "antal_organisationer": len(organisations),
        "checklista": text(view.schema_name),
        "veckor": names,
        "forslag": SUGGESTION,
        "niva_regel": (
            "est föreslår nivån ur veckans antal händelser (utom positiva händelser och omvärld) jämfört med "
            "snittet för jämförelseveckorna som har rapporter; allvarlighetsgrad 3 ger minst gul, 4 minst orange. "
            "Mötet fastställer nivån."
        ),
        "nivaskala": [{"namn": lvl.capitalize(), "farg": LEVEL_FILLS[lvl], "betydelse": LEVEL_MEANING[lvl]} for lvl in LEVELS],
        "nivaskala_text": "Skala: " + scale_text(),
        "sammanfattning": summary(view, omraden, names),
        "omraden": omraden,
        "rakneregel": ("Antal = summan av rapporternas antal; samma händelse kan finnas i flera rapporter. "
                       "”Uppgift saknas” = ingen rapport från området den veckan (inte 0). "
                       "”Ny” = inga händelser i kategorin jämförelseveckan."),
        "positiva": {
            "handelser": positive,
            "ingen": "Inga rapporter om positiva händelser denna vecka.",
            "platshallare": PLACEHOLDERS["positiva"],
        },
        "omvarld": {
            "handelser": world,
            "ingen": "Inga rapporter om omvärld eller rykten denna vecka.",
            "platshallare": PLACEHOLDERS["omvarld"],
        },
        "inrapportering": _reporting(view, workspace, intern),
        "platshallare": {"samlad": PLACEHOLDERS["samlad"]},
        "bilaga": {
            "forklaring": (f"Antal händelser per kategori och område vecka {week.week} med jämförelseveckorna. "
                           f"Snitt = genomsnittet för {names['snitt'] or 'de fyra föregående veckorna'} "
                           "bland de veckor som har rapporter från området. ”–” = inga rapporter den veckan."),
        },
    }
    # The extern version may be handed out: no phone number or e-mail address, even in an area's
    # name (it holds no comments, places or reporters to begin with).
    return context if intern else _without_contacts(context)


def _without_contacts(value: Any) -> Any:
    if isinstance(value, str):
        return mask_contacts(value)
    if isinstance(value, dict):
        return {k: _without_contacts(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_contacts(v) for v in value]
    return value


def _area(view: WeekView, themes: dict, history: History, names: dict, area: str, n: int,
          intern: bool, insatser: list[dict]) -> dict[str, Any]:
    area_key = fold(area)
    rows = [r for r in view.overview if r.area == area]
    counted = [r for r in rows if r.theme not in NOT_COUNTED_THEMES]
    events = [e for e in view.events if e.area == area]
    counted_events = [e for e in events if themes.get(e.key) not in NOT_COUNTED_THEMES]

    def total(attr: str) -> int | None:
        values = [getattr(r, attr) for r in counted]
        return None if all(v is None for v in values) else sum(v or 0 for v in values)

    this_total = total("this_week")
    comparison = [total("previous_week"), total("week_before"), total("same_week_last_year")]
    max_severity = max((e.severity for e in counted_events if e.severity), default=None)
    week_no = IsoWeek.parse(view.week).week
    if rows:
        suggestion = suggest_level(this_total or 0, comparison, max_severity,
                                   [names["forra"], names["forrforra"], names["fjol"]])
        level = {"niva": suggestion.level, "niva_namn": suggestion.level.capitalize(),
                 "niva_farg": LEVEL_FILLS[suggestion.level], "niva_underlag": suggestion.reason,
                 "niva_betydelse": LEVEL_MEANING[suggestion.level]}
    else:
        level = {"niva": NO_REPORT_LEVEL, "niva_namn": NO_REPORT_LEVEL.capitalize(), "niva_farg": NO_REPORT_FILL,
                 "niva_underlag": (f"Inga rapporter från {text(area)} vecka {week_no} – ingen nivå föreslås. "
                                   "Se inrapporteringen i avsnitt 5."),
                 "niva_betydelse": "inga uppgifter"}

    categories = []
    for row in counted:
        if row.this_week <= 0:
            continue
        cat_events = [e for e in events if e.key == row.key]
        categories.append({
            "namn": text(row.label),
            "antal": row.this_week,
            "rad": f"{text(row.label)}: {row.this_week}",
            "forra": change_text(row.this_week, row.previous_week),
            "forrforra": change_text(row.this_week, row.week_before),
            "fjol": change_text(row.this_week, row.same_week_last_year),
            "jamforelse": comparison_line(row, names),
            "eskalering": " ".join(p for p in (
                number_trend(row.this_week, row.previous_week, row.week_before, names["forra"]) if comparison[0] is not None else "",
                severity_trend(cat_events, history.previous_severity.get((area_key, row.key))),
            ) if p),
            "var": where_text(cat_events) if intern else "",
            "nar": when_text(cat_events),
            "kommentarer": quotes(cat_events) if intern else [],
        })
    gone = [f"{in_sentence(text(r.label))} ({r.previous_week} förra veckan)"
            for r in counted if r.this_week == 0 and r.previous_week]
    report_count = sum(1 for e in view.expected if e.status is not ExpectedStatus.MISSING and fold(e.area) == area_key)

    problem_events = [e for e in counted_events if not POSITIVE_WORDS.search(e.comment or "")]
    top = sorted(counted, key=lambda r: -r.this_week)
    vad = join_words([f"{in_sentence(text(r.label))} ({r.this_week})" for r in top if r.this_week > 0][:3])
    actions: list[str] = []
    if intern:
        for e in events:
            action = text(e.action)
            if action:
                where = ", ".join(p for p in (text(e.label), text(e.place)) if p)
                line = f"{action} ({where})"
                if line not in actions:
                    actions.append(line)
    ongoing, new = [], []
    if intern:
        for insats in insatser:
            if fold(str(insats.get("area", ""))) != area_key:
                continue
            entry = _insats(insats, view.week)
            (new if entry["fran_vecka"] >= view.week else ongoing).append(entry)

    table_rows, sums, chart = _appendix(rows, history, area_key, names, text(area), bool(rows))
    return {
        "nr": f"2.{n}",
        "namn": text(area),
        "rapporterat": bool(rows),
        **level,
        "totalt": this_total or 0,
        "totalt_forra": comparison[0],
        "laget": (situation(this_total or 0, comparison[0], len(categories), report_count, text(area), view.week, names)
                  if rows else f"Inga rapporter från {text(area)} vecka {week_no}."),
        "kategorier": categories,
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
        "orsaker": PLACEHOLDERS["orsaker"],
        "rapporterade_atgarder": actions,
        "atgarder": PLACEHOLDERS["atgarder"],
        "mal": PLACEHOLDERS["mal"],
        "tabell": table_rows,
        "summa": sums,
        "diagram": chart,
        "diagram_text": chart["text"],
    }


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
    details = " · ".join(p for p in (
        f"mot {in_sentence(target)}" if target else "",
        f"ansvarig: {text(insats.get('ansvarig'))}" if text(insats.get("ansvarig")) else "",
        f"sedan {shown}" if shown else "",
    ) if p)
    return {
        "beskrivning": description,
        "ansvarig": text(insats.get("ansvarig")),
        "fran": shown,
        "fran_vecka": start_week,  # '' when unknown: counted as continuing
        "mal": target,
        "rad": f"{description} – {details}" if details else description,
    }


def _without_free_text_labels(view: WeekView, history: History, themes: dict) -> tuple[WeekView, History]:
    """The week and history with every item outside the schema merged into OTHER_LABEL (for extern)."""
    def merged(values: list[int | None]) -> int | None:
        return None if all(v is None for v in values) else sum(v or 0 for v in values)

    overview: list[OverviewRow] = []
    others: dict[str, list[OverviewRow]] = {}
    for row in view.overview:
        if row.key in themes:
            overview.append(row)
        else:
            others.setdefault(row.area, []).append(row)
    for area, rows in others.items():
        overview.append(OverviewRow(
            area, OTHER_KEY, OTHER_LABEL, None,
            sum(r.this_week for r in rows), merged([r.previous_week for r in rows]),
            merged([r.week_before for r in rows]), merged([r.same_week_last_year for r in rows]),
        ))
    order = {a: n for n, a in enumerate(dict.fromkeys(r.area for r in view.overview))}
    overview.sort(key=lambda r: order[r.area])  # stable: the schema's order within each area, "other" last
    events = [e if e.key in themes else replace(e, key=OTHER_KEY, label=OTHER_LABEL) for e in view.events]
    counts: Counter[tuple[str, str, str]] = Counter()
    for (week, area, key), n in history.counts.items():
        counts[(week, area, key if key in themes else OTHER_KEY)] += n
    severity: dict[tuple[str, str], int] = {}
    for (area, key), n in history.previous_severity.items():
        target = (area, key if key in themes else OTHER_KEY)
        severity[target] = max(severity.get(target, 0), n)
    return (replace(view, overview=overview, events=events),
            replace(history, counts=dict(counts), previous_severity=severity))


def _appendix(rows: list[OverviewRow], history: History, area_key: str, names: dict,
              area: str, reported: bool) -> tuple[list[dict], dict, dict]:
    """The appendix table rows and sum row (display strings) and the chart's data for one area."""
    weeks = [w for w in history.weeks if (w, area_key) in history.present]
    keys = [r.key for r in rows]
    extra = sorted({k for (w, a, k) in history.counts if a == area_key and k not in keys})
    table, labels, this_values, averages, columns = [], [], [], [], []
    for key, row in [(r.key, r) for r in rows] + [(k, None) for k in extra]:
        average = (sum(history.counts.get((w, area_key, key), 0) for w in weeks) / len(weeks)) if weeks else None
        values = ((row.this_week, row.previous_week, row.week_before, row.same_week_last_year) if row
                  else (0 if reported else None, None, None, None))
        if not any(values) and not average:
            continue
        name = text(row.label if row else key)
        table.append({
            "namn": name,
            "denna": number(values[0]),
            "forra": number(values[1]),
            "forrforra": number(values[2]),
            "fjol": number(values[3]),
            "snitt": number(average),
        })
        columns.append((*values, average))
        labels.append(name)
        this_values.append(values[0] or 0)
        averages.append(average or 0.0)

    def column_sum(i: int) -> str:
        known = [c[i] for c in columns if c[i] is not None]
        return number(sum(known)) if known else MISSING

    sums = {"namn": "Summa", "denna": column_sum(0), "forra": column_sum(1), "forrforra": column_sum(2),
            "fjol": column_sum(3), "snitt": column_sum(4)}
    if weeks:
        caption = (f"Händelser per kategori {names['denna']} mot snittet för {names['snitt']} "
                   f"({len(weeks)} av {len(history.weeks)} veckor med rapporter från området).")
    else:
        caption = (f"Händelser per kategori {names['denna']}. Inga rapporter från "
                   f"{names['snitt'] or 'veckorna före'} att jämföra med.")
    chart = {
        "etiketter": labels,
        "denna": this_values,
        "snitt": averages if weeks and labels else None,
        "denna_namn": names["denna"],
        "snitt_namn": f"Snitt {names['snitt']}",
        "text": caption,
        "titel": (f"{area}: händelser per kategori {names['denna']} och snitt {names['snitt']}" if weeks
                  else f"{area}: händelser per kategori {names['denna']}"),
    }
    return table, sums, chart


def _special(view: WeekView, themes: dict, wanted: frozenset[str], words: re.Pattern, intern: bool) -> list[dict]:
    """Events for section 3 (positive) or 4 (wider world): by theme, or by a comment that says so."""
    chosen = [e for e in view.events if themes.get(e.key) in wanted or words.search(e.comment or "")]
    if intern:
        result = []
        for e in chosen:
            comment = text(e.comment)
            where = ", ".join(p for p in (text(e.label), text(e.place)) if p)
            result.append({
                "omrade": text(e.area), "kategori": text(e.label), "antal": e.count,
                "text": comment, "plats": text(e.place),
                "rad": f"{text(e.area)} – {where}: ”{comment}”" if comment else f"{text(e.area)} – {where}: {events_word(e.count)}",
            })
        return result
    grouped: Counter[tuple[str, str]] = Counter()
    for e in chosen:
        grouped[(text(e.area), text(e.label))] += e.count
    return [{"omrade": area, "kategori": label, "antal": n, "text": "", "plats": "", "rad": f"{area} – {label}: {events_word(n)}"}
            for (area, label), n in grouped.items()]


def _reporting(view: WeekView, workspace, intern: bool) -> dict[str, Any]:
    # week_view lists the expected reporters first, in est.toml's order, then unexpected reports.
    expected_count = len(workspace.expected)
    expected_rows = view.expected[:expected_count]
    others = view.expected[expected_count:]
    came = [e for e in expected_rows if e.status in ("inkommen", "sen")]
    late = [e for e in view.expected if e.status == "sen"]
    missing = [e for e in expected_rows if e.status == "saknas"]
    if expected_count:
        summary = f"{len(came)} av {expected_count} förväntade rapportörer har skickat in sin checklista"
        summary += f"; {len(late)} kom efter sista tid" if late else ""
        summary += f"; {len(missing)} saknas." if missing else ". Ingen saknas."
    else:
        summary = f"{len(view.expected)} rapporter kom in. Inga förväntade rapportörer är angivna i est.toml."
    if others:
        summary += f" {len(others)} {'rapport' if len(others) == 1 else 'rapporter'} från rapportörer som inte står i est.toml."
    per_area = []
    areas: list[str] = []
    for e in view.expected:
        if e.area not in areas:
            areas.append(e.area)
    for area in areas:
        mine = [e for e in expected_rows if e.area == area]
        if not mine:
            continue
        parts = [f"{sum(1 for e in mine if e.status in ('inkommen', 'sen'))} av {len(mine)} har rapporterat"]
        n_late = sum(1 for e in view.expected if e.area == area and e.status == "sen")
        n_missing = sum(1 for e in mine if e.status == "saknas")
        if n_late:
            parts.append(f"{n_late} sent")
        if n_missing:
            parts.append(f"{n_missing} saknas")
        per_area.append(f"{text(area)}: " + ", ".join(parts) + ".")
    rows = []
    rejected = []
    if intern:
        for e in view.expected:
            rows.append({
                "omrade": text(e.area), "organisation": text(e.organisation), "rapportor": text(e.reporter),
                "status": e.status.capitalize(), "farg": STATUS_FILLS.get(e.status, "FFFFFF"),
                "inkom": short_weekday_time(e.received) if e.received else "–",
            })
        for r in view.rejected:
            where = f"{text(r.file)}, {text(r.location)}" if r.location else text(r.file)
            rejected.append(f"{where}: {text(r.message)}")
    deadline = short_weekday_time(view.deadline) if view.deadline else ""
    return {
        "text": summary,
        "sista_tid": f"Sista tid för inrapportering: {deadline}." if deadline else "",
        "omraden": per_area,
        "rader": rows,
        "avvisade": rejected,
        "avvisade_text": (f"{len(rejected)} {'fil eller rad' if len(rejected) == 1 else 'filer eller rader'} "
                          "kunde inte läsas och räknas inte:") if rejected else "",
        "platshallare": PLACEHOLDERS["aterkoppling"],
    }
