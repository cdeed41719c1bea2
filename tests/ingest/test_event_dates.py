"""Event dates as reporters write them in a Datum column – with or without the year, with a weekday or
a time beside them – and the year of '12/11' taken from the report's week (est_cli/ingest/dates.py)."""

from __future__ import annotations

from datetime import date

import pytest

from est_cli.ingest import Options, ingest_path
from est_cli.ingest.dates import DayMonth, read_event_date

OPTIONS = Options(today=date(2026, 11, 20))


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("12/11", DayMonth(12, 11)),
        ("12.11", DayMonth(12, 11)),
        ("12.11.", DayMonth(12, 11)),
        ("tis 12/11", DayMonth(12, 11)),
        ("Tisdag 12/11 kväll", DayMonth(12, 11)),
        ("Tors 19/11, natten", DayMonth(19, 11)),
        ("19/11 kl. 22", DayMonth(19, 11)),
        ("19/11 21-23", DayMonth(19, 11)),
        ("12 nov", DayMonth(12, 11)),
        ("12:e november", DayMonth(12, 11)),
        ("Lö 21 nov", DayMonth(21, 11)),
        ("12-nov", DayMonth(12, 11)),  # Swedish Excel's d-mmm, as it saves a typed 12/11 to CSV
        ("12-nov-26", date(2026, 11, 12)),
        ("12 nov 2026", date(2026, 11, 12)),
        ("12/11/26", date(2026, 11, 12)),
        ("12/11/2026", date(2026, 11, 12)),
        ("2026-11-12", date(2026, 11, 12)),
        ("31/11", None),  # no such day
        ("1/13", None),
        ("12/11 och 14/11", None),  # two dates: which one?
        ("12/11 - 14/11", None),
        ("fredag", None),
        ("nov", None),
        ("12", None),
    ],
)
def test_a_date_is_read_as_reporters_write_it(written, read):
    assert read_event_date(written) == read


@pytest.mark.parametrize(
    ("day_month", "near", "expected"),
    [
        (DayMonth(12, 11), date(2026, 11, 16), date(2026, 11, 12)),
        (DayMonth(28, 12), date(2027, 1, 4), date(2026, 12, 28)),  # week 1 of 2027: last December
        (DayMonth(3, 1), date(2026, 12, 28), date(2027, 1, 3)),  # week 53 of 2026: the coming January
        (DayMonth(29, 2), date(2026, 3, 2), date(2028, 2, 29)),  # only in a leap year: nearest one
    ],
)
def test_the_year_is_the_one_nearest_the_reports_week(day_month, near, expected):
    assert day_month.nearest(near) == expected


def event_log(tmp_path, week: str, dates: list[str]):
    """An event log as Excel saves CSV (semicolons, cp1252), one Skadegörelse per Datum cell."""
    rows = "".join(f"Skadegörelse;1;Torget;{d}\r\n" for d in dates)
    path = tmp_path / "handelser.csv"
    path.write_bytes(
        (
            f"Vecka;{week}\r\nOmråde;Vivalla\r\nOrganisation;Polis\r\nRapportör;Områdespolis\r\n\r\n"
            "Händelse;Antal;Plats;Datum\r\n" + rows
        ).encode("cp1252")
    )
    return path


def test_dates_without_a_year_get_the_report_weeks_year_and_the_unreadable_are_named(orebro, tmp_path):
    dates = ["12/11", "tis 17/11 kväll", "18-nov", "31/11", "17/11 och 18/11"]
    result = ingest_path(event_log(tmp_path, "2026-W47", dates), orebro, OPTIONS)
    (report,) = result.stored_reports
    assert [o.date for o in report.observations] == [
        date(2026, 11, 12),
        date(2026, 11, 17),
        date(2026, 11, 18),
        None,
        None,
    ]
    assert [o.count for o in report.observations] == [1, 1, 1, 1, 1]  # an unreadable date loses no event
    invalid = [(f.location.cell, f.message) for f in result.findings if f.code == "invalid-date"]
    assert invalid == [
        ("D10", "Datumet '31/11' kunde inte tolkas och sparas inte; skriv t.ex. 2026-11-18."),
        ("D11", "Datumet '17/11 och 18/11' kunde inte tolkas och sparas inte; skriv t.ex. 2026-11-18."),
    ]


def test_around_new_year_the_day_gets_the_year_of_the_week_it_is_near(orebro, tmp_path):
    result = ingest_path(event_log(tmp_path, "v.1 2027", ["28/12", "3/1", "5 jan"]), orebro, OPTIONS)
    (report,) = result.stored_reports
    assert report.week == "2027-W01"
    assert [o.date for o in report.observations] == [date(2026, 12, 28), date(2027, 1, 3), date(2027, 1, 5)]


def test_a_datum_field_without_a_year_is_read_and_gives_the_week(orebro, tmp_path):
    path = tmp_path / "rapport.csv"
    path.write_bytes(
        (
            "Datum;tis 17/11\r\nOmråde;Vivalla\r\nOrganisation;Polis\r\nRapportör;Områdespolis\r\n\r\n"
            "Punkt;Antal\r\nSkadegörelse;2\r\n"
        ).encode("cp1252")
    )
    result = ingest_path(path, orebro, Options(today=date(2027, 1, 8)))  # read in January: last year's November
    (report,) = result.stored_reports
    assert (report.datum, report.week) == (date(2026, 11, 17), "2026-W47")
    assert not [f for f in result.findings if f.code == "invalid-date"]


# ------------------------------------------------------------------ reports of two weeks


def two_week_log(tmp_path, week_field: str, rows: str):
    path = tmp_path / "tvaveckor.csv"
    path.write_bytes(
        (
            f"Vecka;{week_field}\r\nOmråde;Hässleholmen\r\nOrganisation;Polis\r\nRapportör;Kommunpolis\r\n\r\n"
            "Punkt;Antal;Plats;Datum\r\n" + rows
        ).encode("cp1252")
    )
    return path


def outside(result) -> list[str]:
    return [f.location.cell for f in result.findings if f.code == "date-outside-period"]


@pytest.mark.parametrize("schema_id", ["orebro", "boras"])
def test_a_report_of_two_weeks_covers_both_periods(tmp_path, schema_id):
    """A report of "v. 46–47" (any checklist), and every report of Borås's checklist (filled in every other week):
    events of the first week are inside the report's period, not warned about; earlier ones still are."""
    from est_cli.reporting_period import parse_period, parse_weekday_time
    from est_cli.schema import load_schema

    period = parse_period("torsdag 00:00 – onsdag 10:00", parse_weekday_time("onsdag 10:00"))
    options = Options(today=date(2026, 11, 20), period=period)
    item = "Skadegörelse" if schema_id == "orebro" else "Klotter, skadegörelse"
    rows = f"{item};1;Torget;2026-11-04\r\n{item};1;Torget;2026-11-10\r\n{item};1;Torget;2026-11-17\r\n"
    spanned = ingest_path(two_week_log(tmp_path, "46–47", rows), load_schema(schema_id), options)
    assert spanned.stored_reports[0].week == "2026-W47"
    assert outside(spanned) == ["A7"]  # 4 November is before week 46's period (from Thursday 5 November)
    one = ingest_path(two_week_log(tmp_path, "47", rows), load_schema(schema_id), options)
    assert outside(one) == (["A7", "A8"] if schema_id == "orebro" else ["A7"])
