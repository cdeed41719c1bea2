"""What the archive must do the same on SQLite and PostgreSQL beyond the shared archive tests (which
take the `db` fixture too): texts of any length, one snapshot per read, clear errors for an archive
that cannot be opened. Run with EST_TEST_PG_URL set (README, 'The archive on PostgreSQL')."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest

from est_cli import store
from est_cli.demo import make_demo_workspace
from est_cli.merge import merge_paths
from est_cli.store import Archive
from est_cli.weeks import IsoWeek

from pg import use_archive

pytestmark = pytest.mark.slow  # a PostgreSQL server

W47 = IsoWeek(2026, 47)


def test_long_texts_are_stored_whole(tmp_path, orebro, db):
    """Header values and cells are the reporters' own text: no length of theirs may fail a merge."""
    ws = use_archive(make_demo_workspace(tmp_path / "ws")[0], db)
    area = "Vivalla " + "och kvarteren runt torget " * 12
    organisation, reporter = "Polis " + "x" * 250, "Områdespolis " + "y" * 250
    time = "kl 19811218-9876 eller strax efter, " + "z" * 3  # 40 characters, longer once masked
    path = tmp_path / "lång.csv"
    path.write_text(
        f"Vecka;2026-W47\nOmråde;{area}\nOrganisation;{organisation}\nRapportör;{reporter}\n"
        f"Punkt;Antal;Tid\nBrand;2;{time}\n{'Egen punkt ' * 30};1;\n",
        "utf-8",
    )
    archive = Archive.open(ws.archive_url())
    try:
        result = merge_paths([path], ws, orebro, archive, week=W47)
        assert not result.rejected and len(result.new_files) == 1
        with archive.read() as conn:
            (report,) = store.active_reports(conn, "2026-W47")
            events = store.week_observations(conn, "2026-W47")
    finally:
        archive.close()
    assert (report["area"], report["organisation"], report["reporter"]) == (area.strip(), organisation, reporter)
    assert {e["key"] for e in events} == {"brand", ("Egen punkt " * 30).strip()}
    (brand,) = [e for e in events if e["key"] == "brand"]
    assert "personnummer borttaget" in brand["time"] and "9876" not in brand["time"]


def test_events_without_a_date_come_first_on_both_engines(tmp_path, orebro, db):
    ws = use_archive(make_demo_workspace(tmp_path / "ws")[0], db)
    path = tmp_path / "logg.csv"
    path.write_text(
        "Vecka;Område;Organisation;Rapportör;Datum;Händelse;Plats\n"
        "47;Vivalla;Polis;Områdespolis;2026-11-17;Brand;B\n"
        "47;Vivalla;Polis;Områdespolis;;Brand;A\n"
        "47;Vivalla;Polis;Områdespolis;2026-11-16;Brand;C\n",
        "utf-8",
    )
    archive = Archive.open(ws.archive_url())
    try:
        merge_paths([path], ws, orebro, archive, week=W47)
        with archive.read() as conn:
            events = store.week_observations(conn, "2026-W47")
    finally:
        archive.close()
    assert [(e["date"], e["place"]) for e in events] == [
        (None, "A"),
        (date(2026, 11, 16), "C"),
        (date(2026, 11, 17), "B"),
    ]


def test_a_read_sees_one_snapshot(tmp_path, orebro, db):
    """A reader (est render, est trend) sees the archive as it was when its read began, even when a
    merge commits in between – as in a SQLite read transaction."""
    ws = use_archive(make_demo_workspace(tmp_path / "ws")[0], db)
    archive = Archive.open(ws.archive_url())
    other = Archive.open(ws.archive_url())
    try:
        with archive.read() as conn:
            before = store.archive_totals(conn)
            merge_paths([ws.inbox], ws, orebro, other, week=W47)  # another coordinator's merge
            assert store.archive_totals(conn) == before
        with archive.read() as conn:
            assert store.archive_totals(conn)["files"] == before["files"] + 11
    finally:
        archive.close()
        other.close()


