"""The lägesbild's sentences: what est can say in words from the week's numbers – changes, escalation,
where and when, the reporters' own comments – each a plain function of plain data.

Reporter text always passes `text()` first: one line, personnummer masked, no control characters.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

from est_cli.privacy import mask_personnummer
from est_cli.render.levels import SEVERITY_WORDS
from est_cli.swedish import MINUS, WEEKDAYS, decimal, events_word, in_sentence, join_words
from est_cli.text import fold
from est_cli.weeks import IsoWeek
from est_cli.weekview import EventRow, OverviewRow, WeekView
from est_cli.weekview.rules import UNKNOWN_SLOT, ReportCounts, comparable, hot_spots, time_slot

SLOT_WORDS = ("natt (00–06)", "morgon (06–12)", "eftermiddag (12–18)", "kväll (18–24)")

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def text(value: object) -> str:
    """Reporter text fit for the document: one line, personnummer masked, no control characters.

    docxtpl turns \\n, \\t, \\a and \\f in a value into Word line breaks, tabs, paragraphs and page
    breaks, so they are flattened here; `{{ … }}` and `{% … %}` stay plain text (they are never
    rendered a second time).
    """
    masked = mask_personnummer(str(value or ""))[0]
    return _XML_INVALID.sub("", " ".join(masked.split()))


def reports_text(n: int) -> str:
    return f"{n} {'rapport' if n == 1 else 'rapporter'}"


def not_comparable(reports: int, base_reports: int) -> str:
    """'inte jämförbart (7 rapporter mot 3)'."""
    return f"inte jämförbart ({reports_text(reports)} mot {base_reports})"


def change_text(this: int, base: int | None, reports: tuple[int, int] | None = None) -> str:
    """The change from a comparison week: '+3 (från 5)', '−2 (från 4)', 'oförändrat (5)', 'ny', 'uppgift
    saknas'; 'inte jämförbart (7 rapporter mot 3)' when `reports` (this week's, the base week's) differ
    by more than a third (est_cli.weekview.rules.comparable)."""
    if base is None:
        return "uppgift saknas"
    if reports is not None and not comparable(*reports):
        return not_comparable(*reports)
    if base == 0:
        return "ny" if this > 0 else "oförändrat (0)"
    diff = this - base
    if diff == 0:
        return f"oförändrat ({base})"
    return f"{'+' if diff > 0 else MINUS}{abs(diff)} (från {base})"


def number_trend(
    this: int, previous: int | None, before: int | None, previous_name: str, reports: ReportCounts | None = None
) -> str:
    if previous is None:
        return f"Antalet kan inte jämföras med förra veckan ({previous_name}): inga rapporter från området då."
    if reports is not None and not reports.fair(reports.previous):
        return (
            f"Antalet kan inte jämföras med förra veckan ({previous_name}): "
            f"{reports_text(reports.this)} denna vecka mot {reports.previous} då."
        )
    if this > previous:
        sentence = f"Ökning i antal mot förra veckan, från {previous} till {this}"
        steady = reports is None or comparable(reports.previous, reports.before)
        if before is not None and previous > before and steady:
            sentence += f" – andra veckan i rad med ökning ({before} → {previous} → {this})"
        return sentence + "."
    if this < previous:
        return f"Minskning i antal mot förra veckan, från {previous} till {this}."
    return f"Samma antal som förra veckan ({this})."


def _graded(events: list[EventRow]) -> list[tuple[int, int]]:
    """(severity, events) per event: the highest grade any reporter gave it, the event's count."""
    per_event: dict[int, tuple[int, int]] = {}
    for e in events:
        severity, count = per_event.get(e.event, (0, 0))
        per_event[e.event] = (max(severity, e.severity or 0), count + e.counts)
    return [(severity, count) for severity, count in per_event.values() if severity]


def reported_actions(events: list[EventRow], with_label: bool = True) -> list[str]:
    """The reporters' own actions, each once: 'Anmält till polisen (Skadegörelse, Lertagsgatan)'; without
    the label where the list is for one category already."""
    actions: list[str] = []
    for e in events:
        action = text(e.action)
        if action:
            where = ", ".join(p for p in (text(e.label) if with_label else "", text(e.place)) if p)
            line = f"{action} ({where})" if where else action
            if line not in actions:
                actions.append(line)
    return actions


def reported_text(events: int, reported: int) -> str:
    """'3 händelser (4 rapporter)' where the reports counted more than the events, else '3 händelser'."""
    return events_word(events) + (f" ({reported} rapporter)" if reported != events else "")


