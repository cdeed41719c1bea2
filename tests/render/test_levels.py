"""The level suggestion: signals and severity first, then volume per report against the area's own
history; no level at all without enough history (issue 14, point 5)."""

from __future__ import annotations

import pytest

from est_cli.levelrule import LevelRule, LevelRuleError, parse_rule
from est_cli.merge import merge_paths
from est_cli.render.context import build_context
from est_cli.render.history import load_history
from est_cli.render.levels import NO_BASIS, AreaWeek, Signal, suggest_level
from est_cli.schema import SchemaError, load_schema, parse_schema
from est_cli.store import Archive
from est_cli.weeks import IsoWeek
from est_cli.weekview.build import week_view
from est_cli.workspace import WorkspaceError, init_workspace, load_workspace

from pg import use_archive
from quarter_archive import write_report

USUAL = [(6, 3)] * 4  # four earlier weeks: 6 events from 3 reports each, 2 per report


def test_first_week_never_gets_a_volume_based_level():
    for events in (0, 5, 40, 400):
        s = suggest_level(AreaWeek(events=events, reports=2))
        assert s.level is None and s.word == NO_BASIS
        assert (
            s.reason
            == "Underlag saknas: området har inga tidigare veckor med rapporter, 4 behövs för att jämföra antalet."
        )


def test_three_earlier_weeks_are_not_enough_four_are():
    assert suggest_level(AreaWeek(events=30, reports=3, history=USUAL[:3])).level is None
    assert suggest_level(AreaWeek(events=30, reports=3, history=USUAL)).level == "orange"
    # A week without reports is no history (reports 0 is dropped, not read as a calm week).
    assert suggest_level(AreaWeek(events=30, reports=3, history=[*USUAL[:3], (0, 0)])).level is None


def test_more_reports_is_not_an_increase_per_report():
    """7 reports instead of 3: 14 events is the usual 2 per report, not '2,3 gånger snittet'."""
    s = suggest_level(AreaWeek(events=14, reports=7, history=USUAL))
    assert s.level == "grön"
    assert s.reason == (
        "14 händelser från 7 rapporter (2 per rapport) mot vanligen 2 per rapport (4 veckor): ingen tydlig ökning."
    )
    assert s.baseline == 2


@pytest.mark.parametrize(
    ("events", "level"),
    [(6, "grön"), (8, "grön"), (9, "gul"), (11, "gul"), (12, "orange"), (60, "orange")],
)
def test_volume_per_report_against_own_history(events, level):
    """Same number of reports (3): 1,5 × the usual → gul, 2 × → orange, volume alone never röd;
    8 (+2) is under the minimum increase of 3."""
    assert suggest_level(AreaWeek(events=events, reports=3, history=USUAL)).level == level


def test_small_numbers_are_no_rise():
    # Usually 1 per week from 1 report; 3 this week is 3 × but only +2: normal variation.
    assert suggest_level(AreaWeek(events=3, reports=1, history=[(1, 1)] * 6)).level == "grön"
    assert suggest_level(AreaWeek(events=4, reports=1, history=[(1, 1)] * 6)).level == "orange"


def test_signals_come_first_whatever_the_volume():
    calm = dict(events=6, reports=3, history=USUAL)
    staff = Signal("Incident mot anställd", 2, 1)
    fires = Signal("Brand", 1, 3)
    assert suggest_level(AreaWeek(**calm, signals=[Signal("Brand", 1, 1)])).level == "grön"  # 1 point
    assert suggest_level(AreaWeek(**calm, signals=[fires])).level == "gul"  # 3 points
    assert suggest_level(AreaWeek(**calm, signals=[staff])).level == "gul"  # weight 2 alone
    two_staff = Signal("Incident mot anställd", 2, 2)
    s = suggest_level(AreaWeek(**calm, signals=[two_staff, fires]))  # 4 + 3 = 7 points
    assert s.level == "orange" and s.points == 7
    assert s.reason.endswith(
        "ingen tydlig ökning. Signaler: incident mot anställd 2 och brand 3 (7 poäng) – minst orange."
    )
    assert suggest_level(AreaWeek(**calm, signals=[Signal("Skjutningar", 3, 1)])).level == "orange"
    shootings = Signal("Skjutningar", 3, 3)
    assert suggest_level(AreaWeek(**calm, signals=[shootings, two_staff])).level == "orange"  # 13 points
    assert suggest_level(AreaWeek(**calm, signals=[shootings, two_staff, staff])).level == "röd"  # 15


