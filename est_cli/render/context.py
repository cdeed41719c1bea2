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
from datetime import timedelta
from typing import Any

from est_cli.individdata import mask_extern
from est_cli.kalender import AHEAD_WEEKS, coming
from est_cli.meeting import ACTION_NOTE, Meeting, action_rows, meeting_context
from est_cli.outputs.palette import STATUS_FILLS
from est_cli.render.area import Items, area_section
from est_cli.render.history import History
from est_cli.render.levels import LEVEL_FILLS, LEVEL_MEANING, LEVELS, rule_text, scale_text
from est_cli.render.maps import week_maps
from est_cli.render.sentences import (
    PLACEHOLDERS,
    POSITIVE_WORDS,
    WORLD_WORDS,
    summary,
    text,
)
from est_cli.render.times import times_table
from est_cli.schema import organisation_kind
from est_cli.swedish import (
    events_word,
    plural,
    received_text,
    short_weekday_time,
    swedish_date,
    week_label,
)
from est_cli.text import fold
from est_cli.weeks import IsoWeek
from est_cli.weekview import ExpectedStatus, OverviewRow, WeekView

VARIANTS = ("intern", "extern")
VARIANT_TEXT = {"intern": "Intern – får ej spridas", "extern": "Utkast – inte fastställt"}
VARIANT_NOTE = {
    "intern": "Innehåller platser och rapportörernas kommentarer. Sprids bara inom EST-gruppen och de organisationer som deltar.",
    "extern": "Utkast till den externa versionen, utan kommentarer, platser och rapportörer; nivåerna är est:s "
    "förslag. Den version som kan lämnas ut görs efter mötet: est fastställ, sedan est render --variant extern.",
}
VARIANT_FILLS = {"intern": "C00000", "extern": "2E7D32"}
SUGGESTION = "Förslag – fastställs på mötet"
LEVEL_RULE = (
    "est föreslår nivån ur varningssignaler och allvarlighetsgrad först, sedan antalet händelser per "
    "rapport mot områdets egna tidigare veckor; positiva händelser höjer aldrig nivån. Mötet fastställer nivån."
)
COUNTING_RULE = (
    "Antal = händelser: samma händelse rapporterad av flera (samma punkt, plats och dag) räknas en gång; "
    "där rapporterna räknar fler står det inom parentes. "
    "”Uppgift saknas” = ingen rapport från området den veckan (inte 0). "
    "”Ny” = inga händelser i kategorin jämförelseveckan."
)
# In the extern variant, rows under labels outside the checklist (a reporter's own words) are merged.
OTHER_KEY, OTHER_LABEL = "_andra_punkter", "Andra punkter (utanför checklistan)"


# ----------------------------------------------------------------------------- small helpers


def _span(weeks: list[str], year: int) -> str:
    """['2026-W43', …, '2026-W46'] → 'v.43–46'; across a new year 'v.51 2025–v.2'."""
    if not weeks:
        return ""
    first, last = IsoWeek.parse(weeks[0]), IsoWeek.parse(weeks[-1])
    if first.year == last.year:
        return f"{week_label(weeks[0], year)}–{last.week}"
    return f"{week_label(weeks[0], year)}–{week_label(weeks[-1], year)}"


# ----------------------------------------------------------------------------- the context


