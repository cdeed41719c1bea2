"""Ingest on grids as the readers deliver them: labels, synonyms, row styles, accounting."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from est_cli.ingest import Options, ingest, match_item
from est_cli.readers.base import Grid, ReadResult, Source
from est_cli.schema import label_index


def run(grids, schema, fmt="xlsx", options=None):
    source = Source(name="f." + fmt, fmt=fmt, grids=grids)
    result = ingest(
        ReadResult(Path("f." + fmt), "0" * 64, [source]), schema, options or Options(today=date(2026, 11, 20))
    )
    assert result.rows_read == result.rows_stored + result.rows_rejected
    return result


def codes(result):
    return sorted((f.location.cell or f.location.sheet or "", f.code) for f in result.findings)


HEADER = [
    ["Vecka", "47"],
    ["Område", "Vivalla"],
    ["Organisation", "Polis"],
    ["Rapportör", "Områdespolis"],
    ["Datum", "2026-11-18"],
]


def test_checklist_with_synonyms_offset_and_marks(orebro):
    rows = [
        [None, None, None],
        [None, None, "Bostadsområde:", "Vivalla "],
        [None, None, "Verksamhet", "Kommun"],
        [None, None, "Funktion", "Fältgruppen"],
        [None, None, "v.", "v.47"],
        [],
        [None, None, "Kategori", "Ja/Nej", "Adress", "Beskrivning"],
        [None, None, "1. Skadegörelse", "X", "Lertagsgatan", "Klotter på tvättstugan"],
        [None, None, "BRAND", "", "", ""],
        [None, None, "3) Incident mot anställda", "x", "", "Hotad vid centrum"],
        [None, None, "samlingsplats", "✓", "Vivalla centrum", ""],
        [None, None, "Otrygg  plats", "☐", "", ""],
    ]
    result = run([Grid("Blad1", rows)], orebro, options=Options(year=2026))
    (report,) = result.reports
    assert (report.week, report.area, report.organisation, report.reporter) == (
        "2026-W47",
        "Vivalla",
        "Kommun",
        "Fältgruppen",
    )
    assert report.counts() == {
        "skadegorelse": 1,
        "brand": 0,
        "incident_mot_anstalld": 1,
        "samlingsplats_ungdomar": 1,
        "otrygg_plats": 0,
    }
    first = report.observations[0]
    assert (first.place, first.comment, first.location.cell) == ("Lertagsgatan", "Klotter på tvättstugan", "C8")
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (5, 5, 0)
    # Three Örebro items are not in this reporter's own layout: said, not an error.
    assert codes(result) == [("Blad1", "items-not-answered")]
    assert "'Arrangemang'" in result.findings[0].message and result.status == "warnings"


def test_bad_values_named_by_cell_and_row_rejected(orebro):
    rows = HEADER + [
        [],
        ["Punkt", "Förekomst", "Antal", "Allvarlighetsgrad", "Kommentar"],
        ["Skadegörelse", "Ja", "2", "2", "ringde 19811218-9876 om oväsen"],
        ["Brand", "kanske", "", "", ""],
        ["Arrangemang", "Ja", "se kommentar", "", ""],  # no count ("ett par" is vague: counted once, said)
        ["Otrygg plats", "Ja", "", "7", ""],
        ["Mopedåkning på gångvägar", "Ja", "", "", ""],
        ["", "Ja", "", "", "Något hände"],
    ]
    result = run([Grid("Vivalla", rows)], orebro)
    assert codes(result) == [
        ("A12", "unknown-item"),
        ("A13", "missing-item-label"),
        ("B9", "invalid-mark"),
        ("C10", "invalid-count"),
        ("D11", "invalid-severity"),
        ("E8", "personnummer-masked"),
    ]
    (report,) = result.reports
    assert report.counts() == {"skadegorelse": 2, "otrygg_plats": 1, "Mopedåkning på gångvägar": 1}
    assert report.observations[0].comment == "ringde [personnummer borttaget] om oväsen"
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (6, 3, 3)
    assert result.status == "warnings"


def test_missing_header_rejects_the_report_and_counts_rows_rejected(orebro):
    rows = [["Vecka", ""], ["Punkt", "Förekomst"], ["Skadegörelse", "Ja"], ["Brand", "Nej"]]
    result = run([Grid("Blad1", rows)], orebro)
    assert {f.code for f in result.findings} >= {"missing-week", "missing-area", "missing-organisation"}
    assert result.status == "rejected"
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (2, 0, 2)
    assert result.as_dict()["reports"] == []


def test_event_log_counts_one_per_row_and_antal(orebro):
    rows = HEADER + [
        [],
        ["Datum", "Tid", "Händelse", "Plats", "Antal", "Allvarlighetsgrad", "Kommentar"],
        [date(2026, 11, 16), 0.875, "Skadegörelse", "Vivalla centrum", "", 2, "Krossad busskur"],
        ["2026-11-17", "22.40", "skadegörelse", "Lertagsgatan", "", "", ""],
        ["18/11/2026", "kl 23", "Brand", "Containergården", 2, "3", "Två containrar"],
    ]
    result = run([Grid("Logg", rows)], orebro)
    (report,) = result.reports
    assert report.counts() == {"skadegorelse": 2, "brand": 2}
    assert [(o.date, o.time, o.severity) for o in report.observations] == [
        (date(2026, 11, 16), "21:00", 2),
        (date(2026, 11, 17), "22:40", None),
        (date(2026, 11, 18), "23:00", 3),
    ]
    assert result.findings == []


def test_rows_carrying_their_own_area_become_separate_reports(orebro):
    rows = [
        ["Vecka", "Område", "Organisation", "Rapportör", "Kategori", "Antal", "Plats"],
        ["2026-W47", "Vivalla", "Polis", "Områdespolis", "Skadegörelse", 2, "Centrum"],
        ["2026-W47", "Baronbackarna", "Polis", "Områdespolis", "Brand", 1, "Torget"],
        ["2026-W47", "Vivalla", "Polis", "Områdespolis", "Brand", 1, ""],
    ]
    result = run([Grid("export", rows)], orebro, fmt="csv")
    got = sorted((r.area, tuple(sorted(r.counts().items()))) for r in result.reports)
    assert got == [("Baronbackarna", (("brand", 1),)), ("Vivalla", (("brand", 1), ("skadegorelse", 2)))]
    assert result.rows_read == 3 and result.rows_rejected == 0


def test_workbook_one_sheet_per_area_instruction_and_hidden_sheets(orebro):
    def sheet(area, mark):
        return [
            ["Vecka", 47.0],
            ["Område", area],
            ["Organisation", "ÖBO"],
            ["Rapportör", "Husvärd"],
            [],
            ["Punkt", "Förekomst"],
            ["Skadegörelse", mark],
        ]

    grids = [
        Grid("Instruktioner", [["Så fyller du i"], ["Inga personuppgifter"]]),
        Grid("Vivalla", sheet("Vivalla", "Ja")),
        Grid("Baronbackarna", sheet("Baronbackarna", "Nej")),
        Grid("Gammal", sheet("Vivalla", "Ja"), hidden=True),
    ]
    result = run(grids, orebro, options=Options(year=2026))
    assert [(r.area, r.counts()) for r in result.reports] == [
        ("Vivalla", {"skadegorelse": 1}),
        ("Baronbackarna", {"skadegorelse": 0}),
    ]
    assert codes(result).count(("Gammal", "sheet-hidden")) == 1
    assert any("Instruktioner" in n for n in result.notes)


def test_word_header_from_paragraphs_and_header_table(orebro):
    text = Grid("Brödtext", [["EST-rapport"], ["Vecka: 47"], ["Område:  Baronbackarna"]], kind="text")
    head = Grid(
        "Tabell 1", [["Organisation", "Kommun"], ["Rapportör", "Fritidsgården"], ["Datum", "2026-11-19"]], kind="table"
    )
    obs = Grid(
        "Tabell 2",
        [
            ["Punkt", "Ja", "Nej", "Kommentar"],
            ["Skadegörelse", "", "☒", ""],
            ["Brand", "☒", "☐", "Papperskorg"],
            ["Arrangemang", "☐", "☐", ""],
        ],
        kind="table",
    )
    result = run([text, head, obs], orebro, fmt="docx")
    (report,) = result.reports
    assert (report.week, report.area, report.organisation, report.reporter, report.datum) == (
        "2026-W47",
        "Baronbackarna",
        "Kommun",
        "Fritidsgården",
        date(2026, 11, 19),
    )
    assert report.counts() == {"skadegorelse": 0, "brand": 1, "arrangemang": 0}
    assert report.observations[1].location.cell == "A3" and report.observations[1].location.sheet == "Tabell 2"


def test_malmo_sections_decide_duplicate_labels(malmo):
    rows = HEADER[:2] + [
        ["Organisation", "MKB"],
        ["Rapportör", "Husvärd"],
        [],
        ["Nr", "Punkt", "Förekomst", "Antal"],
        ["", "Bostadsområden", "", ""],
        [1, "Trapphäng som påverkar de boende negativt", "Ja", 2],
        [2, "Positiva händelser som ökar tryggheten", "Ja", ""],
        ["", "Skolor och fritidsgårdar", "", ""],
        [3, "Positiva händelser som ökar tryggheten", "Ja", ""],
    ]
    result = run([Grid("Checklista", rows)], malmo, options=Options(year=2026))
    (report,) = result.reports
    assert [(o.item_id, o.section_id) for o in report.observations] == [
        ("trapphang", "bostadsomraden"),
        ("positiva_bostadsomraden", "bostadsomraden"),
        ("positiva_skolor", "skolor_fritidsgardar"),
    ]
    assert result.rows_read == 3


def test_duplicate_label_without_section_follows_the_organisation(malmo):
    index = label_index(malmo)
    label = "Positiva händelser som ökar tryggheten"
    assert match_item(label, malmo, index, None, "MKB Fastighets AB")[0] == "positiva_bostadsomraden"
    assert match_item(label, malmo, index, None, "Kommun – skola")[0] == "positiva_skolor"


def test_item_matching_variants(orebro):
    index = label_index(orebro)
    assert match_item("Skadegörelse: krossad ruta i tvättstugan", orebro, index)[:2] == (
        "skadegorelse",
        "offentlig_miljo",
    )
    assert match_item("ANNAT OTRYGGHETSSKAPANDE / ORDNINGSSTÖRANDE", orebro, index)[0] == "annat_otrygghetsskapande"
    assert match_item("Skadegörlse", orebro, index) == ("skadegorelse", "offentlig_miljo", True)
    assert match_item("Mopedåkning", orebro, index) == (None, None, False)


def test_conflicting_mark_and_count(orebro):
    rows = HEADER + [["Punkt", "Förekomst", "Antal"], ["Skadegörelse", "Nej", 3], ["Brand", "Ja", 0]]
    result = run([Grid("B", rows)], orebro)
    assert result.reports[0].counts() == {"skadegorelse": 3, "brand": 1}
    assert [(c, k) for c, k in codes(result) if k == "conflicting-mark"] == [
        ("C7", "conflicting-mark"),
        ("C8", "conflicting-mark"),
    ]


def test_week_year_from_today_is_said(orebro):
    rows = [
        ["Vecka", "47"],
        ["Område", "Vivalla"],
        ["Organisation", "Polis"],
        ["Rapportör", "X"],
        ["Punkt", "Förekomst"],
        ["Brand", "Ja"],
    ]
    result = run([Grid("B", rows)], orebro)
    assert result.reports[0].week == "2026-W47"
    assert codes(result) == [("B1", "week-year-assumed")]
    result = run([Grid("B", rows)], orebro, options=Options(year=2025))
    assert result.reports[0].week == "2025-W47" and result.findings == []


def test_no_table_is_an_error(orebro):
    result = run([Grid("B", [["Hej"], ["Här är veckans rapport"]])], orebro)
    assert [f.code for f in result.findings] == ["no-observation-table"]
    assert result.status == "rejected"


def test_week_from_title_when_no_vecka_field(orebro):
    rows = [
        ["Checklista EST vecka 47 – Vivalla"],
        ["Område", "Vivalla"],
        ["Organisation", "Polis"],
        ["Rapportör", "X"],
        ["Datum", "2026-11-18"],
        ["Punkt", "Förekomst"],
        ["Brand", "Ja"],
    ]
    result = run([Grid("Blad1", rows)], orebro)
    assert result.reports[0].week == "2026-W47"
    assert codes(result) == [("A1", "week-guessed")]
    assert "texten 'Checklista EST vecka 47 – Vivalla'" in result.findings[0].message


def test_week_from_file_name_only_after_merge_week(orebro):
    rows = [
        ["Område", "Vivalla"],
        ["Organisation", "Polis"],
        ["Rapportör", "X"],
        ["Punkt", "Förekomst"],
        ["Brand", "Ja"],
    ]
    source = Source(name="inkorg/Checklista v46 Vivalla.xlsx", fmt="xlsx", grids=[Grid("Blad1", rows)])
    read = ReadResult(Path("Checklista v46 Vivalla.xlsx"), "0" * 64, [source])
    result = ingest(read, orebro, Options(year=2026))
    assert result.reports[0].week == "2026-W46"
    assert [f.code for f in result.findings] == ["week-guessed"]
    assert "filnamnet 'Checklista v46 Vivalla.xlsx'" in result.findings[0].message
    from est_cli.weeks import IsoWeek

    result = ingest(read, orebro, Options(year=2026, default_week=IsoWeek(2026, 47)))
    assert result.reports[0].week == "2026-W47"
    # --week is used before the file name, and always said: the reporter should write the week.
    assert [(f.code, f.severity, f.location.sheet) for f in result.findings] == [
        ("week-from-option", "warning", "Blad1")
    ]
    assert result.findings[0].message == (
        "Fältet Vecka saknas; vecka 2026-W47 togs från --week. Kontrollera att det stämmer, eller skriv veckan i filen."
    )
    assert result.rows_read == result.rows_stored + result.rows_rejected == 1


def test_week_from_option_only_when_the_file_names_no_week(orebro):
    """A Vecka field or a week in a title wins over --week, without the week-from-option warning."""
    from est_cli.weeks import IsoWeek

    options = Options(year=2026, default_week=IsoWeek(2026, 47))
    header = [["Område", "Vivalla"], ["Organisation", "Polis"], ["Rapportör", "X"]]
    table = [["Punkt", "Förekomst"], ["Brand", "Ja"]]
    with_field = run([Grid("Blad1", [["Vecka", "46"], *header, *table])], orebro, options=options)
    assert with_field.reports[0].week == "2026-W46" and with_field.findings == []
    with_title = run([Grid("Blad1", [["Checklista vecka 45"], *header, *table])], orebro, options=options)
    assert with_title.reports[0].week == "2026-W45"
    assert [f.code for f in with_title.findings] == ["week-guessed"]


def test_biweekly_span(boras):
    rows = [
        ["Vecka", "v. 46–47"],
        ["Område", "Norrby"],
        ["Organisation", "AB Bostäder"],
        ["Rapportör", "Husvärd"],
        ["Punkt", "Förekomst"],
        ["Anlagd brand", "Ja"],
    ]
    result = run([Grid("B", rows)], boras, options=Options(year=2026))
    assert result.reports[0].week == "2026-W47"
    assert codes(result) == [("B1", "week-range")]


def test_stacked_tables_on_one_sheet_each_with_its_own_header(orebro):
    rows = [
        ["Vecka", "2026-W47"],
        ["Organisation", "Polis"],
        ["Rapportör", "Områdespolis"],
        ["Område", "Vivalla"],
        ["Punkt", "Förekomst", "Antal"],
        ["Skadegörelse", "Ja", 2],
        ["Brand", "Nej", ""],
        [],
        ["Område", "Baronbackarna"],
        ["Punkt", "Förekomst", "Antal"],
        ["Skadegörelse", "Nej", ""],
        ["Brand", "Ja", ""],
    ]
    result = run([Grid("Polisen", rows)], orebro)
    assert [(r.week, r.area, r.organisation, r.counts()) for r in result.reports] == [
        ("2026-W47", "Vivalla", "Polis", {"skadegorelse": 2, "brand": 0}),
        ("2026-W47", "Baronbackarna", "Polis", {"skadegorelse": 0, "brand": 1}),
    ]
    assert [f.code for f in result.findings] == [] and result.rows_read == 4


def test_area_from_sheet_names_in_a_workbook_of_areas(orebro):
    def sheet():
        return [
            ["Vecka", "2026-W47"],
            ["Organisation", "ÖBO"],
            ["Rapportör", "Husvärd"],
            ["Punkt", "Förekomst"],
            ["Brand", "Ja"],
        ]

    result = run([Grid("Vivalla", sheet()), Grid("Baronbackarna", sheet())], orebro)
    assert [r.area for r in result.reports] == ["Vivalla", "Baronbackarna"]
    assert codes(result) == [("Baronbackarna", "area-from-sheet"), ("Vivalla", "area-from-sheet")]
    # A sheet called Blad1 names no area.
    result = run([Grid("Blad1", sheet()), Grid("Blad2", sheet())], orebro)
    assert result.status == "rejected" and {f.code for f in result.findings} == {"missing-area"}


def test_marks_with_counts_and_category_column_preferred(orebro):
    rows = HEADER + [
        ["Händelse", "Kategori", "Förekomst"],
        ["Krossad ruta i porten", "Skadegörelse", "Ja, 2 st"],
        ["Papperskorg", "Brand", "X (3)"],
    ]
    result = run([Grid("B", rows)], orebro)
    (report,) = result.reports
    assert report.counts() == {"skadegorelse": 2, "brand": 3}
    assert [o.comment for o in report.observations] == ["Krossad ruta i porten", "Papperskorg"]


def test_event_log_without_count_column(orebro):
    rows = HEADER + [
        ["Datum", "Tid", "Händelse", "Plats"],
        ["2026-11-16", "21:00", "Skadegörelse", "Centrum"],
        ["2026-11-17", "", "Brand", "Torget"],
        ["2026-11-17", "", "Brand", ""],
    ]
    result = run([Grid("Logg", rows)], orebro)
    assert result.reports[0].counts() == {"skadegorelse": 1, "brand": 2}
    assert result.findings == []
    # One detail column alone is not enough to call a row a table header.
    lone = [["Punkt", "Plats"], ["Brand", "Torget"]]
    assert [f.code for f in run([Grid("B", HEADER + lone)], orebro).findings] == ["no-observation-table"]


def test_event_log_with_a_header_and_no_rows_is_a_report_of_no_events(orebro):
    """Header filled in, no events: the reporter reported (and is not listed as missing)."""
    rows = [*HEADER, [], ["Kategori", "Datum", "Plats", "Tid", "Kommentar"], [None] * 5]
    result = run([Grid("Händelser", rows)], orebro, fmt="csv")
    (report,) = result.reports
    assert (report.week, report.area, report.organisation, report.reporter) == (
        "2026-W47",
        "Vivalla",
        "Polis",
        "Områdespolis",
    )
    assert report.observations == [] and not report.rejected
    assert codes(result) == [("Händelser", "no-events")]
    assert result.status == "warnings" and (result.rows_read, result.rows_stored, result.rows_rejected) == (0, 0, 0)


def test_empty_table_without_a_header_is_no_report(orebro):
    """A blank template (no area, organisation or reporter) is not somebody's report."""
    rows = [["Vecka", ""], ["Område", ""], [], ["Kategori", "Datum", "Plats", "Tid", "Kommentar"]]
    result = run([Grid("Händelser", rows)], orebro, fmt="csv")
    assert result.reports == [] and "no-events" not in {f.code for f in result.findings}


