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
from datetime import date, datetime
from typing import Any

from est_cli.privacy import mask_contacts, mask_personnummer
from est_cli.render.history import History
from est_cli.render.levels import (
    LEVEL_FILLS,
    LEVEL_MEANING,
    LEVELS,
    SEVERITY_WORDS,
    scale_text,
    suggest_level,
)
from est_cli.schema import ORG_KINDS  # organisations counted as one in the sources line
from est_cli.text import fold
from est_cli.weeks import MONTHS, MONTHS_SHORT, WEEKDAYS, IsoWeek, local_naive
from est_cli.weekview import EventRow, OverviewRow, WeekView
from est_cli.workbook import (
    MINUS,
    MISSING,
    STATUS_FILLS,
    UNKNOWN_SLOT,
    hot_spots,
    time_slot,
    week_label,
    week_span,
)

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

# Themes that are not counted into the area's level and are shown in sections 3 and 4 instead.
POSITIVE_THEME, WORLD_THEME = "positivt", "omvarld"
# Comments that mark an event as positive or as about the wider world (documented in templates/README.md).
POSITIVE_WORDS = re.compile(r"\bpositiv|\bökar tryggheten|\bökad trygghet", re.IGNORECASE)
WORLD_WORDS = re.compile(r"\brykte|\bsociala medier|\bsnapchat|\btiktok|\binstagram|\bsocial oro|\bandra delar av", re.IGNORECASE)

SLOT_WORDS = ("natt (00–06)", "morgon (06–12)", "eftermiddag (12–18)", "kväll (18–24)")


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

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


# ----------------------------------------------------------------------------- small helpers


def text(value: object) -> str:
    """Reporter text fit for the document: one line, personnummer masked, no control characters.

    docxtpl turns \\n, \\t, \\a and \\f in a value into Word line breaks, tabs, paragraphs and page
    breaks, so they are flattened here; `{{ … }}` and `{% … %}` stay plain text (they are never
    rendered a second time).
    """
    masked = mask_personnummer(str(value or ""))[0]
    return _XML_INVALID.sub("", " ".join(masked.split()))


def swedish_date(day: date) -> str:
    """'20 november 2026'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def swedish_moment(moment: datetime) -> str:
    """'tis 17 nov kl. 14:32'."""
    moment = local_naive(moment)
    return f"{WEEKDAYS[moment.weekday()][:3]} {moment.day} {MONTHS_SHORT[moment.month - 1]} kl. {moment:%H:%M}"


def number(value: float | None) -> str:
    """None → '–'; 3.0 → '3'; 2.25 → '2,3' (Swedish decimal comma)."""
    if value is None:
        return MISSING
    value = round(value, 1)
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def in_sentence(label: str) -> str:
    """'Samlingsplats för ungdomar' → 'samlingsplats för ungdomar' (but 'ÖBO' stays)."""
    return label[:1].lower() + label[1:] if len(label) > 1 and label[1:2].islower() else label


def join_words(parts: list[str]) -> str:
    """['a', 'b', 'c'] → 'a, b och c'."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " och " + parts[-1]


def events_word(n: int) -> str:
    return f"{n} {'händelse' if n == 1 else 'händelser'}"


def change_text(this: int, base: int | None) -> str:
    """The change from a comparison week: '+3 (från 5)', '−2 (från 4)', 'oförändrat (5)', 'ny', 'uppgift saknas'."""
    if base is None:
        return "uppgift saknas"
    if base == 0:
        return "ny" if this > 0 else "oförändrat (0)"
    diff = this - base
    if diff == 0:
        return f"oförändrat ({base})"
    return f"{'+' if diff > 0 else MINUS}{abs(diff)} (från {base})"


def organisation_kind(organisation: str) -> str:
    key = fold(organisation)
    return next((kind for kind, words in ORG_KINDS.items() if any(w in key for w in words)), key)


def _span(weeks: list[str], year: int) -> str:
    """['2026-W43', …, '2026-W46'] → 'v.43–46'; across a new year 'v.51 2025–v.2'."""
    if not weeks:
        return ""
    first, last = IsoWeek.parse(weeks[0]), IsoWeek.parse(weeks[-1])
    if first.year == last.year:
        return f"{week_label(weeks[0], year)}–{last.week}"
    return f"{week_label(weeks[0], year)}–{week_label(weeks[-1], year)}"


# ----------------------------------------------------------------------------- sentences from the data


def number_trend(this: int, previous: int | None, before: int | None, previous_name: str) -> str:
    if previous is None:
        return f"Antalet kan inte jämföras med förra veckan ({previous_name}): inga rapporter från området då."
    if this > previous:
        sentence = f"Ökning i antal mot förra veckan, från {previous} till {this}"
        if before is not None and previous > before:
            sentence += f" – andra veckan i rad med ökning ({before} → {previous} → {this})"
        return sentence + "."
    if this < previous:
        return f"Minskning i antal mot förra veckan, från {previous} till {this}."
    return f"Samma antal som förra veckan ({this})."


