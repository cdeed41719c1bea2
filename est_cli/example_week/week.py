"""The example week itself: the eleven inbox files (twelve reports) – who wrote what, in which
file, and what each should yield – as row tables and one small function per file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

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
    NBSP,
    PERSONNUMMER,
    ExpectedFinding,
    InboxFile,
    IntendedReport,
    IntendedRow,
)
from est_cli.example_week.xlsx_writers import (
    write_fritid_vivalla,
    write_kommun_baronbackarna,
    write_obo,
    write_polis_vivalla,
    write_raddningstjansten,
)

# Files in the est template list only the answered items (template_rows fills in the eight rows,
# "Nej" where nothing is given); the other files list their rows as the reporter wrote them.
D16, D17, D18, D19 = (datetime(2026, 11, day) for day in (16, 17, 18, 19))  # Monday to Thursday


# --------------------------------------------------------------------------- 1. Områdespolis Vivalla
# The est template, filled in properly (the tidy one).
POLIS_VIVALLA_ANSWERS = {
    "skadegorelse": dict(
        mark="Ja",
        antal=2,
        plats="Vivalla" + NBSP + "centrum",
        datum=D16,
        allvar=2,
        kommentar="Krossad ruta i busskur och klotter på elskåp",
        atgard="Felanmält till kommunen",
    ),
    "brand": dict(
        mark="Ja",
        plats="Lertagsgatan",
        datum=D17,
        tid=time(21, 50),
        allvar=2,
        kommentar="Papperskorgsbrand Lertagsgatan, släckt av RTJ",
    ),
    "incident_mot_anstalld": dict(
        mark="ja",
        antal=1,
        plats="Vivalla centrum ",
        datum=D17,
        tid=time(22, 40),
        allvar=3,
        kommentar="Stenkastning mot buss 22:40, föraren oskadd",
        atgard="Anmälan upprättad, ökad närvaro kvällstid",
    ),
    "samlingsplats_ungdomar": dict(
        mark="Ja",
        antal=2,
        plats="Vivalla centrum",
        tid="21-23",
        allvar=1,
        kommentar="Ca 15 ungdomar vid Vivalla centrum kl 21-23, lugnt",
    ),
    "annat_otrygghetsskapande": dict(
        mark="Ja",
        antal="2 ",
        plats="Vivalla centrum",
        datum=D16,
        allvar=3,
        kommentar="Misstänkt narkotikaförsäljning vid centrum, två ingripanden",
    ),
    "otrygg_plats": dict(mark="Nej", antal=0),
    "ovrigt": dict(mark="Ja", allvar=2, kommentar="Rykten på sociala medier om konflikt mellan ungdomsgrupper"),
}


def _polis_vivalla() -> InboxFile:
    return InboxFile(
        name="Checklista v47 Vivalla polis.xlsx",
        fmt="xlsx",
        description="Områdespolisen i Vivalla, est-mallen ifylld: rubrikblock, en rad per punkt med Ja/Nej.",
        saved=datetime(2026, 11, 17, 15, 32, tzinfo=CET),
        write=write_polis_vivalla,
        reports=[
            IntendedReport(
                area="Vivalla",
                organisation="Polis",
                organisation_type="polis",
                reporter="Områdespolis",
                datum=date(2026, 11, 17),
                week_as_written="47",
                week_year_from="datum",
                style="checklist",
                sheet="Checklista",
                header_row=8,
                rows=template_rows(POLIS_VIVALLA_ANSWERS),
            )
        ],
    )


# --------------------------------------------------------------------------- 2. Kommunen, Baronbackarna
# The kommun's own older layout: synonyms, X marks, odd labels.
KOMMUN_BARONBACKARNA_ROWS = (
    IntendedRow(
        "skadegorelse",
        "SKADEGÖRELSE",
        mark="X",
        antal=3,
        plats="Baronbackarna torg",
        kommentar="Klotter på lekplatsens staket och sönderslagen parkbänk",
    ),
    IntendedRow("brand", "2. Brand", mark=""),
    IntendedRow("incident_mot_anstalld", "3. Incident mot anställda", mark=""),
    IntendedRow(
        "arrangemang",
        "Arrangemang",
        mark="X",
        plats="Baronbackarna torg",
        kommentar="Föreningskväll tisdag, ca 60 besökare, positivt",
    ),
    IntendedRow(
        "samlingsplats_ungdomar",
        "Samlingsplats",
        mark="x",
        antal=2,
        plats="Bettorpsgatan, gångtunneln",
        kommentar="Ungdomar samlas i gångtunneln kvällstid, en del nedskräpning",
    ),
    IntendedRow("annat_otrygghetsskapande", "Ordningsstörande", mark=""),
    IntendedRow(
        "otrygg_plats",
        "Otrygga platser",
        mark="X ",
        antal=1,
        plats="Gångvägen mot Bettorpsgatan",
        kommentar="Trasig belysning längs gångvägen, felanmält",
    ),
    IntendedRow("ovrigt", "Övrigt", mark=""),
)


def _kommun_baronbackarna() -> InboxFile:
    return InboxFile(
        name="Trygghetsrapport v.47 Baronbackarna.xlsx",
        fmt="xlsx",
        description=(
            "Kommunens äldre egna mall: Bostadsområde/Verksamhet/Funktion, v.47, kolumnerna "
            "Kategori, Ja/Nej (X), Adress, Beskrivning; punkter skrivna på eget sätt."
        ),
        saved=datetime(2026, 11, 18, 8, 47, tzinfo=CET),
        write=write_kommun_baronbackarna,
        reports=[
            IntendedReport(
                area="Baronbackarna",
                organisation="Örebro kommun",
                organisation_type="kommun",
                reporter="Områdessamordnare",
                datum=date(2026, 11, 18),
                week_as_written="v.47",
                week_year_from="datum",
                style="checklist",
                sheet="Blad1",
                header_row=7,
                rows=list(KOMMUN_BARONBACKARNA_ROWS),
            )
        ],
    )


# --------------------------------------------------------------------------- 3. ÖBO husvärdar
# An instruction sheet and one sheet per area; the personnummer slip is here.
PERSONNUMMER_COMMENT = f"Hyresgäst ringde {PERSONNUMMER} om oväsen och bråk natten till tisdag"
OBO_VIVALLA_ROWS = (
    IntendedRow(
        "skadegorelse",
        "Skadegörelse",
        nr=1,
        mark="Ja",
        antal=4,
        plats="Lertagsgatan ",
        allvar=2,
        kommentar="Krossad ruta i tvättstugan, klotter i tre entréer",
    ),
    IntendedRow("brand", "Brand", nr=2, mark="Nej"),
    IntendedRow(
        "incident_mot_anstalld",
        "Incident mot anställd",
        nr=3,
        mark="Ja",
        plats="Lertagsgatan",
        allvar=3,
        kommentar="Husvärd blev hotad av grupp ungdomar vid soprummet",
    ),
    IntendedRow("arrangemang", "Arrangemang", nr=4, mark="Nej"),
    IntendedRow(
        "samlingsplats_ungdomar",
        "Samlingsplats för ungdomar",
        nr=5,
        mark="JA",
        antal=1,
        plats="Lertagsgatan",
        allvar=1,
        kommentar="Ungdomar i källargången, gick när vi kom",
    ),
    IntendedRow("annat_otrygghetsskapande", "Annat otrygghetsskapande/ordningsstörande", nr=6, mark="Nej"),
    IntendedRow(
        "otrygg_plats",
        "Otrygg plats",
        nr=7,
        mark="Ja",
        plats="Vivalla centrum, p-däcket",
        allvar=2,
        kommentar="Belysning trasig i p-däcket",
    ),
    IntendedRow("ovrigt", "Övrigt", nr=8, mark="nej"),
)
OBO_BARONBACKARNA_ROWS = (
    IntendedRow(
        "skadegorelse",
        "Skadegörelse",
        nr=1,
        mark="Ja",
        antal=2,
        plats="Baronbackarna torg",
        allvar=1,
        kommentar="Nedklottrade postboxar, sanerat",
    ),
    IntendedRow(
        "brand",
        "Brand",
        nr=2,
        mark="Ja",
        plats="Bettorpsgatan",
        allvar=3,
        kommentar="Brand i barnvagn i soprum, släckt av boende",
    ),
    IntendedRow("incident_mot_anstalld", "Incident mot anställd", nr=3, mark="Nej"),
    IntendedRow("arrangemang", "Arrangemang", nr=4, mark="Nej"),
    IntendedRow("samlingsplats_ungdomar", "Samlingsplats för ungdomar", nr=5, mark="Nej"),
    IntendedRow(
        "annat_otrygghetsskapande",
        "Annat otrygghetsskapande/ordningsstörande",
        nr=6,
        mark="Ja",
        antal=1,
        plats="Bettorpsgatan",
        allvar=2,
        kommentar=PERSONNUMMER_COMMENT,
    ),
    IntendedRow("otrygg_plats", "Otrygg plats", nr=7, mark="Nej"),
    IntendedRow("ovrigt", "Övrigt", nr=8, mark="Nej"),
)


def _obo_report(area: str, rows: tuple[IntendedRow, ...]) -> IntendedReport:
    """One of the ÖBO workbook's two area sheets (the sheet is named after the area)."""
    return IntendedReport(
        area=area,
        organisation="ÖBO",
        organisation_type="fastighetsbolag",
        reporter="Husvärd",
        datum=date(2026, 11, 18),
        week_as_written="47",
        week_year_from="datum",
        style="checklist",
        sheet=area,
        header_row=9,
        rows=list(rows),
    )


