"""An archive est may only read – here an SQLite file opened read-only (SQLite's own URI form, which
holds even for root); on PostgreSQL the same is tested with a read-only session (test_postgres.py)."""

from __future__ import annotations

from helpers import run_est


def test_a_read_only_file_is_read_and_a_write_is_refused_in_swedish(demo_ws):
    read_only = f"sqlite:///file:{(demo_ws / 'arkiv' / 'est.db').as_posix()}?mode=ro&uri=true"
    (demo_ws / "platser.csv").write_bytes("plats;alias;område\r\nLertagsgatan;Lertagsg.;Vivalla\r\n".encode())
    listed = run_est("plats", "list", "--db", read_only, cwd=demo_ws, columns=200)
    assert listed.returncode == 0, listed.stderr
    assert "arkivet går bara att läsa med den här användaren" in " ".join(listed.stderr.split())
    assert "Lertagsgatan" in listed.stdout
    assert not (demo_ws / "file:").exists()  # the URI names no folder to make
    (demo_ws / "inkorg" / "extra.csv").write_bytes(
        "Vecka;2026-W47\r\nOmråde;Vivalla\r\nOrganisation;Polis\r\nRapportör;Kommunpolis\r\n\r\n"
        "Punkt;Antal\r\nBrand;1\r\n".encode("cp1252")
    )
    merged = run_est("merge", "--db", read_only, cwd=demo_ws, columns=200)
    assert merged.returncode == 2
    assert "går bara att läsa med den här användaren: inget har sparats" in " ".join(merged.stderr.split())
    assert "Oväntat fel" not in merged.stderr
