"""`est trend`: counts per area × item/theme against a hand count, missing weeks, supersession,
themes across two schemas, the outputs read back (CSV, XLSX, JSON), the chart, the CLI."""

from __future__ import annotations

import csv
import io
import json
import struct
from pathlib import Path

import pytest

from est_cli import store
from est_cli.merge import merge_paths
from est_cli.periods import Period, parse_quarter, parse_tertial
from est_cli.schema import load_schema
from est_cli.store import Archive
from est_cli.trend import Change, compute_trend, trend_csv, write_chart, write_xlsx
from est_cli.weeks import IsoWeek
from est_cli.workspace import init_workspace

from helpers import run_est as est
from quarter_archive import VIVALLA_Q3, build_archive, write_report

# ------------------------------------------------------------------------ the fixture archive
# quarter_archive.py describes it (shared with the insatser and kvartalsanalys tests).

UNFAIR = "per vecka med rapport; inte jämförbart: 1,5 mot 1 rapporter per vecka, 1,5 mot 1 rapporter per vecka i fjol"


@pytest.fixture(scope="module")
def fixture_archive(tmp_path_factory, module_db):
    ws, archive = build_archive(tmp_path_factory.mktemp("trend"), module_db)
    yield ws, archive
    archive.close()


def trend(fixture, period, **kw):
    ws, archive = fixture
    with archive.read() as conn:
        return compute_trend(
            conn, period=period, schema=load_schema("orebro"), kommun=ws.kommun, workspace_areas=ws.areas, **kw
        )


def row(result, area, key):
    return next(r for r in result.rows if r.area == area and r.key == key)


# ------------------------------------------------------------------------ the figures


def test_quarter_counts_match_the_hand_count(fixture_archive):
    result = trend(fixture_archive, parse_quarter("2026-Q3"))
    assert (str(result.period.first), str(result.period.last)) == ("2026-W27", "2026-W39")
    skade = row(result, "Vivalla", "skadegorelse")
    expected = {f"2026-W{n:02d}": (None if c is None else c + (1 if n <= 30 else 0)) for n, c in VIVALLA_Q3.items()}
    assert skade.counts == expected
    assert skade.counts["2026-W31"] is None and skade.counts["2026-W32"] is None  # missing, not 0
    assert skade.counts["2026-W28"] == 1  # polis 0 + husvärd 1: a real count
    assert (skade.total, skade.previous_total, skade.same_period_last_year) == (25, 13, 26)
    assert skade.missing_weeks == ["2026-W31", "2026-W32"]
    # 11 weeks with reports against 13 in both comparison periods: compared per week with reports,
    # 25 / 11 = 2,27 against 13 / 13 = 1 and 26 / 13 = 2.
    assert skade.change == Change(1.3, 127.3, base=1, per_week=True)
    assert skade.change_last_year == Change(0.3, 13.6, base=2, per_week=True)
    assert skade.change.text() == "+1,3 per vecka (+127 %)"
    assert skade.change_last_year.text() == "+0,3 per vecka (+14 %)"

    brand = row(result, "Vivalla", "brand")
    assert (brand.total, brand.previous_total, brand.same_period_last_year) == (2, 0, 0)
    assert brand.change.new and brand.change.percent is None and brand.change.text() == "ny (+0,2 per vecka)"

    # Baronbackarna reported only in W27–W29: the other weeks are missing, the comparisons unknown.
    baron = row(result, "Baronbackarna", "skadegorelse")
    assert baron.total == 3 and baron.previous_total is None and baron.same_period_last_year is None
    assert baron.change.count is None and baron.change.text() == "–"
    assert [baron.counts[f"2026-W{n}"] for n in (27, 28, 29, 30)] == [1, 1, 1, None]
    assert len(baron.missing_weeks) == 10
    # Items nobody reported are 0 where the area reported, never missing.
    assert row(result, "Vivalla", "arrangemang").total == 0


def test_superseded_report_is_not_counted(fixture_archive):
    _ws, archive = fixture_archive
    with archive.read() as conn:
        assert store.archive_totals(conn)["superseded"] == 1
    result = trend(fixture_archive, Period.weeks_range(IsoWeek(2026, 33), IsoWeek(2026, 33)))
    assert row(result, "Vivalla", "skadegorelse").counts == {"2026-W33": 4}  # the corrected 4, not 9 or 13