def _obo() -> InboxFile:
    return InboxFile(
        name="ÖBO EST v47.xlsx",
        fmt="xlsx",
        description=(
            "ÖBO:s husvärdar: bladet Instruktioner (ska hoppas över) och ett blad per område, "
            "Vivalla och Baronbackarna. En kommentar innehåller ett personnummer."
        ),
        saved=datetime(2026, 11, 18, 9, 12, tzinfo=CET),
        write=write_obo,
        reports=[_obo_report("Vivalla", OBO_VIVALLA_ROWS), _obo_report("Baronbackarna", OBO_BARONBACKARNA_ROWS)],
        findings=[
            ExpectedFinding(
                "personnummer-masked",
                "warning",
                "Baronbackarna",
                cell="G15",
                why=f"Kommentaren innehåller personnumret {PERSONNUMMER} (giltig kontrollsiffra); "
                "det ska maskeras innan något sparas.",
            )
        ],
    )


# --------------------------------------------------------------------------- 4. Räddningstjänsten
# An event log, the category repeated.
RADDNINGSTJANSTEN_ROWS = (
    IntendedRow(
        "brand",
        "Brand",
        datum=D16,
        tid="23:15",
        plats="Lertagsgatan",
        antal=1,
        allvar=2,
        kommentar="Containerbrand vid återvinningen, släckt",
    ),
    IntendedRow(
        "brand",
        "Brand",
        datum=D17,
        tid="21:50",
        plats="Lertagsgatan",
        antal=1,
        allvar=2,
        kommentar="Papperskorgsbrand Lertagsgatan, släckt av RTJ",
    ),
    IntendedRow(
        "incident_mot_anstalld",
        "Incident mot anställd",
        datum=D17,
        tid="22:05",
        plats="Vivalla centrum",
        antal=1,
        allvar=3,
        kommentar="Sten kastad mot räddningsfordon under insats, ingen skadad",
    ),
    IntendedRow(
        "brand",
        "Anlagd brand",
        datum=D18,
        tid="01:30",
        plats="Vivallaskolan",
        allvar=2,
        kommentar="Brand i sopkärl vid skolans baksida",
    ),
)


