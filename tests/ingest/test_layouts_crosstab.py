"""Cross-tab layouts: a column per weekday or per area, and sheets with several areas or weeks.

The fixtures are made by tests/data/make_crosstab_fixtures.py (LibreOffice-made .xlsx/.ods/.docx
and an Excel-style CSV); the grid tests pin the rules on rows as the readers deliver them.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from est_cli.ingest import Options, ingest, ingest_path
from est_cli.readers.base import Grid, ReadResult, Source
from est_cli.reporting_period import default_period, parse_period, parse_weekday_time

from helpers import DATA

LAYOUTS = DATA / "layouts"
OPTIONS = Options(today=date(2026, 11, 30))
YEAR_ASSUMED = "week-year-assumed"


def summary(result):
    return [(r.week, r.area, r.organisation, r.reporter, r.counts()) for r in result.stored_reports]


def found(result):
    return sorted((f.code, f.location.cell or f.location.sheet or "") for f in result.findings)


def accounting(result):
    assert result.rows_read == result.rows_stored + result.rows_rejected
    return (result.rows_read, result.rows_stored, result.rows_rejected)


def dated(report):
    """(item, count, date, cell) of the report's events."""
    return [(o.key, o.count, o.date, o.location.cell) for o in report.observations if o.count]


def run(rows, schema, options=None, fmt="xlsx"):
    source = Source(name="f." + fmt, fmt=fmt, grids=[Grid("Blad1", rows)])
    result = ingest(ReadResult(Path("f." + fmt), "0" * 64, [source]), schema, options or OPTIONS)
    assert result.rows_read == result.rows_stored + result.rows_rejected
    return result


D = date.fromisoformat

# --- a column per weekday


@pytest.mark.parametrize("name", ["crosstab_orebro_veckodagar.xlsx", "crosstab_orebro_veckodagar.ods"])
def test_weekday_columns_libreoffice_workbook(orebro, name):
    result = ingest_path(LAYOUTS / name, orebro, OPTIONS)
    assert summary(result) == [
        (
            "2026-W48",
            "Vivalla",
            "Örebrobostäder",
            "Husvärd",
            {
                "skadegorelse": 6,
                "brand": 1,
                "incident_mot_anstalld": 0,
                "arrangemang": 2,  # the days' sum, not Summa's 3
                "samlingsplats_ungdomar": 6,
                "annat_otrygghetsskapande": 0,
                "otrygg_plats": 2,  # Summa alone: counted without a day
                "ovrigt": 0,
            },
        )
    ]
    assert found(result) == [
        ("day-total-mismatch", "I12"),
        ("day-total-only", "I15"),
        ("total-row", "A17"),
        (YEAR_ASSUMED, "B3"),
    ]
    assert accounting(result) == (9, 8, 1)
    (report,) = result.reports
    assert dated(report) == [
        ("skadegorelse", 2, D("2026-11-23"), "B9"),
        ("skadegorelse", 1, D("2026-11-25"), "D9"),
        ("skadegorelse", 3, D("2026-11-28"), "G9"),
        ("brand", 1, D("2026-11-27"), "F10"),
        ("arrangemang", 1, D("2026-11-28"), "G12"),
        ("arrangemang", 1, D("2026-11-29"), "H12"),
        ("samlingsplats_ungdomar", 1, D("2026-11-23"), "B13"),
        ("samlingsplats_ungdomar", 1, D("2026-11-24"), "C13"),
        ("samlingsplats_ungdomar", 1, D("2026-11-25"), "D13"),
        ("samlingsplats_ungdomar", 1, D("2026-11-26"), "E13"),
        ("samlingsplats_ungdomar", 2, D("2026-11-27"), "F13"),
        ("otrygg_plats", 2, None, "I15"),
    ]
    skadegorelse = report.observations[0]
    assert (skadegorelse.label, skadegorelse.comment) == ("Skadegörelse", "Krossade rutor i entrén")
    mismatch = next(f for f in result.findings if f.code == "day-total-mismatch")
    assert "'Summa' säger 3" in mismatch.message and "veckodagarnas summa (2) räknas" in mismatch.message


