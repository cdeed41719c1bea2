"""The example week's Excel files (1–4 and 11): who wrote what in which workbook, and what each
should yield, as row tables and one small function per file."""

from __future__ import annotations

from datetime import date, datetime, time

from est_cli.example_week.items import template_rows
from est_cli.example_week.spec import (
    CET,
    D16,
    D17,
    D18,
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


def polis_vivalla() -> InboxFile:
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


def kommun_baronbackarna() -> InboxFile:
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


def obo() -> InboxFile:
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


def raddningstjansten() -> InboxFile:
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


def fritid_vivalla() -> InboxFile:
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
