"""The compiled weekly workbook (`est_cli.workbook`), read back with openpyxl."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from est_cli.reporting_period import default_period, parse_weekday_time
from est_cli.swedish import week_label
from est_cli.weeks import IsoWeek
from est_cli.weekview import EventRow, ExpectedRow, OverviewRow, RejectedRow, WeekView
from est_cli.weekview.rules import SLOTS, hot_spots, hot_times, time_slot
from est_cli.workbook import SHEETS, write_week_workbook

openpyxl = pytest.importorskip("openpyxl")

HYPERLINK = '=HYPERLINK("x")'
PHONE = "+46 70 123"

# Örebro items: (key, label, theme)
ITEMS = [
    ("skadegorelse", "Skadegörelse", "skadegorelse"),
    ("brand", "Brand", "brand"),
    ("incident_mot_anstalld", "Incident mot anställd", "otillaten_paverkan"),
    ("arrangemang", "Arrangemang", "arrangemang"),
    ("samlingsplats_ungdomar", "Samlingsplats för ungdomar", "samlingsplatser"),
    ("annat_otrygghetsskapande", "Annat otrygghetsskapande/ordningsstörande", "ordningsstorning"),
    ("otrygg_plats", "Otrygg plats", "otrygg_plats"),
    ("ovrigt", "Övrigt", "ovrigt"),
]
LABEL = {key: label for key, label, _ in ITEMS}
PERIOD = default_period(parse_weekday_time("onsdag 10:00"))  # est.toml without rapportperiod


def sample_view() -> WeekView:
    """Örebro, 2026-W47: Vivalla and Baronbackarna, 24 events (27 counted), 8 expected reporters."""
    # (this, previous, week before, same week last year) per item, in ITEMS order.
    vivalla = [
        (5, 3, 4, 2),
        (1, 2, 0, 1),
        (1, 0, 1, 0),
        (1, 1, 0, 2),
        (4, 2, 3, 5),
        (3, 4, 2, 6),
        (1, 1, 1, 0),
        (1, 1, 0, 0),
    ]
    # Baronbackarna: no report at all in 2026-W45 nor in 2025-W47 (None, not 0).
    baron = [(3, 1), (0, 0), (0, 1), (1, 0), (2, 2), (2, 3), (1, 0), (0, 0)]
    overview = (
        [OverviewRow("Vivalla", key, label, theme, *counts) for (key, label, theme), counts in zip(ITEMS, vivalla)]
        + [
            OverviewRow("Baronbackarna", key, label, theme, this, prev, None, None)
            for (key, label, theme), (this, prev) in zip(ITEMS, baron)
        ]
        + [OverviewRow("Baronbackarna", "Trapphäng", "Trapphäng", None, 1, 0, None, None)]
    )

    def ev(area, key, count, place, day, time, severity, comment, action, org, reporter, source, location):
        return EventRow(
            area,
            key,
            LABEL.get(key, key),
            count,
            place,
            day,
            time,
            severity,
            comment,
            action,
            org,
            reporter,
            source,
            location,
        )

    def d(n: int) -> date:
        """Written as the ISO week's day (16 = Monday of 2026-W47): Monday to Wednesday are those of
        week 47, Thursday to Sunday those before the deadline (Wednesday 18 November 10:00), in the
        reporting period Wednesday 11 November 10:00 – Wednesday 18 November 10:00."""
        return date(2026, 11, n if n <= 18 else n - 7)

    pol_v, pol_b = "polis_vivalla_v47.xlsx", "Polisen Baronbackarna v47.docx"
    fg = "Fältgruppen v47.docx"
    hv_v, hv_b = "ÖBO Vivalla vecka 47.xlsx", "ÖBO Baronbackarna v47.xlsx"
    fr = "Fritidsgården.eml › checklista v47.xlsx"
    events = [
        ev(
            "Vivalla",
            "skadegorelse",
            2,
            "Vivalla centrum",
            d(16),
            "21:30",
            2,
            "Krossad glasruta vid entrén till centrumhuset",
            "Glasmästare beställd",
            "Fastighetsbolag",
            "Husvärd Vivalla",
            hv_v,
            "Checklista!E11",
        ),
        ev(
            "Vivalla",
            "skadegorelse",
            1,
            "vivalla  Centrum",
            d(17),
            "kväll",
            1,
            "Klotter på väggen vid pizzerian",
            "Sanering beställd",
            "Kommun",
            "Fältgruppen",
            fg,
            "Tabell 2, rad 2",
        ),
        ev(
            "Vivalla",
            "skadegorelse",
            1,
            "Lertagsgatan",
            d(18),
            "02:15",
            2,
            "Två bilrutor krossade på parkeringen",
            "",
            "Polis",
            "Områdespolis",
            pol_v,
            "Blad1!F7",
        ),
        ev(
            "Vivalla",
            "skadegorelse",
            1,
            "Vivalla centrum",
            d(20),
            "22:10",
            1,
            HYPERLINK,
            "",
            "Kommun",
            "Fritidsgården",
            fr,
            "Checklista!J11",
        ),
        ev(
            "Vivalla",
            "brand",
            1,
            "Lertagsgatan",
            d(21),
            "23:40",
            3,
            "Brand i papperskorg vid busshållplatsen",
            "Räddningstjänsten släckte",
            "Polis",
            "Områdespolis",
            pol_v,
            "Blad1!F8",
        ),
        ev(
            "Vivalla",
            "incident_mot_anstalld",
            1,
            "Vivalla centrum",
            d(19),
            "15:00",
            2,
            "Trygghetsvärd hotades när gruppen ombads flytta på sig",
            "Anmält till polisen",
            "Kommun",
            "Trygghetsvärdar",
            fg,
            "Tabell 2, rad 4",
        ),
        ev(
            "Vivalla",
            "arrangemang",
            1,
            "Vivallaskolan",
            d(21),
            "eftermiddag",
            1,
            "Fotbollsturnering för unga i idrottshallen, lugnt och positivt",
            "",
            "Kommun",
            "Fritidsgården",
            fr,
            "Checklista!J14",
        ),
        ev(
            "Vivalla",
            "samlingsplats_ungdomar",
            2,
            "Vivalla centrum",
            d(20),
            "21-23",
            2,
            "Ca 15 ungdomar samlas vid torget på kvällarna, boende upplever det som stökigt",
            "Ökad närvaro av fältgruppen fredag kväll",
            "Kommun",
            "Fältgruppen",
            fg,
            "Tabell 2, rad 6",
        ),
        ev(
            "Vivalla",
            "samlingsplats_ungdomar",
            1,
            "Gångtunneln vid Vivallaskolan",
            d(17),
            "19:45",
            1,
            "Ungdomar samlas i tunneln efter skoltid",
            "",
            "Kommun",
            "Fältgruppen",
            fg,
            "Tabell 2, rad 7",
        ),
        ev(
            "Vivalla",
            "samlingsplats_ungdomar",
            1,
            "Vivalla centrum",
            d(21),
            "natt",
            2,
            "Grupp vid centrum sent på natten, hög musik",
            "",
            "Fastighetsbolag",
            "Väktare",
            hv_v,
            "Checklista!E15",
        ),
        ev(
            "Vivalla",
            "annat_otrygghetsskapande",
            1,
            "Lertagsgatan",
            d(18),
            "01:30",
            3,
            "Misstänkt narkotikaförsäljning vid parkeringen",
            "Polisen har ökat närvaron nattetid",
            "Polis",
            "Områdespolis",
            pol_v,
            "Blad1!F12",
        ),
        ev(
            "Vivalla",
            "annat_otrygghetsskapande",
            1,
            "Vivalla centrum",
            d(19),
            "",
            2,
            "Bråk utanför livsmedelsbutiken",
            "",
            "Polis",
            "Områdespolis",
            pol_v,
            "Blad1!F13",
        ),
        ev(
            "Vivalla",
            "annat_otrygghetsskapande",
            1,
            "",
            None,
            "",
            None,
            "Uppgift om inbrottsförsök i källarförråd, datum okänt",
            "Fastighetsbolaget byter lås",
            "Fastighetsbolag",
            "Husvärd Vivalla",
            hv_v,
            "Checklista!E16",
        ),
        ev(
            "Vivalla",
            "otrygg_plats",
            1,
            "Gångtunneln vid Vivallaskolan",
            d(16),
            "morgon",
            2,
            "Trasig belysning i gångtunneln, boende upplever platsen som otrygg",
            "Felanmält till kommunen",
            "Fastighetsbolag",
            "Husvärd Vivalla",
            hv_v,
            "Checklista!E17",
        ),
        ev(
            "Vivalla",
            "ovrigt",
            1,
            "Vivalla",
            d(19),
            "12:00",
            None,
            "Allmän oro efter skottlossning i annan stadsdel",
            "Samordnad information till boende",
            "Kommun",
            "Fältgruppen",
            fg,
            "Tabell 2, rad 9",
        ),
        ev(
            "Baronbackarna",
            "skadegorelse",
            1,
            "Baronbackarna torg",
            d(16),
            "14:20",
            1,
            "Klotter på elskåp",
            "Sanering beställd",
            "Fastighetsbolag",
            "Husvärd Baronbackarna",
            hv_b,
            "Checklista!E11",
        ),
        ev(
            "Baronbackarna",
            "skadegorelse",
            2,
            "Ekersvägen",
            d(22),
            "03:00",
            2,
            PHONE,
            "",
            "Polis",
            "Områdespolis",
            pol_b,
            "Tabell 1, rad 2",
        ),
        ev(
            "Baronbackarna",
            "arrangemang",
            1,
            "Baronbackarna torg",
            d(22),
            "11:00",
            1,
            "Höstmarknad på torget",
            "",
            "Kommun",
            "Fritidsgården Baronen",
            fr,
            "Checklista!J14",
        ),
        ev(
            "Baronbackarna",
            "samlingsplats_ungdomar",
            1,
            "Baronbackarna torg",
            d(20),
            "kväll",
            2,
            "Ungdomar samlas vid torget, viss oro hos boende",
            "Fältgruppen på plats fredag",
            "Kommun",
            "Fältgruppen",
            fg,
            "Tabell 3, rad 6",
        ),
        ev(
            "Baronbackarna",
            "samlingsplats_ungdomar",
            1,
            "Skolgården Baronbackarna",
            d(19),
            "17:30",
            1,
            "Samlas efter skoltid",
            "-",
            "Kommun",
            "Fältgruppen",
            fg,
            "Tabell 3, rad 7",
        ),
        ev(
            "Baronbackarna",
            "annat_otrygghetsskapande",
            1,
            "Ekersvägen",
            d(18),
            "kl 23",
            3,
            "Knivhot mot förbipasserande, polisanmält",
            "",
            "Polis",
            "Områdespolis",
            pol_b,
            "Tabell 1, rad 7",
        ),
        ev(
            "Baronbackarna",
            "annat_otrygghetsskapande",
            1,
            "",
            d(17),
            "förmiddag",
            2,
            "Stök på bussen genom området, plats okänd",
            "",
            "Kommun",
            "Fältgruppen",
            fg,
            "Tabell 3, rad 8",
        ),
        ev(
            "Baronbackarna",
            "otrygg_plats",
            1,
            "Ekersvägen",
            None,
            "kväll",
            2,
            "Mörk gångväg, boende undviker den på kvällarna",
            "Belysning föreslagen",
            "Fastighetsbolag",
            "Husvärd Baronbackarna",
            hv_b,
            "Checklista!E17",
        ),
        ev(
            "Baronbackarna",
            "Trapphäng",
            1,
            "Baronbackarna  torg ",
            date(2026, 11, 10),  # before the reporting period
            "20:00",
            1,
            "Ungdomar i trapphus, boende störda",
            "Husvärden pratade med gruppen",
            "Fastighetsbolag",
            "Husvärd Baronbackarna",
            hv_b,
            "Checklista!B20",
        ),
    ]
    expected = [
        ExpectedRow("Vivalla", "Polis", "Områdespolis", "inkommen", datetime(2026, 11, 17, 16, 5), pol_v),
        ExpectedRow("Vivalla", "Kommun", "Fältgruppen", "inkommen", datetime(2026, 11, 18, 8, 40), fg),
        ExpectedRow("Vivalla", "Kommun", "Fritidsgården", "sen", datetime(2026, 11, 18, 13, 12), fr, "e-post"),
        ExpectedRow("Vivalla", "Fastighetsbolag", "Husvärd Vivalla", "inkommen", datetime(2026, 11, 16, 9, 30), hv_v),
        ExpectedRow("Vivalla", "Kommun", "Skolkurator Vivallaskolan", "saknas"),
        ExpectedRow("Baronbackarna", "Polis", "Områdespolis", "inkommen", datetime(2026, 11, 18, 7, 55), pol_b),
        ExpectedRow(
            "Baronbackarna", "Fastighetsbolag", "Husvärd Baronbackarna", "sen", datetime(2026, 11, 18, 11, 20), hv_b
        ),
        ExpectedRow("Vivalla", "Fastighetsbolag", "Väktare", "ej förväntad", datetime(2026, 11, 17, 22, 3), hv_v),
    ]
    rejected = [
        RejectedRow(
            "rapport_baronbackarna.pdf",
            "",
            "unsupported-format",
            "Filformatet .pdf kan inte läsas. Be rapportören skicka checklistan som Excel eller Word.",
        ),
        RejectedRow(
            pol_v,
            "Blad1!A14",
            "missing-category",
            "Raden saknar kategori (Punkt) och kunde inte kopplas till någon punkt i checklistan.",
        ),
    ]
    return WeekView(
        kommun="Örebro",
        schema_name="Örebro – EST-handboken 1.0",
        week="2026-W47",
        previous_week="2026-W46",
        week_before="2026-W45",
        same_week_last_year="2025-W47",
        deadline=datetime(2026, 11, 18, 10, 0),
        compiled_at=datetime(2026, 11, 18, 14, 32),
        window=PERIOD.window(IsoWeek(2026, 47)),
        overview=overview,
        events=events,
        expected=expected,
        rejected=rejected,
    )


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("wb") / "utkast" / "2026-W47" / "sammanstallning-2026-W47.xlsx"
    write_week_workbook(sample_view(), path)
    return openpyxl.load_workbook(path)


def rows_of(ws, first_row: int, width: int) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows(min_row=first_row, max_col=width)]


def header_row(ws) -> int:
    """The table header row is the one frozen under (the filter's first row)."""
    return int(ws.auto_filter.ref.split(":")[0][1:])


def find_row(ws, col: int, value) -> int:
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, col).value == value:
            return row
    raise AssertionError(f"{value!r} not in column {col} of {ws.title}")


