"""`est merge` core: the archive, idempotency, supersession, accounting, atomicity, the week view."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from est_cli import store
from est_cli.demo import DEMO_EXPECTED, make_demo_workspace
from est_cli.merge import merge_paths
from est_cli.store import Archive
from est_cli.weeks import IsoWeek
from est_cli.workspace import load_workspace

from pg import use_archive

W47 = IsoWeek(2026, 47)


@pytest.fixture
def demo(tmp_path, db):
    ws, files = make_demo_workspace(tmp_path / "ws")
    use_archive(ws, db)
    archive = Archive.open(ws.archive_url())
    yield ws, files, archive
    archive.close()


def totals(archive):
    with archive.read() as conn:
        return store.archive_totals(conn)


def test_merge_examples_end_to_end(demo, orebro):
    ws, files, archive = demo
    result = merge_paths([ws.inbox], ws, orebro, archive, week=W47)
    assert result.week == "2026-W47"
    assert len(result.new_files) == 11 and not result.rejected
    got = totals(archive)
    assert got["files"] == 11 and got["reports"] == 12 and got["superseded"] == 0
    # Nothing lost, also in the archive: every row read is stored or rejected.
    assert got["rows_read"] == got["rows_stored"] + got["rows_rejected"] == 90
    assert got["observations"] == got["rows_stored"] == 89
    view = result.views["2026-W47"]
    vivalla = {row.key: row.this_week for row in view.overview if row.area == "Vivalla"}
    # Hand count over the example files (examples/README.md): skadegörelse in Vivalla is
    # 2 (polis) + 4 (ÖBO) + 1 (Vivallaskolan) + 1 (trygghetsvärd) = 8.
    assert vivalla["skadegorelse"] == 8
    assert vivalla["Mopedåkning på gångvägar"] == 3
    assert all(row.previous_week is None for row in view.overview)  # no data the week before: not 0
    missing = sorted((e.area, e.reporter) for e in view.expected if e.status == "saknas")
    assert missing == [("Baronbackarna", "Fältgruppen"), ("Vivalla", "Socialtjänsten")]
    late = [(e.area, e.reporter) for e in view.expected if e.status == "sen"]
    assert late == [("Vivalla", "Trygghetsvärd")]
    assert [(r.code, r.location) for r in view.rejected] == [("invalid-mark", "Blad1!B13")]
    # Events, not reports: the rows of one event count once (the Lertagsgatan fire from Polisen and
    # Räddningstjänsten); as reported, the rows sum to the reports' counts.
    assert sum(e.counts for e in view.events) == sum(row.this_week for row in view.overview)
    assert sum(e.count for e in view.events) == sum(row.reported_this_week for row in view.overview)
    assert sum(e.counts for e in view.events) < sum(e.count for e in view.events)
    assert view.areas_without_reports == []


def test_area_in_est_toml_without_a_report_is_named_in_the_week_view(demo, orebro):
    ws, _, archive = demo
    ws.areas.append("Oxhagen")
    view = merge_paths([ws.inbox], ws, orebro, archive, week=W47).views["2026-W47"]
    assert view.areas_without_reports == ["Oxhagen"]
    assert "Oxhagen" not in {row.area for row in view.overview}


def test_merge_twice_changes_nothing(demo, orebro):
    ws, _, archive = demo
    merge_paths([ws.inbox], ws, orebro, archive, week=W47)
    before = totals(archive)
    again = merge_paths([ws.inbox], ws, orebro, archive, week=W47)
    assert totals(archive) == before
    assert [f.state for f in again.files] == ["redan i arkivet"] * 11
    assert (
        again.views["2026-W47"].overview
        == merge_paths([ws.inbox], ws, orebro, archive, week=W47).views["2026-W47"].overview
    )


def test_input_files_are_never_changed(demo, orebro):
    ws, files, archive = demo
    before = {p: (p.read_bytes(), p.stat().st_mtime) for p in files}
    merge_paths([ws.inbox], ws, orebro, archive, week=W47)
    assert {p: (p.read_bytes(), p.stat().st_mtime) for p in files} == before


def _polis_csv(folder: Path, name: str, skadegorelse: int, when: datetime) -> Path:
    path = folder / name
    path.write_text(
        "Vecka;2026-W47\r\nOmråde;Vivalla\r\nOrganisation;Polis\r\nRapportör;Områdespolis\r\n\r\n"
        f"Punkt;Förekomst;Antal\r\nSkadegörelse;Ja;{skadegorelse}\r\nBrand;Nej;\r\n",
        encoding="cp1252",
    )
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def test_corrected_resubmission_supersedes_and_the_old_stays(tmp_path, orebro, db):
    ws, _ = make_demo_workspace(tmp_path / "ws")
    use_archive(ws, db)
    archive = Archive.open(ws.archive_url())
    first = _polis_csv(tmp_path, "polis.csv", 2, datetime(2026, 11, 18, 9, 0))
    merge_paths([first], ws, orebro, archive, week=W47)
    fixed = _polis_csv(tmp_path, "polis rättad.csv", 5, datetime(2026, 11, 18, 9, 30))
    result = merge_paths([fixed], ws, orebro, archive, week=W47)
    assert [(s.old_source, s.new_source) for s in result.superseded] == [("polis.csv", "polis rättad.csv")]
    view = result.views["2026-W47"]
    assert {r.key: r.this_week for r in view.overview if r.area == "Vivalla"}["skadegorelse"] == 5
    got = totals(archive)
    assert (got["reports"], got["superseded"], got["files"]) == (1, 1, 2)
    # An older file merged afterwards does not win over the newer one.
    older = _polis_csv(tmp_path, "polis gammal.csv", 9, datetime(2026, 11, 17, 8, 0))
    view = merge_paths([older], ws, orebro, archive, week=W47).views["2026-W47"]
    assert {r.key: r.this_week for r in view.overview if r.area == "Vivalla"}["skadegorelse"] == 5
    archive.close()


def test_failed_merge_leaves_the_archive_as_before(demo, orebro, monkeypatch):
    ws, _, archive = demo
    before = totals(archive)
    real = store.store_file
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("injected failure after the first report")
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "store_file", failing)
    with pytest.raises(RuntimeError):
        merge_paths([ws.inbox], ws, orebro, archive, week=W47)
    assert totals(archive) == before
    monkeypatch.setattr(store, "store_file", real)
    merge_paths([ws.inbox], ws, orebro, archive, week=W47)
    assert totals(archive)["files"] == 11


def test_dry_run_stores_nothing_but_shows_the_week(demo, orebro):
    ws, _, archive = demo
    result = merge_paths([ws.inbox], ws, orebro, archive, week=W47, dry_run=True)
    assert result.views["2026-W47"].overview and totals(archive)["files"] == 0


def test_new_area_one_letter_off_and_report_for_another_week(tmp_path, orebro, db):
    ws, _ = make_demo_workspace(tmp_path / "ws")
    use_archive(ws, db)
    archive = Archive.open(ws.archive_url())
    path = tmp_path / "x.csv"
    path.write_text(
        "Vecka;2026-W46\nOmråde;Vivala\nOrganisation;Polis\nRapportör;Områdespolis\nPunkt;Antal\nBrand;1\n", "utf-8"
    )
    other = tmp_path / "y.csv"
    other.write_text(
        "Vecka;2026-W47\nOmråde;Brickebacken\nOrganisation;Polis\nRapportör;X\nPunkt;Antal\nBrand;1\n", "utf-8"
    )
    result = merge_paths([path, other], ws, orebro, archive, week=W47)
    assert result.new_areas == {"Vivala": "Vivalla", "Brickebacken": None}
    assert result.other_weeks == {"2026-W46": ["x.csv"]}
    assert set(result.views) == {"2026-W46", "2026-W47"}
    archive.close()


def test_comparison_weeks_and_missing_data(tmp_path, orebro, db):
    ws, _ = make_demo_workspace(tmp_path / "ws")
    use_archive(ws, db)
    archive = Archive.open(ws.archive_url())
    for week, n in (("2026-W46", 1), ("2025-W47", 4), ("2026-W47", 3)):
        path = tmp_path / f"{week}.csv"
        path.write_text(
            f"Vecka;{week}\nOmråde;Vivalla\nOrganisation;Polis\nRapportör;Områdespolis\nPunkt;Antal\nBrand;{n}\n",
            "utf-8",
        )
        merge_paths([path], ws, orebro, archive)
    view = merge_paths([tmp_path / "2026-W47.csv"], ws, orebro, archive).views["2026-W47"]
    (brand,) = [r for r in view.overview if r.key == "brand"]
    assert (brand.this_week, brand.previous_week, brand.week_before, brand.same_week_last_year) == (3, 1, None, 4)
    archive.close()


def test_workspace_config_round_trip(tmp_path):
    ws, _ = make_demo_workspace(tmp_path / "ws")
    again = load_workspace(tmp_path / "ws")
    assert again.areas == ["Vivalla", "Baronbackarna"]
    assert len(again.expected) == sum(len(f) for orgs in DEMO_EXPECTED.values() for f in orgs.values())
    assert again.deadline_for(W47) == datetime(2026, 11, 18, 10, 0)
    text = (tmp_path / "ws" / "est.toml").read_text("utf-8")
    assert "# Kommunens namn" in text and '"ÖBO" = ["Husvärd", "Trygghetsvärd"]' in text
    assert again.archive_url().startswith("sqlite:///") and again.archive_url().endswith("/ws/arkiv/est.db")
    os.environ["EST_DB_URL"] = "sqlite:///annat.db"
    try:
        assert again.archive_url().endswith("/ws/annat.db")
    finally:
        del os.environ["EST_DB_URL"]
    shutil.rmtree(tmp_path / "ws")


def test_busy_archive_is_a_swedish_message_and_nothing_is_written(tmp_path, monkeypatch):
    """Another process holds the write lock longer than the wait: "upptaget", not "database is locked"."""
    import sqlite3

    from est_cli.store import Archive, ArchiveError
    from est_cli.store import engine as engine_module

    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    db = tmp_path / "est.db"
    archive = Archive.open(f"sqlite:///{db}")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ArchiveError, match="upptaget.*inget har sparats"):
            with archive.write() as conn:
                conn.exec_driver_sql("INSERT INTO merges (started_at) VALUES ('2026-11-18')")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with archive.read() as conn:
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM merges").scalar_one() == 0
    with archive.write() as conn:  # free again: writes work
        conn.exec_driver_sql("INSERT INTO merges (started_at) VALUES ('2026-11-18')")
    archive.close()


def test_an_archive_to_migrate_is_busy_while_another_process_writes(tmp_path, monkeypatch):
    """Migrating takes the write lock: an older archive opened during a merge says "upptaget"."""
    import sqlite3

    from est_cli.store import Archive, ArchiveError
    from est_cli.store import engine as engine_module
    from est_cli.store import tables as t

    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    db = tmp_path / "est.db"
    Archive.open(f"sqlite:///{db}").close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute(f"UPDATE schema_version SET version = {t.SCHEMA_VERSION - 1}")  # the last step is repeatable
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ArchiveError, match="upptaget"):
            Archive.open(f"sqlite:///{db}")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    Archive.open(f"sqlite:///{db}").close()  # free again: migrated
    with sqlite3.connect(db) as check:
        assert check.execute("SELECT version FROM schema_version").fetchone() == (t.SCHEMA_VERSION,)


def test_a_current_archive_opens_while_another_process_writes(tmp_path, monkeypatch):
    """Opening a current archive is a read: trend and render do not wait for a running merge."""
    import sqlite3

    from est_cli.store import Archive
    from est_cli.store import engine as engine_module

    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    db = tmp_path / "est.db"
    Archive.open(f"sqlite:///{db}").close()  # created: now current
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a merge holding the write lock
    try:
        archive = Archive.open(f"sqlite:///{db}")
        with archive.read() as conn:
            assert conn.exec_driver_sql("SELECT COUNT(*) FROM reports").scalar_one() == 0
        archive.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
