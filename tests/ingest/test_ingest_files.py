"""Ingest on files made by other programs (LibreOffice, Excel-style CSV, Word content controls).

The fixtures are made by tests/data/make_ingest_fixtures.py and make_reader_fixtures.py.
"""

from __future__ import annotations

from datetime import date

import pytest

from est_cli.ingest import Options, ingest_path

from helpers import DATA

OPTIONS = Options(today=date(2026, 11, 20))

VIVALLA = {
    "skadegorelse": 3,
    "brand": 0,
    "incident_mot_anstalld": 1,
    "arrangemang": 0,
    "samlingsplats_ungdomar": 2,
    "annat_otrygghetsskapande": 0,
    "otrygg_plats": 1,
    "ovrigt": 0,
}
BARONBACKARNA = {
    "skadegorelse": 1,
    "brand": 1,
    "incident_mot_anstalld": 0,
    "arrangemang": 1,
    "samlingsplats_ungdomar": 0,
    "annat_otrygghetsskapande": 0,
    "otrygg_plats": 0,
    "ovrigt": 0,
}


def summary(result):
    return [(r.week, r.area, r.organisation, r.reporter, r.counts()) for r in result.stored_reports]


def found(result):
    return sorted((f.code, f.location.sheet, f.location.cell or f.location.row) for f in result.findings)


@pytest.mark.parametrize("name", ["orebro_obo_tva_omraden.xlsx", "orebro_obo_tva_omraden.ods"])
def test_libreoffice_workbook_two_areas_instruction_and_hidden_sheet(orebro, name):
    result = ingest_path(DATA / "ingest" / name, orebro, OPTIONS)
    assert summary(result) == [
        ("2026-W47", "Vivalla", "Örebrobostäder", "Husvärd", VIVALLA),
        ("2026-W47", "Baronbackarna", "Örebrobostäder", "Husvärd", BARONBACKARNA),
    ]
    assert found(result) == [("sheet-hidden", "Förra veckan", None)]
    assert any("Instruktioner" in note for note in result.notes)
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (16, 16, 0)
    vivalla = result.reports[0].observations
    assert (vivalla[0].label, vivalla[0].place, vivalla[0].location.cell) == (
        "1. Skadegörelse",
        "Vivalla centrum",
        "A10",
    )


def test_legacy_xls_event_log_boras_with_summa_row(boras):
    result = ingest_path(DATA / "ingest" / "boras_polis_norrby.xls", boras, OPTIONS)
    assert summary(result) == [
        (
            "2026-W47",
            "Norrby",
            "Polisen",
            "Kommunpolis",
            {"klotter_skadegorelse": 2, "anlagd_brand": 1, "drogforsaljning": 3, "positiva_handelser": 1},
        )
    ]
    assert found(result) == [("total-row", "boras_polis_norrby", "C13")]
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (6, 5, 1)
    obs = result.reports[0].observations
    assert [(o.date, o.time, o.severity) for o in obs[:3]] == [
        (date(2026, 11, 16), "21:40", 2),
        (date(2026, 11, 17), "22:15", 1),
        (date(2026, 11, 18), "01:10", 3),
    ]
    assert obs[2].comment == "Brand i barnvagn, RTJ släckte"


def test_libreoffice_word_from_html_malmo_sections_and_ja_nej_columns(malmo):
    result = ingest_path(DATA / "ingest" / "malmo_mkb_lindangen.docx", malmo, OPTIONS)
    assert summary(result) == [
        (
            "2026-W47",
            "Lindängen",
            "MKB Fastighets AB",
            "Bosocial utvecklare",
            {
                "trapphang": 2,
                "klotter_skadegorelse_fastigheter": 0,
                "problematiska_handelser": 1,
                "positiva_bostadsomraden": 1,
            },
        )
    ]
    assert result.findings == []
    first = result.reports[0].observations[0]
    assert (first.place, first.action, first.section_id) == ("Trapphus Lindängsvägen", "Väktarrond", "bostadsomraden")


def test_excel_semicolon_csv_cp1252_with_area_per_row(malmo):
    result = ingest_path(DATA / "ingest" / "malmo_polis_cp1252.csv", malmo, Options(year=2026))
    assert summary(result) == [
        (
            "2026-W47",
            "Seved",
            "Polisen",
            "Områdespolis",
            {"inbrott_bostad": 2, "klotter_skadegorelse": 0, "drogforsaljning_torg": 1, "personran": 1},
        ),
        ("2026-W47", "Rosengård", "Polisen", "Områdespolis", {"anlagd_brand": 1, "positiva_motverkar_brott": 1}),
    ]
    assert result.findings == []
    assert result.reports[0].observations[2].comment == "Flera iakttagelser; kvällstid"


