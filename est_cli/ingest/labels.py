"""The labels ingest finds its way by: header-block fields and observation-table columns, with synonyms."""

from __future__ import annotations

import re

from est_cli.text import fold

# Header-block fields (label → value). Keys are folded (see est_cli.text.fold).
HEADER_FIELDS: dict[str, tuple[str, ...]] = {
    "week": (
        "vecka",
        "v",
        "vecka nr",
        "veckonr",
        "veckonummer",
        "rapportvecka",
        "vecka ar",
        "ar vecka",
        "avser vecka",
        "galler vecka",
        "rapporteringsvecka",
        "rapportperiod vecka",
    ),
    "area": (
        "omrade",
        "bostadsomrade",
        "stadsdel",
        "omrade stadsdel",
        "geografiskt omrade",
        "bostadsomrade stadsdel",
        "omr",
        "stadsdelsomrade",
        "omradesnamn",
        "avser omrade",
        "galler omrade",
    ),
    "organisation": (
        "organisation",
        "aktor",
        "verksamhet",
        "forvaltning",
        "organisation verksamhet",
        "myndighet",
        "org",
        "verks",
        "bolag",
        "foretag",
        "enhet",
        "avsandare",
        "rapporterande organisation",
        "rapporterande verksamhet",
        "rapporterande aktor",
    ),
    "reporter": (
        "rapportor",
        "funktion",
        "inrapporterad av",
        "rapportorens funktion",
        "rapportor funktion",
        "uppgiftslamnare",
        "ifylld av",
        "ifyllt av",
        "rapporterad av",
        "roll",
        "befattning",
        "rapportorens roll",
        "uppgiftslamnarens funktion",
    ),
    "datum": (
        "datum",
        "rapportdatum",
        "ifyllt datum",
        "datum for rapport",
        "inskickad",
        "tidstampel",  # Google Forms' "Tidstämpel", Microsoft Forms' "Starttid"/"Sluttid"
        "tidsstampel",
        "timestamp",
        "sluttid",
        "slutfort",
    ),
}

# Observation-table columns. "item" and one of mark/mark_yes/count make a header row.
COLUMNS: dict[str, tuple[str, ...]] = {
    "item": (
        "punkt",
        "kategori",
        "handelse",
        "indikator",
        "fraga",
        "handelsetyp",
        "typ av handelse",
        "kontrollpunkt",
        "handelse kategori",
    ),
    "mark": (
        "forekomst",
        "ja nej",
        "ja nej x",
        "forekommit",
        "har det forekommit",
        "forekomst ja nej",
        "ja n",
        "j n",
        # as questions ("Har det hänt under veckan?"), in question-style tables
        "har det hant",
        "har det intraffat",
        "har det skett",
        "har nagot hant",
        "hant",
        "intraffat",
    ),
    "mark_yes": ("ja",),
    "mark_no": ("nej",),
    "count": (
        "antal",
        "antal handelser",
        "antal ggr",
        "antal tillfallen",
        "st",
        "hur manga",
        "hur manga ganger",
        "hur ofta",
    ),
    "place": (
        "plats",
        "adress",
        "gata",
        "var",
        "plats adress",
        "var plats",
        "plats gata",
        "var nagonstans",
        "var hande det",
    ),
    "date": ("datum", "nar", "datum nar", "handelsedatum", "nar hande det", "nar intraffade det"),
    "time": ("tid", "klockslag", "tidpunkt", "kl", "tid klockslag"),
    "severity": ("allvarlighetsgrad", "allvar", "bedomning", "allvarlighet", "grad"),
    "comment": (
        "kommentar",
        "beskrivning",
        "ovrigt",
        "kommentarer",
        "beskrivning kommentar",
        "fritext",
        "beskriv",
        "beskriv kort",
        "beskriv handelsen",
        "kort beskrivning",
        "vad hande",
        "vad har hant",
    ),
    "action": (
        "atgard",
        "vidtagna atgarder",
        "atgarder",
        "vidtagen atgard",
        "atgard vidtagen",
        "vad har gjorts",
        "vad gjordes",
        "har nagot gjorts",
    ),
    # Per-row header fields (event logs exported with one row per event):
    "week": HEADER_FIELDS["week"],
    "area": HEADER_FIELDS["area"],
    "organisation": HEADER_FIELDS["organisation"],
    "reporter": HEADER_FIELDS["reporter"],
    # Known but unused columns (never mistaken for another role):
    "ignore": ("nr", "nummer", "forklaring", "hjalptext", "beskrivning av punkten", "instruktion"),
}

_BRACKETS = re.compile(r"\([^)]*\)")
_HEADER_LOOKUP = {syn: field for field, syns in HEADER_FIELDS.items() for syn in syns}
_COLUMN_LOOKUP = {syn: role for role, syns in COLUMNS.items() for syn in syns}


def header_field(text: str) -> str | None:
    """'Bostadsområde:' → 'area'; also with an explanation in brackets ('Vecka (nr)', 'Organisation
    (myndighet, bolag)') and as alternatives that all name one field ('Organisation/myndighet');
    None when the text is no header label."""
    if not text:
        return None
    found = _HEADER_LOOKUP.get(fold(text))
    if found or len(text) > 80:
        return found
    plain = _BRACKETS.sub(" ", text)
    found = _HEADER_LOOKUP.get(fold(plain))
    if found or "/" not in plain:
        return found
    fields = {_HEADER_LOOKUP.get(fold(part)) for part in plain.split("/")}
    return fields.pop() if len(fields) == 1 else None


def column_role(text: str) -> str | None:
    """'Allvarlighetsgrad (1–4)' → 'severity'; 'Vidtagna åtgärder' → 'action'."""
    key = fold(text)
    if not key:
        return None
    if key in _COLUMN_LOOKUP:
        return _COLUMN_LOOKUP[key]
    # A title with a trailing explanation: "Allvarlighetsgrad 1 4", "Antal st", "Plats gata torg".
    words = key.split()
    for length in range(min(3, len(words) - 1), 0, -1):
        role = _COLUMN_LOOKUP.get(" ".join(words[:length]))
        if role and role not in ("mark_yes", "mark_no"):
            return role
    return None
