"""Period arithmetic: quarters, tertials, years, months and week ranges → ISO weeks by the Thursday
rule, across year boundaries and in 53-week years (2020, 2026); previous period; same period last year."""

from __future__ import annotations

from datetime import date

import pytest

from est_cli.periods import (
    Period,
    PeriodError,
    buckets,
    count_weeks,
    month_of,
    parse_month,
    parse_period,
    parse_quarter,
    parse_range,
    parse_tertial,
    parse_year,
    weeks_between,
)
from est_cli.weeks import IsoWeek, weeks_in_year


def span(p: Period) -> tuple[str, str, int]:
    return str(p.first), str(p.last), len(p.weeks)


def test_2026_quarters_by_the_thursday_rule():
    assert weeks_in_year(2026) == 53
    assert span(parse_quarter("2026-Q1")) == ("2026-W01", "2026-W13", 13)
    assert span(parse_quarter("2026-Q2")) == ("2026-W14", "2026-W26", 13)
    assert span(parse_quarter("2026-Q3")) == ("2026-W27", "2026-W39", 13)
    # W40 starts on Monday 28 September but its Thursday is 1 October: it is a Q4 week.
    assert IsoWeek(2026, 40).monday() == date(2026, 9, 28) and month_of(IsoWeek(2026, 40)) == (2026, 10)
    assert span(parse_quarter("2026-Q4")) == ("2026-W40", "2026-W53", 14)


def test_2026_tertials():
    assert span(parse_tertial("2026-T1")) == ("2026-W01", "2026-W18", 18)
    assert span(parse_tertial("2026-T2")) == ("2026-W19", "2026-W35", 17)  # Thursdays 7 May … 27 August
    assert span(parse_tertial("2026-T3")) == ("2026-W36", "2026-W53", 18)  # W36: Monday 31 Aug, Thursday 3 Sep


def test_year_boundaries():
    # 2025-W01 starts on Monday 30 December 2024 but its Thursday is 2 January 2025.
    q1 = parse_quarter("2025-Q1")
    assert q1.first == IsoWeek(2025, 1) and q1.first.monday() == date(2024, 12, 30)
    assert span(parse_quarter("2024-Q4")) == ("2024-W40", "2024-W52", 13)
    # 2026-W53 (Thursday 31 December) is the last week of 2026, not of 2027.
    assert parse_quarter("2027-Q1").first == IsoWeek(2027, 1) and IsoWeek(2027, 1).monday() == date(2027, 1, 4)
    assert span(parse_year("2026")) == ("2026-W01", "2026-W53", 53)
    assert span(parse_year("2027")) == ("2027-W01", "2027-W52", 52)
    # 2020 has 53 weeks too; 2021-W01 starts on 4 January 2021.
    assert span(parse_quarter("2020-Q4")) == ("2020-W40", "2020-W53", 14)
    assert span(parse_tertial("2021-T1")) == ("2021-W01", "2021-W17", 17)
    assert span(parse_month("2026-12")) == ("2026-W49", "2026-W53", 5)
    assert span(parse_month("2027-01")) == ("2027-W01", "2027-W04", 4)


@pytest.mark.parametrize("year", range(2015, 2036))
def test_every_week_of_a_year_in_exactly_one_quarter_tertial_and_month(year):
    weeks = [IsoWeek(year, n) for n in range(1, weeks_in_year(year) + 1)]
    assert Period.whole_year(year).weeks == weeks
    assert [w for q in range(1, 5) for w in Period.quarter(year, q).weeks] == weeks
    assert [w for t in range(1, 4) for w in Period.tertial(year, t).weeks] == weeks
    assert [w for m in range(1, 13) for w in Period.month(year, m).weeks] == weeks
    for week in weeks:  # the month holding the Thursday, always in the week's own ISO year
        assert month_of(week)[0] == year


def test_previous_period():
    assert parse_quarter("2026-Q3").previous() == Period.quarter(2026, 2)
    assert parse_quarter("2026-Q1").previous() == Period.quarter(2025, 4)
    assert parse_tertial("2026-T1").previous() == Period.tertial(2025, 3)
    assert parse_year("2027").previous() == Period.whole_year(2026)
    assert parse_month("2027-01").previous() == Period.month(2026, 12)
    # A range: the same number of weeks just before, across the new year (2025 has 52 weeks).
    assert span(parse_range("2026-W01", "2026-W05").previous()) == ("2025-W48", "2025-W52", 5)
    assert span(parse_range("2027-W01", "2027-W03").previous()) == ("2026-W51", "2026-W53", 3)
    assert span(parse_range("2026-W27", "2026-W39").previous()) == ("2026-W14", "2026-W26", 13)


