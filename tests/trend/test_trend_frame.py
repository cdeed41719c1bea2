"""`est_cli.trend.frame.trend_frame`: the trend counts as a tidy pandas DataFrame, on the demo
workspace's archive (the example week 2026-W47, Örebro) – real counts, missing weeks as <NA>."""

from __future__ import annotations

import subprocess
import sys

import pytest

from est_cli.demo import make_demo_workspace
from est_cli.errors import EstError
from est_cli.merge import merge_paths
from est_cli.periods import parse_quarter
from est_cli.schema import load_schema
from est_cli.store import Archive
from est_cli.trend import compute_trend
from est_cli.trend.frame import COLUMNS, result_frame, trend_frame

from pg import use_archive

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def demo(tmp_path_factory, module_db):
    ws, _files = make_demo_workspace(tmp_path_factory.mktemp("frame") / "ws")
    use_archive(ws, module_db)
    archive = Archive.open(ws.archive_url())
    try:
        merge_paths([ws.inbox], ws, load_schema("orebro"), archive)
    finally:
        archive.close()
    return ws


def count(frame, area: str, key: str, period: str):
    match = frame[(frame.area == area) & (frame.key == key) & (frame.period == period)]
    assert len(match) == 1
    return match["count"].iloc[0]


def test_one_row_per_area_key_and_week(demo):
    frame = trend_frame(demo.root, "2026-Q4")
    assert tuple(frame.columns) == COLUMNS
    assert str(frame["count"].dtype) == "Int64"
    weeks = [f"2026-W{n}" for n in range(40, 54)]  # 2026 has 53 ISO weeks
    assert list(frame.period.unique()) == weeks
    assert list(frame.area.unique()) == ["Vivalla", "Baronbackarna"]
    pairs = frame[["area", "key"]].drop_duplicates()
    assert len(frame) == len(pairs) * len(weeks)
    assert frame.attrs == {"period": "2026-Q4", "from": "2026-W40", "to": "2026-W53", "by": "item", "per": "week"}


# examples/README.md, "Antal per punkt": the hand count over the twelve reports of the example week.
# Events, not reports: the Lertagsgatan fire 17/11 21:50 from Polisen and Nerikes Brandkår is one
# (Brand 4 reported → 3), "Ca 15 ungdomar vid Vivalla centrum kl 21-23" from Polisen and Fältgruppen
# (2 and 2) counts 2 (Samlingsplats 10 reported → 8).
HAND_COUNT_W47 = {
    "skadegorelse": (8, 11),
    "brand": (3, 2),
    "incident_mot_anstalld": (5, 0),
    "arrangemang": (3, 2),
    "samlingsplats_ungdomar": (8, 6),
    "annat_otrygghetsskapande": (4, 5),
    "otrygg_plats": (2, 2),
    "ovrigt": (2, 0),
    "Mopedåkning på gångvägar": (3, 0),
}


def test_counts_are_the_hand_count_and_missing_weeks_are_na(demo):
    frame = trend_frame(demo.root, "2026-Q4")
    w47 = frame[frame.period == "2026-W47"]
    got = {
        key: (count(frame, "Vivalla", key, "2026-W47"), count(frame, "Baronbackarna", key, "2026-W47"))
        for key in w47.key.unique()
    }
    assert got == HAND_COUNT_W47  # a 0 where the area reported is a real 0 …
    moped = w47[w47.key == "Mopedåkning på gångvägar"]
    assert moped.label.unique().tolist() == ["Mopedåkning på gångvägar"] and moped.theme.isna().all()
    assert w47[w47.key == "skadegorelse"].theme.unique().tolist() == ["skadegorelse"]
    # … and a week without any report is missing, never 0.
    assert count(frame, "Vivalla", "skadegorelse", "2026-W46") is pd.NA
    assert frame[frame.period != "2026-W47"]["count"].isna().all()
    assert w47["count"].notna().all()


def test_same_figures_as_est_trend(demo):
    frame = trend_frame(demo, "2026-Q4")  # a loaded Workspace works too
    archive = Archive.open(demo.archive_url())
    try:
        with archive.read() as conn:
            result = compute_trend(
                conn,
                period=parse_quarter("2026-Q4"),
                schema=load_schema("orebro"),
                kommun=demo.kommun,
                workspace_areas=demo.areas,
            )
    finally:
        archive.close()
    totals = frame.groupby(["area", "key"], sort=False)["count"].sum()  # NA skipped, as est trend does
    assert {(r.area, r.key): r.total for r in result.rows} == {k: int(v) for k, v in totals.items()}
    pd.testing.assert_frame_equal(result_frame(result), frame)


def test_by_theme_per_month_and_area(demo):
    frame = trend_frame(demo.root, "2026-Q4", by="theme", per="month", areas=["baronbackarna"])
    assert list(frame.period.unique()) == ["2026-10", "2026-11", "2026-12"]
    assert frame.area.unique().tolist() == ["Baronbackarna"]
    assert count(frame, "Baronbackarna", "skadegorelse", "2026-11") == 11
    assert count(frame, "Baronbackarna", "skadegorelse", "2026-10") is pd.NA
    vivalla = trend_frame(demo.root, "2026-W46..2026-W47", by="theme", areas=["Vivalla"])
    assert count(vivalla, "Vivalla", "utan_tema", "2026-W47") == 3  # the Mopedåkning row, outside the checklist
    assert count(vivalla, "Vivalla", "skadegorelse", "2026-W46") is pd.NA


def test_bad_requests_are_swedish_est_errors(demo):
    with pytest.raises(EstError, match="Perioden '2026-Q9' kunde inte tolkas"):
        trend_frame(demo.root, "2026-Q9")
    with pytest.raises(EstError, match="Området 'Oxhagen' finns varken"):
        trend_frame(demo.root, "2026-Q4", areas=["Oxhagen"])


def test_without_pandas_it_says_how_to_install_it(demo, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas → ImportError
    with pytest.raises(EstError, match=r"pip install 'est\[analys\]'"):
        trend_frame(demo.root, "2026-Q4")


@pytest.mark.slow
def test_est_itself_never_imports_pandas():
    code = "import sys, est_cli.trend, est_cli.trend.frame, est_cli.trend.report, est_cli.cli; print('pandas' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