def test_weekday_columns_with_dates_excel_csv(boras):
    result = ingest_path(LAYOUTS / "crosstab_boras_veckodagar.csv", boras, OPTIONS)
    assert summary(result) == [
        (
            "2026-W48",
            "Norrby",
            "Polisen",
            "Kommunpolis",
            {"klotter_skadegorelse": 3, "anlagd_brand": 1, "trapphang": 0, "positiva_handelser": 2},
        )
    ]
    # "?" under Onsdag: named, and the row (Drogförsäljning) is not stored
    assert found(result) == [("invalid-count", "D10"), (YEAR_ASSUMED, "B2")]
    assert accounting(result) == (5, 4, 1)
    assert dated(result.reports[0]) == [
        ("klotter_skadegorelse", 1, D("2026-11-23"), "B8"),
        ("klotter_skadegorelse", 2, D("2026-11-26"), "E8"),
        ("anlagd_brand", 1, D("2026-11-28"), "G9"),
        ("positiva_handelser", 1, D("2026-11-27"), "F12"),
        ("positiva_handelser", 1, D("2026-11-28"), "G12"),
    ]


def test_weekday_columns_two_letter_titles_word(malmo):
    result = ingest_path(LAYOUTS / "crosstab_malmo_veckodagar.docx", malmo, OPTIONS)
    assert summary(result) == [
        (
            "2026-W48",
            "Seved",
            "Polisen",
            "Områdespolis",
            {"klotter_skadegorelse": 2, "personran": 2, "skjutningar": 0, "positiva_motverkar_brott": 2},
        )
    ]
    assert found(result) == [(YEAR_ASSUMED, "A2")]
    assert accounting(result) == (4, 4, 0)
    assert dated(result.reports[0]) == [
        ("klotter_skadegorelse", 1, D("2026-11-23"), "B2"),
        ("klotter_skadegorelse", 1, D("2026-11-26"), "E2"),
        ("personran", 2, D("2026-11-27"), "F3"),
        ("positiva_motverkar_brott", 1, D("2026-11-28"), "G5"),
        ("positiva_motverkar_brott", 1, D("2026-11-29"), "H5"),
    ]


HEADER = [["Vecka", "2026-W48"], ["Område", "Vivalla"], ["Organisation", "ÖBO"], ["Rapportör", "Husvärd"], []]


def test_blank_weekday_cells_count_nothing_and_summa_is_not_added(orebro):
    rows = [
        *HEADER,
        ["Händelse", "Måndag", "Tisdag", "Onsdag", "Torsdag", "Fredag", "Lördag", "Söndag", "Totalt"],
        ["Skadegörelse", None, " ", None, None, None, None, None, None],
        ["Brand", 1, None, None, None, None, 2, None, 3],
        ["Arrangemang", "", "", "", "", "", "", "", ""],
    ]
    result = run(rows, orebro)
    assert summary(result) == [
        ("2026-W48", "Vivalla", "ÖBO", "Husvärd", {"skadegorelse": 0, "brand": 3, "arrangemang": 0})
    ]
    assert found(result) == []
    assert accounting(result) == (3, 3, 0)
    assert dated(result.reports[0]) == [("brand", 1, D("2026-11-23"), "B8"), ("brand", 2, D("2026-11-28"), "G8")]


def test_weekday_titles_as_people_write_them(orebro):
    rows = [
        *HEADER,
        ["Händelse", "mån.", "Ti", "ons", "Tor", "FRE", "Lö", "sön", "Antal"],
        ["Skadegörelse", "x", "X", "1", "2 st", "ja", "Nej", "-", 6],
    ]
    result = run(rows, orebro)
    assert result.reports[0].counts() == {"skadegorelse": 6}
    assert [o.date for o in result.reports[0].observations] == [D(f"2026-11-{d}") for d in (23, 24, 25, 26, 27)]
    assert found(result) == []