def test_rows_split_off_by_their_own_area_leave_no_empty_report(orebro):
    rows = [
        ["Vecka", "47"],
        ["Organisation", "Polis"],
        [],
        ["Område", "Kategori", "Datum", "Plats"],
        ["Vivalla", "Brand", "2026-11-17", "Torget"],
        ["Oxhagen", "Brand", "2026-11-18", "Skolan"],
    ]
    result = run([Grid("Logg", rows)], orebro, fmt="csv")
    assert sorted(r.area for r in result.reports) == ["Oxhagen", "Vivalla"]
    assert "no-events" not in {f.code for f in result.findings}


# ------------------------------------------------------------------ nothing counted that nobody wrote


def test_checklist_with_only_an_antal_column_counts_what_was_written(orebro):
    """Every item listed, only some answered: a blank Antal is "not answered", never one event."""
    rows = HEADER + [
        [],
        ["Punkt", "Antal"],
        ["1. Skadegörelse", 3],
        ["2. Brand", ""],
        ["3. Samlingsplats för ungdomar", None],
        ["4. Otrygg plats", "1"],
        ["5. Arrangemang", ""],
        ["6. Övrigt", ""],
    ]
    result = run([Grid("Checklista", rows)], orebro)
    (report,) = result.reports
    assert {k: n for k, n in report.counts().items() if n} == {"skadegorelse": 3, "otrygg_plats": 1}
    assert sum(report.counts().values()) == 4
    assert [f.code for f in result.findings if f.code != "items-not-answered"] == []
    assert result.rows_read == 6 and result.rows_rejected == 0