def test_signals_are_named_even_without_history():
    s = suggest_level(AreaWeek(events=9, reports=4, signals=[Signal("Incident mot anställd", 2, 2)], max_severity=3))
    assert s.level is None
    assert s.reason == (
        "Underlag saknas: området har inga tidigare veckor med rapporter, 4 behövs för att jämföra antalet. "
        "Signaler: incident mot anställd 2 (4 poäng) – minst gul."
    )  # severity 3 raises nothing beyond the signals: not said
    s = suggest_level(AreaWeek(events=9, reports=4, max_severity=4, history=USUAL[:2]))
    assert s.reason == (
        "Underlag saknas: området har 2 tidigare veckor med rapporter, 4 behövs för att jämföra antalet. "
        "Allvarlighetsgrad 4 (mycket allvarlig) ger minst orange."
    )


def test_severity_raises():
    calm = dict(events=6, reports=3, history=USUAL)
    assert suggest_level(AreaWeek(**calm, max_severity=2)).level == "grön"
    assert suggest_level(AreaWeek(**calm, max_severity=3)).level == "gul"
    assert suggest_level(AreaWeek(**calm, max_severity=4)).level == "orange"


def test_thresholds_come_from_est_toml(tmp_path):
    ws = init_workspace(tmp_path / "ws", "Örebro", "orebro", ["Vivalla"])
    config = ws.root / "est.toml"
    text = config.read_text("utf-8")
    assert "[nivaregel]" in text and "# historik_veckor = 4" in text  # documented, commented out
    config.write_text(text.replace("# historik_veckor = 4", "historik_veckor = 2"), "utf-8")
    rule = load_workspace(ws.root).level_rule
    assert rule.history_weeks == 2 and rule.signal_yellow == 3
    assert suggest_level(AreaWeek(events=12, reports=3, history=USUAL[:2]), rule).level == "orange"
    config.write_text(text.replace("# signal_gul = 3", "signal_gul = -1"), "utf-8")
    with pytest.raises(WorkspaceError, match=r"est\.toml: \[nivaregel\] signal_gul ska vara ett tal större än 0"):
        load_workspace(ws.root)


def test_rule_values_are_checked():
    assert parse_rule(None) == LevelRule()
    assert parse_rule({"volym_gul": 1.2}).volume_yellow == 1.2
    with pytest.raises(LevelRuleError, match="okända inställningen 'signal_grön'"):
        parse_rule({"signal_grön": 2})
    with pytest.raises(LevelRuleError, match="heltal"):
        parse_rule({"historik_veckor": 2.5})
    with pytest.raises(LevelRuleError, match="signal_gul ≤ signal_orange ≤ signal_rod"):
        parse_rule({"signal_gul": 9})


def test_positive_items_cannot_be_signals():
    text = (
        "id: x\nname: X\nsections:\n  - id: s\n    title: S\n    items:\n"
        "      - {id: bra, label: Bra, theme: positivt, signal: 2}\n"
    )
    with pytest.raises(SchemaError, match="rad 7: en positiv punkt kan inte vara en varningssignal"):
        parse_schema(text, "x.yaml")


def test_builtin_schemas_declare_kinds_and_signals():
    orebro, boras, malmo = (load_schema(s) for s in ("orebro", "boras", "malmo"))
    assert orebro.signals() == {"brand": 1, "incident_mot_anstalld": 2}
    assert orebro.kinds()["arrangemang"] == "omvarld"
    assert malmo.signals()["angrepp_raddningstjanst"] == 2 and malmo.signals()["skjutningar"] == 3
    assert malmo.kinds()["positiva_skolor"] == "positive" and "positiva_skolor" not in malmo.signals()
    assert boras.kinds()["social_oro_omvarld"] == "omvarld" and boras.signals()["social_oro_omvarld"] == 1


# ----------------------------------------------------------------------------- from the archive


def _archive(tmp_path, weeks: dict[int, list[dict[str, int]]]):
    """Vivalla, one CSV per report: {week number: [rows of report 1, rows of report 2, …]}."""
    ws = use_archive(init_workspace(tmp_path / "ws", "Örebro", "orebro", ["Vivalla"]), None)
    inbox = tmp_path / "in"
    inbox.mkdir()
    for n, reports in weeks.items():
        for i, rows in enumerate(reports):
            write_report(inbox, f"v{n}-{i}.csv", IsoWeek(2026, n), "Vivalla", "Kommun", f"Rapportör {i}", rows)
    archive = Archive.open(ws.archive_url())
    merge_paths([inbox], ws, load_schema("orebro"), archive)
    return ws, archive