def severity_trend(events: list[EventRow], previous_max: int | None) -> str:
    graded = [e for e in events if e.severity]
    if not graded:
        return "Ingen allvarlighetsgrad angiven."
    top = max(e.severity for e in graded)
    sentence = f"Högsta allvarlighetsgrad {top} ({SEVERITY_WORDS.get(top, '?')})"
    if previous_max:
        if top > previous_max:
            sentence = (f"Eskalering i allvarlighetsgrad: högst {top} ({SEVERITY_WORDS.get(top, '?')}) "
                        f"mot högst {previous_max} förra veckan")
        elif top < previous_max:
            sentence += f", lägre än förra veckan ({previous_max})"
        else:
            sentence += ", samma som förra veckan"
    serious = sum(e.count for e in graded if e.severity >= 3)
    if serious:
        total = sum(e.count for e in events)
        sentence += f"; {serious} av {total} bedömda som allvarliga eller mycket allvarliga (3–4)"
    return sentence + "."


def where_text(events: list[EventRow], limit: int = 4) -> str:
    """'Lertagsgatan (4), Vivalla centrum (3) och 2 platser till; 1 utan plats'."""
    spots, no_place = hot_spots(events)
    if not spots:
        return "Plats saknas i rapporterna." if events else ""
    shown = [f"{text(s.place)} ({s.count})" for s in spots[:limit]]
    rest = len(spots) - limit
    if rest > 0:
        shown.append(f"{rest} {'plats' if rest == 1 else 'platser'} till")
    sentence = join_words(shown)
    if no_place:
        sentence += f"; {no_place} utan plats"
    return sentence + "."


def when_text(events: list[EventRow]) -> str:
    """'tisdag 3, måndag 2 · kväll (18–24) 4 · 3 av 8 utan datum, 5 utan klockslag'."""
    days: Counter[int] = Counter()
    slots: Counter[int] = Counter()
    for e in events:
        if e.date is not None:
            days[e.date.weekday()] += e.count
        slot = time_slot(e.time)
        if slot != UNKNOWN_SLOT:
            slots[slot] += e.count
    total = sum(e.count for e in events)
    if not days and not slots:
        return "Datum och klockslag saknas i rapporterna." if total else ""
    parts = []
    if days:
        parts.append(", ".join(f"{WEEKDAYS[d]} {n}" for d, n in sorted(days.items(), key=lambda x: (-x[1], x[0]))[:3]))
    if slots:
        parts.append(", ".join(f"{SLOT_WORDS[s]} {n}" for s, n in sorted(slots.items(), key=lambda x: (-x[1], x[0]))[:2]))
    unknown = []
    if total - sum(days.values()):
        unknown.append(f"{total - sum(days.values())} av {total} utan datum")
    if total - sum(slots.values()):
        unknown.append(f"{total - sum(slots.values())} av {total} utan klockslag")
    sentence = " · ".join(parts)
    return sentence + (f" ({', '.join(unknown)})." if unknown else ".")