def test_forekomst_beside_weekdays_is_compared_never_added(orebro):
    rows = [
        *HEADER,
        ["Händelse", "Förekomst", "Mån", "Tis", "Ons"],
        ["Brand", "Ja", 1, 2, None],  # Ja agrees with 3 events
        ["Skadegörelse", "Ja", None, None, None],  # only Ja: once, without a day
        ["Arrangemang", "Nej", None, 1, None],  # Nej but an event on Tuesday: the day counts, said
        ["Otrygg plats", "Nej", None, None, None],
    ]
    result = run(rows, orebro)
    assert result.reports[0].counts() == {"brand": 3, "skadegorelse": 1, "arrangemang": 1, "otrygg_plats": 0}
    assert found(result) == [("day-total-mismatch", "B9"), ("day-total-only", "B8")]
    assert accounting(result) == (4, 4, 0)


def test_weekday_titles_with_dates_and_date_cells(orebro):
    rows = [
        ["Vecka", "48"],
        ["Område", "Vivalla"],
        ["Organisation", "ÖBO"],
        ["Rapportör", "Husvärd"],
        [],
        ["Händelse", D("2026-11-23"), D("2026-11-24"), "Ons 25/11", "Tors (26.11)", "Fre 2026-11-27"],
        ["Brand", 1, 1, 1, 1, 1],
    ]
    result = run(rows, orebro, Options(year=2026))
    assert [o.date for o in result.reports[0].observations] == [D(f"2026-11-{d}") for d in (23, 24, 25, 26, 27)]
    assert result.reports[0].counts() == {"brand": 5}


def test_weekday_titles_under_a_group_title_and_dates_below_them(orebro):
    rows = [
        *HEADER,
        ["Händelse", "Veckodag", None, None, "Kommentar"],
        [None, "Mån", "Tis", "Ons", None],
        ["Brand", 1, None, 2, "Två bränder"],
        [],
        ["Händelse", "Mån", "Tis", "Ons"],
        [None, "23/11", "24/11", "25/11"],
        ["Skadegörelse", None, "X", None],
    ]
    result = run(rows, orebro)
    assert [(o.key, o.count, o.date, o.comment) for r in result.reports for o in r.observations] == [
        ("brand", 1, D("2026-11-23"), "Två bränder"),
        ("brand", 2, D("2026-11-25"), "Två bränder"),
        ("skadegorelse", 1, D("2026-11-24"), ""),
    ]
    assert found(result) == []
    assert accounting(result) == (2, 2, 0)


def test_weekday_table_with_an_empty_corner_cell(orebro):
    rows = [*HEADER, [None, "Mån", "Tis", "Ons", "Tors", "Fre"], ["Brand", None, 1, None, None, "x"], ["Skadegörelse"]]
    result = run(rows, orebro)
    assert summary(result) == [("2026-W48", "Vivalla", "ÖBO", "Husvärd", {"brand": 2, "skadegorelse": 0})]
    assert [o.date for o in result.reports[0].observations if o.count] == [D("2026-11-24"), D("2026-11-27")]


def test_weekday_dates_left_from_another_week_are_named(orebro):
    rows = [*HEADER, ["Händelse", "Mån 16/11", "Tis 17/11"], ["Brand", 1, None]]
    result = run(rows, orebro)
    assert [o.date for o in result.reports[0].observations] == [D("2026-11-16")]
    assert found(result) == [("week-date-mismatch", "B6"), ("week-date-mismatch", "C6")]


# --- weekday columns in the workspace's reporting period (est.toml's rapportperiod)

WEDNESDAY_10 = parse_weekday_time("onsdag 10:00")
THURSDAY_TO_WEDNESDAY = Options(year=2026, period=parse_period("torsdag 00:00 – onsdag 10:00", WEDNESDAY_10))
W47_HEADER = [["Vecka", "2026-W47"], *HEADER[1:]]


