"""The archive's place keys follow the workspace's platser.csv (store/place_keys.py, place_sync.py) on
SQLite and PostgreSQL: an edit of the file keys the observations again and recomputes the event surplus
of the weeks that changed, once; a moved area counts by the new area's places; an imported archive is
keyed with the importing workspace's register."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from est_cli.place_register import REGISTER_FILE
from est_cli.place_sync import sync_places
from est_cli.store import Archive, events, place_keys
from est_cli.store import tables as t
from est_cli.workspace import load_workspace

from helpers import run_est as est
from pg import use_archive

WEEK = "2026-W48"
HEADER = "Vecka;Område;Organisation;Rapportör;Datum;Tid;Händelse;Plats;Antal;Kommentar"
TUNNEL = "Gångtunneln vid Bettorpsgatan"


def report(path: Path, organisation: str, place: str, time: str, comment: str) -> Path:
    row = f"48;Norrby;{organisation};{organisation} Norrby;2026-11-24;{time};Brand;{place};1;{comment}"
    path.write_text(f"{HEADER}\n{row}\n", "utf-8")
    return path


def state(ws) -> tuple[dict, dict, str | None]:
    """(stored surplus, surplus by grouping the archive now, the applied register's fingerprint)."""
    archive = Archive.open(ws.archive_url())
    try:
        with archive.read() as conn:
            stored = events.stored_surplus(conn, [], "item", "")
            computed = {
                (week, area, key): n
                for (week, area, key, _), n in events.surplus(events.multi_events(conn, [])).items()
                if n
            }
            return stored, computed, place_keys.applied(conn)
    finally:
        archive.close()


def sync(ws):
    archive = Archive.open(ws.archive_url())
    try:
        return sync_places(archive, ws)
    finally:
        archive.close()


def test_register_edits_key_the_archive_again(tmp_path, db):
    root = tmp_path / "ws"
    assert est("init", str(root), "--schema", "orebro", "--kommun", "Örebro", "--omrade", "Norrby").returncode == 0
    ws = use_archive(load_workspace(root), db)
    polis = report(tmp_path / "polis.csv", "Polisen", TUNNEL, "21:50", "Brand i papperskorg")
    rtj = report(tmp_path / "rtj.csv", "Räddningstjänsten", "Bettorpsgatan tunneln", "22:10", "Papperskorgsbrand")
    assert est("merge", str(polis), str(rtj), "--week", WEEK, cwd=root).returncode in (0, 1)
    stored, computed, applied = state(ws)
    assert stored == computed == {} and applied is not None  # the merge keyed with the (empty) register
    assert sync(ws) is None

    (root / REGISTER_FILE).write_text(f"plats;alias;område\n{TUNNEL};Bettorpsgatan tunneln;Norrby\n", "utf-8")
    change = sync(ws)
    assert change is not None and (change.observations, change.weeks, change.fewer_events) == (1, [WEEK], 1)
    stored, computed, applied = state(ws)
    assert stored == computed == {(WEEK, "norrby", "brand"): 1}
    assert sync(ws) is None  # in step: nothing done twice

    # A place is registered per area: moved to Oxhagen, the spellings are two places again.
    assert est("område", "byt", "Norrby", "Oxhagen", cwd=root).returncode == 0
    stored, computed, _ = state(ws)
    assert stored == computed == {}
    archive = Archive.open(ws.archive_url())
    try:
        with archive.read() as conn:
            keys = sorted(conn.execute(select(t.observations.c.place_key)).scalars())
    finally:
        archive.close()
    assert keys == ["bettorpsgatan gångtunneln", "bettorpsgatan tunneln"]
    assert est("område", "byt", "Oxhagen", "Norrby", cwd=root).returncode == 0
    assert state(ws)[0] == {(WEEK, "norrby", "brand"): 1}

    # An export read into a workspace without the alias is keyed with that workspace's register.
    backup = tmp_path / "arkiv.zip"
    assert est("arkiv", "export", str(backup), cwd=root).returncode == 0
    other = tmp_path / "other"
    assert est("init", str(other), "--schema", "orebro", "--kommun", "Örebro", "--omrade", "Norrby").returncode == 0
    assert est("arkiv", "import", str(backup), cwd=other).returncode == 0
    imported = load_workspace(other)
    stored, computed, applied = state(imported)
    assert applied is None and stored == {(WEEK, "norrby", "brand"): 1}  # as exported, until the next command
    trend = est("trend", "--from", WEEK, "--to", WEEK, "--json", cwd=other)
    assert trend.returncode == 0 and '"total": 2' in trend.stdout
    stored, computed, applied = state(imported)
    assert stored == computed == {} and applied is not None