# --- structure


def test_sheet_names_in_order(book):
    assert (
        book.sheetnames
        == list(SHEETS)
        == ["Översikt", "Händelser", "Platser och tider", "Inrapportering", "Avvisat", "Att kontrollera"]
    )


def test_every_sheet_has_frozen_header_filter_and_print_setup(book):
    for ws in book.worksheets:
        header = header_row(ws)
        assert ws.freeze_panes == f"A{header + 1}", ws.title
        assert ws.auto_filter.ref, ws.title
        assert ws.cell(header, 1).font.b, ws.title
        assert ws.cell(header, 1).fill.fgColor.rgb.endswith("1F4E78"), ws.title
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.oddFooter.center.text == "Sida &P av &N"
        assert ws.cell(1, 1).value.endswith("– Örebro")
        # Long lines above the table wrap within its width (merged across it): an overflowing line
        # would widen the printed page until the table is too small to read.
        from openpyxl.utils import column_index_from_string, get_column_letter

        from est_cli.outputs.xlsx import column_lines

        last_col = ws.auto_filter.ref.split(":")[1].rstrip("0123456789")
        width = sum(
            ws.column_dimensions[get_column_letter(c)].width or 8.43
            for c in range(1, column_index_from_string(last_col) + 1)
        )
        for row in range(2, header):
            value = ws.cell(row, 1).value
            if isinstance(value, str) and column_lines(value, width) > 1:
                merged = [str(r) for r in ws.merged_cells.ranges if r.min_row == row]
                assert merged == [f"A{row}:{last_col}{row}"], (ws.title, row)
                assert ws.cell(row, 1).alignment.wrap_text