def test_word_content_control_check_boxes(orebro):
    result = ingest_path(DATA / "readers" / "word_checkboxes.docx", orebro, OPTIONS)
    assert summary(result) == [
        ("2026-W47", "Vivalla", "Polis", "Områdespolis", {"skadegorelse": 3, "brand": 0, "3. Narkotika": 1})
    ]
    # "Storgatan 1" as the place: kept, and warned about (a street number may be someone's home).
    assert found(result) == [("address-in-text", "Tabell 2", "D2"), ("unknown-item", "Tabell 2", "A4")]


def test_reader_workbook_with_sum_row_and_bad_count(orebro):
    result = ingest_path(DATA / "readers" / "lo_workbook.xlsx", orebro, OPTIONS)
    assert summary(result) == [("2026-W47", "Vivalla", "Polis", "", {"skadegorelse": 3, "brand": 0, "Bekräftad": 1})]
    assert found(result) == [
        ("invalid-count", "Vivalla", "E12"),
        ("missing-reporter", "Vivalla", None),
        ("sheet-hidden", "Dolt", None),
        ("total-row", "Vivalla", "C13"),
        ("unknown-item", "Vivalla", "C12"),
        ("unknown-item", "Vivalla", "C14"),
        ("week-year-assumed", "Vivalla", "D5"),
    ]
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (5, 3, 2)


def test_outlook_msg_attachments_become_reports_with_sender(orebro):
    result = ingest_path(DATA / "readers" / "outlook.msg", orebro, Options(year=2026))
    assert len(result.stored_reports) == 2
    assert {r.source_name.split(" › ")[-1] for r in result.stored_reports} == {
        "Checklista vecka 47.docx",
        "Brickebacken v47.xls",
    }
    assert all(r.email_sender for r in result.stored_reports)
    assert result.rows_read == result.rows_stored + result.rows_rejected


@pytest.mark.parametrize("schema_id", ["orebro", "boras", "malmo"])
@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_blank_template_is_read_and_asks_for_the_header(tmp_path, schema_id, fmt):
    from est_cli.schema import load_schema
    from est_cli.templating.checklist_docx import write_docx_template
    from est_cli.templating.checklist_xlsx import write_xlsx_template

    schema = load_schema(schema_id)
    path = tmp_path / f"blank.{fmt}"
    (write_xlsx_template if fmt == "xlsx" else write_docx_template)(schema, path)
    result = ingest_path(path, schema, OPTIONS)
    codes = {f.code for f in result.findings}
    assert {"missing-week", "missing-area", "missing-organisation"} <= codes
    assert "unknown-item" not in codes and "item-fuzzy-match" not in codes
    assert result.rows_read == len(schema.items) and result.status == "rejected"


def test_filled_xlsx_template_round_trip(tmp_path, malmo):
    from openpyxl import load_workbook

    from est_cli.templating.checklist_xlsx import write_xlsx_template

    path = tmp_path / "mall.xlsx"
    write_xlsx_template(malmo, path)
    wb = load_workbook(path)
    ws = wb["Checklista"]
    header = {ws.cell(r, 1).value: r for r in range(1, 10)}
    ws.cell(header["Vecka"], 2, "v 47")
    ws.cell(header["Område"], 2, "Seved")
    ws.cell(header["Organisation"], 2, "Polisen")
    ws.cell(header["Rapportör"], 2, "Områdespolis")
    ws.cell(header["Datum"], 2, "2026-11-18")
    rows = {ws.cell(r, 2).value: r for r in range(1, ws.max_row + 1)}
    ws.cell(rows["Skjutningar"], 4, "Ja")
    ws.cell(rows["Personrån"], 4, "Ja")
    ws.cell(rows["Personrån"], 5, 2)
    ws.cell(rows["Personrån"], 10, "Två rån vid hållplatsen, en anmäld 811218-9876")
    wb.save(path)
    result = ingest_path(path, malmo, OPTIONS)
    (report,) = result.stored_reports
    assert (report.week, report.area, report.organisation, report.reporter) == (
        "2026-W47",
        "Seved",
        "Polisen",
        "Områdespolis",
    )
    counts = report.counts()
    assert counts["skjutningar"] == 1 and counts["personran"] == 2 and sum(counts.values()) == 3
    assert len(counts) == len(malmo.items)
    assert found(result) == [("personnummer-masked", "Checklista", f"J{rows['Personrån']}")]
    personran = next(o for o in report.observations if o.item_id == "personran")
    assert personran.comment == "Två rån vid hållplatsen, en anmäld [personnummer borttaget]"