def build_context(
    week_view: WeekView,
    schema,
    workspace,
    variant: str = "intern",
    insatser: list[dict] | None = None,
    history: History | None = None,
    actions: list[dict] | None = None,
) -> dict[str, Any]:
    """The template's data for one week and variant (keys: templates/README.md).

    `insatser`: ongoing insatser [{area, beskrivning, ansvarig, from_week}] shown under "Insatser
    fortsätter enligt tidigare lägesbild"; `history`: the four weeks before (est_cli.render.history).
    """
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}, not {variant!r}")
    intern = variant == "intern"
    week = IsoWeek.parse(week_view.week)
    history = history or History()
    names = _week_names(week_view, history, week.year)
    themes = {item.id: item.theme for item in schema.items}
    items = Items.of(schema, workspace.level_rule)
    view = week_view
    if not intern:
        view, history = _without_free_text_labels(view, history, themes)
    view, areas = _document_areas(view, workspace)
    omraden = [
        area_section(view, items, history, names, area, n, intern, insatser or []) for n, area in enumerate(areas, 1)
    ]
    # The intern version's static map per area, where places have coordinates.
    maps = week_maps(view, workspace, items.problem, [a["namn"] for a in omraden], week.week) if intern else {}
    for area in omraden:
        area["karta"] = maps.get(area["namn"])
    reported, reporters, organisations = _sources(view)
    context = {
        "titel": f"Veckolägesbild vecka {week.week}, {week.year} – {text(view.kommun)}",
        "kommun": text(view.kommun),
        "vecka": view.week,
        "vecka_nr": week.week,
        "ar": week.year,
        "period": view.period.span_text(),
        "rapportperiod": view.period.sentence(),
        "tider": times_table(view),
        "variant": variant,
        "intern": intern,
        "variant_text": VARIANT_TEXT[variant],
        "variant_forklaring": VARIANT_NOTE[variant],
        "variant_farg": VARIANT_FILLS[variant],
        "sammanstalld": swedish_date(view.compiled_at.date()),
        "kallor": (
            f"{plural(reported, 'rapport', 'rapporter')} från {plural(reporters, 'rapportör', 'rapportörer')} "
            f"i {plural(organisations, 'organisation', 'organisationer')}"
        ),
        "antal_rapporter": reported,
        "antal_rapportorer": reporters,
        "antal_organisationer": organisations,
        "checklista": text(view.schema_name),
        "veckor": names,
        "forslag": SUGGESTION,
        "niva_regel": LEVEL_RULE + (" Regeln i detalj står i bilagan." if intern else ""),
        "nivaregel_bilaga": rule_text(workspace.level_rule) if intern else [],
        "nivaskala": [
            {"namn": lvl.capitalize(), "farg": LEVEL_FILLS[lvl], "betydelse": LEVEL_MEANING[lvl]} for lvl in LEVELS
        ],
        "nivaskala_text": "Skala: " + scale_text(),
        "sammanfattning": summary(view, omraden, names),
        "omraden": omraden,
        "rakneregel": COUNTING_RULE,
        "positiva": {
            "handelser": _special(view, items, "positive", POSITIVE_WORDS, intern),
            "ingen": "Inga rapporter om positiva händelser denna vecka.",
            "platshallare": PLACEHOLDERS["positiva"],
        },
        "omvarld": {
            # What falls in the next weeks: public holidays and est.toml's [[kalender]].
            "kommande": coming(getattr(workspace, "calendar", []), week.monday() + timedelta(days=6)),
            "kommande_rubrik": f"Kommande {AHEAD_WEEKS} veckor: helgdagar, lov och kända händelser",
            "handelser": _special(view, items, "omvarld", WORLD_WORDS, intern),
            "ingen": "Inga rapporter om omvärld eller rykten denna vecka.",
            "platshallare": PLACEHOLDERS["omvarld"],
        },
        "inrapportering": _reporting(view, workspace, intern),
        # The meeting's part (intern): the open actions and empty rows for new ones, participants and
        # next meeting – read back by `est fastställ`.
        "atgarder": action_rows(actions or [], view.week) if intern else [],
        "atgarder_not": ACTION_NOTE,
        "mote": meeting_context(getattr(workspace, "meeting", Meeting()), view.week),
        "platshallare": {"samlad": PLACEHOLDERS["samlad"]},
        "bilaga": {"forklaring": _appendix_note(week.week, names)},
    }
    # The extern version may be handed out: no phone number or e-mail address, even in an area's
    # name (it holds no comments, places or reporters to begin with).
    return context if intern else _without_contacts(context, workspace.individdata_allowed())


def _sources(view: WeekView) -> tuple[int, int, int]:
    """How many reports came in, from how many reporters, in how many organisations (kinds)."""
    reported = [e for e in view.expected if e.status != ExpectedStatus.MISSING]
    reporters = {(fold(e.area), fold(e.organisation), fold(e.reporter)) for e in reported}
    organisations = {organisation_kind(e.organisation) for e in reported}
    return len(reported), len(reporters), len(organisations)


def _appendix_note(week_no: int, names: dict[str, str]) -> str:
    return (
        f"Antal händelser per kategori och område vecka {week_no} med jämförelseveckorna. "
        f"Snitt = genomsnittet för {names['snitt'] or 'de fyra föregående veckorna'} "
        "bland de veckor som har rapporter från området. ”–” = inga rapporter den veckan."
    )


