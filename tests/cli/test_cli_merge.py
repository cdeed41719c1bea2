"""`est init`, `est merge` and `est demo` as a coordinator runs them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from helpers import ROOT
from helpers import run_est as est
from pg import use_archive


def test_init_writes_a_commented_workspace(tmp_path):
    result = est(
        "init",
        str(tmp_path / "ws"),
        "--schema",
        "malmo",
        "--kommun",
        "Malmö",
        "--omrade",
        "Seved",
        "--omrade",
        "Rosengård",
    )
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "ws" / "est.toml").read_text("utf-8")
    assert 'kommun = "Malmö"' in text and 'omraden = ["Seved", "Rosengård"]' in text and "# Checklistan" in text
    assert all((tmp_path / "ws" / sub).is_dir() for sub in ("inkorg", "arkiv", "utkast"))
    again = est("init", str(tmp_path / "ws"), "--kommun", "Malmö")
    assert again.returncode == 2 and "finns redan" in again.stderr


def test_merge_without_workspace_says_how_to_make_one(tmp_path):
    result = est("merge", cwd=tmp_path)
    assert result.returncode == 2 and "est init" in result.stderr and "Traceback" not in result.stderr


def test_demo_then_merge_again_from_inside_the_workspace(tmp_path):
    result = est("demo", str(tmp_path / "demo"))
    assert result.returncode == 0, result.stderr
    workbook = tmp_path / "demo" / "utkast" / "2026-W47" / "sammanstallning-2026-W47.xlsx"
    assert workbook.is_file()
    for text in (
        "Sammanställning vecka 2026-W47 – Örebro",
        "saknas: Baronbackarna · Kommun · Fältgruppen",
        "sen: Vivalla · ÖBO · Trygghetsvärd",
        "Avvisade rader",
        "sammanstallning-2026-W47.xlsx",
    ):
        assert text in " ".join(result.stderr.split()), text
    from openpyxl import load_workbook

    wb = load_workbook(workbook)
    assert wb.sheetnames == [
        "Översikt",
        "Händelser",
        "Platser och tider",
        "Inrapportering",
        "Avvisat",
        "Att kontrollera",
    ]
    to_check = [[c.value for c in row][:3] for row in wb["Att kontrollera"].iter_rows(min_row=5)]
    assert to_check == [
        ["Fritidsgården Vivalla v47.xlsx", "Blad1!G11", "invalid-severity"],
        ["Fritidsgården Vivalla v47.xlsx", "Blad1!A17", "unknown-item"],
        ["Fritidsgården Vivalla v47.xlsx", "Blad1, rad 8", "items-not-answered"],
        ["ÖBO EST v47.xlsx", "Baronbackarna!G15", "personnummer-masked"],
    ]
    assert not [c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    overview = [[c.value for c in row] for row in wb["Översikt"].iter_rows()]
    row = next(r for r in overview if r[:2] == ["Vivalla", "Skadegörelse"])
    assert row[2] == 8 and row[3] == "–"  # this week 8; no reports the week before: "–", not 0
    listed = [[c.value for c in row] for row in wb["Händelser"].iter_rows()]
    events = listed[[r[0] for r in listed].index("Område") + 1 :]
    # 28 events in Baronbackarna + 41 in Vivalla (the Översikt totals), each with its source cell.
    assert sum(r[2] for r in events) == 69 and all(r[12] and r[13] for r in events)  # Cell, Händelse
    # The police's rows are marked: their free text stays within the EST group (the default rule).
    assert {r[14] for r in events if r[9] == "Polis"} == {"Begränsad spridning"}
    assert {r[14] for r in events if r[9] != "Polis"} == {None}
    avvisat = [[c.value for c in row] for row in wb["Avvisat"].iter_rows()]
    assert any(r[:3] == ["Fritidsgården Vivalla v47.xlsx", "Blad1!B13", "invalid-mark"] for r in avvisat)
    # Run again from a sub-folder of the workspace: est.toml is found upwards; nothing is new.
    again = est("merge", "--json", cwd=tmp_path / "demo" / "inkorg")
    assert again.returncode == 0, again.stderr
    data = json.loads(again.stdout)
    assert data["merge"]["new_files"] == 0 and data["merge"]["known_files"] == 11
    assert {f["merge"] for f in data["files"]} == {"redan i arkivet"}


@pytest.mark.slow
def test_two_merges_at_the_same_time_both_complete(tmp_path):
    assert est("demo", str(tmp_path / "demo")).returncode == 0
    ws = tmp_path / "demo"
    inbox_a, inbox_b = tmp_path / "a", tmp_path / "b"
    for folder, area in ((inbox_a, "Vivalla"), (inbox_b, "Baronbackarna")):
        folder.mkdir()
        for n in range(6):
            (folder / f"{area}-{n}.csv").write_text(
                f"Vecka;2026-W48\nOmråde;{area}\nOrganisation;Kommun\nRapportör;Rapportör {n}\nPunkt;Antal\nBrand;{n + 1}\n",
                "utf-8",
            )
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "est_cli", "merge", str(folder), "--workspace", str(ws), "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for folder in (inbox_a, inbox_b)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1] for o in outputs]
    assert all("locked" not in err for _, err in outputs)
    final = json.loads(est("merge", str(inbox_a), str(inbox_b), "--workspace", str(ws), "--json").stdout)
    assert final["merge"]["known_files"] == 12 and final["merge"]["new_files"] == 0


@pytest.mark.slow
def test_overlapping_merges_from_several_processes(tmp_path, db):
    """Four `est merge` at once over overlapping folders, corrected resubmissions among them, into a
    new archive: all complete, every file is stored once, and only each reporter's newest report counts."""
    from est_cli import store
    from est_cli.store import Archive
    from est_cli.workspace import init_workspace

    ws = use_archive(init_workspace(tmp_path / "ws", "Örebro", "orebro", ["Vivalla"]), db)
    files: list[tuple[Path, int]] = []
    for n in range(8):
        # Reporters 0–3 send a corrected report an hour after the first one.
        for version in range(2 if n < 4 else 1):
            path = tmp_path / "alla" / f"rapportör {n} version {version}.csv"
            path.parent.mkdir(exist_ok=True)
            count = 10 * n + version + 1
            path.write_text(
                f"Vecka;2026-W48\nOmråde;Vivalla\nOrganisation;Kommun\nRapportör;Rapportör {n}\n"
                f"Punkt;Antal\nBrand;{count}\n",
                "utf-8",
            )
            when = datetime(2026, 11, 25, 9 + version).timestamp()
            os.utime(path, (when, when))
            files.append((path, count))
    folders = []
    for k in range(4):  # each file in three of the four folders, the corrections in varying company
        folder = tmp_path / f"inkorg {k}"
        folder.mkdir()
        for i, (path, _) in enumerate(files):
            if (i + k) % 4:
                shutil.copy2(path, folder / path.name)
        folders.append(folder)
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("EST_DB_URL", None)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "est_cli", "merge", str(folder), "--workspace", str(ws.root), "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for folder in folders
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [err for _, err in outputs]
    stored = sorted(f["path"] for out, _ in outputs for f in json.loads(out)["files"] if f["merge"] == "ny")
    assert [Path(p).name for p in stored] == sorted(path.name for path, _ in files)  # each stored exactly once
    archive = Archive.open(ws.archive_url())
    try:
        with archive.read() as conn:
            totals = store.archive_totals(conn)
            counts = store.active_counts(conn, ["2026-W48"])
    finally:
        archive.close()
    assert (totals["files"], totals["reports"], totals["superseded"]) == (12, 8, 4)
    newest = sum(10 * n + (2 if n < 4 else 1) for n in range(8))
    assert counts == {("2026-W48", "vivalla", "brand"): newest}