def test_a_weekday_column_is_the_day_of_the_reporting_period(orebro):
    rows = [
        *W47_HEADER,
        ["Händelse", "Mån", "Tis", "Ons", "Tor", "Fre", "Lör", "Sön"],
        ["Brand", 1, None, 1, 1, None, None, 1],
    ]
    # "Tor" in the week-47 report is the Thursday before the deadline: 12 November, in ISO week 46
    result = run(rows, orebro, THURSDAY_TO_WEDNESDAY)
    assert dated(result.reports[0]) == [
        ("brand", 1, D("2026-11-16"), "B7"),
        ("brand", 1, D("2026-11-18"), "D7"),
        ("brand", 1, D("2026-11-12"), "E7"),
        ("brand", 1, D("2026-11-15"), "H7"),
    ]
    assert found(result) == []
    # the default period (onsdag 10:00 – onsdag 10:00): "Ons" is the Wednesday with more hours in it, the 11th
    default = run(rows, orebro, Options(year=2026, period=default_period(WEDNESDAY_10)))
    assert [o.date for o in default.reports[0].observations] == [D(f"2026-11-{d}") for d in (16, 11, 12, 15)]
    # outside a workspace (no period): the ISO week, Monday to Sunday
    iso = run(rows, orebro, Options(year=2026))
    assert [o.date for o in iso.reports[0].observations] == [D(f"2026-11-{d}") for d in (16, 18, 19, 22)]


def test_a_dated_weekday_column_outside_the_period_is_named_once(orebro):
    rows = [
        *W47_HEADER,
        ["Händelse", "Tis 17/11", "Ons 18/11", "Tor 19/11"],
        ["Brand", 1, None, 2],
        ["Klotter", None, None, 1],
    ]
    result = run(rows, orebro, THURSDAY_TO_WEDNESDAY)
    # the title's date is kept (and counted in week 47); the title cell is named, not each of its events
    assert dated(result.reports[0]) == [
        ("brand", 1, D("2026-11-17"), "B7"),
        ("brand", 2, D("2026-11-19"), "D7"),
        ("skadegorelse", 1, D("2026-11-19"), "D8"),
    ]
    assert found(result) == [("date-outside-period", "D6")]
    (warning,) = result.findings
    assert warning.message.startswith(
        "Kolumnen 'Tor 19/11' har datumet 2026-11-19, utanför rapportperioden 12–18 november 2026 kl. 10 (vecka 47)."
    )


def test_the_week_of_weekday_titles_is_the_week_whose_period_holds_them(orebro):
    rows = [*HEADER[1:], ["Händelse", "Tor 12/11", "Fre 13/11", "Lör 14/11", "Tis 17/11"], ["Brand", 1, 1, 1, 1]]
    # three of the days lie in ISO week 46 and one in 47, but all in the period of week 47's reports
    result = run(rows, orebro, THURSDAY_TO_WEDNESDAY)
    assert summary(result) == [("2026-W47", "Vivalla", "ÖBO", "Husvärd", {"brand": 4})]
    assert found(result) == [("week-from-days", "B5")]
    assert summary(run(rows, orebro, Options(year=2026)))[0][0] == "2026-W46"  # by the ISO week, as before


def test_two_columns_of_one_area_make_one_report(orebro):
    rows = [
        ["Vecka", "2026-W48"],
        ["Organisation", "ÖBO"],
        ["Rapportör", "Husvärd"],
        [],
        ["Händelse", "Område", None, None],
        [None, "Vivalla", "Varberga", "vivalla"],
        ["Brand", 1, None, 2],
    ]
    result = run(rows, orebro)
    assert summary(result) == [
        ("2026-W48", "Vivalla", "ÖBO", "Husvärd", {"brand": 3}),
        ("2026-W48", "Varberga", "ÖBO", "Husvärd", {}),
    ]
    assert found(result) == [("no-events", "C6")]


def test_week_from_the_dates_in_weekday_titles(orebro):
    rows = [
        ["Område", "Vivalla"],
        ["Organisation", "ÖBO"],
        ["Rapportör", "Husvärd"],
        [],
        ["Händelse", "Mån 30/11", "Tis 1/12", "Ons 2/12", "Tors 4/12"],
        ["Brand", 1, None, None, 1],
    ]
    result = run(rows, orebro, Options(today=date(2026, 12, 7)))
    assert summary(result) == [("2026-W49", "Vivalla", "ÖBO", "Husvärd", {"brand": 2})]
    assert [o.date for o in result.reports[0].observations] == [D("2026-11-30"), D("2026-12-04")]
    # 4/12 is a Friday: the date is used, and said
    assert found(result) == [("day-date-mismatch", "E5"), ("week-from-days", "B5")]
    mismatch = next(f for f in result.findings if f.code == "day-date-mismatch")
    assert "'Tors 4/12'" in mismatch.message and "fredag" in mismatch.message


