"""`est merge`'s summary after a year of use: this run's files only, every warning with its cell (or
their number with --kort), and an empty inbox said in words (issue 13)."""

from __future__ import annotations

import shutil

from helpers import EXAMPLES, said
from helpers import run_est as est

INBOX = EXAMPLES / "inkorg"


def workspace(tmp_path):
    ws = tmp_path / "ws"
    made = est(
        "init", str(ws), "--schema", "orebro", "--kommun", "Örebro", "--omrade", "Vivalla", "--omrade", "Baronbackarna"
    )
    assert made.returncode == 0, made.stderr
    return ws


def test_every_warning_is_shown_with_its_file_and_cell(tmp_path):
    ws = workspace(tmp_path)
    shutil.copy(INBOX / "Fritidsgården Vivalla v47.xlsx", ws / "inkorg")
    ran = est("merge", "--week", "2026-W47", cwd=ws)
    text = said(ran)
    assert "Att kontrollera (3 varningar; raderna är sparade):" in text
    assert "Fritidsgården Vivalla v47.xlsx • Blad1, cell G11: Allvarlighetsgrad '7' ska vara 1, 2, 3 eller 4" in text
    assert "• Blad1, cell A17: Punkten 'Mopedåkning på gångvägar' finns inte i checklistan orebro" in text
    lines = ran.stderr.splitlines()
    assert max(len(line) for line in lines) <= 80, [line for line in lines if len(line) > 80]
    # A wrapped warning continues under its text, not at the left edge.
    start = next(n for n, line in enumerate(lines) if "cell G11" in line)
    assert lines[start].startswith("    • ") and lines[start + 1].startswith("      ")

    short = est("merge", str(INBOX / "ÖBO EST v47.xlsx"), "--week", "2026-W47", "--kort", cwd=ws)
    assert "• ÖBO EST v47.xlsx: 1 varning" in said(short) and "cell G15" not in short.stderr
    assert "utan --kort" in said(short)


def test_files_already_in_the_archive_are_counted_not_listed(tmp_path):
    ws = workspace(tmp_path)
    for name in ("Fritidsgården Vivalla v47.xlsx", "ÖBO EST v47.xlsx"):
        shutil.copy(INBOX / name, ws / "inkorg")
    assert est("merge", "--week", "2026-W47", cwd=ws).returncode in (0, 1)

    again = est("merge", cwd=ws)
    assert again.returncode == 0, again.stderr
    assert said(again) == "Inga nya filer i inkorg/ (2 filer fanns redan i arkivet)."

    shutil.copy(INBOX / "baronbackarna_v47.csv", ws / "inkorg")
    third = est("merge", cwd=ws)
    text = said(third)
    assert "baronbackarna_v47.csv" in text and "ÖBO EST v47.xlsx" not in text
    assert "2 filer fanns redan i arkivet (visa dem med --alla)." in text
    every = est("merge", "--alla", cwd=ws)
    assert "ÖBO EST v47.xlsx" in said(every) and "redan i arkivet" in said(every)


def test_an_empty_inbox_says_so(tmp_path):
    ws = workspace(tmp_path)
    ran = est("merge", cwd=ws)
    assert ran.returncode == 0 and said(ran) == "Inga nya filer i inkorg/."
    assert "vecka ?" not in ran.stderr


def test_many_warnings_of_one_kind_in_a_file_are_one_with_their_cells(tmp_path):
    """A template whose dates are all off says so once per file, with every cell – not a screenful of
    the same sentence; the workbook's Att kontrollera still lists each one."""
    ws = workspace(tmp_path)
    rows = "".join(f"Skadegörelse;1;Torget;2026-11-{day}\r\n" for day in (20, 21, 22, 23, 24))
    (ws / "inkorg" / "polisen.csv").write_bytes(
        (
            "Vecka;2026-W47\r\nOmråde;Vivalla\r\nOrganisation;Polis\r\nRapportör;Områdespolis\r\n\r\n"
            "Punkt;Antal;Plats;Datum\r\nBrand;1;Torget;2026-11-01\r\n" + rows
        ).encode("cp1252")
    )
    ran = est("merge", cwd=ws, columns=100)
    text = said(ran)
    assert "Att kontrollera (6 varningar; raderna är sparade):" in text
    assert "polisen.csv • polisen, cell A7: Händelsen har datumet 2026-11-01" in text
    assert text.count("Händelsen har datumet") == 1  # the first in full …
    assert "Samma slags varning i 5 celler till: A8, A9, A10, A11, A12" in text  # … then their cells