def _raddningstjansten() -> InboxFile:
    return InboxFile(
        name="Räddningstjänsten v.47.xlsx",
        fmt="xlsx",
        description="Nerikes Brandkår: händelselogg, en rad per händelse (Datum, Tid, Händelse, Plats …).",
        saved=datetime(2026, 11, 18, 7, 55, tzinfo=CET),
        write=write_raddningstjansten,
        reports=[
            IntendedReport(
                area="Vivalla",
                organisation="Nerikes Brandkår",
                organisation_type="kommun",
                reporter="Räddningstjänsten",
                datum=date(2026, 11, 18),
                week_as_written="v 47",
                week_year_from="datum",
                style="event-log",
                sheet="Händelser",
                header_row=9,
                rows=list(RADDNINGSTJANSTEN_ROWS),
            )
        ],
    )


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


def _faltgruppen() -> InboxFile:
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


def _vivallaskolan() -> InboxFile:
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


def _fritidsgarden_baronbackarna() -> InboxFile:
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


def _polis_baronbackarna() -> InboxFile:
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


def _vaktare() -> InboxFile:
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


def _trygghetsvard() -> InboxFile:
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


# --------------------------------------------------------------------------- 11. Fritidsgården Vivalla
# THE file with mistakes: 'kanske', Allvarlighetsgrad 7 and an item of its own.
FRITID_VIVALLA_ROWS = (
    IntendedRow("skadegorelse", "Skadegörelse", mark="Nej"),
    IntendedRow("brand", "Brand", mark="Nej"),
    IntendedRow(
        "incident_mot_anstalld",
        "Incident mot anställd",
        mark="Ja",
        antal=1,
        plats="Fritidsgården",
        datum=D17,
        tid="21:00",
        allvar=7,
        kommentar="Personal hotades vid stängning",
    ),
    IntendedRow(
        "arrangemang",
        "Arrangemang",
        mark="Ja",
        antal=1,
        plats="Fritidsgården",
        datum=D16,
        allvar=1,
        kommentar="Tjejkväll, ca 25 besökare",
    ),
    IntendedRow(
        "samlingsplats_ungdomar",
        "Samlingsplats för ungdomar",
        mark="kanske",
        plats="Vivalla centrum",
        kommentar="Vet inte säkert, hört att de är vid centrum",
        reject="invalid-mark",
    ),
    IntendedRow("annat_otrygghetsskapande", "Annat otrygghetsskapande/ordningsstörande", mark="Nej"),
    IntendedRow("otrygg_plats", "Otrygg plats", mark="Nej"),
    IntendedRow("ovrigt", "Övrigt", mark="Nej"),
    IntendedRow(
        None,
        "Mopedåkning på gångvägar",
        mark="Ja",
        antal=3,
        plats="Gångvägen bakom Vivallaskolan",
        datum=D18,
        allvar=2,
        kommentar="Mopeder på gångvägen bakom skolan",
    ),
)
FRITID_VIVALLA_FINDINGS = (
    ExpectedFinding(
        "invalid-severity",
        "warning",
        "Blad1",
        cell="G11",
        why="Allvarlighetsgrad 7 (skalan är 1–4); raden sparas men utan allvarlighetsgrad.",
    ),
    ExpectedFinding(
        "invalid-mark",
        "error",
        "Blad1",
        cell="B13",
        why="Förekomst 'kanske' kan inte tolkas; raden (Samlingsplats för ungdomar) sparas inte.",
    ),
    ExpectedFinding(
        "unknown-item",
        "warning",
        "Blad1",
        cell="A17",
        why="'Mopedåkning på gångvägar' finns inte i Örebros checklista; raden sparas under sitt eget namn.",
    ),
    ExpectedFinding(
        "items-not-answered",
        "warning",
        "Blad1",
        row=8,
        why="Följd av den avvisade raden: punkten Samlingsplats för ungdomar saknar svar (tabellens rubrikrad 8).",
    ),
)


