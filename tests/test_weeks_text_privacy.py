from datetime import date

import pytest

from est_cli.privacy import MASK, mask_personnummer
from est_cli.text import fold, label_key
from est_cli.weeks import IsoWeek, find_week_in_text, parse_week, weeks_in_year


@pytest.mark.parametrize(
    "raw",
    [
        "47",
        "v.47",
        "v 47",
        "V47",
        "vecka 47",
        "Vecka 47",
        "2026-W47",
        "2026w47",
        "2026 v47",
        "v47 2026",
        "47/2026",
        "2026-11-18",
        "18/11/2026",
        "18.11.2026",
        47.0,
        47,
        date(2026, 11, 16),
    ],
)
def test_week_forms(raw):
    assert str(parse_week(raw, datum=date(2026, 11, 19)).week) == "2026-W47"


def test_bare_week_year_from_year_option_datum_and_today():
    assert parse_week("47", year=2025).week == IsoWeek(2025, 47)
    assert parse_week("47", year=2025).year_source == "--year"
    # Week 1 reported on 30 December belongs to the next ISO year.
    assert parse_week("1", datum=date(2026, 12, 30)).week == IsoWeek(2027, 1)
    # Week 52 reported in early January belongs to the year before.
    parsed = parse_week("52", today=date(2027, 1, 3))
    assert (parsed.week, parsed.year_source) == (IsoWeek(2026, 52), "dagens datum")


@pytest.mark.parametrize("raw", ["46-47", "v. 46–47", "v46-47", "2026 v46-47", "46/47"])
def test_two_week_span_counts_in_the_later_week(raw):
    parsed = parse_week(raw, datum=date(2026, 11, 20))
    assert (parsed.week, parsed.range_of) == (IsoWeek(2026, 47), "46–47")


@pytest.mark.parametrize(
    "text,found",
    [
        ("Checklista v47 Vivalla polis", "47"),
        ("EST vecka 47 Fältgruppen", "47"),
        ("baronbackarna_v47", "47"),
        ("rapport 2026-W47.xlsx", "2026-w47"),
        ("Vivallaskolan", None),
        ("Lindängsvägen 2", None),
    ],
)
def test_week_in_running_text(text, found):
    from est_cli.weeks import find_week_in_text

    assert find_week_in_text(text) == found


def test_week_53_only_in_long_years():
    assert weeks_in_year(2026) == 53 and weeks_in_year(2025) == 52
    assert parse_week("2026-W53").week == IsoWeek(2026, 53)
    assert parse_week("2025-W53").error
    assert parse_week("v.53", year=2025).error


@pytest.mark.parametrize("raw", ["hej", "47-49", "v.99", "2026-W00", 47.5])
def test_bad_weeks(raw):
    parsed = parse_week(raw, year=2026)
    assert parsed.week is None and parsed.error


def test_fold_and_label_key():
    assert fold("  Skadegörelse/klotter: ") == "skadegorelse klotter"
    assert label_key("3. Incident mot anställd") == "incident mot anstalld"
    assert label_key("3) BRAND") == "brand"
    assert label_key("1.2 Övrigt") == "ovrigt"
    assert label_key("Övrigt") == "ovrigt"


@pytest.mark.parametrize(
    "text",
    [
        "ringde 19811218-9876 om oväsen",
        "pnr 811218-9876",
        "811218+9876",
        "8112189876",
        "198112189876",
        "811218 9876",
        "samordningsnr 811278-9873",
    ],
)
def test_personnummer_masked(text):
    masked, n = mask_personnummer(text)
    assert n == 1 and MASK in masked
    assert "9876" not in masked and "9873" not in masked


@pytest.mark.parametrize(
    "text",
    [
        "tel 070-1234567",
        "811218-9875 (fel kontrollsiffra)",
        "20261118",
        "kl 21:30, 15 ungdomar",
        "991332-1234",
        "ordernr 1234567890123",
    ],
)
def test_not_personnummer(text):
    assert mask_personnummer(text) == (text, 0)


@pytest.mark.parametrize(
    ("written", "week", "span"),
    [
        ("v.48 25/11", "2026-W48", None),
        ("vecka 48 (25/11)", "2026-W48", None),
        ("23/11–29/11", "2026-W48", None),
        ("23.11 - 29.11 2026", "2026-W48", None),
        ("18/11–24/11", "2026-W48", "47–48"),  # over two weeks: the later one, said as a range
        ("28/12–3/1", "2026-W53", None),  # over the new year, inside 2026's week 53
    ],
)
def test_weeks_written_with_days(written, week, span):
    parsed = parse_week(written, today=date(2026, 11, 20))
    assert (str(parsed.week), parsed.range_of) == (week, span)


def test_a_day_outside_the_written_week_is_no_week():
    assert parse_week("v.48 2/12", today=date(2026, 11, 20)).error


def test_week_with_a_colon_in_running_text():
    assert find_week_in_text("Rapport för Vecka: 48, Vivalla") == "48"