def test_no_formulas_anywhere_and_reporter_text_stays_text(book):
    texts = {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} = {cell.value!r}"
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    texts[cell.value] = cell
    assert texts[HYPERLINK].data_type == "s" and texts[HYPERLINK].value == HYPERLINK
    assert texts[PHONE].data_type == "s"
    assert texts["-"].data_type == "s"


# --- Översikt


def test_overview_title_and_compared_weeks(book):
    ws = book["Översikt"]
    assert ws["A1"].value == "Sammanställning vecka 47, 2026 – Örebro"
    text = " ".join(str(ws.cell(r, 1).value) for r in range(2, header_row(ws)))
    assert "Sammanställd 2026-11-18 kl. 14:32" in text
    # each compared week with its own reporting period (up to its Wednesday 10:00), not Monday–Sunday
    assert "v.46 (4 november kl. 10 – 11 november 2026)" in text
    assert "v.45 (28 oktober kl. 10 – 4 november 2026)" in text
    assert "v.47 2025 (12 november kl. 10 – 19 november 2025)" in text
    headers = [ws.cell(header_row(ws), c).value for c in range(1, 8)]
    assert headers == [
        "Område",
        "Kategori",
        "Denna vecka\nv.47",
        "Föregående vecka\nv.46",
        "Veckan före\nv.45",
        "Samma vecka förra året\nv.47 2025",
        "Förändring mot föregående vecka",
    ]