def quotes(events: list[EventRow]) -> list[dict[str, str]]:
    """Reporters' comments, each text once with every reporter who wrote it."""
    found: dict[str, dict[str, Any]] = {}
    for e in events:
        comment = text(e.comment)
        if not comment:
            continue
        entry = found.setdefault(fold(comment), {"text": comment, "sources": []})
        source = ", ".join(p for p in (text(e.reporter), text(e.organisation)) if p)
        place = text(e.place)
        source = f"{source} ({place})" if place else source
        if source not in entry["sources"]:
            entry["sources"].append(source)
    return [{"text": q["text"], "kalla": "; ".join(q["sources"])} for q in found.values()]


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

    reported = [e for e in view.expected if e.status != "saknas"]
    reporters = {(fold(e.area), fold(e.organisation), fold(e.reporter)) for e in reported}
    organisations = {organisation_kind(e.organisation) for e in reported}
    kallor = (f"{len(reported)} {'rapport' if len(reported) == 1 else 'rapporter'} från {len(reporters)} "
              f"{'rapportör' if len(reporters) == 1 else 'rapportörer'} i {len(organisations)} "
              f"{'organisation' if len(organisations) == 1 else 'organisationer'}")

    positive = _special(view, themes, POSITIVE_THEME, POSITIVE_WORDS, intern)
    world = _special(view, themes, WORLD_THEME, WORLD_WORDS, intern)
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
        "sammanfattning": _summary(view, omraden, names),
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
    counted = [r for r in rows if r.theme not in (POSITIVE_THEME, WORLD_THEME)]
    events = [e for e in view.events if e.area == area]
    counted_events = [e for e in events if themes.get(e.key) not in (POSITIVE_THEME, WORLD_THEME)]

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
            "jamforelse": _comparison_line(row, names),
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
    report_count = sum(1 for e in view.expected if e.status != "saknas" and fold(e.area) == area_key)

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
        "laget": (_situation(this_total or 0, comparison[0], len(categories), report_count, text(area), view.week, names)
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


def _situation(total: int, previous: int | None, categories: int, reports: int, area: str, week: str, names: dict) -> str:
    """'41 händelser i 9 kategorier från 7 rapporter vecka 47 (32 förra veckan).'"""
    number = IsoWeek.parse(week).week
    if not total:
        sentence = f"Inga händelser rapporterade från {area} vecka {number}"
    else:
        sentence = (f"{events_word(total)} i {categories} {'kategori' if categories == 1 else 'kategorier'} från {reports} "
                    f"{'rapport' if reports == 1 else 'rapporter'} vecka {number}")
    if previous is None:
        return sentence + f". Inga rapporter från området {names['forra']}, så antalen kan inte jämföras med förra veckan."
    return sentence + f" ({previous} förra veckan)."


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


def _comparison_line(row: OverviewRow, names: dict) -> str:
    """'Förra veckan (v.46): +3 (från 5) · veckan innan (v.45): ny · samma vecka förra året (v.47 2025): uppgift saknas'."""
    bases = (row.previous_week, row.week_before, row.same_week_last_year)
    if all(b is None for b in bases):
        return (f"Förra veckan ({names['forra']}), veckan innan ({names['forrforra']}) och samma vecka förra året "
                f"({names['fjol']}): uppgift saknas")
    return (f"Förra veckan ({names['forra']}): {change_text(row.this_week, row.previous_week)} · "
            f"veckan innan ({names['forrforra']}): {change_text(row.this_week, row.week_before)} · "
            f"samma vecka förra året ({names['fjol']}): {change_text(row.this_week, row.same_week_last_year)}")


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


def _summary(view: WeekView, omraden: list[dict], names: dict) -> list[str]:
    """A few sentences on the week: totals, suggested levels and the largest changes, per area."""
    lines = []
    total = sum(a["totalt"] for a in omraden)
    if omraden:
        levels = join_words([f"{a['namn']} {a['niva']}" if a["rapporterat"] else f"{a['namn']} (inga rapporter)"
                             for a in omraden])
        lines.append(f"Totalt {events_word(total)} i {len(omraden)} {'område' if len(omraden) == 1 else 'områden'} "
                     f"vecka {IsoWeek.parse(view.week).week}. Förslag till nivå: {levels}.")
    else:
        lines.append(f"Inga rapporter från något område vecka {IsoWeek.parse(view.week).week}.")
    for area in omraden:
        if not area["rapporterat"]:
            lines.append(f"{area['namn']}: inga rapporter denna vecka.")
            continue
        rows = [r for r in view.overview if text(r.area) == area["namn"] and r.theme not in (POSITIVE_THEME, WORLD_THEME)]
        previous = area["totalt_forra"]
        if previous is not None:
            changes = sorted(
                ((r.this_week - r.previous_week, r) for r in rows if r.previous_week is not None and r.this_week != r.previous_week),
                key=lambda x: (-abs(x[0]), -x[0]),
            )[:3]
            words = [f"{in_sentence(text(r.label))} {'+' if d > 0 else MINUS}{abs(d)} ({r.previous_week} → {r.this_week})"
                     for d, r in changes]
            sentence = f"{area['namn']}: {events_word(area['totalt'])} mot {previous} förra veckan ({names['forra']})."
            sentence += f" Störst förändring: {join_words(words)}." if words else " Inga förändringar per kategori."
        else:
            top = sorted((r for r in rows if r.this_week > 0), key=lambda r: -r.this_week)[:3]
            sentence = (f"{area['namn']}: {events_word(area['totalt'])}; inga rapporter från {names['forra']} att jämföra med."
                        + (f" Flest händelser: {join_words([f'{in_sentence(text(r.label))} {r.this_week}' for r in top])}." if top else ""))
        lines.append(sentence)
    return lines


def _special(view: WeekView, themes: dict, theme: str, words: re.Pattern, intern: bool) -> list[dict]:
    """Events for section 3 (positive) or 4 (wider world): by theme, or by a comment that says so."""
    chosen = [e for e in view.events if themes.get(e.key) == theme or words.search(e.comment or "")]
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
                "inkom": swedish_moment(e.received) if e.received else "–",
            })
        for r in view.rejected:
            where = f"{text(r.file)}, {text(r.location)}" if r.location else text(r.file)
            rejected.append(f"{where}: {text(r.message)}")
    deadline = swedish_moment(view.deadline) if view.deadline else ""
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
