"""The example week's Word, CSV and e-mail files (5–10): who wrote what in which file, and what
each should yield, as row tables and one small function per file."""

from __future__ import annotations

from datetime import date, datetime

from est_cli.example_week.csv_writers import (
    write_polis_baronbackarna_csv,
    write_vaktare_csv,
)
from est_cli.example_week.docx_writers import (
    write_faltgruppen,
    write_fritidsgarden_baronbackarna,
    write_vivallaskolan,
)
from est_cli.example_week.eml_writer import write_trygghetsvard_eml
from est_cli.example_week.items import template_rows
from est_cli.example_week.spec import (
    CET,
    D16,
    D17,
    D18,
    InboxFile,
    IntendedReport,
    IntendedRow,
)

# Files in the est template list only the answered items (template_rows fills in the eight rows,
# "Nej" where nothing is given); the other files list their rows as the reporter wrote them.


# --------------------------------------------------------------------------- 5. Fältgruppen
# Word: "Label: value" paragraphs and a Ja/Nej table.
FALTGRUPPEN_ROWS = (
    IntendedRow("skadegorelse", "Skadegörelse", mark="Nej"),
    IntendedRow("brand", "Brand", mark="Nej"),
    IntendedRow("incident_mot_anstalld", "Incident mot anställd", mark="Nej"),
    IntendedRow(
        "arrangemang",
        "Arrangemang",
        mark="Ja",
        antal=1,
        plats="Idrottshallen",
        kommentar="Öppen hall tisdag kväll, ca 40 ungdomar, positivt",
    ),
    IntendedRow(
        "samlingsplats_ungdomar",
        "Samlingsplats för ungdomar",
        mark="Ja ",
        antal=2,
        plats="Vivalla centrum",
        kommentar="Ca 15 ungdomar vid Vivalla centrum kl 21-23, lugnt",
    ),
    IntendedRow(
        "annat_otrygghetsskapande",
        "Annat otrygghetsskapande/ordningsstörande",
        mark="ja",
        antal=1,
        plats="Vivallaskolan",
        kommentar="Smällare kastades mot fönster vid skolan",
    ),
    IntendedRow("otrygg_plats", "Otrygg plats", mark="Nej"),
    IntendedRow("ovrigt", "Övrigt", mark="Ja", plats="", kommentar="Oro bland föräldrar efter rykten på Snapchat"),
)


def faltgruppen() -> InboxFile:
    return InboxFile(
        name="EST vecka 47 Fältgruppen.docx",
        fmt="docx",
        description="Fältgruppen (kommun): Word med 'Vecka: 47'-rader och en tabell Punkt | Ja/Nej | Antal | Plats | Kommentar.",
        saved=datetime(2026, 11, 18, 9, 40, tzinfo=CET),
        write=write_faltgruppen,
        reports=[
            IntendedReport(
                area="Vivalla",
                organisation="Kommun",
                organisation_type="kommun",
                reporter="Fältgruppen",
                datum=date(2026, 11, 18),
                week_as_written="47",
                week_year_from="datum",
                style="checklist",
                sheet="Tabell 1",
                header_row=1,
                rows=list(FALTGRUPPEN_ROWS),
            )
        ],
    )


# --------------------------------------------------------------------------- 6. Vivallaskolan
# Word: a two-column header table, ☒/☐ marks.
VIVALLASKOLAN_ROWS = (
    IntendedRow(
        "skadegorelse",
        "1. Skadegörelse",
        mark="☒",
        antal=1,
        plats="Vivallaskolan",
        kommentar="Krossad ruta i matsalen, polisanmält",
    ),
    IntendedRow("brand", "2. Brand", mark="☐"),
    IntendedRow(
        "incident_mot_anstalld",
        "3. Incident mot anställd",
        mark="☒",
        plats="Vivallaskolan, entrén",
        kommentar="Personal hotad av okända ungdomar efter skoltid",
    ),
    IntendedRow("arrangemang", "4. Arrangemang", mark="☐"),
    IntendedRow(
        "samlingsplats_ungdomar",
        "5. Samlingsplats för ungdomar",
        mark="☒",
        antal=3,
        plats="Skolgården",
        kommentar="Ungdomar samlas på skolgården efter kl 18, nedskräpning",
    ),
    IntendedRow("annat_otrygghetsskapande", "6. Annat otrygghetsskapande/ordningsstörande", mark="☐"),
    IntendedRow("otrygg_plats", "7. Otrygg plats", mark="☐"),
    IntendedRow("ovrigt", "8. Övrigt", mark="☐"),
)


