"""The reporting period (est.toml's rapportperiod, est_cli.reporting_period): what it is by default, how a
coordinator writes it, the days of the hot-times table and the weeks day ranges are read in."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from est_cli.clock import clock_range
from est_cli.reporting_period import ReportingWindow, default_period, parse_period, parse_weekday_time
from est_cli.weeks import IsoWeek, parse_week
from est_cli.weekview import EventRow
from est_cli.weekview.rules import hot_times
from est_cli.workspace import WorkspaceError, init_workspace, load_workspace

W47 = IsoWeek(2026, 47)
WEDNESDAY_10 = parse_weekday_time("onsdag 10:00")
THURSDAY_TO_WEDNESDAY = "torsdag 00:00 – onsdag 10:00"


def workspace_with(tmp_path, setting: str):
    """A workspace whose est.toml has the line `setting` (in place of the generated line with its key)."""
    init_workspace(tmp_path / "ws", "Örebro", "orebro", ["Vivalla"])
    config = tmp_path / "ws" / "est.toml"
    key = setting.split("=")[0].strip()
    lines = [line for line in config.read_text("utf-8").splitlines() if not line.startswith(f"{key} =")]
    config.write_text("\n".join([setting, *lines]) + "\n", "utf-8")
    return tmp_path / "ws"


# --- the setting


def test_default_is_the_seven_days_up_to_the_deadline(tmp_path):
    init_workspace(tmp_path / "ws", "Örebro", "orebro", ["Vivalla"])
    ws = load_workspace(tmp_path / "ws")
    assert ws.rapportperiod == ""  # an est.toml without the key (every workspace made before it)
    window = ws.window_for(W47)
    assert (window.start, window.end) == (datetime(2026, 11, 11, 10), datetime(2026, 11, 18, 10))
    assert window.deadline == ws.deadline_for(W47) == datetime(2026, 11, 18, 10)
    assert window.sentence() == (
        "Händelser 11 november kl. 10 – 18 november 2026, rapporter till onsdag 18 november kl. 10"
    )
    # the generated est.toml explains the setting and leaves the default in force
    text = (tmp_path / "ws" / "est.toml").read_text("utf-8")
    assert f'# rapportperiod = "{THURSDAY_TO_WEDNESDAY}"' in text
    assert "de sju dygnen fram till sista tid (onsdag 10:00 veckan före till onsdag 10:00)" in text


def test_default_follows_another_deadline(tmp_path):
    ws = load_workspace(workspace_with(tmp_path, 'deadline = "tors kl. 8.30"'))
    window = ws.window_for(W47)
    assert (window.start, window.end) == (datetime(2026, 11, 12, 8, 30), datetime(2026, 11, 19, 8, 30))


@pytest.mark.parametrize(
    "written",
    [THURSDAY_TO_WEDNESDAY, "tor 00.00 - ons 10.00", "Torsdag 0:00 till onsdag kl. 10", "torsdag 00:00—onsdag 10"],
)
def test_a_custom_period(tmp_path, written):
    ws = load_workspace(workspace_with(tmp_path, f'rapportperiod = "{written}"'))
    window = ws.window_for(W47)
    assert (window.start, window.end) == (datetime(2026, 11, 12, 0, 0), datetime(2026, 11, 18, 10, 0))
    assert window.sentence() == "Händelser 12–18 november 2026, rapporter till onsdag 18 november kl. 10"
    assert window.span_text(times=True) == "12–18 november 2026 kl. 10"


def test_a_period_may_end_days_before_the_deadline(tmp_path):
    """Monday–Sunday: the week before the meeting's week, since the reports are sent by Wednesday."""
    ws = load_workspace(workspace_with(tmp_path, 'rapportperiod = "måndag 00:00 – söndag 24:00"'))
    window = ws.window_for(W47)
    assert (window.start, window.end) == (datetime(2026, 11, 9), datetime(2026, 11, 16))
    assert window.sentence() == "Händelser 9–15 november 2026, rapporter till onsdag 18 november kl. 10"