def _fritid_vivalla() -> InboxFile:
    return InboxFile(
        name="Fritidsgården Vivalla v47.xlsx",
        fmt="xlsx",
        description=(
            "Fritidsgården i Vivalla (kommun): egen kopia av mallen med fel som samordnaren ska se – "
            "Förekomst 'kanske', Allvarlighetsgrad 7 och en egen punkt som inte finns i checklistan."
        ),
        saved=datetime(2026, 11, 18, 9, 26, tzinfo=CET),
        write=write_fritid_vivalla,
        reports=[
            IntendedReport(
                area="Vivalla",
                organisation="Kommun",
                organisation_type="kommun",
                reporter="Fritidsgården Vivalla",
                datum=date(2026, 11, 18),
                week_as_written="47",
                week_year_from="datum",
                style="checklist",
                sheet="Blad1",
                header_row=8,
                rows=list(FRITID_VIVALLA_ROWS),
            )
        ],
        findings=list(FRITID_VIVALLA_FINDINGS),
    )


# --------------------------------------------------------------------------- the inbox
# The files in the order expected.json lists them (and the inbox is written).
INBOX_FILES: tuple[Callable[[], InboxFile], ...] = (
    _polis_vivalla,
    _kommun_baronbackarna,
    _obo,
    _raddningstjansten,
    _faltgruppen,
    _vivallaskolan,
    _fritidsgarden_baronbackarna,
    _polis_baronbackarna,
    _vaktare,
    _trygghetsvard,
    _fritid_vivalla,
)


def build_inbox() -> list[InboxFile]:
    """The eleven files of the example inbox (twelve reports) and what each should yield."""
    return [make() for make in INBOX_FILES]