def test_overview_values(book):
    ws = book["Översikt"]
    rows = {(r[0], r[1]): r[2:] for r in rows_of(ws, header_row(ws) + 1, 7)}
    assert rows[("Vivalla", "Skadegörelse")] == [5, 3, 4, 2, 2]
    assert rows[("Vivalla", "Brand")] == [1, 2, 0, 1, -1]
    assert rows[("Vivalla", "Arrangemang")] == [1, 1, 0, 2, 0]
    assert rows[("Baronbackarna", "Skadegörelse")] == [3, 1, "–", "–", 2]
    assert rows[("Baronbackarna", "Trapphäng")] == [1, 0, "–", "–", 1]
    # Subtotals computed in Python; a week without any report stays "–".
    assert rows[("Vivalla", "Summa Vivalla")] == [17, 14, 11, 16, 3]
    assert rows[("Baronbackarna", "Summa Baronbackarna")] == [10, 7, "–", "–", 3]
    # Grouped by area in the order given, subtotal last in each group.
    order = [r[1] for r in rows_of(ws, header_row(ws) + 1, 2)]
    assert order[:9] == [label for _, label, _ in ITEMS] + ["Summa Vivalla"]
    assert order[-1] == "Summa Baronbackarna" and len(order) == 8 + 1 + 9 + 1