def test_filled_xlsx_template_instruction_sheet_gives_no_note(tmp_path, orebro):
    """est's own Instruktioner sheet has no table by design: no "info" line for it. A sheet the
    reporter added without a table is still noted (and a reporter's own Instruktioner sheet is, see
    test_libreoffice_workbook_two_areas_instruction_and_hidden_sheet)."""
    from openpyxl import load_workbook

    from est_cli.templating.checklist_xlsx import SHEET_CHECKLIST, SHEET_INSTRUCTIONS, write_xlsx_template

    path = tmp_path / "mall.xlsx"
    write_xlsx_template(orebro, path)
    wb = load_workbook(path)
    ws = wb[SHEET_CHECKLIST]
    header = {ws.cell(r, 1).value: r for r in range(1, 10)}
    for label, value in (
        ("Vecka", "2026-W47"),
        ("Område", "Vivalla"),
        ("Organisation", "Kommun"),
        ("Rapportör", "Fältgruppen"),
    ):
        ws.cell(header[label], 2, value)
    rows = {ws.cell(r, 2).value: r for r in range(1, ws.max_row + 1)}
    ws.cell(rows["Brand"], 4, "Ja")
    wb.save(path)
    result = ingest_path(path, orebro, OPTIONS)
    (report,) = result.stored_reports
    assert (report.week, report.area, report.counts()["brand"]) == ("2026-W47", "Vivalla", 1)
    assert result.notes == [] and result.findings == []
    assert result.rows_read == result.rows_stored + result.rows_rejected == len(orebro.items)

    wb[SHEET_INSTRUCTIONS]["A1"] = "Så fyller du i checklistan"  # still est's sheet: its EST text is there
    wb.create_sheet("Anteckningar")["A1"] = "Ringde polisen i tisdags."
    wb.save(path)
    notes = ingest_path(path, orebro, OPTIONS).notes
    assert notes == ["Bladet 'Anteckningar' har ingen händelsetabell och lästes bara för rubrikuppgifter."]