def vivallaskolan() -> InboxFile:
    return InboxFile(
        name="Vivallaskolan EST v47.docx",
        fmt="docx",
        description="Vivallaskolan (kommun): rubriktabell i två kolumner och kryssrutetecken ☒/☐ som markering.",
        saved=datetime(2026, 11, 17, 16, 5, tzinfo=CET),
        write=write_vivallaskolan,
        reports=[
            IntendedReport(
                area="Vivalla",
                organisation="Kommun",
                organisation_type="kommun",
                reporter="Vivallaskolan, skolledningen",
                datum=date(2026, 11, 17),
                week_as_written="v 47",
                week_year_from="datum",
                style="checklist",
                sheet="Tabell 2",
                header_row=1,
                rows=list(VIVALLASKOLAN_ROWS),
            )
        ],
    )


# --------------------------------------------------------------------------- 7. Fritidsgården Baronbackarna
# Word: X marks, odd spacing and casing.
FRITIDSGARDEN_BARONBACKARNA_ROWS = (
    IntendedRow("skadegorelse", "Skadegörelse", mark=""),
    IntendedRow(
        "brand",
        "  Brand ",
        mark="X",
        antal=1,
        plats="Baronbackarna torg",
        kommentar="Eld i papperskorg utanför gården, vi släckte själva",
    ),
    IntendedRow("incident_mot_anstalld", "Incident  mot anställd", mark=""),
    IntendedRow(
        "arrangemang",
        "Arrangemang",
        mark="x",
        antal=1,
        plats="Fritidsgården",
        kommentar="Discokväll tisdag\nca 50 besökare, lugnt",
    ),
    IntendedRow(
        "samlingsplats_ungdomar",
        "Samlingsplats för ungdomar",
        mark=" X ",
        antal=2,
        plats="Baronbackarna torg",
        kommentar="Grupp äldre ungdomar utanför gården, stökigt vid stängning",
    ),
    IntendedRow("annat_otrygghetsskapande", "Annat otrygghetsskapande / ordningsstörande", mark=""),
    IntendedRow(
        "otrygg_plats",
        "otrygg plats",
        mark="X",
        plats="Gångtunneln vid Bettorpsgatan",
        kommentar="Ungdomarna vill inte gå genom tunneln när det är mörkt",
    ),
    IntendedRow("ovrigt", "Övrigt ", mark=""),
)


def fritidsgarden_baronbackarna() -> InboxFile:
    return InboxFile(
        name="fritidsgården baronbackarna v47.docx",
        fmt="docx",
        description="Fritidsgården i Baronbackarna (kommun): X som markering, ojämna mellanslag och gemener i punkterna.",
        saved=datetime(2026, 11, 18, 9, 58, tzinfo=CET),
        write=write_fritidsgarden_baronbackarna,
        reports=[
            IntendedReport(
                area="Baronbackarna",
                organisation="kommun",
                organisation_type="kommun",
                reporter="Fritidsgården Baronbackarna",
                datum=date(2026, 11, 18),
                week_as_written="47",
                week_year_from="datum",
                style="checklist",
                sheet="Tabell 1",
                header_row=1,
                rows=list(FRITIDSGARDEN_BARONBACKARNA_ROWS),
            )
        ],
    )


# --------------------------------------------------------------------------- 8. Områdespolis Baronbackarna
# Excel 'CSV (semikolonavgränsad)': cp1252, CRLF.
POLIS_BARONBACKARNA_ANSWERS = {
    "skadegorelse": dict(
        mark="Ja", antal=2, plats="Baronbackarna torg", datum=D16, allvar=1, kommentar="Klotter på busskur och elskåp"
    ),
    "samlingsplats_ungdomar": dict(
        mark="Ja",
        antal=1,
        plats="Bettorpsgatan",
        datum=D17,
        tid="20-22",
        allvar=2,
        kommentar="Ca 10 ungdomar vid gångtunneln; lugnt vid kontroll",
    ),
    "annat_otrygghetsskapande": dict(
        mark="Ja",
        antal=3,
        plats="Baronbackarna torg",
        allvar=3,
        kommentar="Två anmälda misshandelsfall och ett narkotikabrott",
        atgard='Ökad närvaro kvällstid – "synas i området"',
    ),
}


def polis_baronbackarna() -> InboxFile:
    return InboxFile(
        name="baronbackarna_v47.csv",
        fmt="csv",
        description="Områdespolisen i Baronbackarna: Excel-sparad CSV (semikolon, cp1252, CRLF) med rubrikrader överst.",
        saved=datetime(2026, 11, 18, 8, 15, tzinfo=CET),
        write=write_polis_baronbackarna_csv,
        reports=[
            IntendedReport(
                area="Baronbackarna",
                organisation="Polis",
                organisation_type="polis",
                reporter="Områdespolis",
                datum=date(2026, 11, 18),
                week_as_written="47",
                week_year_from="datum",
                style="checklist",
                sheet=None,
                header_row=7,
                rows=template_rows(POLIS_BARONBACKARNA_ANSWERS),
            )
        ],
    )


