"""Issue 12 on files saved by LibreOffice, as Excel saves CSV and with Word check boxes: header
blocks, answers, weeks and item labels written the way reporters write them.

The fixtures are made by tests/data/make_layout_fixtures.py; the expected readings are written here
by hand, from what the files say.
"""

from __future__ import annotations

from datetime import date

import pytest

from est_cli.ingest import Options, ingest_path
from est_cli.readers import read_file

from helpers import DATA

LAYOUTS = DATA / "layouts"
OPTIONS = Options(today=date(2026, 11, 30))


def summary(result):
    return [(r.week, r.area, r.organisation, r.reporter, r.counts()) for r in result.stored_reports]


def found(result, *ignore: str):
    return sorted(
        (f.code, f.location.cell or f.location.row or f.location.sheet) for f in result.findings if f.code not in ignore
    )


def accounting(result):
    return result.rows_read, result.rows_stored, result.rows_rejected


# ------------------------------------------------------------------ header rows


@pytest.mark.parametrize("ext", ["xlsx", "ods"])
def test_two_header_rows_with_merged_group_titles_and_abbreviated_labels(orebro, ext):
    result = ingest_path(LAYOUTS / f"hdr_tva_rubrikrader.{ext}", orebro, OPTIONS)
    counts = {
        "skadegorelse": 2,  # X under Ja, Antal 2
        "brand": 0,
        "incident_mot_anstalld": 1,
        "arrangemang": 0,  # nothing written: not answered, never an event
        "samlingsplats_ungdomar": 3,
        "annat_otrygghetsskapande": 0,
        "otrygg_plats": 0,
        "ovrigt": 0,
    }
    assert summary(result) == [("2026-W48", "Vivalla", "Örebrobostäder", "Husvärd", counts)]
    assert found(result) == [("week-year-assumed", "B5")]
    assert accounting(result) == (8, 8, 0)  # Arrangemang unanswered: stored as 0, not as an event
    first = result.reports[0].observations[0]
    assert (first.place, first.date, first.time, first.location.cell) == (
        "Vivalla torg",
        date(2026, 11, 24),
        "21:30",
        "A10",
    )


@pytest.mark.parametrize("name", ["hdr_par_i_cell.csv", "hdr_par_i_cell.xls"])
def test_several_label_value_pairs_in_one_cell(orebro, name):
    result = ingest_path(LAYOUTS / name, orebro, OPTIONS)
    counts = {
        "skadegorelse": 1,
        "brand": 0,
        "incident_mot_anstalld": 0,
        "arrangemang": 1,
        "samlingsplats_ungdomar": 4,
        "annat_otrygghetsskapande": 0,
        "otrygg_plats": 0,
        "ovrigt": 0,
    }
    assert summary(result) == [("2026-W48", "Brickebacken", "Fältgruppen", "Fältsekreterare", counts)]
    assert found(result) == [("week-year-assumed", "A1")]


def test_header_fields_in_the_word_page_header_and_footer(orebro):
    result = ingest_path(LAYOUTS / "hdr_sidhuvud_sidfot.docx", orebro, OPTIONS)
    counts = {
        "skadegorelse": 2,
        "brand": 1,
        "incident_mot_anstalld": 0,
        "arrangemang": 0,
        "samlingsplats_ungdomar": 5,
        "annat_otrygghetsskapande": 0,
        "otrygg_plats": 0,
        "ovrigt": 0,
    }
    assert summary(result) == [("2026-W48", "Varberga", "Örebro kommun", "Fältassistent", counts)]
    (year,) = result.findings
    assert (year.code, year.location.sheet, year.location.cell) == ("week-year-assumed", "Sidhuvud", "A2")


def test_the_page_footer_is_read_as_its_own_text():
    (source,) = read_file(LAYOUTS / "hdr_sidhuvud_sidfot.docx").sources
    grids = {grid.name: grid.rows for grid in source.grids}
    assert grids["Sidhuvud"] == [["Örebro kommun – Fältgruppen"], ["Vecka: 48"]]
    assert grids["Sidfot"] == [["Område: Varberga\tRapportör: Fältassistent"]]


# ------------------------------------------------------------------ answers people write

ANSWERS = {
    "inbrott_bostad": 3,  # "Ja, tre gånger"
    "klotter_skadegorelse": 4,  # "fyra"
    "anlagd_brand": 1,  # Ja, and Antal "ett par": once for sure, and said
    "hot_vald_offentlig_miljo": 0,  # "-"
    "skjutningar": 0,
    "sprangningar": 0,
    "drogforsaljning_bostad": 4,  # Antal "ungefär 4"
    "drogforsaljning_torg": 3,  # Antal "3 st"
    "ungdomsgang_kriminella": 1,  # Ja box ticked, Nej box not
    "personran": 0,  # Nej box ticked
    "angrepp_polis": 2,  # Nej, but Antal 2: the count wins, and said
    "angrepp_raddningstjanst": 1,  # "flera": once for sure, and said
}