def test_an_archive_that_cannot_be_opened_is_one_swedish_line(tmp_path):
    """No server, wrong driver: exit 2 with one message, the password never shown."""
    assert make_demo_workspace(tmp_path / "ws")
    env = dict(os.environ, COLUMNS="200", NO_COLOR="1", PYTHONIOENCODING="utf-8")
    env.pop("EST_DB_URL", None)
    for url, expected in (
        ("postgresql://est:hemligt@127.0.0.1:1/est", "kan inte öppnas"),
        ("postgresql+psycopg2://est:hemligt@127.0.0.1:1/est", "postgresql+psycopg://"),
    ):
        result = subprocess.run(
            [sys.executable, "-m", "est_cli", "merge", "--workspace", str(tmp_path / "ws"), "--db", url],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert result.returncode == 2, result.stderr
        assert expected in result.stderr and "est:***@127.0.0.1:1/est" in result.stderr
        assert "hemligt" not in result.stderr and "Traceback" not in result.stderr


def test_migration_to_version_4_lifts_the_length_limits(tmp_path, orebro, db):
    """A version 3 archive (VARCHAR(n) columns, enforced by PostgreSQL) takes long texts after opening."""
    from sqlalchemy import MetaData, String, inspect, select

    from est_cli.store import tables as t
    from est_cli.store.engine import open_engine, writer

    ws = use_archive(make_demo_workspace(tmp_path / "ws")[0], db)
    old = MetaData()
    for table in t.metadata.sorted_tables:
        table.to_metadata(old)
    v3_lengths = {
        ("merges", "organisation"): 200,
        ("reports", "schema_id"): 100,
        ("reports", "area_key"): 200,
        ("reports", "organisation_key"): 200,
        ("reports", "reporter_key"): 200,
        ("observations", "item_id"): 100,
        ("observations", "theme"): 50,
        ("observations", "section_id"): 100,
        ("observations", "time"): 40,
        ("insatser", "area_key"): 200,
    }
    for (table, column), length in v3_lengths.items():
        old.tables[table].c[column].type = String(length)
    engine = open_engine(ws.archive_url())
    with writer(engine).begin() as conn:
        old.create_all(conn)
        conn.execute(t.schema_version.insert().values(version=3))
    engine.dispose()

    archive = Archive.open(ws.archive_url())
    try:
        with archive.read() as conn:
            assert conn.execute(select(t.schema_version.c.version)).scalar_one() == t.SCHEMA_VERSION
            if db:
                types = {c["name"]: str(c["type"]) for c in inspect(conn).get_columns("reports")}
                assert types["area_key"] == "TEXT" and types["week"] == "VARCHAR(10)"
        path = tmp_path / "lång.csv"
        path.write_text(
            f"Vecka;2026-W47\nOmråde;{'Vivalla ' * 40}\nOrganisation;Polis\nRapportör;X\nPunkt;Antal\nBrand;1\n",
            "utf-8",
        )
        assert len(merge_paths([path], ws, orebro, archive, week=W47).new_files) == 1
    finally:
        archive.close()


def test_a_read_only_connection_reads_on_and_saves_nothing(tmp_path):
    """A coordinator whose role may only read a shared archive (here: a read-only session, as on a
    standby server) still gets its lists after platser.csv was edited – said in one line –, and a
    merge stops with a Swedish message, not 'Oväntat fel'."""
    from helpers import run_est
    from pg import fresh_database

    with fresh_database("readonly") as url:
        ws = use_archive(make_demo_workspace(tmp_path / "ws")[0], url)
        assert run_est("merge", "--week", "2026-W47", cwd=ws.root).returncode in (0, 1)
        (ws.root / "platser.csv").write_bytes("plats;alias;område\r\nLertagsgatan;Lertagsg.;Vivalla\r\n".encode())
        read_only = url + "?options=-c%20default_transaction_read_only%3Don"
        listed = run_est("plats", "list", "--db", read_only, cwd=ws.root, columns=200)
        assert listed.returncode == 0, listed.stderr
        said = " ".join(listed.stderr.split())
        assert "arkivet går bara att läsa med den här användaren: platserna räknas som före ändringen" in said
        assert "Lertagsgatan" in listed.stdout
        (ws.root / "inkorg" / "extra.csv").write_bytes(
            "Vecka;2026-W47\r\nOmråde;Vivalla\r\nOrganisation;Polis\r\nRapportör;Kommunpolis\r\n\r\n"
            "Punkt;Antal\r\nBrand;1\r\n".encode("cp1252")
        )
        merged = run_est("merge", "--db", read_only, cwd=ws.root, columns=200)
        assert merged.returncode == 2, merged.stderr
        assert "går bara att läsa med den här användaren: inget har sparats" in " ".join(merged.stderr.split())
        assert "Oväntat fel" not in merged.stderr and "Traceback" not in merged.stderr