def test_overview_change_cells_are_numbers_coloured_by_direction(book):
    ws = book["Översikt"]
    up = ws.cell(find_row(ws, 2, "Skadegörelse"), 7)
    down = ws.cell(find_row(ws, 2, "Brand"), 7)
    same = ws.cell(find_row(ws, 2, "Arrangemang"), 7)
    assert (up.value, down.value, same.value) == (2, -1, 0)
    assert up.data_type == "n" and "+0" in up.number_format
    assert up.fill.fgColor.rgb.endswith("FFC7CE")
    assert down.fill.fgColor.rgb.endswith("C6EFCE")
    assert same.fill.fill_type is None


def test_overview_missing_previous_week_is_a_dash_not_a_change(tmp_path):
    view = sample_view()
    view.overview = [OverviewRow("Vivalla", "brand", "Brand", "brand", 2, None, None, None)]
    path = tmp_path / "x.xlsx"
    write_week_workbook(view, path)
    ws = openpyxl.load_workbook(path)["Översikt"]
    assert rows_of(ws, header_row(ws) + 1, 7) == [
        ["Vivalla", "Brand", 2, "–", "–", "–", "–"],
        ["Vivalla", "Summa Vivalla", 2, "–", "–", "–", "–"],
    ]


def test_area_without_a_report_is_a_row_of_its_own(tmp_path):
    view = sample_view()
    view.overview = [OverviewRow("Vivalla", "brand", "Brand", "brand", 2, 1, None, None)]
    view.areas_without_reports = ["Oxhagen"]
    path = tmp_path / "x.xlsx"
    write_week_workbook(view, path)
    ws = openpyxl.load_workbook(path)["Översikt"]
    assert rows_of(ws, header_row(ws) + 1, 7)[-1] == [
        "Oxhagen",
        "Ingen rapport från området denna vecka (se Inrapportering)",
        "–",
        None,
        None,
        None,
        None,
    ]