@pytest.mark.parametrize(
    ("name", "table", "first_row"),
    [
        ("ans_svar.docx", "Tabell 1", 2),  # Word: content-control check boxes
        ("ans_svar.csv", "ans_svar", 8),  # Excel CSV: boxes typed as [X] and [ ]
        ("ans_svar.xlsx", "MKB", 8),  # LibreOffice: the characters ☒ and ☐
    ],
)
def test_answers_as_people_write_them(malmo, name, table, first_row):
    result = ingest_path(LAYOUTS / name, malmo, OPTIONS)
    assert summary(result) == [("2026-W48", "Lindängen", "MKB Fastighets AB", "Bosocial utvecklare", ANSWERS)]
    row = {n: first_row + n - 1 for n in range(1, 13)}  # the n-th answer row of the table
    assert found(result, "week-year-assumed", "items-not-answered") == [
        ("conflicting-mark", f"C{row[11]}"),
        ("vague-count", f"B{row[12]}"),
        ("vague-count", f"C{row[3]}"),
    ]
    assert all(f.location.sheet == table for f in result.findings if f.code == "vague-count")
    assert accounting(result) == (12, 12, 0)
    said = {f.location.cell: f.message for f in result.findings}
    assert said[f"C{row[11]}"] == "Förekomst säger 'Nej' men Antal är 2; 2 räknas. Kontrollera raden."
    assert "'ett par' säger att det har hänt" in said[f"C{row[3]}"]


# ------------------------------------------------------------------ weeks people write


def test_a_week_with_a_day_after_it(boras):
    result = ingest_path(LAYOUTS / "wk_vecka_och_dag.xlsx", boras, OPTIONS)
    assert [r.week for r in result.stored_reports] == ["2026-W48"]
    assert found(result) == [("week-year-assumed", "B2")]


def test_only_a_datum_field_gives_its_week_with_a_warning(boras):
    result = ingest_path(LAYOUTS / "wk_bara_datum.ods", boras, OPTIONS)
    assert summary(result) == [
        (
            "2026-W48",
            "Norrby",
            "Polisen",
            "Kommunpolis",
            {"inbrott_stolder": 1, "klotter_skadegorelse": 2, "anlagd_brand": 0},
        )
    ]
    (said,) = result.findings
    assert said.code == "week-from-date" and "2026-11-25" in said.message


def test_vecka_in_running_text_of_a_word_document(boras):
    result = ingest_path(LAYOUTS / "wk_lopande_text.docx", boras, OPTIONS)
    assert [r.week for r in result.stored_reports] == ["2026-W48"]
    (said,) = result.findings
    assert (said.code, said.location.sheet, said.location.cell) == ("week-guessed", "Brödtext", "A1")
    assert "Vecka: 48" in said.message


def test_a_date_range_without_a_year_takes_the_year_of_the_email(boras):
    # Read a year later (a backfill of last year's mails): 23/11–29/11 is the week the mail was
    # sent in, 2026-W48 – not 23–29 November 2027, which would be weeks 47–48 of 2027.
    later = Options(today=date(2027, 10, 1))
    result = ingest_path(LAYOUTS / "wk_datumintervall.eml", boras, later)
    assert [r.week for r in result.stored_reports] == ["2026-W48"]
    assert result.findings == []
    # The same workbook on its own has only today's date to go by, and says so.
    alone = ingest_path(LAYOUTS / "wk_datumintervall.xlsx", boras, later)
    assert [r.week for r in alone.stored_reports] == ["2027-W48"]
    assert found(alone) == [("week-range", "B2"), ("week-year-assumed", "B2")]


def test_no_week_in_the_file_takes_the_subject_of_the_email(boras):
    result = ingest_path(LAYOUTS / "wk_amne.eml", boras, OPTIONS)
    assert [r.week for r in result.stored_reports] == ["2026-W48"]
    (said,) = result.findings
    assert said.code == "week-guessed" and "e-brevets ämne 'EST v.48 Norrby'" in said.message


def test_no_week_in_the_file_takes_the_folder_it_was_saved_in(boras):
    result = ingest_path(LAYOUTS / "wk_inkorg" / "v48" / "wk_norrby_polisen.csv", boras, OPTIONS)
    assert [r.week for r in result.stored_reports] == ["2026-W48"]
    (said,) = result.findings
    assert said.code == "week-guessed" and "mappen 'v48'" in said.message


# ------------------------------------------------------------------ item labels people write


@pytest.mark.parametrize(("name", "sheet"), [("lbl_etiketter.csv", "lbl_etiketter"), ("lbl_etiketter.xlsx", "Seved")])
def test_item_labels_as_people_write_them(malmo, name, sheet):
    result = ingest_path(LAYOUTS / name, malmo, OPTIONS)
    (report,) = result.stored_reports
    assert report.counts() == {
        "inbrott_bostad": 1,  # "Inbr. i bostad"
        "klotter_skadegorelse": 2,  # "Klotter/skadeg.": every word of 'Klotter, skadegörelse'
        "anlagd_brand": 1,  # "Anl. brand": 'Anlagd brand', not '… på skola eller fritidsgård'
        "personran": 1,  # "Personrånen"
        "skjutningar": 0,  # "Skjutning"
        "sprangningar": 0,  # "Sprängningarna"
        "hot_vald_offentlig_miljo": 1,  # "Hot o våld offentlig miljö"
        "trapphang": 3,  # a typo
        "Positiva händelser": 1,  # three items begin so: not guessed, kept under its own label
        "Cykelstölder i källare": 2,  # no such item: kept under its own label
    }
    assert found(result, "week-year-assumed") == [
        ("item-abbreviation", "A7"),
        ("item-abbreviation", "A8"),
        ("item-abbreviation", "A9"),
        ("item-ambiguous", "A15"),
        ("item-fuzzy-match", "A10"),
        ("item-fuzzy-match", "A12"),
        ("item-fuzzy-match", "A13"),
        ("item-fuzzy-match", "A14"),
        ("unknown-item", "A16"),
    ]
    ambiguous = next(f for f in result.findings if f.code == "item-ambiguous")
    assert ambiguous.location.sheet == sheet
    assert "'Positiva händelser som motverkar brott och ökar tryggheten'" in ambiguous.message
    assert "'Positiva händelser som ökar tryggheten'" in ambiguous.message
    assert accounting(result) == (10, 10, 0)
