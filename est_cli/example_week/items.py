"""Örebro's eight checklist items as the 2016 template has them (ids, labels, help texts) and the
columns of the est template, with the helper that fills the template's eight rows."""

from __future__ import annotations

from typing import Any

from est_cli.example_week.spec import IntendedRow

# Örebro's item texts as the 2016 template has them (Förklaring column of the est template).
ITEM_HELP = {
    "skadegorelse": "Krossade glasrutor på byggnader eller bilar, nedskräpning samt klotter.",
    "brand": "Förmodat anlagda bränder, mindre (papperskorgar) och större (bilbränder).",
    "incident_mot_anstalld": "Anställd hindrats från att göra sitt jobb eller hotats/provocerats i tjänst.",
    "arrangemang": "Sammankomster som kan störa eller öka tryggheten: ungdomsfester, idrottsevenemang, konserter, områdesarrangemang.",
    "samlingsplats_ungdomar": "Offentliga platser där ungdomar samlas som kan upplevas som störande/hotande/otrygghetsskapande.",
    "annat_otrygghetsskapande": "Våld, bråk, narkotika, inbrott, olovlig trafik och andra ordningsstörande händelser.",
    "otrygg_plats": "Platser som upplevs otrygga på grund av utformning, belysning och dylikt.",
    "ovrigt": "Annat kopplat till otrygghet och social oro, t.ex. ryktesspridning på sociala medier.",
}
LABELS = {
    "skadegorelse": "Skadegörelse",
    "brand": "Brand",
    "incident_mot_anstalld": "Incident mot anställd",
    "arrangemang": "Arrangemang",
    "samlingsplats_ungdomar": "Samlingsplats för ungdomar",
    "annat_otrygghetsskapande": "Annat otrygghetsskapande/ordningsstörande",
    "otrygg_plats": "Otrygg plats",
    "ovrigt": "Övrigt",
}
ITEM_IDS = list(LABELS)

# (column title, IntendedRow attribute) of the est template's table, left to right.
TEMPLATE_COLUMNS = [
    ("Nr", "nr"),
    ("Punkt", "label"),
    ("Förklaring", "forklaring"),
    ("Förekomst", "mark"),
    ("Antal", "antal"),
    ("Plats", "plats"),
    ("Datum", "datum"),
    ("Tid", "tid"),
    ("Allvarlighetsgrad", "allvar"),
    ("Kommentar", "kommentar"),
    ("Åtgärd", "atgard"),
]


def template_rows(answers: dict[str, dict[str, Any]]) -> list[IntendedRow]:
    """The eight Örebro rows of the est template, numbered, with the reporter's answers."""
    rows = []
    for number, item in enumerate(ITEM_IDS, start=1):
        given = dict(answers.get(item, {}))
        given.setdefault("mark", "Nej")
        rows.append(IntendedRow(item=item, label=LABELS[item], nr=number, forklaring=ITEM_HELP[item], **given))
    return rows