# --- Händelser


def test_events_one_row_each_with_real_dates(book):
    ws = book["Händelser"]
    header = header_row(ws)
    assert [ws.cell(header, c).value for c in range(1, 16)] == [
        "Område",
        "Kategori",
        "Antal",
        "Plats",
        "Datum",
        "Tid",
        "Allvarlighetsgrad",
        "Kommentar",
        "Åtgärd",
        "Organisation",
        "Rapportör",
        "Källa",
        "Cell",
        "Händelse",
        "Spridning",
    ]
    rows = rows_of(ws, header + 1, 13)
    assert len(rows) == len(sample_view().events) == 24
    assert ws.auto_filter.ref == f"A{header}:O{header + 24}"
    first = ws.cell(header + 1, 5)
    assert first.is_date and first.value.date() == date(2026, 11, 16)
    assert first.number_format == "yyyy-mm-dd"
    assert rows[0][:4] == ["Vivalla", "Skadegörelse", 2, "Vivalla centrum"]
    assert rows[0][5:] == [
        "21:30",
        2,
        "Krossad glasruta vid entrén till centrumhuset",
        "Glasmästare beställd",
        "Fastighetsbolag",
        "Husvärd Vivalla",
        "ÖBO Vivalla vecka 47.xlsx",
        "Checklista!E11",
    ]
    assert rows[12][4] is None and rows[12][6] is None  # no date, no severity: empty cells
    assert rows[3][7] == HYPERLINK


# --- Platser och tider


def test_hot_spots_ranking(book):
    ws = book["Platser och tider"]
    rows = [r for r in rows_of(ws, header_row(ws) + 1, 4) if isinstance(r[2], int)]
    assert [r[:3] for r in rows] == [
        ["Vivalla", "Vivalla centrum", 9],  # "vivalla  Centrum" counted with it, common spelling shown
        ["Baronbackarna", "Baronbackarna torg", 4],
        ["Baronbackarna", "Ekersvägen", 4],
        # "Vivallaskolan" is a part of only this place in Vivalla: the same place (est_cli.places)
        ["Vivalla", "Gångtunneln vid Vivallaskolan", 3],
        ["Vivalla", "Lertagsgatan", 3],
        ["Baronbackarna", "Skolgården Baronbackarna", 1],
        ["Vivalla", "Vivalla", 1],  # the area's own name is the whole area, not a part of "Vivalla centrum"
    ]
    assert rows[0][3] == (
        "Skadegörelse, Samlingsplats för ungdomar, Incident mot anställd, Annat otrygghetsskapande/ordningsstörande"
    )
    assert rows[2][3] == "Skadegörelse, Annat otrygghetsskapande/ordningsstörande, Otrygg plats"
    assert ws.auto_filter.ref == f"A{header_row(ws)}:D{header_row(ws) + 7}"
    notes = [ws.cell(r, 1).value for r in range(header_row(ws) + 8, ws.max_row + 1)]
    assert "2 händelser saknar plats och finns inte med i listan." in notes