@pytest.mark.parametrize(
    "line, said",
    [
        ('rapportperiod = "torsdag – onsdag"', "skriv första och sista dag med klockslag"),
        ('rapportperiod = "torsdag 00:00"', "skriv första och sista dag med klockslag"),
        ('rapportperiod = "fredag 25:00 – onsdag 10:00"', "skriv första och sista dag med klockslag"),
        ('rapportperiod = "torsdag 00:00 – vecka 47"', "skriv första och sista dag med klockslag"),
        ("rapportperiod = 7", "rapportperiod ska vara text"),
        ('rapportperiod = "torsdag 00:00 – onsdag 12:00"', "efter sista tid för inrapportering (onsdag 10:00)"),
        ('deadline = "onsdag förmiddag"', "deadline = 'onsdag förmiddag' går inte att läsa"),
    ],
)
def test_an_unreadable_setting_is_a_swedish_error_naming_est_toml(tmp_path, line, said):
    root = workspace_with(tmp_path, line)
    with pytest.raises(WorkspaceError) as raised:
        load_workspace(root)
    message = str(raised.value)
    assert message.startswith(f"{root / 'est.toml'}: ") and said in message
    assert "torsdag 00:00 – onsdag 10:00" in message or "onsdag 10:00" in message


def test_the_cli_says_the_error_and_stops(tmp_path):
    from helpers import run_est

    root = workspace_with(tmp_path, 'rapportperiod = "torsdag – onsdag"')
    ran = run_est("merge", cwd=root, columns=200)
    assert ran.returncode == 2
    said = " ".join(ran.stderr.split())
    assert "est.toml: rapportperiod = 'torsdag – onsdag' går inte att läsa" in said
    assert 'rapportperiod = "torsdag 00:00 – onsdag 10:00"' in said


# --- the days of the period


def labels(window: ReportingWindow) -> list[str]:
    return [window.day_label(day) for day in window.days()]


def test_the_days_of_the_default_period():
    window = default_period(WEDNESDAY_10).window(W47)
    assert labels(window) == [
        "ons 11/11 från kl. 10",
        "tor 12/11",
        "fre 13/11",
        "lör 14/11",
        "sön 15/11",
        "mån 16/11",
        "tis 17/11",
        "ons 18/11 till kl. 10",
    ]


@pytest.mark.parametrize(
    "week, days, span",
    [
        (IsoWeek(2026, 49), ["tor 26/11", "fre 27/11", "lör 28/11", "sön 29/11", "mån 30/11", "tis 1/12"],
         "26 november – 2 december 2026 kl. 10"),
        (IsoWeek(2027, 1), ["tor 31/12", "fre 1/1", "lör 2/1", "sön 3/1", "mån 4/1", "tis 5/1"],
         "31 december 2026 – 6 januari 2027 kl. 10"),
        (IsoWeek(2026, 1), ["tor 25/12", "fre 26/12", "lör 27/12", "sön 28/12", "mån 29/12", "tis 30/12"],
         "25–31 december 2025 kl. 10"),
    ],
)  # fmt: skip
def test_the_days_across_a_month_and_a_year(week, days, span):
    window = parse_period(THURSDAY_TO_WEDNESDAY, WEDNESDAY_10).window(week)
    assert labels(window) == [*days, labels(window)[-1]]
    assert labels(window)[-1].endswith(" till kl. 10") and labels(window)[-1].startswith("ons ")
    assert window.span_text(times=True) == span