def test_a_row_that_only_comments_is_not_an_event_and_is_named(orebro):
    rows = HEADER + [
        [],
        ["Punkt", "Antal", "Kommentar"],
        ["Skadegörelse", 2, "Klotter vid torget"],
        ["Brand", "", "Inget att rapportera"],
    ]
    result = run([Grid("Checklista", rows)], orebro)
    assert {k: n for k, n in result.reports[0].counts().items() if n} == {"skadegorelse": 2}
    assert [(f.location.cell, f.code) for f in result.findings if f.code == "row-not-counted"] == [
        ("B9", "row-not-counted")
    ]


def test_event_log_row_without_when_or_where_is_not_counted(orebro):
    """In a log without Antal, a row is one event only when it carries its own date, time or place."""
    rows = HEADER + [
        ["Datum", "Tid", "Händelse", "Plats"],
        ["2026-11-16", "21:00", "Skadegörelse", "Centrum"],
        ["", "", "Brand", ""],
    ]
    result = run([Grid("Logg", rows)], orebro)
    assert {k: n for k, n in result.reports[0].counts().items() if n} == {"skadegorelse": 1}
    assert [(f.location.cell, f.code) for f in result.findings] == [("C8", "row-not-counted")]


# ------------------------------------------------------------------ two header rows


