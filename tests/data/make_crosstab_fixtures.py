"""Make the cross-tab fixtures in tests/data/layouts/ (files named crosstab_*): checklists with a
column per weekday or per area, and sheets with several areas or weeks, as other programs write them.

Needs LibreOffice (`soffice`). The test suite does not: the produced files are committed.

    python tests/data/make_crosstab_fixtures.py

Each file is written in a plain source form (a tidy openpyxl workbook, HTML, CSV) and converted by
LibreOffice, so the bytes the tests read were written by LibreOffice, not by us:
- crosstab_orebro_veckodagar.xlsx / .ods   Händelse | Mån … Sön | Summa | Kommentar: counts and X
                                           marks per day, a Summa that disagrees, a Summa alone, a sum row.
- crosstab_boras_veckodagar.csv            as Excel saves "CSV (semikolonavgränsad)" (cp1252, CRLF, ';'):
                                           "Måndag 23/11" … with dates, "Totalt", an unreadable cell.
- crosstab_malmo_veckodagar.docx           HTML → Word: "Må | Ti | On | To | Fr | Lö | Sö" with X marks.
- crosstab_orebro_omraden_grupp.xlsx       "Område" merged over Vivalla | Varberga | Brickebacken, Totalt.
- crosstab_orebro_omraden.xlsx             the area names as plain column titles, and a Signatur column.
- crosstab_boras_omraden.docx              HTML → Word: "Bostadsområde" spanning Norrby | Hässleholmen | Sjöbo.
- crosstab_malmo_radgrupper.xlsx / .ods    Vecka | Område | … columns: rows of two areas and two weeks.
- crosstab_orebro_block.xlsx / .ods        one sheet, a block per area: "Område: Varberga", a table, again.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_reader_fixtures import soffice  # noqa: E402

OUT = Path(__file__).resolve().parent / "layouts"
PREFIX = "crosstab_"

DAYS = ("Mån", "Tis", "Ons", "Tors", "Fre", "Lör", "Sön")

OREBRO_DAYS = [
    # label, Mån … Sön, Summa, Kommentar
    ("Skadegörelse", (2, None, 1, None, None, 3, None), 6, "Krossade rutor i entrén"),
    ("Brand", (None, None, None, None, "X", None, None), 1, "Containerbrand"),
    ("Incident mot anställd", (None, None, None, None, None, None, None), None, None),
    ("Arrangemang", (None, None, None, None, None, "x", "x"), 3, "Disco och loppis"),  # Summa says 3, days 2
    ("Samlingsplats för ungdomar", (1, 1, 1, 1, 2, None, None), None, None),
    ("Annat otrygghetsskapande/ordningsstörande", (0, 0, 0, 0, 0, 0, 0), 0, None),
    ("Otrygg plats", (None, None, None, None, None, None, None), 2, "Gångtunneln, dag okänd"),  # only Summa
    ("Övrigt", (None, None, None, None, None, None, None), None, None),
]


def _orebro_days_workbook(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Vecka 48"
    ws["A1"] = "ÖBO – händelser per veckodag"
    for r, (label, value) in enumerate(
        (("Vecka:", "v.48"), ("Område:", "Vivalla"), ("Organisation:", "Örebrobostäder"), ("Rapportör:", "Husvärd")),
        start=3,
    ):
        ws.cell(r, 1, label)
        ws.cell(r, 2, value)
    for c, title in enumerate(("Händelse", *DAYS, "Summa", "Kommentar"), start=1):
        ws.cell(8, c, title)
    for r, (label, days, total, comment) in enumerate(OREBRO_DAYS, start=9):
        ws.cell(r, 1, label)
        for c, value in enumerate(days, start=2):
            if value is not None:
                ws.cell(r, c, value)
        if total is not None:
            ws.cell(r, 9, total)
        if comment:
            ws.cell(r, 10, comment)
    ws.cell(17, 1, "Summa")
    ws.cell(17, 9, 14)
    wb.save(path)


BORAS_DAYS_CSV = [
    "Veckorapport EST;;;;;;;;;",
    "Vecka;48;;;;;;;;",
    "Bostadsområde;Norrby;;;;;;;;",
    "Myndighet;Polisen;;;;;;;;",
    "Rapportörens funktion;Kommunpolis;;;;;;;;",
    ";;;;;;;;;",
    "Händelse;Måndag 23/11;Tisdag 24/11;Onsdag 25/11;Torsdag 26/11;Fredag 27/11;Lördag 28/11;Söndag 29/11;Totalt;"
    "Kommentar",
    "Klotter, skadegörelse;1;;;2;;;;3;Busskurer",
    "Anlagd brand;;;;;;1;;1;Bilbrand natt mot söndag",
    "Drogförsäljning/hantering;;;?;;;;;;Oklart",
    "Trapphäng som påverkar de boende negativt;;;;;;;;;",
    "Händelser eller åtgärder som motverkar brott och ökar tryggheten;;;;;1;1;;2;Polisen på plats",
]

MALMO_DAYS_HTML = """<html><head><meta charset="utf-8"><title>EST</title></head><body>
<h1>EST – händelser per dag</h1>
<p>Vecka: 48</p>
<p>Stadsdel: Seved</p>
<p>Organisation: Polisen</p>
<p>Rapportör: Områdespolis</p>
<table border="1">
<tr><th>Kategori</th><th>Må</th><th>Ti</th><th>On</th><th>To</th><th>Fr</th><th>Lö</th><th>Sö</th><th>Kommentar</th></tr>
<tr><td>Klotter, skadegörelse</td><td>X</td><td></td><td></td><td>X</td><td></td><td></td><td></td><td>Klotter på skolan</td></tr>
<tr><td>Personrån</td><td></td><td></td><td></td><td></td><td>2</td><td></td><td></td><td>Två rån vid Sevedsplan</td></tr>
<tr><td>Skjutningar</td><td></td><td></td><td></td><td></td><td></td><td></td><td></td><td></td></tr>
<tr><td>Positiva händelser som motverkar brott och ökar tryggheten</td><td></td><td></td><td></td><td></td><td></td><td>X</td><td>X</td><td>Nattvandring</td></tr>
</table>
</body></html>
"""

AREAS = ("Vivalla", "Varberga", "Brickebacken")
OREBRO_AREAS = [
    # label, Vivalla, Varberga, Brickebacken, Totalt
    ("Skadegörelse", "X", 2, None, 3),
    ("Brand", None, None, 1, 1),
    ("Incident mot anställd", None, None, None, None),
    ("Arrangemang", 1, "x", "Nej", 3),  # Totalt says 3, the areas 2
    ("Samlingsplats för ungdomar", 3, None, None, None),
    ("Otrygg plats", None, None, None, 1),  # only Totalt
]


def _orebro_areas_workbook(path: Path, group_title: bool) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Blad1"
    ws["A1"] = "Checklista EST vecka 48"
    for r, (label, value) in enumerate(
        (("Vecka", "2026-W48"), ("Organisation", "Örebrobostäder"), ("Rapportör", "Områdesvärd")), start=2
    ):
        ws.cell(r, 1, label)
        ws.cell(r, 2, value)
    top = 6
    if group_title:
        ws.cell(top, 1, "Händelse")
        ws.merge_cells(start_row=top, start_column=1, end_row=top + 1, end_column=1)
        ws.cell(top, 2, "Område")
        ws.merge_cells(start_row=top, start_column=2, end_row=top, end_column=4)
        ws.cell(top, 5, "Totalt")
        ws.merge_cells(start_row=top, start_column=5, end_row=top + 1, end_column=5)
        titles_row = top + 1
        for c, area in enumerate(AREAS, start=2):
            ws.cell(titles_row, c, area)
        rows = OREBRO_AREAS
    else:
        titles_row = top
        for c, title in enumerate(("Händelse", *AREAS, "Signatur"), start=1):
            ws.cell(titles_row, c, title)
        rows = [(label, *cells[:3], "AB") for label, *cells in OREBRO_AREAS[:5]]
    for r, row in enumerate(rows, start=titles_row + 1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(r, c, value)
    wb.save(path)


BORAS_AREAS_HTML = """<html><head><meta charset="utf-8"><title>EST</title></head><body>
<p>Vecka: 48</p>
<p>Organisation: Fastighetsbolaget AB</p>
<p>Rapportör: Kvartersvärd</p>
<table border="1">
<tr><th rowspan="2">Händelse</th><th colspan="3">Bostadsområde</th><th rowspan="2">Kommentar</th></tr>
<tr><th>Norrby</th><th>Hässleholmen</th><th>Sjöbo</th></tr>
<tr><td>Klotter, skadegörelse</td><td>X</td><td></td><td>2</td><td>Tvättstugor</td></tr>
<tr><td>Trapphäng som påverkar de boende negativt</td><td></td><td>X</td><td></td><td></td></tr>
<tr><td>Oro, konflikter eller stök</td><td></td><td></td><td></td><td></td></tr>
<tr><td>Anlagd brand</td><td>Nej</td><td>Nej</td><td>1</td><td>Källare</td></tr>
</table>
</body></html>
"""

MALMO_GROUPS = [
    # Vecka, Område, Kategori, Förekomst, Antal
    ("48", "Seved", "Personrån", "Ja", 1),
    ("48", "Seved", "Klotter, skadegörelse", "Ja", 2),
    ("48", "Rosengård", "Anlagd brand", "Ja", 1),
    ("48", "Rosengård", "Personrån", "Nej", None),
    ("49", "Seved", "Personrån", "Ja", 3),
    ("49", "Rosengård", "Skjutningar", "Nej", None),
]


def _malmo_groups_workbook(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Samlat"
    ws["A1"] = "Organisation"
    ws["B1"] = "Polisen"
    ws["A2"] = "Rapportör"
    ws["B2"] = "Områdespolis"
    for c, title in enumerate(("Vecka", "Område", "Kategori", "Förekomst", "Antal"), start=1):
        ws.cell(4, c, title)
    for r, row in enumerate(MALMO_GROUPS, start=5):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(r, c, int(value) if c == 1 else value)
    wb.save(path)


OREBRO_BLOCKS = [
    ("Varberga", [("Skadegörelse", "Ja", 2), ("Brand", "Nej", None), ("Otrygg plats", "Ja", None)]),
    ("Vivalla", [("Skadegörelse", "Nej", None), ("Arrangemang", "Ja", 1), ("Brand", "Ja", 1)]),
]


def _orebro_blocks_workbook(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Rapport"
    ws["A1"] = "Vecka: 48"
    ws["A2"] = "Organisation: Örebrobostäder"
    ws["A3"] = "Rapportör: Husvärd"
    r = 5
    for area, rows in OREBRO_BLOCKS:
        ws.cell(r, 1, f"Område: {area}")
        r += 1
        for c, title in enumerate(("Punkt", "Förekomst", "Antal"), start=1):
            ws.cell(r, c, title)
        for label, mark, count in rows:
            r += 1
            ws.cell(r, 1, label)
            ws.cell(r, 2, mark)
            if count is not None:
                ws.cell(r, 3, count)
        r += 2
    wb.save(path)


def _excel_csv(lines: list[str]) -> bytes:
    """As Excel saves "CSV (semikolonavgränsad)": cp1252, CRLF, ';'."""
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob(PREFIX + "*"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        lo = tmp / "lo"
        lo.mkdir()

        def convert(tidy: Path, *targets: tuple[str, str]) -> None:
            for target, ext in targets:
                shutil.copy(soffice(tidy, target, lo), OUT / (tidy.stem + ext))

        xlsx = ("xlsx:Calc MS Excel 2007 XML", ".xlsx")
        ods = ("ods", ".ods")
        docx = ("docx:MS Word 2007 XML", ".docx")

        tidy = tmp / f"{PREFIX}orebro_veckodagar.xlsx"
        _orebro_days_workbook(tidy)
        convert(tidy, xlsx, ods)

        for name, html in (("malmo_veckodagar", MALMO_DAYS_HTML), ("boras_omraden", BORAS_AREAS_HTML)):
            source = tmp / f"{PREFIX}{name}.html"
            source.write_text(html, "utf-8")
            convert(source, docx)

        for name, group_title in (("orebro_omraden_grupp", True), ("orebro_omraden", False)):
            tidy = tmp / f"{PREFIX}{name}.xlsx"
            _orebro_areas_workbook(tidy, group_title)
            convert(tidy, xlsx)

        tidy = tmp / f"{PREFIX}malmo_radgrupper.xlsx"
        _malmo_groups_workbook(tidy)
        convert(tidy, xlsx, ods)

        tidy = tmp / f"{PREFIX}orebro_block.xlsx"
        _orebro_blocks_workbook(tidy)
        convert(tidy, xlsx, ods)

    (OUT / f"{PREFIX}boras_veckodagar.csv").write_bytes(_excel_csv(BORAS_DAYS_CSV))
    for path in sorted(OUT.glob(PREFIX + "*")):
        print(path.relative_to(OUT.parent), path.stat().st_size)


if __name__ == "__main__":
    main()