def severity_trend(events: list[EventRow], previous_max: int | None) -> str:
    graded = _graded(events)
    if not graded:
        return "Ingen allvarlighetsgrad angiven."
    top = max(severity for severity, _ in graded)
    sentence = f"Allvarlighetsgrad högst {top} ({SEVERITY_WORDS.get(top, '?')})"
    if previous_max:
        if top > previous_max:
            sentence = (
                f"Eskalering: allvarlighetsgrad högst {top} ({SEVERITY_WORDS.get(top, '?')}) "
                f"mot högst {previous_max} förra veckan"
            )
        elif top < previous_max:
            sentence += f", lägre än förra veckan ({previous_max})"
        else:
            sentence += ", samma som förra veckan"
    serious = sum(count for severity, count in graded if severity >= 3)
    if serious:
        total = sum(e.counts for e in events)
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
    """'tisdag 17/11: 3, måndag 16/11: 2 · kväll (18–24): 4 (1 utanför rapportperioden, 3 av 8 utan
    datum, 5 utan klockslag)' – days by date, since a period may hold two Wednesdays; an event dated
    outside the reporting period is said as such, never put on a day."""
    days: Counter[date] = Counter()
    slots: Counter[int] = Counter()
    outside = 0
    for e in events:
        if e.date is not None and e.outside_period:
            outside += e.counts
        elif e.date is not None:
            days[e.date] += e.counts
        slot = time_slot(e.time)
        if slot != UNKNOWN_SLOT:
            slots[slot] += e.counts
    total = sum(e.counts for e in events)
    if not days and not slots and not outside:
        return "Datum och klockslag saknas i rapporterna." if total else ""
    parts = []
    if days:
        top = sorted(days.items(), key=lambda x: (-x[1], x[0]))[:3]
        parts.append(", ".join(f"{WEEKDAYS[d.weekday()]} {d.day}/{d.month}: {n}" for d, n in top))
    if slots:
        parts.append(
            ", ".join(f"{SLOT_WORDS[s]}: {n}" for s, n in sorted(slots.items(), key=lambda x: (-x[1], x[0]))[:2])
        )
    unknown = []
    if outside:
        unknown.append(f"{outside} utanför rapportperioden")
    if total - sum(days.values()) - outside:
        unknown.append(f"{total - sum(days.values()) - outside} av {total} utan datum")
    if total - sum(slots.values()):
        unknown.append(f"{total - sum(slots.values())} av {total} utan klockslag")
    if not parts:
        return ", ".join(unknown).capitalize() + "."
    return " · ".join(parts) + (f" ({', '.join(unknown)})." if unknown else ".")


def quotes(events: list[EventRow]) -> list[dict[str, str]]:
    """Reporters' comments, each text once with every reporter who wrote it; the comments of one event
    reported by several (the same fire from Polisen and Räddningstjänsten) in one quote."""
    found: dict[str, dict[str, Any]] = {}
    shared = Counter(e.event for e in events)
    for e in events:
        comment = text(e.comment)
        if not comment:
            continue
        key = f"händelse {e.event}" if shared[e.event] > 1 else fold(comment)
        entry = found.setdefault(key, {"texts": [], "sources": []})
        if fold(comment) not in [fold(t) for t in entry["texts"]]:
            entry["texts"].append(comment)
        source = ", ".join(p for p in (text(e.reporter), text(e.organisation)) if p)
        place = text(e.place)
        source = f"{source} ({place})" if place else source
        if e.restricted:
            source += " – begränsad spridning"
        if source not in entry["sources"]:
            entry["sources"].append(source)
    return [{"text": " / ".join(q["texts"]), "kalla": "; ".join(q["sources"])} for q in found.values()]


def situation(
    total: int,
    previous: int | None,
    categories: int,
    reports: int,
    area: str,
    week: str,
    names: dict,
    reported: int | None = None,
    previous_reports: int | None = None,
) -> str:
    """'41 händelser i 9 kategorier från 7 rapporter vecka 47 (32 förra veckan, från 6 rapporter).' – with
    '(44 rapporterade)' after the events where the same event was reported by several; per report where
    the weeks' numbers of reports differ by more than a third."""
    number = IsoWeek.parse(week).week
    if not total:
        sentence = f"Inga händelser rapporterade från {area} vecka {number}"
    else:
        sentence = (
            f"{events_word(total)}"
            + (f" ({reported} rapporterade)" if reported is not None and reported != total else "")
            + f" i {categories} {'kategori' if categories == 1 else 'kategorier'} från {reports} "
            f"{'rapport' if reports == 1 else 'rapporter'} vecka {number}"
        )
    if previous is None:
        return (
            sentence + f". Inga rapporter från området {names['forra']}, så antalen kan inte jämföras med förra veckan."
        )
    if previous_reports is None:
        return sentence + f" ({previous} förra veckan)."
    if comparable(reports, previous_reports):
        return sentence + f" ({previous} förra veckan, från {reports_text(previous_reports)})."
    return (
        sentence + f". Förra veckan {previous} från {reports_text(previous_reports)}: antalen är inte jämförbara; "
        f"per rapport {_rate(total, reports)} mot {_rate(previous, previous_reports)}."
    )


