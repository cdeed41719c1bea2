"""Make the ingest fixtures in tests/data/ingest/: checklists as other programs write them.

Needs LibreOffice (`soffice`). The test suite does not: the produced files are committed.

    python tests/data/make_ingest_fixtures.py

Each file is written in a plain source form (HTML, CSV, a tidy openpyxl workbook) and then
converted by LibreOffice, so the bytes the tests read were written by LibreOffice, not by us:
- malmo_mkb_lindangen.docx   HTML → Word by LibreOffice Writer: "Label: value" paragraphs,
                             Ja and Nej as two columns with X, a section row spanning the table.
- boras_polis_norrby.xls     semicolon CSV → legacy Excel 97 .xls by LibreOffice Calc:
                             event-log rows, header block with synonyms, a Summa row.
- orebro_obo_tva_omraden.xlsx openpyxl → LibreOffice → .xlsx: an instruction sheet, two area
                             sheets, a hidden sheet with last week's data.
- orebro_obo_tva_omraden.ods the same workbook as LibreOffice's own format.
- malmo_polis_cp1252.csv     as Excel saves "CSV (semikolonavgränsad)": cp1252, CRLF, ';'.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent / "ingest"


def soffice(src: Path, target: str, outdir: Path, infilter: str | None = None) -> Path:
    cmd = ["soffice", "--headless", "--norestore"]
    if infilter:
        cmd.append(f"--infilter={infilter}")
    cmd += ["--convert-to", target, "--outdir", str(outdir), str(src)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    produced = outdir / (src.stem + "." + target.split(":")[0])
    if not produced.exists():
        raise SystemExit(f"LibreOffice made no {produced}")
    return produced


MALMO_HTML = """<html><head><meta charset="utf-8"><title>EST</title></head><body>
<h1>Veckorapport EST – MKB</h1>
<p>Vecka: v 47</p>
<p>Stadsdel: Lindängen</p>
<p>Aktör: MKB Fastighets AB</p>
<p>Inrapporterad av:  Bosocial utvecklare</p>
<p>Datum: 2026-11-18</p>
<table border="1">
<tr><th>Fråga</th><th>Ja</th><th>Nej</th><th>Antal</th><th>Var</th><th>Kommentar</th><th>Vidtagna åtgärder</th></tr>
<tr><td colspan="7"><b>Bostadsområden</b></td></tr>
<tr><td>Trapphäng som påverkar de boende negativt</td><td>X</td><td></td><td>2</td><td>Trapphus Lindängsvägen</td>
<td>Ungdomar i trapphuset kvällstid</td><td>Väktarrond</td></tr>
<tr><td>klotter och skadegörelse kopplat till fastigheter och bostadsområde</td><td></td><td>X</td><td></td><td></td><td></td><td></td></tr>
<tr><td>Händelser som fastighetsägare, boende eller näringsidkare upplever som problematiska</td><td>X</td><td></td><td></td>
<td>Lindängens centrum</td><td>Klagomål på mopeder</td><td></td></tr>
<tr><td>Positiva händelser som ökar tryggheten</td><td>x</td><td></td><td></td><td>Gården</td>
<td>Grillkväll med hyresgästföreningen</td><td></td></tr>
</table>
<p>Vänliga hälsningar, MKB</p>
</body></html>
"""

BORAS_CSV = [
    "Veckorapport Norrby;;;;;;",
    "Vecka;2026-W47;;;;;",
    "Bostadsområde;Norrby;;;;;",
    "Myndighet;Polisen;;;;;",
    "Rapportörens funktion;Kommunpolis;;;;;",
    ";;;;;;",
    "Datum;Tid;Händelse;Plats;Antal;Allvar;Kommentar",
    "2026-11-16;21:40;Klotter, skadegörelse;Norrby torg;;2;Krossad ruta i busskur",
    "2026-11-17;22:15;klotter/skadegörelse;Våglängdsgatan;;1;Klotter på elskåp",
    "2026-11-18;01:10;Anlagd brand;Källare Norrby långgata;;3;Brand i barnvagn, RTJ släckte",
    "2026-11-19;;Drogförsäljning/hantering;Norrby centrum;3;;Tips från boende",
    "2026-11-20;20:00;Händelser eller åtgärder som motverkar brott och ökar tryggheten;Norrby torg;;;Polisen på plats vid fotbollsplanen",
    ";;Summa;;7;;",
]

MALMO_CP1252 = [
    "Vecka;Område;Organisation;Rapportör;Kategori;Förekomst;Antal;Plats;Kommentar",
    "47;Seved;Polisen;Områdespolis;Inbrott/inbrottsförsök i bostad och biutrymmen;Ja;2;Sevedsplan;Källarförråd",
    "47;Seved;Polisen;Områdespolis;Klotter, skadegörelse;Nej;;;",
    "47;Seved;Polisen;Områdespolis;Öppen drogförsäljning i anslutning till torg och kommunikationsplatser;Ja;;Rasmusgatan;Flera iakttagelser; kvällstid",
    "47;Seved;Polisen;Områdespolis;Personrån;Ja;1;Ystadvägen;Rån av mobiltelefon",
    "47;Rosengård;Polisen;Områdespolis;Anlagd brand;Ja;1;Rosengårds centrum;Bilbrand",
    "47;Rosengård;Polisen;Områdespolis;Positiva händelser som motverkar brott och ökar tryggheten;Ja;;;Nattvandrare ute fredag",
]


def _orebro_workbook(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ins = wb.active
    ins.title = "Instruktioner"
    ins["A1"] = "Så fyller du i checklistan"
    ins["A2"] = "Ett blad per område. Inga personuppgifter."
    for area, rows in (
        (
            "Vivalla",
            [
                ("1. Skadegörelse", "Ja", 3, "Vivalla centrum", "Krossade rutor"),
                ("2. Brand", "Nej", None, None, None),
                ("3. Incident mot anställd", "ja", None, "Tvättstugan", "Husvärd hotad"),
                ("4. Arrangemang", None, None, None, None),
                ("5. Samlingsplats för ungdomar", "Ja", 2, "Vivalla torg", "Kvällstid"),
                ("6. Annat otrygghetsskapande/ordningsstörande", "Nej", None, None, None),
                ("7. Otrygg plats", "Ja", None, "Gångtunneln", "Trasig belysning"),
                ("8. Övrigt", "Nej", None, None, None),
            ],
        ),
        (
            "Baronbackarna",
            [
                ("Skadegörelse", "Ja", 1, "Baronbackarna torg", "Klotter"),
                ("Brand", "Ja", None, "Containergården", "Containerbrand natt mot lördag"),
                ("Incident mot anställd", "Nej", None, None, None),
                ("Arrangemang", "Ja", None, "Fritidsgården", "Disco, lugnt"),
                ("Samlingsplats för ungdomar", "Nej", None, None, None),
                ("Annat otrygghetsskapande/ordningsstörande", "Nej", None, None, None),
                ("Otrygg plats", "Nej", None, None, None),
                ("Övrigt", "Nej", None, None, None),
            ],
        ),
    ):
        ws = wb.create_sheet(area)
        ws["A1"] = f"ÖBO – EST {area}"
        for r, (label, value) in enumerate(
            (
                ("Vecka:", "v.47"),
                ("Område:", area),
                ("Organisation:", "Örebrobostäder"),
                ("Rapportör:", "Husvärd"),
                ("Datum:", "2026-11-18"),
            ),
            start=3,
        ):
            ws.cell(r, 1, label)
            ws.cell(r, 2, value)
        for c, title in enumerate(("Punkt", "Förekomst", "Antal", "Plats", "Kommentar"), start=1):
            ws.cell(9, c, title)
        for r, row in enumerate(rows, start=10):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(r, c, value)
    hidden = wb.create_sheet("Förra veckan")
    hidden["A1"] = "Vecka"
    hidden["B1"] = "v.46"
    hidden["A3"] = "Punkt"
    hidden["B3"] = "Förekomst"
    hidden["A4"] = "Skadegörelse"
    hidden["B4"] = "Ja"
    hidden.sheet_state = "hidden"
    wb.save(path)


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)

        html = tmp / "malmo_mkb_lindangen.html"
        html.write_text(MALMO_HTML, "utf-8")
        shutil.copy(soffice(html, "docx:MS Word 2007 XML", tmp), OUT / "malmo_mkb_lindangen.docx")

        csv_path = tmp / "boras_polis_norrby.csv"
        csv_path.write_text("\n".join(BORAS_CSV) + "\n", "utf-8")
        # CSV filter options: separator ';' (59), quote '"' (34), UTF-8 (76), start at line 1.
        shutil.copy(
            soffice(csv_path, "xls:MS Excel 97", tmp, infilter="CSV:59,34,76,1"), OUT / "boras_polis_norrby.xls"
        )

        tidy = tmp / "orebro_obo_tva_omraden.xlsx"
        _orebro_workbook(tidy)
        lo_dir = tmp / "lo"
        lo_dir.mkdir()
        shutil.copy(soffice(tidy, "xlsx:Calc MS Excel 2007 XML", lo_dir), OUT / "orebro_obo_tva_omraden.xlsx")
        shutil.copy(soffice(tidy, "ods", lo_dir), OUT / "orebro_obo_tva_omraden.ods")

    (OUT / "malmo_polis_cp1252.csv").write_bytes(
        (
            "\r\n".join(
                line
                if line.count(";") == 8 and "; kvällstid" not in line
                else line.replace("Flera iakttagelser; kvällstid", '"Flera iakttagelser; kvällstid"')
                for line in MALMO_CP1252
            )
            + "\r\n"
        ).encode("cp1252")
    )
    for path in sorted(OUT.iterdir()):
        print(path.relative_to(OUT.parent), path.stat().st_size)


if __name__ == "__main__":
    main()