def test_hot_times_matrix_covers_the_reporting_period_day_by_day(book):
    ws = book["Platser och tider"]
    header = header_row(ws)
    first = 6  # the matrix starts in column F, beside the hot-spot list (A–D)
    assert ws.cell(header, first).value == "Dag"
    assert ws.cell(header - 1, first).value == (
        "När – dag och tid på dygnet, rapportperioden 11 november kl. 10 – 18 november 2026 kl. 10"
    )
    assert [ws.cell(header, first + 1 + j).value.replace("\n", " ") for j in range(5)] == list(SLOTS)
    got = {
        ws.cell(r, first).value: [ws.cell(r, first + 1 + j).value for j in range(6)]
        for r in range(header + 1, header + 12)
    }
    assert list(got) == [
        "ons 11/11 från kl. 10",
        "tor 12/11",
        "fre 13/11",
        "lör 14/11",
        "sön 15/11",
        "mån 16/11",
        "tis 17/11",
        "ons 18/11 till kl. 10",
        "Utanför rapportperioden",
        "Okänt datum",
        "Summa",
    ]
    assert got == {
        #                        Natt Morg Efterm Kväll Okänd Summa
        "ons 11/11 från kl. 10": [0, 0, 0, 0, 0, 0],
        "tor 12/11": [0, 0, 3, 0, 1, 4],
        "fre 13/11": [0, 0, 0, 4, 0, 4],
        "lör 14/11": [1, 0, 1, 1, 0, 3],
        "sön 15/11": [2, 1, 0, 0, 0, 3],
        "mån 16/11": [0, 1, 1, 2, 0, 4],
        "tis 17/11": [0, 1, 0, 2, 0, 3],
        "ons 18/11 till kl. 10": [2, 0, 0, 0, 0, 2],
        # 18/11 kl 23 (after the deadline) and 10/11 (before the period): counted, but on no day
        "Utanför rapportperioden": [0, 0, 0, 2, 0, 2],
        "Okänt datum": [0, 0, 0, 1, 1, 2],
        "Summa": [5, 3, 5, 12, 2, 27],
    }
    strongest = ws.cell(find_row(ws, first, "fre 13/11"), first + 4)
    assert strongest.fill.fill_type == "solid"
    assert ws.cell(find_row(ws, first, "mån 16/11"), first + 1).fill.fill_type is None
    assert ws.cell(find_row(ws, first, "Utanför rapportperioden"), first + 4).fill.fill_type is None
    notes = " ".join(str(ws.cell(r, first).value) for r in range(header + 12, ws.max_row + 1))
    assert "2 av händelserna har datum utanför rapportperioden och står på raden Utanför rapportperioden" in notes


def test_overview_states_the_reporting_period(book):
    lines = [book["Översikt"].cell(r, 1).value for r in range(1, 5)]
    assert (
        "Rapportperiod v.47: Händelser 11 november kl. 10 – 18 november 2026, rapporter till onsdag 18 november kl. 10."
        in lines
    )
    assert any(
        str(line).startswith(
            "Denna vecka v.47 jämförs med föregående vecka v.46 (4 november kl. 10 – 11 november 2026)"
        )
        for line in lines
    )


@pytest.mark.parametrize(
    "text, slot",
    [
        ("21:30", 3),
        ("06:00", 1),
        ("05.59", 0),
        ("00:00", 0),
        ("24:00", 0),
        ("12:00", 2),
        ("17:59", 2),
        ("kl 23", 3),
        ("kl. 7", 1),
        ("0730", 1),
        ("21-23", 3),
        ("14", 2),
        ("kväll", 3),
        ("Kvällen", 3),
        ("natten", 0),
        ("midnatt", 0),
        ("morgon", 1),
        ("förmiddag", 1),
        ("eftermiddag", 2),
        ("sen kväll/natt", 3),
        ("", 4),
        ("okänt", 4),
        ("helgen", 4),
        ("99:99", 4),
    ],
)
def test_time_slot(text, slot):
    assert time_slot(text) == slot


def test_hot_spot_and_time_helpers_on_plain_data():
    view = sample_view()
    spots, no_place = hot_spots(view.events)
    assert no_place == 2
    assert sum(s.count for s in spots) + no_place == sum(e.count for e in view.events) == 27
    rows = hot_times(view.events, view.period)
    assert sum(r.total for r in rows) == 27
    assert [r.label for r in rows][-2:] == ["Utanför rapportperioden", "Okänt datum"]
    assert week_label("2026-W46", 2026) == "v.46" and week_label("2025-W52", 2026) == "v.52 2025"


# --- Inrapportering