def test_weekday_table_with_rows_of_several_areas(orebro):
    """Row groups in a weekday table: an Område column makes one report per area."""
    rows = [
        ["Vecka", "2026-W48"],
        ["Organisation", "ÖBO"],
        ["Rapportör", "Husvärd"],
        [],
        ["Område", "Händelse", "Mån", "Tis", "Ons"],
        ["Vivalla", "Brand", 1, None, None],
        ["Varberga", "Brand", None, 2, None],
        ["Varberga", "Skadegörelse", "kanske", None, None],
    ]
    result = run(rows, orebro)
    assert summary(result) == [
        ("2026-W48", "Vivalla", "ÖBO", "Husvärd", {"brand": 1}),
        ("2026-W48", "Varberga", "ÖBO", "Husvärd", {"brand": 2}),
    ]
    assert [o.date for r in result.reports for o in r.observations] == [D("2026-11-23"), D("2026-11-24")]
    assert found(result) == [("invalid-count", "C8")]
    assert accounting(result) == (3, 2, 1)


def test_weekday_report_rejected_for_missing_week_rejects_every_row(orebro):
    rows = [
        ["Område", "Vivalla"],
        ["Organisation", "ÖBO"],
        [],
        ["Händelse", "Mån", "Tis"],
        ["Brand", 1, 2],
        ["Skadegörelse", 1, None],
    ]
    result = run(rows, orebro)
    assert result.stored_reports == []
    assert accounting(result) == (2, 0, 2)


# --- a column per area

AREAS_GROUP = [
    ("2026-W48", "Vivalla", "Örebrobostäder", "Områdesvärd", {"skadegorelse": 1, "arrangemang": 1,
                                                               "samlingsplats_ungdomar": 3}),
    ("2026-W48", "Varberga", "Örebrobostäder", "Områdesvärd", {"skadegorelse": 2, "arrangemang": 1}),
    ("2026-W48", "Brickebacken", "Örebrobostäder", "Områdesvärd", {"brand": 1, "arrangemang": 0}),
]  # fmt: skip


def test_area_columns_under_merged_group_title(orebro):
    result = ingest_path(LAYOUTS / "crosstab_orebro_omraden_grupp.xlsx", orebro, OPTIONS)
    assert summary(result) == AREAS_GROUP
    assert found(result) == [("area-total-mismatch", "E11"), ("area-total-only", "E13")]
    assert accounting(result) == (7, 7, 0)
    vivalla = result.reports[0].observations
    assert [(o.key, o.location.cell) for o in vivalla] == [
        ("skadegorelse", "B8"),
        ("arrangemang", "B11"),
        ("samlingsplats_ungdomar", "B12"),
    ]


def test_area_columns_without_group_title_are_guessed_with_warnings(orebro):
    result = ingest_path(LAYOUTS / "crosstab_orebro_omraden.xlsx", orebro, OPTIONS)
    assert summary(result) == AREAS_GROUP
    assert found(result) == [("area-from-column", "B6"), ("area-from-column", "C6"), ("area-from-column", "D6")]
    assert accounting(result) == (7, 7, 0)
    message = result.findings[0].message
    assert "'Vivalla'" in message and "cell B6" in message and "est.toml" in message


def test_area_columns_of_the_workspace_need_no_warning(orebro):
    options = Options(today=date(2026, 11, 30), areas=("Vivalla", "Varberga", "Brickebacken"))
    result = ingest_path(LAYOUTS / "crosstab_orebro_omraden.xlsx", orebro, options)
    assert summary(result) == AREAS_GROUP
    assert found(result) == []


