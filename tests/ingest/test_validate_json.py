"""`est validate --json`: the design.md contract, held by golden files.

To accept a deliberate change: EST_UPDATE_GOLDEN=1 pytest tests/ingest/test_validate_json.py, then
review the diff of tests/data/golden/ like any other change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from helpers import ROOT, run_est

GOLDEN = ROOT / "tests" / "data" / "golden"

CASES = {
    "validate_examples": ["examples/inkorg", "--schema", "orebro", "--year", "2026"],
    "validate_malmo": [
        "tests/data/ingest/malmo_mkb_lindangen.docx",
        "tests/data/ingest/malmo_polis_cp1252.csv",
        "tests/data/readers/bild.png",
        "--schema",
        "malmo",
        "--year",
        "2026",
    ],
}


def est_json(args):
    result = run_est("validate", *args, "--json", cwd=ROOT)
    return result, json.loads(result.stdout)  # stdout holds one JSON document and nothing else


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name):
    result, data = est_json(CASES[name])
    assert result.returncode == 0, result.stderr
    path = GOLDEN / f"{name}.json"
    if os.environ.get("EST_UPDATE_GOLDEN"):
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
    assert data == json.loads(path.read_text("utf-8"))


def test_shape_is_the_contract():
    _, data = est_json(CASES["validate_malmo"])
    assert list(data) == ["files", "totals", "skipped"]
    assert list(data["totals"]) == ["files", "reports", "observations", "rejected_files"]
    for f in data["files"]:
        assert list(f) == [
            "path",
            "sha256",
            "status",
            "reports",
            "rows_read",
            "rows_stored",
            "rows_rejected",
            "findings",
        ]
        assert f["rows_read"] == f["rows_stored"] + f["rows_rejected"]
        for report in f["reports"]:
            assert list(report) == ["week", "area", "organisation", "reporter", "observations", "counts"]
        for finding in f["findings"]:
            assert list(finding) == ["code", "severity", "message", "location"]
            assert list(finding["location"]) == ["sheet", "row", "column", "cell"]
    assert data["skipped"] == [{"path": "tests/data/readers/bild.png", "reason": "en bild (.png), ingen checklista"}]


HOSTILE = {
    "hostile_billion_laughs.docx": "xml-entities",
    "hostile_billion_laughs.xlsx": "xml-entities",
    "hostile_empty.docx": "file-empty",
    "hostile_encrypted.xls": "file-encrypted",
    "hostile_encrypted.xlsx": "file-encrypted",
    "hostile_far_cell.xls": "file-too-large",
    "hostile_far_cell.xlsx": "file-too-large",
    "hostile_repeated_cells.ods": "file-too-large",
    "hostile_text_named.xlsx": "file-wrong-format",
    "hostile_zip_bomb.xlsx": "zip-bomb",
}


def test_hostile_files_are_rejected_by_the_cli_without_traceback():
    paths = [f"tests/data/readers/{name}" for name in HOSTILE]
    result, data = est_json([*paths, "--schema", "orebro"])
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    got = {Path(f["path"]).name: (f["status"], f["findings"][0]["code"]) for f in data["files"]}
    assert got == {name: ("rejected", code) for name, code in HOSTILE.items()}
    assert all(f["findings"][0]["message"] for f in data["files"])