def test_group_titles_over_the_real_columns(orebro):
    """'Förekomst' merged over Ja | Nej, 'Händelsen' merged over Plats | Datum | Tid (a merged cell's
    value stands in its first cell): the lower row's titles are the columns; Punkt and Antal are
    merged down over both rows."""
    rows = HEADER + [
        [],
        ["Punkt", "Förekomst", None, "Antal", "Händelsen", None, None],
        [None, "Ja", "Nej", None, "Plats", "Datum", "Tid"],
        ["Skadegörelse", "X", None, 3, "Torget", "2026-11-17", "22:00"],
        ["Brand", None, "X", None, None, None, None],
        ["Otrygg plats", "X", None, None, "Gångtunneln", None, "kväll"],
    ]
    result = run([Grid("Checklista", rows)], orebro)
    (report,) = result.reports
    assert {k: n for k, n in report.counts().items() if n} == {"skadegorelse": 3, "otrygg_plats": 1}
    assert [(o.key, o.place, o.date, o.time) for o in report.observations if o.count] == [
        ("skadegorelse", "Torget", date(2026, 11, 17), "22:00"),
        ("otrygg_plats", "Gångtunneln", None, "kväll"),
    ]
    assert [f.code for f in result.findings if f.code != "items-not-answered"] == []
    assert result.rows_read == 3  # the second title row is no data row