def test_filled_docx_template_with_checked_content_controls(tmp_path, orebro):
    """Tick two of the template's content-control check boxes the way Word stores a tick."""
    import re
    import zipfile

    import docx

    from est_cli.templating.checklist_docx import write_docx_template

    blank = tmp_path / "blank.docx"
    write_docx_template(orebro, blank)
    document = docx.Document(str(blank))
    values = {"Vecka": "2026-W47", "Område": "Vivalla", "Organisation": "Kommun", "Rapportör": "Fältgruppen"}
    for row in document.tables[0].rows:
        label = row.cells[0].text.strip()
        if label in values:
            row.cells[1].paragraphs[0].add_run(values[label])
    document.save(str(blank))
    with zipfile.ZipFile(blank) as zin:
        parts = {name: zin.read(name) for name in zin.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    boxes = list(re.finditer(r"<w:sdt>.*?</w:sdt>", xml, re.S))
    assert len(boxes) == len(orebro.items)

    def tick(match):
        return match.group(0).replace('w14:checked w14:val="0"', 'w14:checked w14:val="1"').replace("☐", "☒")

    for index in sorted((0, 4), reverse=True):  # Skadegörelse, Samlingsplats för ungdomar
        box = boxes[index]
        xml = xml[: box.start()] + tick(box) + xml[box.end() :]
    parts["word/document.xml"] = xml.encode("utf-8")
    filled = tmp_path / "filled.docx"
    with zipfile.ZipFile(filled, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    result = ingest_path(filled, orebro, OPTIONS)
    counts = result.reports[0].counts()
    report = result.reports[0]
    assert (report.week, report.area, report.organisation, report.reporter) == (
        "2026-W47",
        "Vivalla",
        "Kommun",
        "Fältgruppen",
    )
    assert counts == {
        item.id: (1 if item.id in ("skadegorelse", "samlingsplats_ungdomar") else 0) for item in orebro.items
    }


def test_excel_csv_checklist_with_only_antal_invents_no_events(tmp_path, orebro):
    """As Excel saves "CSV (semikolonavgränsad)": cp1252, CRLF, every item listed, two answered."""
    text = (
        "Vecka;47\r\nOmråde;Vivalla\r\nOrganisation;Kommun\r\nRapportör;Fältgruppen\r\n;\r\n"
        "Punkt;Antal\r\nSkadegörelse;2\r\nBrand;\r\nIncident mot anställd;\r\nArrangemang;\r\n"
        "Samlingsplats för ungdomar;4\r\nAnnat otrygghetsskapande/ordningsstörande;\r\nOtrygg plats;\r\nÖvrigt;\r\n"
    )
    path = tmp_path / "fältgruppen v47.csv"
    path.write_bytes(text.encode("cp1252"))
    result = ingest_path(path, orebro, Options(year=2026))
    (report,) = result.reports
    assert sum(report.counts().values()) == 6
    assert {k: n for k, n in report.counts().items() if n} == {"skadegorelse": 2, "samlingsplats_ungdomar": 4}
    assert result.findings == [] and result.rows_read == 8 and result.rows_stored == 8


def test_week_from_the_datum_field_and_from_the_folder(tmp_path, orebro):
    """No Vecka field: the Datum field's week (said), else – with no Datum either – the folder's name."""
    folder = tmp_path / "inkorg" / "v48"
    folder.mkdir(parents=True)
    with_datum = folder / "polis.csv"
    with_datum.write_bytes(
        "Område;Vivalla\r\nOrganisation;Polis\r\nRapportör;Områdespolis\r\nDatum;2026-11-18\r\n;\r\nPunkt;Antal\r\nBrand;1\r\n".encode(
            "cp1252"
        )
    )
    without = folder / "fältgruppen.csv"
    without.write_bytes(
        "Område;Vivalla\r\nOrganisation;Kommun\r\nRapportör;Fältgruppen\r\n;\r\nPunkt;Antal\r\nBrand;1\r\n".encode(
            "cp1252"
        )
    )
    dated = ingest_path(with_datum, orebro, Options(today=date(2026, 11, 20)))
    assert dated.reports[0].week == "2026-W47"
    assert [f.code for f in dated.findings] == ["week-from-date"]
    named = ingest_path(without, orebro, Options(today=date(2026, 11, 20)))
    assert named.reports[0].week == "2026-W48"
    (said,) = [f for f in named.findings if f.code == "week-guessed"]
    assert "mappen 'v48'" in said.message


def test_a_forms_export_with_one_row_per_response(tmp_path, orebro):
    """Google Forms' CSV: the items are columns, each row is one reporter's week (one report each)."""
    path = tmp_path / "EST-enkät (svar).csv"
    path.write_text(
        "Tidstämpel,Vecka,Område,Organisation,Rapportör,Skadegörelse,Brand,Samlingsplats för ungdomar,Kommentar\n"
        '2026/11/17 21:04:11,47,Vivalla,Polis,Områdespolis,Ja,Nej,"Ja, tre gånger",Stökigt vid torget\n'
        "2026/11/18 08:15:40,47,Baronbackarna,Kommun,Fältgruppen,2,,Nej,\n"
        "2026/11/18 09:01:02,47,Vivalla,ÖBO,Husvärd,kanske,Nej,,\n",
        "utf-8",
    )
    result = ingest_path(path, orebro, Options(today=date(2026, 11, 20)))
    got = [(r.area, r.organisation, r.reporter, {k: n for k, n in r.counts().items() if n}) for r in result.reports]
    assert got == [
        ("Vivalla", "Polis", "Områdespolis", {"skadegorelse": 1, "samlingsplats_ungdomar": 3}),
        ("Baronbackarna", "Kommun", "Fältgruppen", {"skadegorelse": 2}),
        ("Vivalla", "ÖBO", "Husvärd", {}),
    ]
    assert all(r.week == "2026-W47" for r in result.reports)
    assert [(f.location.cell, f.code) for f in result.findings if f.severity == "error"] == [("F4", "invalid-mark")]
    assert result.reports[0].observations[0].comment == "Stökigt vid torget"
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (7, 6, 1)  # the answered cells