def test_area_columns_under_spanning_title_word(boras):
    result = ingest_path(LAYOUTS / "crosstab_boras_omraden.docx", boras, OPTIONS)
    assert summary(result) == [
        ("2026-W48", "Norrby", "Fastighetsbolaget AB", "Kvartersvärd", {"klotter_skadegorelse": 1, "anlagd_brand": 0}),
        ("2026-W48", "Hässleholmen", "Fastighetsbolaget AB", "Kvartersvärd", {"trapphang": 1, "anlagd_brand": 0}),
        ("2026-W48", "Sjöbo", "Fastighetsbolaget AB", "Kvartersvärd", {"klotter_skadegorelse": 2, "anlagd_brand": 1}),
    ]
    assert found(result) == [(YEAR_ASSUMED, "A1")]  # once, not once per area
    assert accounting(result) == (6, 6, 0)
    sjobo = result.reports[2].observations
    assert [(o.location.cell, o.comment) for o in sjobo] == [("D3", "Tvättstugor"), ("D6", "Källare")]


def test_empty_area_column_is_a_report_without_events(orebro):
    rows = [
        ["Vecka", "2026-W48"],
        ["Organisation", "ÖBO"],
        ["Rapportör", "Husvärd"],
        [],
        ["Händelse", "Område", None],
        [None, "Vivalla", "Varberga"],
        ["Brand", "X", None],
        ["Skadegörelse", "oklart", None],
    ]
    result = run(rows, orebro)
    assert summary(result) == [
        ("2026-W48", "Vivalla", "ÖBO", "Husvärd", {"brand": 1}),
        ("2026-W48", "Varberga", "ÖBO", "Husvärd", {}),
    ]
    assert found(result) == [("invalid-count", "B8"), ("no-events", "C6")]
    assert accounting(result) == (2, 1, 1)


def test_area_columns_under_a_group_title_that_says_antal(orebro):
    rows = [
        ["Vecka", "2026-W48"],
        ["Organisation", "ÖBO"],
        ["Rapportör", "Husvärd"],
        [],
        ["Händelse", "Antal per bostadsområde", None, "Summa"],
        [None, "Vivalla", "Varberga 2", None],
        ["Brand", 1, 2, 3],
        ["Skadegörelse", None, 1, 1],
    ]
    result = run(rows, orebro)
    assert summary(result) == [
        ("2026-W48", "Vivalla", "ÖBO", "Husvärd", {"brand": 1}),
        ("2026-W48", "Varberga 2", "ÖBO", "Husvärd", {"brand": 2, "skadegorelse": 1}),
    ]
    assert found(result) == []
    assert accounting(result) == (3, 3, 0)


def test_guessed_area_columns_in_a_report_that_names_its_area_are_not_counted(orebro):
    rows = [*HEADER, ["Händelse", "Ute", "Inne"], ["Brand", 1, None], ["Skadegörelse", None, 2], ["Arrangemang"]]
    result = run(rows, orebro)
    assert summary(result) == [("2026-W48", "Vivalla", "ÖBO", "Husvärd", {})]
    assert found(result) == [("columns-not-areas", "B6")]
    assert "'Ute', 'Inne'" in result.findings[0].message and "'Vivalla'" in result.findings[0].message
    assert accounting(result) == (2, 0, 2)
    assert result.status == "rejected"


def test_ordinary_checklist_with_signatur_column_is_unchanged(orebro):
    rows = [
        *HEADER,
        ["Punkt", "Förekomst", "Antal", "Signatur", "Status"],
        ["Skadegörelse", "Ja", 2, "AB", "Klar"],
        ["Brand", "Nej", None, "CD", "Pågår"],
    ]
    result = run(rows, orebro)
    assert summary(result) == [("2026-W48", "Vivalla", "ÖBO", "Husvärd", {"skadegorelse": 2, "brand": 0})]
    assert result.reports[0].observations[0].date is None
    assert accounting(result) == (2, 2, 0)


def test_per_row_area_table_whose_first_row_lacks_its_label_is_no_cross_tab(orebro):
    rows = [
        ["Vecka", "2026-W48"],
        ["Organisation", "ÖBO"],
        ["Rapportör", "Husvärd"],
        [],
        ["Händelse", "Område", "Antal"],
        [None, "Vivalla", 2],
        ["Brand", "Varberga", 1],
    ]
    result = run(rows, orebro, Options(today=date(2026, 11, 30), areas=("Vivalla", "Varberga")))
    # the ordinary reading: the unlabelled row is named, each row's area its own report
    assert summary(result) == [
        ("2026-W48", "Vivalla", "ÖBO", "Husvärd", {}),
        ("2026-W48", "Varberga", "ÖBO", "Husvärd", {"brand": 1}),
    ]
    assert found(result) == [("missing-item-label", "A6")]
    assert accounting(result) == (2, 1, 1)


