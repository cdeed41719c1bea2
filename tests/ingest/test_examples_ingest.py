"""`est validate` on the bundled example week gives exactly what examples/expected.json says.

expected.json is written by the example generator from what each reporter wrote; this test
holds ingest to it: week, area, organisation, reporter, per-item counts, rows and findings.
"""

from __future__ import annotations

import json

import pytest

from est_cli.ingest import Options
from est_cli.validate import validate_paths

from helpers import EXAMPLES

EXPECTED = json.loads((EXAMPLES / "expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def run(orebro):
    return validate_paths([EXAMPLES / "inkorg"], orebro, Options())


def _by_path(run):
    return {
        path.relative_to(EXAMPLES).as_posix(): result for path, result in zip([f.path for f in run.files], run.files)
    }


@pytest.mark.parametrize("spec", EXPECTED["files"], ids=lambda s: s["path"])
def test_each_example_file(run, spec):
    result = _by_path(run)[spec["path"]]
    assert result.status == spec["status"]
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (
        spec["rows_read"],
        spec["rows_stored"],
        spec["rows_rejected"],
    )
    got = [(r.week, r.area, r.organisation, r.reporter, len(r.observations), r.counts()) for r in result.stored_reports]
    want = [
        (r["week"], r["area"], r["organisation"], r["reporter"], r["observations"], r["counts"])
        for r in spec["reports"]
    ]
    assert got == want
    got_findings = sorted(
        (f.code, f.severity, f.location.sheet, f.location.cell or f.location.row) for f in result.findings
    )
    want_findings = sorted(
        (f["code"], f["severity"], f["location"]["sheet"], f["location"]["cell"] or f["location"]["row"])
        for f in spec["findings"]
    )
    assert got_findings == want_findings


def test_email_provenance_is_kept(run):
    spec = next(f for f in EXPECTED["files"] if f["email"])
    result = _by_path(run)[spec["path"]]
    (report,) = result.stored_reports
    # No function mailbox is known outside a workspace: the sender is kept as its domain only.
    assert report.email_sender == "@" + spec["email"]["from"].rsplit("@", 1)[1].rstrip(">")
    assert report.email_date.isoformat() == spec["email"]["date"]
    assert report.source_name.endswith(spec["email"]["attachment"])


def test_totals_and_no_personnummer_left(run):
    totals = run.totals()
    assert totals["files"] == len(EXPECTED["files"])
    assert totals["reports"] == sum(len(f["reports"]) for f in EXPECTED["files"])
    assert totals["rejected_files"] == 0
    text = json.dumps(run.as_dict(), ensure_ascii=False, default=str)
    comments = " ".join(o.comment for f in run.files for r in f.reports for o in r.observations)
    assert "9876" not in text and "9876" not in comments
    assert "[personnummer borttaget]" in comments