def _rate(events: int, reports: int) -> str:
    return decimal(round(events / reports, 1)) if reports else "–"


NO_COMPARISON = "Jämförelse saknas – arkivet har inga rapporter från området de tidigare veckorna."


def comparison_line(row: OverviewRow, names: dict, reports: ReportCounts | None = None) -> str:
    """'Förra veckan (v.46): +3 (från 5) · veckan innan (v.45): ny · samma vecka förra året (v.47 2025): uppgift saknas';
    '' when none of the weeks has a report from the area (said once for the area: NO_COMPARISON)."""
    bases = (row.previous_week, row.week_before, row.same_week_last_year)
    if all(b is None for b in bases):
        return ""
    r = reports
    return (
        f"Förra veckan ({names['forra']}): "
        f"{change_text(row.this_week, row.previous_week, (r.this, r.previous) if r else None)} · "
        f"veckan innan ({names['forrforra']}): "
        f"{change_text(row.this_week, row.week_before, (r.this, r.before) if r else None)} · "
        f"samma vecka förra året ({names['fjol']}): "
        f"{change_text(row.this_week, row.same_week_last_year, (r.this, r.last_year) if r else None)}"
    )


def summary(view: WeekView, omraden: list[dict], names: dict) -> list[str]:
    """A few sentences on the week: totals, suggested levels and the largest changes, per area."""
    lines = []
    total = sum(a["totalt"] for a in omraden)
    if omraden:
        levels = join_words(
            [
                f"{a['namn']} {a['niva']}"
                if a.get("niva_text")
                else f"{a['namn']} ({'underlag saknas' if a['rapporterat'] else 'inga rapporter'})"
                for a in omraden
            ]
        )
        lines.append(
            f"Totalt {events_word(total)} i {len(omraden)} {'område' if len(omraden) == 1 else 'områden'} "
            f"vecka {IsoWeek.parse(view.week).week}. Förslag till nivå: {levels}."
        )
    else:
        lines.append(f"Inga rapporter från något område vecka {IsoWeek.parse(view.week).week}.")
    for area in omraden:
        if not area["rapporterat"]:
            lines.append(f"{area['namn']}: inga rapporter denna vecka.")
            continue
        rows = [r for r in view.overview if text(r.area) == area["namn"] and r.kind == "problem"]
        previous = area["totalt_forra"]
        fair = area.get("jamforbar_forra", True)
        if previous is not None and not fair:
            sentence = (
                f"{area['namn']}: {events_word(area['totalt'])} från {reports_text(area['rapporter'])} mot {previous} "
                f"från {area['rapporter_forra']} förra veckan ({names['forra']}) – inte jämförbart; per rapport "
                f"{_rate(area['totalt'], area['rapporter'])} mot {_rate(previous, area['rapporter_forra'])}."
            )
        elif previous is not None:
            changes = sorted(
                (
                    (r.this_week - r.previous_week, r)
                    for r in rows
                    if r.previous_week is not None and r.this_week != r.previous_week
                ),
                key=lambda x: (-abs(x[0]), -x[0]),
            )[:3]
            words = [
                f"{in_sentence(text(r.label))} {'+' if d > 0 else MINUS}{abs(d)} ({r.previous_week} → {r.this_week})"
                for d, r in changes
            ]
            sentence = f"{area['namn']}: {events_word(area['totalt'])} mot {previous} förra veckan ({names['forra']})."
            sentence += f" Störst förändring: {join_words(words)}." if words else " Inga förändringar per kategori."
        else:
            top = sorted((r for r in rows if r.this_week > 0), key=lambda r: -r.this_week)[:3]
            sentence = (
                f"{area['namn']}: {events_word(area['totalt'])}; inga rapporter från {names['forra']} att jämföra med."
                + (
                    f" Flest händelser: {join_words([f'{in_sentence(text(r.label))} {r.this_week}' for r in top])}."
                    if top
                    else ""
                )
            )
        lines.append(sentence)
    return lines


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


# Events of the themes NOT_COUNTED_THEMES are not counted into the area's level; they are shown in
# sections 3 (positive) and 4 (the wider world) instead, as are events whose comment says so.
# Comments that mark an event as positive or as about the wider world (documented in templates/README.md).
POSITIVE_WORDS = re.compile(r"\bpositiv|\bökar tryggheten|\bökad trygghet", re.IGNORECASE)


WORLD_WORDS = re.compile(
    r"\brykte|\bsociala medier|\bsnapchat|\btiktok|\binstagram|\bsocial oro|\bandra delar av", re.IGNORECASE
)