def test_same_period_last_year():
    # The same label one year earlier, whatever its weeks.
    assert span(parse_quarter("2026-Q3").same_period_last_year()) == ("2025-W27", "2025-W39", 13)
    assert span(parse_quarter("2026-Q4").same_period_last_year()) == ("2025-W40", "2025-W52", 13)
    assert span(parse_tertial("2026-T2").same_period_last_year()) == ("2025-W18", "2025-W35", 18)
    assert span(parse_year("2021").same_period_last_year()) == ("2020-W01", "2020-W53", 53)
    # A range: the same week numbers; week 53 becomes 52 when last year has none.
    assert span(parse_range("2026-W27", "2026-W39").same_period_last_year()) == ("2025-W27", "2025-W39", 13)
    assert span(parse_range("2026-W50", "2026-W53").same_period_last_year()) == ("2025-W50", "2025-W52", 3)
    assert span(parse_range("2026-W53", "2027-W02").same_period_last_year()) == ("2025-W52", "2026-W02", 3)
    assert span(parse_range("2021-W01", "2021-W05").same_period_last_year()) == ("2020-W01", "2020-W05", 5)


def test_ranges_across_the_new_year():
    p = parse_range("2026-W50", "2027-W03")
    assert [str(w) for w in p.weeks] == [
        "2026-W50",
        "2026-W51",
        "2026-W52",
        "2026-W53",
        "2027-W01",
        "2027-W02",
        "2027-W03",
    ]
    assert len(p) == 7 == count_weeks(p.first, p.last)
    assert p.title == "v.50 2026–v.3 2027" and p.label == "2026-W50–2027-W03"
    assert weeks_between(IsoWeek(2020, 52), IsoWeek(2021, 1)) == [
        IsoWeek(2020, 52),
        IsoWeek(2020, 53),
        IsoWeek(2021, 1),
    ]
    assert [b.key for b in buckets(p, "month")] == ["2026-12", "2027-01"]
    assert [len(b.weeks) for b in buckets(p, "month")] == [4, 3]


def test_buckets_per_month():
    q3 = buckets(parse_quarter("2026-Q3"), "month")
    assert [(b.key, b.title, len(b.weeks)) for b in q3] == [
        ("2026-07", "jul 2026", 5),
        ("2026-08", "aug 2026", 4),
        ("2026-09", "sep 2026", 4),
    ]
    weeks = buckets(parse_quarter("2026-Q3"))
    assert weeks[0].key == "2026-W27" and weeks[0].title == "v.27" and len(weeks) == 13


def test_labels_and_titles():
    assert parse_quarter("2026-Q3").describe() == "kvartal 3 2026 (v.27–39)"
    assert parse_tertial("2026-T2").describe() == "tertial 2 2026 (v.19–35)"
    assert parse_year("2026").describe() == "år 2026 (v.1–53)"
    assert parse_month("2026-07").title == "juli 2026"
    assert parse_range("2026-W27", "2026-W39").describe() == "v.27–39 2026"
    assert [parse_period(x).label for x in ("2026-Q3", "2026-T2", "2026", "2026-07")] == [
        "2026-Q3",
        "2026-T2",
        "2026",
        "2026-07",
    ]
    assert parse_quarter("Q3 2026") == parse_quarter("2026q3") == Period.quarter(2026, 3)


@pytest.mark.parametrize(
    "parse, text",
    [
        (parse_quarter, "2026-Q5"),
        (parse_quarter, "Q3"),
        (parse_tertial, "2026-T4"),
        (parse_year, "26"),
        (parse_month, "2026-13"),
        (parse_period, "förra kvartalet"),
    ],
)
def test_unreadable_periods_say_how_to_write_them(parse, text):
    with pytest.raises(PeriodError, match="skriv t.ex."):
        parse(text)


def test_range_errors():
    with pytest.raises(PeriodError, match="slutar"):
        parse_range("2026-W39", "2026-W27")
    with pytest.raises(PeriodError, match="2025-W53"):
        parse_range("2025-W53", "2026-W02")  # 2025 has no week 53


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (
            {"year": "2026"},
            "Jämförs med föregående period, som också är samma period förra året: år 2025 (v.1–52).",
        ),
        (
            {"quarter": "2026-Q4"},
            "Jämförs med föregående period kvartal 3 2026 (v.27–39) och samma period förra året kvartal 4 2025 "
            "(v.40–52).",
        ),
    ],
)
def test_the_comparison_is_said_once_when_both_periods_are_the_same(options, said):
    from est_cli.periods import comparison_text, period_from_options

    period = period_from_options(**options)
    assert comparison_text(period.previous(), period.same_period_last_year()) == said