def test_antal_under_a_group_title_is_not_lost(orebro):
    """Neither row alone is a header ('Händelse' over 'Antal | Plats'): together they are."""
    rows = HEADER + [
        [],
        ["Kategori", "Händelse", None],
        [None, "Antal", "Plats"],
        ["Skadegörelse", 2, "Torget"],
        ["Brand", 1, "Skolan"],
    ]
    result = run([Grid("Logg", rows)], orebro)
    assert result.reports[0].counts() == {"skadegorelse": 2, "brand": 1}
    assert result.findings == []


def test_a_first_data_row_is_never_taken_for_a_second_title_row(orebro):
    rows = HEADER + [
        [],
        ["Punkt", "Ja", "Nej", "Antal"],
        ["Skadegörelse", "Ja", None, 2],
        ["Brand", None, "Nej", None],
    ]
    result = run([Grid("Checklista", rows)], orebro)
    assert {k: n for k, n in result.reports[0].counts().items() if n} == {"skadegorelse": 2}
    assert result.rows_read == 2


# ------------------------------------------------------------------ answers people write


@pytest.mark.parametrize(
    ("mark", "count", "expected", "codes_found"),
    [
        ("Ja, tre gånger", "", 3, []),
        ("fyra", "", 4, []),
        ("Ja (tre)", "", 3, []),
        ("Ja", "ungefär 4", 4, []),
        ("Ja", "3 st", 3, []),
        ("Ja", "två", 2, []),
        ("☒ Ja ☐ Nej", "", 1, []),
        ("☐ Ja ☒ Nej", "", 0, []),
        ("☐ Ja ☐ Nej", "", 0, []),
        ("-", "", 0, []),
        ("Ja, flera gånger", "", 1, [("B7", "vague-count")]),
        ("ett par", "", 1, [("B7", "vague-count")]),
        ("☒ Ja ☒ Nej", "", None, [("B7", "invalid-mark")]),
    ],
)
def test_answers_as_people_write_them(orebro, mark, count, expected, codes_found):
    rows = HEADER + [["Punkt", "Förekomst", "Antal"], ["Skadegörelse", mark, count], ["Brand", "Nej", ""]]
    result = run([Grid("Checklista", rows)], orebro)
    assert [c for c in codes(result) if c[1] != "items-not-answered"] == codes_found
    counted = result.reports[0].counts().get("skadegorelse")
    assert counted == expected