def _week_names(view: WeekView, history: History, year: int) -> dict[str, str]:
    """The week and its comparison weeks as people read them: {'denna': 'v.47', 'forra': 'v.46', …}."""

    def label(w: str) -> str:
        return week_label(w, year)

    names = {
        "denna": label(view.week),
        "forra": label(view.previous_week),
        "forrforra": label(view.week_before),
        "fjol": label(view.same_week_last_year),
        "snitt": _span(history.weeks, year),
    }
    names["jamforelse"] = (
        f"förra veckan {names['forra']}, veckan innan {names['forrforra']} och samma vecka förra året {names['fjol']}"
    )
    return names


def _document_areas(view: WeekView, workspace) -> tuple[WeekView, list[str]]:
    """The areas of the document – those with reports, then every priority area of est.toml without –
    and the view with one spelling per area (the overview's, est.toml's where it names the area)."""
    areas: list[str] = []
    for row in view.overview:
        if row.area not in areas:
            areas.append(row.area)
    with_reports = {fold(a) for a in areas}
    areas += [a for a in workspace.areas if fold(a) not in with_reports]
    spelling = {fold(a): a for a in areas}
    view = replace(
        view,
        events=[replace(e, area=spelling.get(fold(e.area), e.area)) for e in view.events],
        expected=[replace(e, area=spelling.get(fold(e.area), e.area)) for e in view.expected],
    )
    return view, areas


def _without_contacts(value: Any, allowed: frozenset[str] = frozenset()) -> Any:
    """Every text of the extern context with individdata masked – ages and street numbers too, which
    the intern version keeps (est_cli.individdata.mask_extern)."""
    if isinstance(value, str):
        return mask_extern(value, allowed)
    if isinstance(value, dict):
        return {k: _without_contacts(v, allowed) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_contacts(v, allowed) for v in value]
    return value


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
        overview.append(
            OverviewRow(
                area,
                OTHER_KEY,
                OTHER_LABEL,
                None,
                sum(r.this_week for r in rows),
                merged([r.previous_week for r in rows]),
                merged([r.week_before for r in rows]),
                merged([r.same_week_last_year for r in rows]),
            )
        )
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
    return (
        replace(view, overview=overview, events=events),
        replace(history, counts=dict(counts), previous_severity=severity),
    )


def _special(view: WeekView, items: Items, kind: str, words: re.Pattern, intern: bool) -> list[dict]:
    """Events for section 3 (positive) or 4 (wider world and context): by the item's kind, or by a
    comment that says so."""
    chosen = [e for e in view.events if items.kind(e.key) == kind or words.search(e.comment or "")]
    if intern:
        result = []
        for e in chosen:
            comment = text(e.comment)
            where = ", ".join(p for p in (text(e.label), text(e.place)) if p)
            result.append(
                {
                    "omrade": text(e.area),
                    "kategori": text(e.label),
                    "antal": e.count,
                    "text": comment,
                    "plats": text(e.place),
                    "rad": f"{text(e.area)} – {where}: ”{comment}”"
                    if comment
                    else f"{text(e.area)} – {where}: {events_word(e.count)}",
                }
            )
        return result
    grouped: Counter[tuple[str, str]] = Counter()
    for e in chosen:
        grouped[(text(e.area), text(e.label))] += e.counts
    return [
        {
            "omrade": area,
            "kategori": label,
            "antal": n,
            "text": "",
            "plats": "",
            "rad": f"{area} – {label}: {events_word(n)}",
        }
        for (area, label), n in grouped.items()
    ]


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
        n = len(view.expected)
        summary = f"{n} {'rapport' if n == 1 else 'rapporter'} kom in. Inga förväntade rapportörer är angivna."
    if others:
        summary += (
            f" {len(others)} {'rapport' if len(others) == 1 else 'rapporter'} från rapportörer som inte står bland "
            "de förväntade."
        )
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
            rows.append(
                {
                    "omrade": text(e.area),
                    "organisation": text(e.organisation),
                    "rapportor": text(e.reporter),
                    "status": e.status.capitalize(),
                    "farg": STATUS_FILLS.get(e.status, "FFFFFF"),
                    "inkom": received_text(e.received, e.received_from),
                }
            )
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
        "avvisade_text": (
            f"{len(rejected)} {'fil eller rad' if len(rejected) == 1 else 'filer eller rader'} "
            "kunde inte läsas och räknas inte:"
        )
        if rejected
        else "",
        "platshallare": PLACEHOLDERS["aterkoppling"],
    }