@pytest.mark.parametrize(
    "titles",
    [
        ["Händelse", "Signatur", "Status"],  # text columns
        ["Händelse", "Dag", "Kväll", "Natt"],  # time of day, not areas
        ["Händelse", "Vecka 47", "Vecka 48"],  # weeks, not areas
        ["Händelse", "Vivalla"],  # one column is no cross-tab
    ],
)
def test_columns_that_are_no_areas(orebro, titles):
    values = {"Signatur": "AB", "Status": "Klar"}
    rows = [*HEADER, titles, ["Skadegörelse", *(values.get(t, 1) for t in titles[1:])]]
    result = run(rows, orebro)
    assert result.reports == []
    assert [f.code for f in result.findings] == ["no-observation-table"]


# --- several areas or weeks in one sheet


@pytest.mark.parametrize("name", ["crosstab_malmo_radgrupper.xlsx", "crosstab_malmo_radgrupper.ods"])
def test_rows_of_several_areas_and_weeks_one_report_per_group(malmo, name):
    result = ingest_path(LAYOUTS / name, malmo, OPTIONS)
    assert summary(result) == [
        ("2026-W48", "Seved", "Polisen", "Områdespolis", {"personran": 1, "klotter_skadegorelse": 2}),
        ("2026-W48", "Rosengård", "Polisen", "Områdespolis", {"anlagd_brand": 1, "personran": 0}),
        ("2026-W49", "Seved", "Polisen", "Områdespolis", {"personran": 3}),
        ("2026-W49", "Rosengård", "Polisen", "Områdespolis", {"skjutningar": 0}),
    ]
    # each group's week is its own cell's (sorted as text: A10 before A5)
    assert found(result) == [(YEAR_ASSUMED, c) for c in ("A10", "A5", "A7", "A9")]
    assert accounting(result) == (6, 6, 0)


@pytest.mark.parametrize("name", ["crosstab_orebro_block.xlsx", "crosstab_orebro_block.ods"])
def test_repeated_blocks_one_report_per_block(orebro, name):
    result = ingest_path(LAYOUTS / name, orebro, OPTIONS)
    assert summary(result) == [
        ("2026-W48", "Varberga", "Örebrobostäder", "Husvärd", {"skadegorelse": 2, "brand": 0, "otrygg_plats": 1}),
        ("2026-W48", "Vivalla", "Örebrobostäder", "Husvärd", {"skadegorelse": 0, "arrangemang": 1, "brand": 1}),
    ]
    assert found(result) == [(YEAR_ASSUMED, "A1")]
    assert accounting(result) == (6, 6, 0)


# --- in a workspace: est merge


def test_merge_in_a_workspace_knows_its_areas_and_counts_weekdays(tmp_path):
    import shutil

    from openpyxl import load_workbook

    from helpers import run_est as est

    ws = tmp_path / "ws"
    made = est("init", str(ws), "--schema", "orebro", "--kommun", "Örebro", *("--omrade", "Vivalla"),
               *("--omrade", "Varberga"), *("--omrade", "Brickebacken"))  # fmt: skip
    assert made.returncode == 0, made.stderr
    for name in ("crosstab_orebro_veckodagar.xlsx", "crosstab_orebro_omraden.xlsx"):
        shutil.copy(LAYOUTS / name, ws / "inkorg" / name)
    merged = est("merge", "--year", "2026", cwd=ws)
    assert merged.returncode == 0, merged.stderr
    said = " ".join(merged.stderr.split())
    # the workspace's areas make the area columns certain: no warning
    assert "crosstab_orebro_omraden.xlsx │ ✓ godkänd" in said
    assert "crosstab_orebro_veckodagar.xlsx │ ! varningar" in said
    book = load_workbook(ws / "utkast" / "2026-W48" / "sammanstallning-2026-W48.xlsx", read_only=True)
    times = {row[5]: row[-1] for row in book["Platser och tider"].iter_rows(values_only=True) if row[5]}
    # Mån … Sön without dates, in the week-48 report: the days of its reporting period (Wednesday 18
    # November 10:00 – Wednesday 25 November 10:00), so Tors–Sön are the days before the deadline; of the
    # two Wednesdays the one with more hours in the period (the 18th, from 10:00).
    days = ["ons 18/11 från kl. 10", "tor 19/11", "fre 20/11", "lör 21/11", "sön 22/11", "mån 23/11", "tis 24/11"]
    assert [times[day] for day in days] == [2, 1, 3, 4, 1, 3, 1]
    assert times["ons 25/11 till kl. 10"] == 0 and "Utanför rapportperioden" not in times
    assert times["Okänt datum"] == 2 + 9  # Summa alone (Otrygg plats) and the area table's events


