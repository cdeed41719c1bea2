"""The stored event surplus (tables.event_surplus) is what grouping the archive's events gives, after
every kind of write: a merge, a withdrawal and its undoing, a moved area, a confirmed label, a joined
and a split event, an export read into a new archive."""

from __future__ import annotations

import json

from est_cli.store import Archive, events
from est_cli.store import tables as t
from est_cli.workspace import load_workspace

from helpers import run_est as est


def stored_matches_grouping(root) -> dict:
    archive = Archive.open(load_workspace(root).archive_url())
    try:
        with archive.read() as conn:
            stored = events.stored_surplus(conn, [], "item", "")
            computed: dict[tuple[str, str, str], int] = {}
            for (week, area, key, _theme), n in events.surplus(events.multi_events(conn, [])).items():
                if n:
                    computed[(week, area, key)] = computed.get((week, area, key), 0) + n
            assert stored == computed
            assert conn.execute(t.event_surplus.select()).first() is not None or not computed
            return stored
    finally:
        archive.close()


def test_the_stored_surplus_follows_every_write(tmp_path):
    root = tmp_path / "demo"
    assert est("demo", str(root)).returncode == 0
    first = stored_matches_grouping(root)
    assert first[("2026-W47", "vivalla", "brand")] == 1  # the fire reported by Polisen and Räddningstjänsten

    listed = json.loads(est("händelse", "list", "--week", "2026-W47", "--json", cwd=root).stdout)["events"]
    fire = next(e for e in listed if e["key"] == "brand" and e["count"] < e["reported"])
    assert est("händelse", "skilj", str(fire["observations"][-1]), cwd=root).returncode == 0
    assert ("2026-W47", "vivalla", "brand") not in stored_matches_grouping(root)
    assert est("händelse", "samma", *map(str, fire["observations"]), cwd=root).returncode == 0
    assert stored_matches_grouping(root)[("2026-W47", "vivalla", "brand")] == 1

    reports = json.loads(est("rapport", "list", "--json", cwd=root).stdout)["reports"]
    polis = next(r["id"] for r in reports if r["area"] == "Vivalla" and r["organisation"] == "Polis")
    assert est("rapport", "återkalla", str(polis), "--orsak", "test", cwd=root).returncode == 0
    stored_matches_grouping(root)
    assert est("rapport", "återställ", str(polis), cwd=root).returncode == 0
    stored_matches_grouping(root)
    assert est("område", "byt", "Vivalla", "Vivalla centrum", cwd=root).returncode == 0
    moved = stored_matches_grouping(root)
    assert ("2026-W47", "vivalla", "brand") not in moved and moved[("2026-W47", "vivalla centrum", "brand")] == 1
    assert est("alias", "add", "Mopedåkning på gångvägar", "annat_otrygghetsskapande", cwd=root).returncode == 0
    stored_matches_grouping(root)

    backup = tmp_path / "arkiv.zip"
    assert est("arkiv", "export", str(backup), cwd=root).returncode == 0
    restored = tmp_path / "restored"
    assert est("init", str(restored), "--schema", "orebro", "--kommun", "Örebro").returncode == 0
    assert est("arkiv", "import", str(backup), cwd=restored).returncode == 0
    assert stored_matches_grouping(restored) == stored_matches_grouping(root)