# --------------------------------------------------------------------------- 9. Väktare
# A UTF-8 BOM comma-separated event log, three skadegörelse rows.
VAKTARE_ROWS = (
    IntendedRow(
        "skadegorelse",
        "Skadegörelse",
        datum=D16,
        tid="02:10",
        plats="Baronbackarna torg",
        antal=1,
        allvar=2,
        kommentar="Krossad glasruta i entrédörr, tejpad",
    ),
    IntendedRow(
        "annat_otrygghetsskapande",
        "Ordningsstörande",
        datum=D17,
        tid="00:30",
        plats="Bettorpsgatan",
        antal=1,
        allvar=2,
        kommentar="Högljutt sällskap i garaget, avvisades",
    ),
    IntendedRow(
        "skadegorelse",
        "Skadegörelse",
        datum=D17,
        tid="23:40",
        plats="Bettorpsgatan",
        antal=2,
        allvar=1,
        kommentar="Klotter på två garageportar",
    ),
    IntendedRow(
        "skadegorelse",
        "skadegörelse ",
        datum=D18,
        tid="03:05",
        plats="Baronbackarna torg",
        allvar=2,
        kommentar="Sönderslagen belysningsarmatur vid torget",
    ),
    IntendedRow(
        "samlingsplats_ungdomar",
        "Samlingsplats för ungdomar",
        datum=D18,
        tid="01:15",
        plats="Baronbackarna torg",
        antal=1,
        allvar=1,
        kommentar="Ca 8 ungdomar vid torget, lämnade efter tillsägelse",
    ),
)


def vaktare() -> InboxFile:
    return InboxFile(
        name="vaktarrapport_v47.csv",
        fmt="csv",
        description="Väktarnas händelselogg (på uppdrag av ÖBO): UTF-8 med BOM, kommaseparerad, en rad per händelse.",
        saved=datetime(2026, 11, 18, 6, 30, tzinfo=CET),
        write=write_vaktare_csv,
        reports=[
            IntendedReport(
                area="Baronbackarna",
                organisation="ÖBO",
                organisation_type="fastighetsbolag",
                reporter="Väktare",
                datum=date(2026, 11, 18),
                week_as_written="2026-W47",
                week_year_from="vecka",
                style="event-log",
                sheet=None,
                header_row=7,
                rows=list(VAKTARE_ROWS),
            )
        ],
    )


# --------------------------------------------------------------------------- 10. Trygghetsvärd ÖBO
# An e-mail with the checklist attached – sent after the deadline.
TRYGGHETSVARD_ANSWERS = {
    "skadegorelse": dict(
        mark="Ja",
        antal=1,
        plats="Vivalla centrum",
        datum=D17,
        allvar=1,
        kommentar="Klotter på pelare vid centrumentrén",
    ),
    "arrangemang": dict(
        mark="Ja",
        antal=1,
        plats="Vivalla centrum",
        datum=D17,
        tid="18:00",
        allvar=1,
        kommentar="Trygghetsvandring med boende, positivt",
    ),
    "samlingsplats_ungdomar": dict(
        mark="Ja",
        antal=2,
        plats="Vivalla centrum",
        tid="20-23",
        allvar=1,
        kommentar="Ungdomar vid centrum kvällstid, lugnt",
    ),
    "annat_otrygghetsskapande": dict(
        mark="Ja", antal=1, plats="Gångvägen vid Vivallaskolan", allvar=2, kommentar="Mopeder på gångvägen bakom skolan"
    ),
    "otrygg_plats": dict(
        mark="Ja",
        antal=1,
        plats="Gångbron mot Vivalla centrum",
        allvar=2,
        kommentar="Trasig belysning på gångbron",
        atgard="Felanmält igen",
    ),
}


def trygghetsvard() -> InboxFile:
    return InboxFile(
        name="Checklista v.47 Vivalla - trygghetsvärd.eml",
        fmt="eml",
        description=(
            "E-post från ÖBO:s trygghetsvärd (Outlook): textdel + HTML med inbäddad signaturbild och "
            "checklistan som xlsx-bilaga. Skickad torsdag 14.12 – efter deadline onsdag 10.00."
        ),
        saved=datetime(2026, 11, 19, 14, 12, tzinfo=CET),
        write=write_trygghetsvard_eml,
        email={
            "from": "Trygghetsvärd ÖBO <trygghetsvard@obo.example>",
            "subject": "Checklista v.47 Vivalla",
            "date": "2026-11-19T14:12:00+01:00",
            "attachment": "Checklista v47 Vivalla trygghetsvärd.xlsx",
            "inline_images": ["image001.png"],
        },
        reports=[
            IntendedReport(
                area="Vivalla",
                organisation="ÖBO",
                organisation_type="fastighetsbolag",
                reporter="Trygghetsvärd",
                datum=date(2026, 11, 19),
                week_as_written="47",
                week_year_from="datum",
                style="checklist",
                sheet="Checklista",
                header_row=8,
                rows=template_rows(TRYGGHETSVARD_ANSWERS),
            )
        ],
    )