def _vivalla(ws, archive, week: int) -> dict:
    schema = load_schema("orebro")
    with archive.read() as conn:
        view = week_view(conn, ws, schema, IsoWeek(2026, week))
        history = load_history(conn, str(IsoWeek(2026, week)), ws.level_rule.lookback_weeks)
    return build_context(view, schema, ws, "intern", insatser=[], history=history)["omraden"][0]


def test_seven_reports_against_three_is_not_orange(tmp_path):
    """The coordinator's case: usually 3 reports with 2 events each; this week 7 reports with 2 each.
    Per week that is 14 against 6 ('2,3 gånger snittet' → orange before); per report it is the same."""
    usual = [{"Skadegörelse": 2}] * 3
    ws, archive = _archive(tmp_path, {40: usual, 41: usual, 42: usual, 43: usual, 44: [{"Skadegörelse": 2}] * 7})
    try:
        area = _vivalla(ws, archive, 44)
        assert area["niva"] == "grön"
        assert area["niva_underlag"].startswith("14 händelser från 7 rapporter (2 per rapport) mot vanligen 2")
        first = _vivalla(ws, archive, 40)
        assert first["niva"] == NO_BASIS and first["niva_namn"] == NO_BASIS
    finally:
        archive.close()


def test_positive_and_context_events_never_raise_the_level(tmp_path):
    usual = [{"Skadegörelse": 2, "Arrangemang": 1}]
    busy = [{"Skadegörelse": 2, "Arrangemang": 20}]  # twenty arrangemang: context, not a problem
    ws, archive = _archive(tmp_path, {40: usual, 41: usual, 42: usual, 43: usual, 44: busy})
    try:
        area = _vivalla(ws, archive, 44)
        assert area["niva"] == "grön" and area["totalt"] == 2
        assert [k["namn"] for k in area["kategorier"]] == ["Skadegörelse"]
    finally:
        archive.close()


# ----------------------------------------------------------------------------- fair comparisons


def test_a_week_with_more_reports_is_not_called_an_increase(tmp_path):
    """3 reports with 2 events each last week, 7 reports with 2 each this week: 14 against 6 is not
    'Ökning i antal' – the comparison says it is not comparable and gives the rate per report."""
    from openpyxl import load_workbook

    from est_cli.workbook import write_week_workbook

    ws, archive = _archive(tmp_path, {43: [{"Skadegörelse": 2}] * 3, 44: [{"Skadegörelse": 2}] * 7})
    try:
        area = _vivalla(ws, archive, 44)
        assert area["laget"] == (
            "14 händelser i 1 kategori från 7 rapporter vecka 44. Förra veckan 6 från 3 rapporter: antalen är "
            "inte jämförbara; per rapport 2 mot 2."
        )
        (category,) = area["kategorier"]
        assert category["forra"] == "inte jämförbart (7 rapporter mot 3)"
        assert category["eskalering"].startswith(
            "Antalet kan inte jämföras med förra veckan (v.43): 7 rapporter denna vecka mot 3 då."
        )
        assert "Ökning" not in category["eskalering"]
        with archive.read() as conn:
            view = week_view(conn, ws, load_schema("orebro"), IsoWeek(2026, 44))
        path = tmp_path / "w.xlsx"
        write_week_workbook(view, path)
        rows = {r[1]: r for r in load_workbook(path)["Översikt"].iter_rows(values_only=True) if r and r[0] == "Vivalla"}
        assert rows["Skadegörelse"][2:7] == (14, 6, "–", "–", "ej jämförbart")
        assert rows["Antal rapporter"][2:7] == (7, 3, "–", "–", "7 mot 3")
    finally:
        archive.close()


def test_weeks_with_about_as_many_reports_are_compared_as_they_are(tmp_path):
    ws, archive = _archive(tmp_path, {43: [{"Skadegörelse": 1}] * 5, 44: [{"Skadegörelse": 2}] * 6})
    try:
        area = _vivalla(ws, archive, 44)
        assert (
            area["laget"] == "12 händelser i 1 kategori från 6 rapporter vecka 44 (5 förra veckan, från 5 rapporter)."
        )
        assert area["kategorier"][0]["forra"] == "+7 (från 5)"
        assert area["kategorier"][0]["eskalering"].startswith("Ökning i antal mot förra veckan, från 5 till 12.")
    finally:
        archive.close()
