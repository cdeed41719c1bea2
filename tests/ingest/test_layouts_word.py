"""Word checklists without an ordinary observation table: a list of paragraphs (ingest/lists.py) and
question-style tables (ingest/questions.py), on files LibreOffice wrote.

The fixtures are made by tests/data/make_word_layout_fixtures.py.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from est_cli.ingest import Options, ingest, ingest_path
from est_cli.readers.base import Grid, ReadResult, Source

from helpers import DATA

OPTIONS = Options(today=date(2026, 11, 30))
LAYOUTS = DATA / "layouts"


def read(name, schema):
    result = ingest_path(LAYOUTS / name, schema, OPTIONS)
    assert result.rows_read == result.rows_stored + result.rows_rejected
    return result


def summary(result):
    return [(r.week, r.area, r.organisation, r.reporter, r.counts()) for r in result.stored_reports]


def found(result):
    return sorted((f.code, f.location.sheet, f.location.cell or f.location.row) for f in result.findings)


def event(result, key):
    return next(o for r in result.reports for o in r.observations if o.key == key)


def run_paragraphs(paragraphs, schema, tables=()):
    grids = [*tables, Grid("Brödtext", [[p] for p in paragraphs], kind="text")]
    source = Source(name="f.docx", fmt="docx", grids=grids)
    result = ingest(ReadResult(Path("f.docx"), "0" * 64, [source]), schema, OPTIONS)
    assert result.rows_read == result.rows_stored + result.rows_rejected
    return result


HEADER = ["Vecka: 48", "Område: Norrby", "Organisation: Polisen", "Rapportör: Kommunpolis"]


# ------------------------------------------------------------------ lists of paragraphs


def test_bulleted_list_with_typed_marks(boras):
    result = read("word_boras_lista.docx", boras)
    assert summary(result) == [
        (
            "2026-W48",
            "Norrby",
            "AB Bostäder i Borås",
            "Områdesvärd",
            {
                "klotter_skadegorelse": 1,
                "anlagd_brand": 0,
                "trapphang": 2,
                "drogforsaljning": 3,
                "skottlossning_sprangningar": 0,
                "kriminella_natverk": 0,
                "oro_konflikter": 1,
                "Cykelstölder": 1,
                "positiva_handelser": 1,
            },
        )
    ]
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (9, 9, 0)
    assert found(result) == [
        ("items-not-listed", "Brödtext", None),
        ("items-without-answer", "Brödtext", 14),
        ("unknown-item", "Brödtext", 15),
        ("week-year-assumed", "Brödtext", "A2"),
    ]
    unanswered = next(f for f in result.findings if f.code == "items-without-answer")
    assert "'Angrepp/hot på medarbetare' (rad 14)" in unanswered.message
    oro = event(result, "oro_konflikter")
    assert (oro.label, oro.comment, oro.location.describe(), oro.section_id) == (
        "Oro, konflikter eller stök",
        "bråk vid lekplatsen",
        "Brödtext, rad 13",
        "inrapportering",
    )
    # "Klotter, skadegörelse" is the item's label with its comma, not "Klotter" with a comment
    assert event(result, "klotter_skadegorelse").comment == ""


def test_plain_paragraphs_made_in_libreoffice_writer(orebro):
    result = read("word_orebro_stycken.docx", orebro)
    assert summary(result) == [
        (
            "2026-W48",
            "Vivalla",
            "Örebro kommun, fältgruppen",
            "Fältsekreterare",
            {
                "skadegorelse": 3,
                "brand": 1,
                "incident_mot_anstalld": 0,
                "arrangemang": 2,
                "samlingsplats_ungdomar": 1,
                "annat_otrygghetsskapande": 1,
                "otrygg_plats": 0,
                "ovrigt": 0,
            },
        )
    ]
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (8, 8, 0)
    assert found(result) == [("item-abbreviation", "Brödtext", 12), ("vague-count", "Brödtext", 13)]
    assert event(result, "arrangemang").comment == "fotbollsturnering och loppis"
    assert result.reports[0].datum == date(2026, 11, 27)


def test_list_with_word_content_control_check_boxes(malmo):
    result = read("word_malmo_lista_kryssrutor.docx", malmo)
    assert summary(result) == [
        (
            "2026-W48",
            "Seved",
            "Polisen",
            "Områdespolis",
            {
                "inbrott_bostad": 1,
                "klotter_skadegorelse": 0,
                "anlagd_brand": 2,
                "skjutningar": 0,
                "hot_vald_offentlig_miljo": 1,
                "Öppen drogförsäljning": 1,
                "trapphang": 0,
                "problematiska_handelser": 1,
            },
        )
    ]
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (8, 8, 0)
    # "Öppen drogförsäljning" fits two items: not guessed, kept under its own name and said
    assert found(result) == [
        ("item-ambiguous", "Brödtext", 12),
        ("items-not-listed", "Brödtext", None),
        ("week-year-assumed", "Brödtext", "A2"),
    ]
    ambiguous = next(f for f in result.findings if f.code == "item-ambiguous")
    assert (
        "i närområdet (anslutning till bostad)" in ambiguous.message
        and "torg och kommunikationsplatser" in ambiguous.message
    )
    brand = event(result, "anlagd_brand")
    assert (brand.count, brand.comment, brand.section_id) == (2, "bilbränder på Rasmusgatan", "brottsutveckling")
    assert event(result, "trapphang").section_id == "bostadsomraden"


def test_prose_is_never_an_event(boras):
    result = run_paragraphs(
        [
            *HEADER,
            "Brand: Ja",
            "Brand i en barnvagn i källaren på tisdagen.",
            "Det har varit lugnt: inga större händelser.",
            "Kontakt: via växeln",
            "Anlagd brand har inte förekommit, skriver räddningstjänsten.",
        ],
        boras,
    )
    assert summary(result)[0][4] == {"anlagd_brand": 1}
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (1, 1, 0)
    assert [f.code for f in result.findings] == ["week-year-assumed"]


def test_an_unknown_label_counts_only_beside_checklist_lines(boras):
    result = run_paragraphs(
        [*HEADER, "Telefon: 0701234567", "Vi har haft en lugn vecka.", "Brand: Ja", "Cykelstölder: Ja", "Hälsningar",
         "Antal deltagare: 40"],
        boras,
    )  # fmt: skip
    assert summary(result)[0][4] == {"anlagd_brand": 1, "Cykelstölder": 1}
    assert found(result) == [("unknown-item", "Brödtext", 8), ("week-year-assumed", "Brödtext", "A1")]


def test_unknown_and_unreadable_lines_are_named_not_dropped(boras):
    result = run_paragraphs(
        [
            *HEADER,
            "☒ Cykelstölder",
            "Mopedbus: 2",
            "Anlagd brand: kanske",
            "Trapphäng: klagomål från boende i trapphuset",
        ],
        boras,
    )
    assert summary(result)[0][4] == {"Cykelstölder": 1, "Mopedbus": 2, "trapphang": 0}
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (4, 3, 1)
    assert found(result) == [
        ("details-without-mark", "Brödtext", 8),
        ("invalid-mark", "Brödtext", 7),
        ("unknown-item", "Brödtext", 5),
        ("unknown-item", "Brödtext", 6),
        ("week-year-assumed", "Brödtext", "A1"),
    ]
    assert event(result, "trapphang").comment == "klagomål från boende i trapphuset"


@pytest.mark.parametrize(
    ("line", "count"),
    [
        ("☒ Anlagd brand", 1),
        ("☐ Anlagd brand", 0),
        ("X Anlagd brand", 1),
        ("[x] Brand", 1),
        ("[ ] Brand", 0),
        ("• Brand: Ja (1)", 1),
        ("- Brand – Ja, tre gånger", 3),
        ("Brand: Nej", 0),
        ("Brand: -", 0),
        ("Brand: 2", 2),
        ("3. Anlagd brand: ungefär 4", 4),
        ("Anlagd brand ja", 1),
        ("☒ Brand: 2", 2),
        ("Brand (Ja)", 1),
        ("Anlagd brand: Ja ☐ Nej ☒", 0),
        ("Anlagd brand Ja ☒ Nej ☐", 1),
        ("Brand: ☒ Ja ☐ Nej", 1),
    ],
)
def test_ways_of_writing_a_line(boras, line, count):
    result = run_paragraphs([*HEADER, line], boras)
    assert summary(result)[0][4] == {"anlagd_brand": count}
    assert [f.code for f in result.findings] == ["week-year-assumed"]


def test_checked_box_that_says_no_is_a_conflict_counted_once(boras):
    result = run_paragraphs([*HEADER, "☒ Brand: Nej"], boras)
    assert summary(result)[0][4] == {"anlagd_brand": 1}
    assert found(result) == [("conflicting-mark", "Brödtext", 5), ("week-year-assumed", "Brödtext", "A1")]


def test_a_memo_without_items_is_still_no_checklist(boras):
    result = run_paragraphs([*HEADER, "Hej! Här kommer veckans rapport.", "Det har varit lugnt."], boras)
    assert [f.code for f in result.findings] == ["no-observation-table"]
    assert result.reports == []


# ------------------------------------------------------------------ question-style tables


def test_question_table_with_merged_item_rows(malmo):
    result = read("word_malmo_fragor.docx", malmo)
    assert summary(result) == [
        (
            "2026-W48",
            "Lindängen",
            "MKB Fastighets AB",
            "Bosocial utvecklare",
            {"trapphang": 2, "klotter_skadegorelse_fastigheter": 0, "problematiska_handelser": 1, "anlagd_brand": 3},
        )
    ]
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (5, 4, 1)
    assert found(result) == [
        # "Trapphus Lindängsvägen 12", "Källaren, Lindängsvägen 8": kept, but warned about
        ("address-in-text", "Tabell 1", "B24"),
        ("address-in-text", "Tabell 1", "B5"),
        ("invalid-mark", "Tabell 1", "B27"),
        ("items-without-answer", "Tabell 1", "A17"),
        ("week-year-assumed", "Brödtext", "A2"),
    ]
    trapphang = event(result, "trapphang")
    assert (trapphang.place, trapphang.date, trapphang.time, trapphang.comment, trapphang.location.cell) == (
        "Trapphus Lindängsvägen 12",
        date(2026, 11, 24),
        "21:30",
        "Ungdomar i trapphuset, boende störda",
        "A2",
    )
    problem = event(result, "problematiska_handelser")
    # "Beskriv kort" answered on the row below it
    assert (problem.comment, problem.action) == ("Klagomål på mopeder på gångvägarna", "Dialog med polisen")
    assert (event(result, "anlagd_brand").section_id, trapphang.section_id) == ("brottsutveckling", "bostadsomraden")


def test_question_table_items_merged_down_with_check_boxes(boras):
    result = read("word_boras_fragor_kryssrutor.docx", boras)
    assert summary(result) == [
        (
            "2026-W48",
            "Hässleholmen",
            "Polisen",
            "Kommunpolis",
            {
                "inbrott_stolder": 4,
                "anlagd_brand": 0,
                "skottlossning_sprangningar": 1,
                "Mopedåkning på gångvägar": 1,
            },
        )
    ]
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (4, 4, 0)
    assert found(result) == [
        ("item-abbreviation", "Tabell 2", "A8"),
        ("items-without-answer", "Tabell 2", "A12"),
        ("unknown-item", "Tabell 2", "A14"),
        ("week-year-assumed", "Tabell 1", "B1"),
    ]
    shots = event(result, "skottlossning_sprangningar")
    assert (shots.date, shots.time, shots.action) == (date(2026, 11, 26), "23:10", "Avspärrning, utredning pågår")
    assert event(result, "inbrott_stolder").place == "Förråd Hässleholmsvägen"
    assert event(result, "Mopedåkning på gångvägar").comment == "Mopeder på gång- och cykelvägen kvällstid"


def test_question_table_under_ja_nej_titles(orebro):
    result = read("word_orebro_fragor_ja_nej.docx", orebro)
    assert summary(result) == [
        (
            "2026-W48",
            "Baronbackarna",
            "Örebrobostäder",
            "Husvärd",
            {"skadegorelse": 2, "brand": 0, "samlingsplats_ungdomar": 1},
        )
    ]
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (3, 3, 0)
    assert found(result) == [
        ("items-not-answered", "Tabell 1", 2),
        ("items-without-answer", "Tabell 1", "A11"),
        ("week-year-assumed", "Brödtext", "A1"),
    ]
    assert [(o.place, o.location.cell) for o in result.reports[0].observations] == [
        ("Cykelrummet, Baronbackarna 5", "A2"),
        ("", "A6"),
        ("Lekplatsen vid förskolan", "A8"),
    ]


def table(rows):
    return Grid("Tabell 1", rows, kind="table")


@pytest.mark.parametrize(
    ("answers", "count"),
    [
        (["Ja ☒", "Nej ☐"], 1),
        (["Ja ☐", "Nej ☒"], 0),
        (["☒ Ja ☐ Nej"], 1),
        (["Nej"], 0),
        (["X"], 1),
        (["Ja, två gånger"], 2),
    ],
)
def test_ways_of_answering_has_it_happened(boras, answers, count):
    rows = [
        ["Anlagd brand"],
        ["Har det hänt?", *answers],
        ["Klotter, skadegörelse"],
        ["Har det hänt under veckan?", "Nej"],
    ]
    result = run_paragraphs(HEADER, boras, tables=[table(rows)])
    assert summary(result)[0][4] == {"anlagd_brand": count, "klotter_skadegorelse": 0}


@pytest.mark.parametrize("title", ["Fråga", ""])
def test_ja_nej_columns_and_a_count_question(boras, title):
    rows = [
        [title, "Ja", "Nej"],  # "Fråga | Ja | Nej" looks like an ordinary table's header; the rows are questions
        ["Anlagd brand", "", ""],
        ["Förekomst?", "X", ""],
        ["Antal?", "2", ""],
        ["Trapphäng", "", ""],
        ["Förekomst?", "", "X"],
    ]
    result = run_paragraphs(HEADER, boras, tables=[table(rows)])
    assert summary(result)[0][4] == {"anlagd_brand": 2, "trapphang": 0}
    assert [f.code for f in result.findings] == ["week-year-assumed"]


def test_details_without_an_answer_are_not_an_event(boras):
    rows = [
        ["Anlagd brand"],
        ["Har det hänt?", "☐ Ja ☐ Nej"],
        ["Var?", "Källaren"],
        ["Trapphäng"],
        ["Har det hänt?", ""],
    ]
    result = run_paragraphs(HEADER, boras, tables=[table(rows)])
    assert summary(result)[0][4] == {"anlagd_brand": 0}
    assert found(result) == [
        ("details-without-mark", "Tabell 1", "B2"),
        ("items-without-answer", "Tabell 1", "A4"),
        ("week-year-assumed", "Brödtext", "A1"),
    ]


def test_an_ordinary_table_is_read_as_before(boras):
    rows = [["Punkt", "Förekomst"], ["Anlagd brand", "Ja"]]
    result = run_paragraphs([*HEADER, "☒ Trapphäng"], boras, tables=[table(rows)])
    assert summary(result)[0][4] == {"anlagd_brand": 1}  # the list is not read beside a real table


def test_two_column_table_of_items_and_their_answers(boras):
    rows = [["Vecka", "48"], ["Anlagd brand", "Ja ☒ Nej ☐"], ["Trapphäng", "Nej"], ["Klotter, skadegörelse", "2"]]
    result = run_paragraphs(HEADER[1:], boras, tables=[table(rows)])
    assert summary(result)[0][4] == {"anlagd_brand": 1, "trapphang": 0, "klotter_skadegorelse": 2}
    assert [o.location.cell for o in result.reports[0].observations] == ["A2", "A3", "A4"]


def test_numbers_in_a_header_table_are_no_checklist(boras):
    head = [["Område", "Norrby"], ["Antal boende", "1200"], ["Antal lägenheter", "400"]]
    result = run_paragraphs([HEADER[0], HEADER[2], HEADER[3], "Brand: Ja"], boras, tables=[table(head)])
    assert summary(result) == [("2026-W48", "Norrby", "Polisen", "Kommunpolis", {"anlagd_brand": 1})]


def test_header_field_below_the_questions(boras):
    rows = [["Anlagd brand"], ["Har det hänt?", "Ja"], ["Datum", "2026-11-25"], ["Ifylld av", "Kommunpolis"]]
    result = run_paragraphs(HEADER[:3], boras, tables=[table(rows)])
    assert summary(result) == [("2026-W48", "Norrby", "Polisen", "Kommunpolis", {"anlagd_brand": 1})]
    assert result.reports[0].datum is None  # "Datum" under an item is the event's date
    assert result.reports[0].observations[0].date == date(2026, 11, 25)


def test_numbered_items(boras):
    rows = [["1.", "Anlagd brand"], ["Har det hänt?", "Ja"], ["2.", "Trapphäng"], ["Har det hänt?", "Nej"]]
    result = run_paragraphs(HEADER, boras, tables=[table(rows)])
    assert summary(result)[0][4] == {"anlagd_brand": 1, "trapphang": 0}
    assert event(result, "anlagd_brand").location.cell == "B1"


def test_sub_questions_beside_an_item_merged_down(boras):
    rows = [
        ["Anlagd brand", "Har det hänt?", "Ja"],
        ["", "Beskriv kort", "Brand i barnvagn"],
        ["", "Övrigt", "Räddningstjänsten släckte"],  # an item's label, but a sub-question here
        ["", "Typ av brand?", "Barnvagn"],  # a sub-question of no known role: kept in the comment
        ["Trapphäng", "Har det hänt?", "Nej"],
    ]
    result = run_paragraphs(HEADER, boras, tables=[table(rows)])
    assert summary(result)[0][4] == {"anlagd_brand": 1, "trapphang": 0}
    assert (result.rows_read, result.rows_rejected) == (2, 0)
    assert event(result, "anlagd_brand").comment == (
        "Brand i barnvagn – Räddningstjänsten släckte – Typ av brand?: Barnvagn"
    )


def test_items_split_over_two_question_tables_are_not_missing(boras):
    items = [item.label for section in boras.sections for item in section.items]
    halves = [items[:8], items[8:]]
    tables = [table([row for label in half for row in ([label], ["Har det hänt?", "Nej"])]) for half in halves]
    result = run_paragraphs(HEADER, boras, tables=tables)
    assert sum(summary(result)[0][4].values()) == 0 and len(summary(result)[0][4]) == len(items)
    assert [f.code for f in result.findings] == ["week-year-assumed"]
    less = run_paragraphs(HEADER, boras, tables=tables[:1])
    assert [f.code for f in less.findings] == ["items-not-answered", "week-year-assumed"]
    assert found(less)[0] == ("items-not-answered", "Tabell 1", 1)


def test_an_item_named_like_a_question_keeps_an_ordinary_table(orebro):
    # "Övrigt" is also a comment column's title: two such rows must not make a question-style table
    rows = [["Punkt", "Förekomst", "Plats"], ["Övrigt", "Ja", "Torget"], ["Övrigt:", "Nej", ""]]
    result = run_paragraphs(HEADER, orebro, tables=[table(rows)])
    assert summary(result)[0][4] == {"ovrigt": 1}
    assert (result.rows_read, result.rows_rejected) == (2, 0)