# ------------------------------------------------------------------ item labels people write


@pytest.mark.parametrize(
    ("label", "item"),
    [
        ("Anl. brand", "anlagd_brand"),
        ("Klotter/skadeg.", "klotter_skadegorelse"),
        ("Oro/konfl.", "oro_konflikter"),
    ],
)
def test_abbreviated_labels_are_read_and_said(boras, label, item):
    rows = HEADER + [["Punkt", "Antal"], [label, 2]]
    result = run([Grid("Borås", rows)], boras)
    assert result.reports[0].counts() == {item: 2}
    (said,) = [f for f in result.findings if f.code == "item-abbreviation"]
    assert said.location.cell == "A7" and label in said.message


def test_an_abbreviation_that_fits_two_items_is_not_guessed(boras):
    rows = HEADER + [["Punkt", "Antal"], ["Händ.", 1]]
    result = run([Grid("Borås", rows)], boras)
    assert result.reports[0].counts() == {"Händ.": 1}  # kept under its own label, never guessed
    (said,) = [f for f in result.findings if f.code == "item-ambiguous"]
    assert "Händelser som fastighetsägare" in said.message and "Händelser eller åtgärder" in said.message
    assert "unknown-item" not in [f.code for f in result.findings]


# ------------------------------------------------------------------ header fields people write