# --- generated cross-tabs: nothing counted that nobody wrote, every answered cell accounted for

CELLS = [
    (None, None),
    ("", None),
    ("X", 1),
    ("x", 1),
    ("Ja", 1),
    ("Nej", 0),
    ("-", 0),
    (0, 0),
    (1, 1),
    (2, 2),
    ("3", 3),
    ("4 st", 4),
    ("kanske", "bad"),
    ("??", "bad"),
]
DAY_TITLES = [("Mån", "Måndag", "må"), ("Tis", "Tisdag"), ("Ons", "onsdag"), ("Tors", "Tor"), ("Fre", "fredag"),
              ("Lör", "Lördag"), ("Sön", "söndag")]  # fmt: skip


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), n_rows=st.integers(1, 8), areas=st.booleans(), with_total=st.booleans())
def test_generated_cross_tabs_count_exactly(orebro, data, n_rows, areas, with_total):
    items = [i for s in orebro.sections for i in s.items]
    if areas:
        columns = ["Vivalla", "Varberga", "Brickebacken"]
        header = [["Vecka", "2026-W48"], ["Organisation", "ÖBO"], ["Rapportör", "Husvärd"], []]
        titles = [["Händelse", "Område", None, None, *(["Totalt"] if with_total else [])], [None, *columns]]
    else:
        columns = [data.draw(st.sampled_from(t)) for t in DAY_TITLES]
        header = [*HEADER[:4], []]
        titles = [["Händelse", *columns, *(["Summa"] if with_total else [])]]
    rows = [*header, *titles]
    expected: dict[str, dict[str, int]] = {}
    read = rejected = 0
    for _ in range(n_rows):
        item = data.draw(st.sampled_from(items))
        choices = CELLS[:2] if data.draw(st.integers(0, 4)) == 0 else CELLS  # now and then a row left blank
        cells = [data.draw(st.sampled_from(choices)) for _ in columns]
        rows.append([item.label, *(c for c, _ in cells)])
        if areas:
            for area, (_, value) in zip(columns, cells, strict=True):
                if value is None:
                    continue  # blank: not answered, no row of that area's report
                read += 1
                if value == "bad":
                    rejected += 1
                    continue
                counts = expected.setdefault(area, {})
                counts[item.id] = counts.get(item.id, 0) + value
        else:
            read += 1
            if any(v == "bad" for _, v in cells):
                rejected += 1
                continue
            counts = expected.setdefault("Vivalla", {})
            answered = [v for _, v in cells if isinstance(v, int)]
            # Summa is never added to the days; alone (no day answered) it is the count, said in a warning
            counts[item.id] = counts.get(item.id, 0) + (sum(answered) if answered or not with_total else 99)
        if with_total:
            rows[-1].append(99)  # a reporter's total is never added
    result = run(rows, orebro)
    assert (result.rows_read, result.rows_rejected) == (read, rejected)
    got = {r.area: r.counts() for r in result.reports if r.counts()}
    assert got == {area: counts for area, counts in expected.items() if counts}
    for report in result.reports:
        for obs in report.observations:
            assert obs.count >= 0
            if obs.count and not areas and obs.location.col != len(columns) + 2:
                assert obs.date == date(2026, 11, 23) + timedelta(days=obs.location.col - 2)
