"""The two-step compilation: an organisation's compilation and its sources never count twice."""

from __future__ import annotations

import pytest

from est_cli import store
from est_cli.compilation import organisation_matches
from est_cli.demo import make_demo_workspace
from est_cli.merge import merge_paths
from est_cli.store import Archive
from est_cli.weeks import IsoWeek

from pg import use_archive

W47 = IsoWeek(2026, 47)
OBO_FILES = {"ÖBO EST v47.xlsx", "vaktarrapport_v47.csv", "Checklista v.47 Vivalla - trygghetsvärd.eml"}


def counts(view):
    return {(row.area, row.key): row.this_week for row in view.overview}


@pytest.fixture(scope="module")
def compiled(tmp_path_factory, orebro):
    """Step one at ÖBO: merge the week with --organisation ÖBO and write ÖBO's compilation."""
    from est_cli.merge import write_outputs

    root = tmp_path_factory.mktemp("obo")
    ws, _ = make_demo_workspace(root / "obo")
    archive = Archive.open(ws.archive_url())
    result = merge_paths([ws.inbox], ws, orebro, archive, week=W47, organisation="ÖBO")
    write_outputs(result, ws, orebro, archive, "ÖBO")
    archive.close()
    stored = {f.display for f in result.new_files}
    assert stored == OBO_FILES
    assert {f.display for f in result.files if f.state == "annan organisation"} == {
        f.name for f in (ws.inbox).iterdir()
    } - OBO_FILES
    path = ws.drafts / "2026-W47" / "sammanstallning-öbo-2026-W47.xlsx"
    assert path.is_file()
    return path


@pytest.fixture(scope="module")
def everything(tmp_path_factory, orebro):
    """The reference: all example files merged directly."""
    ws, _ = make_demo_workspace(tmp_path_factory.mktemp("ref") / "ws")
    archive = Archive.open(ws.archive_url())
    view = merge_paths([ws.inbox], ws, orebro, archive, week=W47).views["2026-W47"]
    archive.close()
    return counts(view)


def test_compilation_reads_back_as_checklists(compiled, orebro):
    from est_cli.ingest import Options, ingest_path

    result = ingest_path(compiled, orebro, Options())
    assert sorted((r.week, r.area, r.organisation, r.reporter) for r in result.stored_reports) == [
        ("2026-W47", "Baronbackarna", "ÖBO", "Sammanställning"),
        ("2026-W47", "Vivalla", "ÖBO", "Sammanställning"),
    ]
    vivalla = next(r for r in result.stored_reports if r.area == "Vivalla")
    # ÖBO's skadegörelse in Vivalla: Husvärd 4 + Trygghetsvärd 1.
    assert vivalla.counts()["skadegorelse"] == 5
    assert not [f for f in result.findings if f.severity == "error"]


def test_compilation_then_sources_counts_once(tmp_path, compiled, everything, orebro, db):
    ws = use_archive(make_demo_workspace(tmp_path / "ws")[0], db)
    (ws.inbox / compiled.name).write_bytes(compiled.read_bytes())
    archive = Archive.open(ws.archive_url())
    result = merge_paths([ws.inbox], ws, orebro, archive, week=W47)
    assert {f.display for f in result.files if f.state == "ingår i sammanställning"} == OBO_FILES
    assert counts(result.views["2026-W47"]) == everything
    archive.close()


def test_sources_then_compilation_counts_once(tmp_path, compiled, everything, orebro, db):
    ws = use_archive(make_demo_workspace(tmp_path / "ws")[0], db)
    archive = Archive.open(ws.archive_url())
    merge_paths([ws.inbox], ws, orebro, archive, week=W47)
    result = merge_paths([compiled], ws, orebro, archive, week=W47)
    (item,) = result.new_files
    assert item.replaced == 4  # Husvärd in both areas, Trygghetsvärd Vivalla, Väktare Baronbackarna
    assert counts(result.views["2026-W47"]) == everything
    with archive.read() as conn:
        totals = store.archive_totals(conn)
    assert totals["superseded"] == 4
    archive.close()


@pytest.mark.parametrize(
    "wanted,organisation,expected",
    [
        ("polis", "Polisen", True),
        ("Polis", "Polis", True),
        ("fastighetsbolag", "ÖBO", True),
        ("ÖBO", "ÖBO", True),
        ("kommun", "Örebro kommun", True),
        ("polis", "Kommun", False),
        ("ÖBO", "Polis", False),
    ],
)
def test_organisation_matching(wanted, organisation, expected):
    assert organisation_matches(wanted, organisation) is expected
