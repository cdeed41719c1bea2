"""Blank checklists for reporters (`est template`), made from a checklist schema.

`checklist_xlsx.write_xlsx_template` and `checklist_docx.write_docx_template` write the files;
this module holds the texts both share, so the Excel and Word versions say the same thing.
Ingest finds its way by labels, so the header and column labels here are a contract: keep them
in step with the label synonyms ingest accepts (design.md).

Texts meant for a "Label: value" reader never start with a header label followed by a colon,
so that ingest cannot mistake an instruction line for a filled-in header field.
"""

from __future__ import annotations

# Header block: label → short hint for the reporter (shown beside the value cell in Excel).
# Hints are in parentheses: ingest never takes a parenthesised text beside an empty value cell
# for the value (est_cli.ingest.tables._is_hint).
HEADER_FIELDS: tuple[tuple[str, str], ...] = (
    ("Vecka", "(t.ex. 47 eller 2026-W47)"),
    ("Område", "(bostadsområdet, t.ex. Vivalla)"),
    ("Organisation", "(Kommun, Polis eller Fastighetsbolag)"),
    ("Rapportör", "(din funktion, inte ditt namn – t.ex. Områdespolis)"),
    ("Datum", "(dagens datum, ÅÅÅÅ-MM-DD)"),
)

# Observation table columns (Excel has Förklaring; Word puts the help text inside the Punkt cell).
XLSX_COLUMNS: tuple[str, ...] = (
    "Nr",
    "Punkt",
    "Förklaring",
    "Förekomst",
    "Antal",
    "Plats",
    "Datum",
    "Tid",
    "Allvarlighetsgrad",
    "Kommentar",
    "Åtgärd",
)
DOCX_COLUMNS: tuple[str, ...] = tuple(c for c in XLSX_COLUMNS if c != "Förklaring")

TITLE_PREFIX = "EST-checklista – "
# The Excel template's sheet of instructions: no observation table, and ingest knows it needs none.
SHEET_INSTRUCTIONS = "Instruktioner"
NO_PERSONAL_DATA_SHORT = "Skriv inga personuppgifter: inga namn, personnummer eller boendeadresser."
NO_PERSONAL_DATA = "Inga personuppgifter: skriv inga namn, personnummer eller boendeadresser."

SEVERITY_TEXT = "1 = låg, 2 = måttlig, 3 = allvarlig, 4 = mycket allvarlig"
SEVERITY_LINES: tuple[str, ...] = (
    "1 = låg – enstaka händelse, liten påverkan på tryggheten",
    "2 = måttlig – återkommande eller märks av de boende",
    "3 = allvarlig – skapar tydlig otrygghet, behöver åtgärdas snart",
    "4 = mycket allvarlig – akut läge, kräver samordnade insatser nu",
)

ABOUT_EST = (
    "EST (Effektiv samordning för trygghet) är en rutin där kommun, polis och fastighetsbolag varje "
    "vecka tar fram en gemensam lägesbild av tryggheten i ett bostadsområde och bestämmer vad som "
    "ska göras."
)
SEND_TO = "Skicka checklistan med e-post till samordnaren senast onsdag kl. 10."
SEVERAL_EVENTS = (
    "Flera händelser i samma kategori? Skriv antalet i Antal, eller lägg till en rad per händelse med samma Punkt."
)


def title(schema) -> str:
    return f"{TITLE_PREFIX}{schema.name}"


__all__ = [
    "ABOUT_EST",
    "DOCX_COLUMNS",
    "HEADER_FIELDS",
    "NO_PERSONAL_DATA",
    "NO_PERSONAL_DATA_SHORT",
    "SEND_TO",
    "SEVERAL_EVENTS",
    "SEVERITY_LINES",
    "SEVERITY_TEXT",
    "SHEET_INSTRUCTIONS",
    "TITLE_PREFIX",
    "XLSX_COLUMNS",
    "title",
]