def test_tertial_and_year_follow_the_thursday_rule(fixture_archive):
    t2 = trend(fixture_archive, parse_tertial("2026-T2"))
    assert (str(t2.period.first), str(t2.period.last)) == ("2026-W19", "2026-W35")
    assert (str(t2.last_year.first), str(t2.last_year.last)) == ("2025-W18", "2025-W35")
    skade = row(t2, "Vivalla", "skadegorelse")
    # W19–W26: 8 × 1; W27–W35: polis 2+0+1+3+4+1+0 = 11, husvärd 4 → 23. T1: W14–W18 = 5. 2025-T2: W27–W35 = 9 × 2.
    assert (skade.total, skade.previous_total, skade.same_period_last_year) == (23, 5, 18)
    assert skade.previous_missing_weeks == 13  # 2026-W01 … W13 have no reports
    year = trend(fixture_archive, Period.whole_year(2026))
    skade = row(year, "Vivalla", "skadegorelse")
    assert len(year.period.weeks) == 53
    assert (skade.total, skade.previous_total, skade.same_period_last_year) == (38, 26, 26)


def test_per_month_groups_weeks_by_their_thursday(fixture_archive):
    result = trend(fixture_archive, parse_quarter("2026-Q3"), per="month")
    assert [b.key for b in result.buckets] == ["2026-07", "2026-08", "2026-09"]
    assert [len(b.weeks) for b in result.buckets] == [5, 4, 4]  # W27–31, W32–35, W36–39
    assert row(result, "Vivalla", "skadegorelse").counts == {"2026-07": 10, "2026-08": 5, "2026-09": 10}
    assert row(result, "Baronbackarna", "skadegorelse").counts == {"2026-07": 3, "2026-08": None, "2026-09": None}


def test_by_theme_counts_two_schemas_together(fixture_archive):
    items = trend(fixture_archive, parse_quarter("2026-Q3"))
    themes = trend(fixture_archive, parse_quarter("2026-Q3"), by="theme")
    assert row(items, "Vivalla", "skadegorelse").total == 25  # Örebro's item only
    # The Malmö items are shown under their own labels when counting by item …
    malmo = row(items, "Vivalla", "klotter_skadegorelse")
    assert malmo.label == "Klotter, skadegörelse" and malmo.counts["2026-W36"] == 3
    # … and counted together with Örebro's under the shared theme.
    skade = row(themes, "Vivalla", "skadegorelse")
    assert skade.label == "Skadegörelse" and skade.total == 30 and skade.counts["2026-W36"] == 2 + 3 + 2
    assert row(themes, "Vivalla", "brand").total == 2
    keys = [r.key for r in themes.rows if r.area == "Vivalla"]
    assert keys[:2] == ["skadegorelse", "brand"] and len(keys) == len(set(keys))


def test_area_selection(fixture_archive):
    _ws, _archive = fixture_archive
    result = trend(fixture_archive, parse_quarter("2026-Q3"), areas=["vivalla"])
    assert {r.area for r in result.rows} == {"Vivalla"}
    from est_cli.trend import TrendError

    with pytest.raises(TrendError, match="Kända områden: Baronbackarna, Vivalla"):
        trend(fixture_archive, parse_quarter("2026-Q3"), areas=["Brickebacken"])


def test_aggregation_happens_in_the_database(fixture_archive, monkeypatch):
    """The core never reads observations row by row: only the grouped sums come back, the few candidate
    duplicates a window over (week, area, key, date, place) finds (store/events.py), and the
    observations the coordinator linked."""
    _ws, archive = fixture_archive
    statements: list[str] = []
    from sqlalchemy import event

    def remember(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(archive.engine, "before_cursor_execute", remember)
    try:
        trend(fixture_archive, Period.whole_year(2026))
    finally:
        event.remove(archive.engine, "before_cursor_execute", remember)
    on_observations = [s for s in statements if "observations" in s]
    assert on_observations and all(
        "GROUP BY" in s or "OVER (PARTITION BY" in s or "JOIN event_links" in s for s in on_observations
    )


# ------------------------------------------------------------------------ outputs read back


def test_json_shape(fixture_archive):
    doc = trend(fixture_archive, parse_quarter("2026-Q3")).as_dict()
    assert doc["period"] == {"from": "2026-W27", "to": "2026-W39"}
    first = doc["rows"][0]
    for key in ("area", "key", "label", "counts", "total", "reported", "previous_total", "same_period_last_year"):
        assert key in first
    skade = next(r for r in doc["rows"] if r["area"] == "Vivalla" and r["key"] == "skadegorelse")
    assert skade["counts"]["2026-W31"] is None and skade["counts"]["2026-W27"] == 3
    assert (skade["total"], skade["previous_total"], skade["same_period_last_year"]) == (25, 13, 26)
    brand = next(r for r in doc["rows"] if r["area"] == "Vivalla" and r["key"] == "brand")
    assert brand["change_percent"] is None and brand["change_text"].startswith("ny")
    json.loads(json.dumps(doc))  # plain JSON all the way


def test_csv_reads_back_in_excel_swedish(fixture_archive, tmp_path):
    from est_cli.outputs.excel_csv import write_csv_file

    result = trend(fixture_archive, parse_quarter("2026-Q3"))
    path = tmp_path / "q3.csv"
    write_csv_file(path, trend_csv(result))
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert header[:4] == ["Område", "Kategori", "Id", "2026-W27"]
    data = {(r[0], r[2]): dict(zip(header, r)) for r in rows[1:]}
    skade = data[("Vivalla", "skadegorelse")]
    assert skade["2026-W27"] == "3" and skade["2026-W31"] == "–"
    assert skade["Summa 2026-Q3"] == "25" and skade["Föregående period 2026-Q2"] == "13"
    assert skade["Förändring %"] == "127,3"  # decimal comma; per week with reports (11 against 13)
    # Vivalla sent 17 reports in 11 weeks (Polis, ÖBO for four weeks, the Malmö checklist once) against
    # one a week in both comparison periods: more than a third apart, so the comparison says so.
    assert skade["Jämförs"] == UNFAIR and skade["Rapporterat"] == "25"
    assert skade["Förändring mot fjol"] == "0,3" and skade["Veckor utan rapport"] == "v.31–32"
    assert data[("Vivalla", "brand")]["Förändring %"] == "ny"


def test_csv_never_writes_a_formula():
    from est_cli.outputs.excel_csv import csv_text

    text = csv_text(["Kategori", "Antal"], [['=HYPERLINK("x")', 3], ["-klotter", -2], ["@a", 1.5]])
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1] == ['\'=HYPERLINK("x")', "3"] and rows[2] == ["'-klotter", "-2"] and rows[3] == ["'@a", "1,5"]