def test_hot_times_rows_are_the_periods_days_with_their_dates():
    window = parse_period(THURSDAY_TO_WEDNESDAY, WEDNESDAY_10).window(IsoWeek(2027, 1))

    def event(day: date | None, time: str = "", count: int = 1) -> EventRow:
        return EventRow("Vivalla", "brand", "Brand", count, "", day, time, None, "", "", "Polis", "", "f.xlsx", "A1")

    events = [
        event(date(2026, 12, 31), "21:30"),  # Thursday: the first day
        event(date(2027, 1, 2), "natt", 2),  # Saturday, across the new year
        event(date(2027, 1, 6), "08:15"),  # Wednesday before the deadline: inside
        event(date(2027, 1, 6), "14:00"),  # Wednesday after the deadline: outside, on no day
        event(date(2026, 12, 30), "kväll"),  # the Wednesday before the period: outside
        event(None, "kväll"),
    ]
    rows = hot_times(events, window)
    assert [(r.label, r.day, r.total) for r in rows] == [
        ("tor 31/12", date(2026, 12, 31), 1),
        ("fre 1/1", date(2027, 1, 1), 0),
        ("lör 2/1", date(2027, 1, 2), 2),
        ("sön 3/1", date(2027, 1, 3), 0),
        ("mån 4/1", date(2027, 1, 4), 0),
        ("tis 5/1", date(2027, 1, 5), 0),
        ("ons 6/1 till kl. 10", date(2027, 1, 6), 1),
        ("Utanför rapportperioden", None, 2),
        ("Okänt datum", None, 1),
    ]
    assert rows[0].counts == [0, 0, 0, 1, 0] and rows[2].counts == [2, 0, 0, 0, 0]
    # nothing outside the period: no such row
    assert "Utanför rapportperioden" not in [r.label for r in hot_times(events[:3], window)]


@pytest.mark.parametrize(
    "day, time, inside",
    [
        (date(2026, 11, 11), "", True),  # the first Wednesday: from 10:00
        (date(2026, 11, 11), "09:59", False),
        (date(2026, 11, 11), "10:00", True),
        (date(2026, 11, 11), "morgon", True),  # 06–12 reaches into the period
        (date(2026, 11, 18), "09:30", True),
        (date(2026, 11, 18), "10:00", False),  # the deadline itself belongs to the next week
        (date(2026, 11, 18), "kväll", False),
        (date(2026, 11, 18), "21-23", False),
        (date(2026, 11, 18), "", True),  # a day without a time: the benefit of the doubt
        (date(2026, 11, 10), "", False),
        (date(2026, 11, 19), "", False),
    ],
)
def test_inside_the_period_on_its_first_and_last_day(day, time, inside):
    assert default_period(WEDNESDAY_10).window(W47).contains(day, time) is inside


def test_a_weekday_is_the_day_of_it_in_the_period():
    thursday = parse_period(THURSDAY_TO_WEDNESDAY, WEDNESDAY_10).window(W47)
    assert thursday.date_of_weekday(3) == date(2026, 11, 12)  # "Tor": the Thursday before the deadline (ISO 46)
    assert thursday.date_of_weekday(2) == date(2026, 11, 18)
    default = default_period(WEDNESDAY_10).window(W47)
    assert default.date_of_weekday(2) == date(2026, 11, 11)  # 14 hours of the 11th, 10 of the 18th
    assert default.date_of_weekday(2, "08:00") == date(2026, 11, 18)  # only the 18th has 08:00 inside


def test_clock_range():
    assert [clock_range(t) for t in ("21:30", "kl 14", "21-23", "kväll", "24:00", "", "okänt")] == [
        (1290, 1291),
        (840, 900),
        (1260, 1380),
        (1080, 1440),
        (1439, 1440),
        None,
        None,
    ]


# --- weeks written as days


def test_days_of_one_period_are_its_week_not_two_weeks():
    period = parse_period(THURSDAY_TO_WEDNESDAY, WEDNESDAY_10)
    read = parse_week("12/11–18/11", year=2026, period=period)
    assert (read.week, read.range_of) == (W47, None)
    # without a period (outside a workspace) the same days span ISO weeks 46 and 47, as before
    assert parse_week("12/11–18/11", year=2026).range_of == "46–47"
    assert parse_week("v.47 12/11", year=2026, period=period).week == W47
    assert parse_week("v.47 12/11", year=2026).week is None
