"""`est alias`: the workspace remembers a reporter's own wording once, and reads it as that item."""

from __future__ import annotations

import json

import pytest

from est_cli.demo import make_demo_workspace

from helpers import run_est as est
from helpers import said

LABEL = "Mopedåkning på gångvägar"  # Fritidsgården Vivalla's own item in the example week


@pytest.fixture
def ws(tmp_path):
    workspace, _ = make_demo_workspace(tmp_path / "ws")
    return workspace.root


def test_validate_suggests_the_command_and_alias_add_makes_it_the_item(ws):
    before = est("validate", "inkorg", cwd=ws)
    assert f'est alias add "{LABEL}" PUNKT-ID' in before.stderr
    added = est("alias", "add", LABEL, "annat_otrygghetsskapande", cwd=ws)
    assert added.returncode == 0, added.stderr
    assert "läses nu som 'Annat otrygghetsskapande/ordningsstörande'" in said(added)
    assert (ws / "alias.toml").read_text("utf-8").endswith(f'"{LABEL}" = "annat_otrygghetsskapande"\n')

    after = est("validate", "inkorg", "--json", cwd=ws)
    data = json.loads(after.stdout)
    (fritid,) = [f for f in data["files"] if f["path"].endswith("Fritidsgården Vivalla v47.xlsx")]
    counts = fritid["reports"][0]["counts"]
    assert LABEL not in counts and counts["annat_otrygghetsskapande"] >= 1
    assert "unknown-item" not in [x["code"] for x in fritid["findings"]]
    assert "est alias add" not in est("validate", "inkorg", cwd=ws).stderr


def test_an_item_can_be_named_by_its_label_and_a_second_add_replaces_the_first(ws):
    assert est("alias", "add", "Anl. brand", "Brand", cwd=ws).returncode == 0
    again = est("alias", "add", "anl brand", "skadegorelse", cwd=ws)
    assert again.returncode == 0 and "(tidigare brand)" in said(again)
    listed = json.loads(est("alias", "list", "--json", cwd=ws).stdout)
    assert listed == {"alias": [{"label": "anl brand", "item": "skadegorelse"}]}


def test_an_unknown_item_is_a_swedish_line_and_nothing_is_written(ws):
    wrong = est("alias", "add", "Moped", "mopeder", cwd=ws, columns=200)
    assert wrong.returncode == 2 and "Fel: Punkten 'mopeder' finns inte i checklistan" in wrong.stderr
    assert not (ws / "alias.toml").exists()


def test_merge_reads_later_files_with_the_alias(ws):
    assert est("alias", "add", LABEL, "annat_otrygghetsskapande", cwd=ws).returncode == 0
    merged = est("merge", "--json", "--week", "2026-W47", cwd=ws)
    assert merged.returncode in (0, 1), merged.stderr
    reports = [r for f in json.loads(merged.stdout)["files"] for r in f["reports"]]
    assert all(LABEL not in r["counts"] for r in reports)
    assert "est alias add" not in merged.stderr


def test_alias_add_after_the_merge_counts_the_rows_already_in_the_archive(ws):
    merged = est("merge", "--week", "2026-W47", cwd=ws)
    assert merged.returncode in (0, 1), merged.stderr
    suggested = next(line.strip() for line in merged.stderr.splitlines() if line.strip().startswith("est alias add"))
    assert suggested.startswith(f'est alias add "{LABEL}"')

    def trend_keys():
        ran = est("trend", "--from", "2026-W47", "--to", "2026-W47", "--json", cwd=ws)
        return {row["key"]: row["total"] for row in json.loads(ran.stdout)["rows"] if row["area"] == "Vivalla"}

    assert trend_keys()[LABEL] == 3
    added = est("alias", "add", LABEL, "annat_otrygghetsskapande", cwd=ws)
    assert added.returncode == 0, added.stderr
    assert "redan fanns i arkivet räknas nu som 'Annat otrygghetsskapande/ordningsstörande' (vecka 2026-W47)" in said(
        added
    )
    keys = trend_keys()
    assert LABEL not in keys and keys["annat_otrygghetsskapande"] == 3 + 4  # the label's 3, and the item's own 4
    from openpyxl import load_workbook

    wb = load_workbook(ws / "utkast" / "2026-W47" / "sammanstallning-2026-W47.xlsx", read_only=True)
    labels = [row[1] for row in wb["Översikt"].iter_rows(values_only=True) if row and row[0] == "Vivalla"]
    assert LABEL not in labels
    log = json.loads(est("logg", "--json", cwd=ws).stdout)["entries"]
    assert [e["action"] for e in log] == ["merge", "alias"]
    assert log[1]["details"]["label"] == LABEL and log[1]["details"]["weeks"] == ["2026-W47"]