def test_dry_run_json_and_bad_week(tmp_path):
    assert est("init", str(tmp_path / "ws"), "--kommun", "Örebro", "--omrade", "Vivalla").returncode == 0
    shutil.copy(ROOT / "examples" / "inkorg" / "baronbackarna_v47.csv", tmp_path / "ws" / "inkorg")
    result = est("merge", "--workspace", str(tmp_path / "ws"), "--dry-run", "--json")
    data = json.loads(result.stdout)
    assert data["merge"]["dry_run"] is True and data["merge"]["new_areas"] == {"Baronbackarna": None}
    assert not (tmp_path / "ws" / "utkast" / "2026-W47").exists()
    bad = est("merge", "--workspace", str(tmp_path / "ws"), "--week", "vecka femtio")
    assert bad.returncode == 2 and "kunde inte tolkas" in bad.stderr


def test_merge_week_rescues_a_file_rejected_without_a_week(tmp_path):
    ws = tmp_path / "ws"
    assert est("init", str(ws), "--kommun", "Örebro", "--omrade", "Vivalla").returncode == 0
    (ws / "inkorg" / "polis.csv").write_text(
        "Område;Vivalla\nOrganisation;Polis\nRapportör;Områdespolis\nPunkt;Antal\nBrand;2\n", "utf-8"
    )

    def merge(*args: str) -> list[str]:
        ran = est("merge", "--json", *args, cwd=ws, columns=200)
        assert "Traceback" not in ran.stderr, ran.stderr
        return [f["merge"] for f in json.loads(ran.stdout)["files"]]

    assert merge() == ["ny"]  # rejected: no week
    ran = est("merge", cwd=ws, columns=200)
    assert "Ger fortfarande ingen godkänd rapport" in " ".join(ran.stderr.split())
    assert merge("--week", "2026-W47") == ["ny"]
    assert (ws / "utkast" / "2026-W47" / "sammanstallning-2026-W47.xlsx").is_file()
    assert merge("--week", "2026-W47") == ["redan i arkivet"]
    assert merge() == ["redan i arkivet"]