def test_expected_summary_and_status_colours(book):
    ws = book["Inrapportering"]
    assert ws["A2"].value == "Förväntade: 7, inkomna: 4, sena: 2, saknas: 1"
    header = header_row(ws)
    assert [ws.cell(header, c).value for c in range(1, 8)] == [
        "Område",
        "Organisation",
        "Rapportör",
        "Status",
        "Inkommen",
        "Tiden enligt",
        "Källa",
    ]
    rows = rows_of(ws, header + 1, 7)
    assert len(rows) == 8
    assert rows[2][:6] == ["Vivalla", "Kommun", "Fritidsgården", "sen", datetime(2026, 11, 18, 13, 12), "e-post"]
    assert rows[4][3:6] == ["saknas", None, None]
    fills = {ws.cell(r, 4).value: ws.cell(r, 4).fill.fgColor.rgb[-6:] for r in range(header + 1, header + 9)}
    assert fills == {"inkommen": "C6EFCE", "sen": "FFD591", "saknas": "FFC7CE", "ej förväntad": "D9D9D9"}


# --- Avvisat


def test_rejected_rows(book):
    ws = book["Avvisat"]
    header = header_row(ws)
    assert [ws.cell(header, c).value for c in range(1, 5)] == ["Fil", "Plats", "Kod", "Orsak"]
    rows = rows_of(ws, header + 1, 4)
    assert rows == [
        [
            "rapport_baronbackarna.pdf",
            "Hela filen",
            "unsupported-format",
            "Filformatet .pdf kan inte läsas. Be rapportören skicka checklistan som Excel eller Word.",
        ],
        [
            "polis_vivalla_v47.xlsx",
            "Blad1!A14",
            "missing-category",
            "Raden saknar kategori (Punkt) och kunde inte kopplas till någon punkt i checklistan.",
        ],
    ]


def test_empty_week_parts(tmp_path):
    view = sample_view()
    view.rejected, view.events = [], []
    path = tmp_path / "empty.xlsx"
    write_week_workbook(view, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Avvisat"]
    assert rows_of(ws, header_row(ws) + 1, 4) == [["Inga avvisade filer eller rader.", None, None, None]]
    assert ws.auto_filter.ref
    ws = wb["Platser och tider"]
    assert ws.cell(find_row(ws, 6, "Summa"), 11).value == 0


# --- writing


def test_written_atomically_over_an_old_file(tmp_path):
    path = tmp_path / "sammanstallning-2026-W47.xlsx"
    path.write_bytes(b"old")
    write_week_workbook(sample_view(), path)
    assert openpyxl.load_workbook(path).sheetnames[0] == "Översikt"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind


def test_cell_text_is_cleaned_but_not_executed(tmp_path):
    view = sample_view()
    view.events[0].comment = "@SUM(A1)\x07 bell"
    view.events[1].comment = "\t=1+1"
    view.kommun = "Sala & Heby"
    path = tmp_path / "x.xlsx"
    write_week_workbook(view, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Händelser"]
    header = header_row(ws)
    assert ws.cell(header + 1, 8).value == "@SUM(A1) bell"
    assert ws.cell(header + 2, 8).value == "\t=1+1" and ws.cell(header + 2, 8).data_type == "s"
    assert wb["Översikt"]["A1"].value.endswith("– Sala & Heby")
    assert "Sala && Heby" in wb["Översikt"].oddFooter.left.text


def test_received_time_with_time_zone_is_shown_as_local_time(tmp_path):
    from datetime import timedelta, timezone

    view = sample_view()
    received = datetime(2026, 11, 18, 9, 40, tzinfo=timezone(timedelta(hours=1)))
    view.expected = [ExpectedRow("Vivalla", "Polis", "Områdespolis", "inkommen", received, "brev.eml")]
    path = tmp_path / "x.xlsx"
    write_week_workbook(view, path)
    ws = openpyxl.load_workbook(path)["Inrapportering"]
    assert ws.cell(header_row(ws) + 1, 5).value == received.astimezone().replace(tzinfo=None, microsecond=0)


def sample_path() -> Path:  # pragma: no cover - for looking at the pages by hand
    path = Path("/tmp/wb/x.xlsx")
    write_week_workbook(sample_view(), path)
    return path