def test_several_label_value_pairs_on_one_line_and_abbreviated_labels(orebro):
    rows = [
        ["Verksamhet: Fältgruppen\tVecka 47"],
        ["Omr. Vivalla   Rapportör: Fältassistent"],
        [],
        ["Punkt", "Antal"],
        ["Skadegörelse", 2],
    ]
    result = run([Grid("Blad1", rows)], orebro)
    (report,) = result.reports
    assert (report.week, report.area, report.organisation, report.reporter) == (
        "2026-W47",
        "Vivalla",
        "Fältgruppen",
        "Fältassistent",
    )
    assert report.counts() == {"skadegorelse": 2}
    # "Vecka 47" has no year: it is taken as the nearest (and said so), the other fields as written
    assert [f.code for f in result.findings if f.code != "items-not-answered"] == ["week-year-assumed"]


@pytest.mark.parametrize(
    ("week", "area", "organisation", "reporter"),
    [
        ("Vecka (nr):", "Område/stadsdel:", "Organisation/myndighet:", "Rapportör (funktion, inte namn):"),
        ("Avser vecka", "Stadsdelsområde", "Organisation (myndighet, bolag, förvaltning)", "Roll"),
        ("Gäller vecka:", "Områdesnamn", "Rapporterande verksamhet", "Ifyllt av"),
    ],
)
def test_header_labels_with_explanations_and_alternatives(orebro, week, area, organisation, reporter):
    rows = [[week, "47"], [area, "Vivalla"], [organisation, "Polis"], [reporter, "Områdespolis"], []]
    rows += [["Punkt", "Antal"], ["Skadegörelse", 2]]
    result = run([Grid("Blad1", rows)], orebro)
    (report,) = result.stored_reports
    assert (report.week, report.area, report.organisation, report.reporter) == (
        "2026-W47",
        "Vivalla",
        "Polis",
        "Områdespolis",
    )
    assert report.counts() == {"skadegorelse": 2}


def test_a_label_that_only_mentions_a_field_is_no_header_label(orebro):
    rows = [*HEADER, ["Plats/område", "Vivalla torg"], [], ["Punkt", "Antal"], ["Skadegörelse", 2]]
    result = run([Grid("Blad1", rows)], orebro)
    assert [r.area for r in result.stored_reports] == ["Vivalla"]
    assert "conflicting-header" not in [f.code for f in result.findings]


def test_template_prompts_nobody_answered_are_blank(orebro):
    rows = [
        *HEADER[:3],
        ["Rapportör", "Klicka eller tryck här för att ange text."],
        [],
        ["Punkt", "Förekomst", "Antal"],
        ["Skadegörelse", "Ja", 2],
        ["Brand", "Välj ett objekt.", ""],
        ["Arrangemang", "-- Välj --", ""],
    ]
    result = run([Grid("Blad1", rows)], orebro)
    (report,) = result.stored_reports
    assert report.reporter == "" and report.counts() == {"skadegorelse": 2, "brand": 0, "arrangemang": 0}
    assert [c for c in codes(result) if c[1] not in ("items-not-answered", "week-year-assumed")] == [
        ("Blad1", "missing-reporter")
    ]
