"""A file whose every report was rejected (no week) is read again when merged again, so that
`--week` can rescue it; a stored file stays "redan i arkivet"."""

from __future__ import annotations

from est_cli import store
from est_cli.demo import make_demo_workspace
from est_cli.merge import merge_paths
from est_cli.store import Archive
from est_cli.weeks import IsoWeek

from pg import use_archive

W47 = IsoWeek(2026, 47)
NO_WEEK = "Område;Vivalla\nOrganisation;Polis\nRapportör;Områdespolis\nPunkt;Antal\nBrand;2\nSkadegörelse;3\n"
WITH_WEEK = "Vecka;2026-W47\nOmråde;Vivalla\nOrganisation;ÖBO\nRapportör;Fastighetsvärd\nPunkt;Antal\nBrand;1\n"


def _state(archive):
    with archive.read() as conn:
        return store.archive_totals(conn), store.week_errors(conn, "2026-W47")


def test_a_rejected_file_is_rescued_by_week_and_then_known(tmp_path, orebro, db):
    ws, _ = make_demo_workspace(tmp_path / "ws")
    use_archive(ws, db)
    archive = Archive.open(ws.archive_url())
    rejected = tmp_path / "polis utan vecka.csv"
    rejected.write_text(NO_WEEK, "utf-8")
    other = tmp_path / "öbo.csv"
    other.write_text(WITH_WEEK, "utf-8")

    # 1. Without --week: the file is rejected, recorded, and its error is shown for the week merged.
    first = merge_paths([rejected, other], ws, orebro, archive)
    assert [(f.display, f.state, f.result.status) for f in first.files] == [
        ("polis utan vecka.csv", "ny", "rejected"),
        ("öbo.csv", "ny", "ok"),
    ]
    totals, errors = _state(archive)
    assert (totals["files"], totals["reports"], totals["rows_read"], totals["rows_stored"]) == (2, 1, 3, 1)
    assert totals["rows_read"] == totals["rows_stored"] + totals["rows_rejected"]
    assert [e["name"] for e in errors] == ["polis utan vecka.csv"]

    # Merged again without --week it is still rejected: nothing changes.
    again = merge_paths([rejected], ws, orebro, archive)
    assert [f.state for f in again.files] == ["redan i arkivet"]
    assert _state(archive) == (totals, errors)

    # 2. With --week: read again and stored, counted once; its earlier rejection is gone.
    second = merge_paths([rejected, other], ws, orebro, archive, week=W47)
    assert [f.state for f in second.files] == ["ny", "redan i arkivet"]
    assert [f.code for f in second.files[0].result.findings] == ["week-from-option"]  # always said
    totals, errors = _state(archive)
    assert (totals["files"], totals["reports"], totals["superseded"]) == (2, 2, 0)
    assert (totals["rows_read"], totals["rows_stored"], totals["rows_rejected"]) == (3, 3, 0)
    assert totals["observations"] == totals["rows_stored"]
    assert errors == []
    vivalla = {r.key: r.this_week for r in second.views["2026-W47"].overview if r.area == "Vivalla"}
    assert (vivalla["brand"], vivalla["skadegorelse"]) == (3, 3)

    # 3. Merged again (with or without --week): already in the archive, nothing changes.
    for week in (W47, None):
        third = merge_paths([rejected], ws, orebro, archive, week=week)
        assert [f.state for f in third.files] == ["redan i arkivet"]
        assert _state(archive) == (totals, errors)
    archive.close()


def test_a_dry_run_rescue_keeps_the_rejected_record(tmp_path, orebro, db):
    ws, _ = make_demo_workspace(tmp_path / "ws")
    use_archive(ws, db)
    archive = Archive.open(ws.archive_url())
    rejected = tmp_path / "polis utan vecka.csv"
    rejected.write_text(NO_WEEK, "utf-8")
    merge_paths([rejected], ws, orebro, archive)
    before = _state(archive)
    dry = merge_paths([rejected], ws, orebro, archive, week=W47, dry_run=True)
    assert [f.state for f in dry.files] == ["ny"]
    assert _state(archive) == before
    assert merge_paths([rejected], ws, orebro, archive, week=W47).files[0].state == "ny"
    assert _state(archive)[0]["reports"] == 1
    archive.close()