def test_xlsx_reads_back(fixture_archive, tmp_path):
    from openpyxl import load_workbook

    result = trend(fixture_archive, parse_quarter("2026-Q3"))
    path = tmp_path / "q3.xlsx"
    write_xlsx(result, path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Trend", "Om siffrorna"]
    ws = wb["Trend"]
    assert not [c.coordinate for r in ws.iter_rows() for c in r if c.data_type == "f"]
    table = [[c.value for c in r] for r in ws.iter_rows(min_row=5)]
    header = table[0]
    assert header[:3] == ["Område", "Kategori", "v.27"] and header[-1] == "Id"
    skade = dict(zip(header, next(r for r in table if r[0] == "Vivalla" and r[-1] == "skadegorelse")))
    assert skade["v.27"] == 3 and skade["v.31"] == "–" and skade["Summa 2026-Q3"] == 25
    assert skade["Föregående period 2026-Q2"] == 13 and skade["Samma period i fjol 2025-Q3"] == 26
    assert skade["Förändring"] == 1.3 and skade["Förändring %"] == pytest.approx(1.273)
    assert skade["Jämförs"] == UNFAIR
    assert ws.print_title_rows == "$5:$5" and ws.page_setup.orientation == "landscape"
    # No temporary files left beside it.
    assert [p.name for p in tmp_path.iterdir()] == ["q3.xlsx"]


def test_xlsx_keeps_risky_labels_as_text(tmp_path):
    from openpyxl import load_workbook

    ws_root = tmp_path / "ws"
    ws = init_workspace(ws_root, "Örebro", "orebro", ["Vivalla"])
    archive = Archive.open(ws.archive_url())
    report = write_report(
        tmp_path, "r.csv", IsoWeek(2026, 30), "Vivalla", "Polis", "Områdespolis", {"=1+1 mopeder": 2, "Skadegörelse": 1}
    )
    merge_paths([report], ws, load_schema("orebro"), archive)
    with archive.read() as conn:
        result = compute_trend(
            conn, period=parse_quarter("2026-Q3"), schema=load_schema("orebro"), workspace_areas=ws.areas
        )
    archive.close()
    write_xlsx(result, tmp_path / "t.xlsx")
    sheet = load_workbook(tmp_path / "t.xlsx")["Trend"]
    cells = [c for r in sheet.iter_rows() for c in r if isinstance(c.value, str) and "mopeder" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)
    assert "'=1+1 mopeder" in trend_csv(result)


# ------------------------------------------------------------------------ the chart


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_chart_is_a_png_of_sensible_size(fixture_archive, tmp_path):
    result = trend(fixture_archive, parse_quarter("2026-Q3"))
    path = tmp_path / "q3.png"
    keys = write_chart(result, path)
    width, height = png_size(path)
    assert 800 <= width <= 2000 and 400 <= height <= 2400
    assert keys[0] == "skadegorelse"
    single = trend(fixture_archive, parse_quarter("2026-Q3"), areas=["Vivalla"], per="month")
    write_chart(single, tmp_path / "one.png")
    one_w, one_h = png_size(tmp_path / "one.png")
    assert one_w == width and one_h < height  # one panel per area


# ------------------------------------------------------------------------ the command line


def test_cli_table_json_csv_xlsx_chart(fixture_archive, tmp_path):
    ws, _ = fixture_archive
    w = ["--workspace", str(ws.root)]
    table = est("trend", "--quarter", "2026-Q3", *w)
    assert table.returncode == 0, table.stderr
    text = table.stdout
    assert "Händelser per kategori – kvartal 3 2026 (v.27–39), Örebro" in text
    assert "Vivalla – 11 av 13 veckor med rapport" in text and "Veckor utan rapport: v.31–32" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    line = next(line for line in text.splitlines() if line.strip().startswith("Skadegörelse"))
    assert "25" in line and "13" in line and "↑ +127 %" in line and "↑ +14 %" in line
    assert "Traceback" not in table.stderr

    as_json = est("trend", "--quarter", "2026-Q3", "--by", "theme", "--json", *w)
    assert as_json.returncode == 0, as_json.stderr
    doc = json.loads(as_json.stdout)
    assert doc["period"] == {"from": "2026-W27", "to": "2026-W39"} and doc["by"] == "theme"
    assert next(r for r in doc["rows"] if r["area"] == "Vivalla" and r["key"] == "skadegorelse")["total"] == 30

    to_stdout = est("trend", "--from", "2026-W27", "--to", "2026-W30", "--format", "csv", *w)
    assert to_stdout.returncode == 0 and to_stdout.stdout.startswith("Område;Kategori;Id;2026-W27;")

    out = tmp_path / "q3.xlsx"
    chart = tmp_path / "q3.png"
    made = est("trend", "--quarter", "2026-Q3", "--output", str(out), "--chart", str(chart), *w)
    assert made.returncode == 0, made.stderr
    assert out.is_file() and png_size(chart)[0] > 0 and made.stdout == ""


@pytest.mark.parametrize(
    "args, message",
    [
        ((), "Ange en period"),
        (("--quarter", "2026-Q5"), "Kvartalet '2026-Q5' kunde inte tolkas"),
        (("--quarter", "2026-Q3", "--year", "2026"), "Ange bara en period"),
        (("--from", "2026-W27"), "Ange både --from och --to"),
        (("--from", "2026-W39", "--to", "2026-W27"), "slutar (2026-W27) före den börjar"),
        (("--year", "2026", "--format", "xlsx"), "behöver en fil"),
        (("--year", "2026", "--by", "färg"), "--by 'färg' finns inte"),
        (("--year", "2026", "--area", "Brickebacken"), "Området 'Brickebacken' finns varken"),
        (("--year", "2026", "--chart", "x.jpg"), "PNG"),
        (("--insatser", "--window", "0"), "--window '0': ange antal veckor"),
        (("--year", "2026", "--output", "x.txt"), "Vilket format"),
    ],
)
def test_cli_usage_errors(fixture_archive, args, message):
    ws, _ = fixture_archive
    result = est("trend", *args, "--workspace", str(ws.root))
    assert result.returncode == 2, result.stderr
    assert message in " ".join(result.stderr.split()) and "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("current", "base", "text", "short"),
    [
        (17, 1, "+16 (från 1)", "↑ +16"),  # never "+1600 %" of one event
        (2, 4, "\u22122 (från 4)", "↓ \u22122"),
        (10, 5, "+5 (+100 %)", "↑ +100 %"),
        (3, 0, "ny (+3)", "↑ ny"),
        (4, 4, "±0", "±0"),
    ],
)
def test_a_percentage_only_of_a_base_of_five_or_more(current, base, text, short):
    change = Change.of(current, base)
    assert (change.text(), change.short()) == (text, short)


@pytest.mark.parametrize(
    ("current", "weeks", "base", "base_weeks", "text"),
    [
        # The styrgrupp case: 8 reported weeks against 1 ("19 (+180 (+947 %))" before): per week with
        # reports, and no percentage of a base that rests on fewer than 5 events.
        (19, 8, 1, 1, "+1,4 per vecka (från 1)"),
        (170, 8, 19, 1, "+2,2 per vecka (+12 %)"),  # 21,25 a week against 19
        (26, 13, 13, 13, "+13 (+100 %)"),  # as many weeks: the sums
        (3, 13, 4, 13, "−1 (från 4)"),
        (4, 8, 0, 2, "ny (+0,5 per vecka)"),
        (4, 8, None, 0, "–"),
    ],
)
def test_periods_with_different_reported_weeks_compare_per_week(current, weeks, base, base_weeks, text):
    assert Change.of_periods(current, weeks, base, base_weeks).text() == text
