"""The bundled example week (2026-W47) of EST checklists from Örebro, used by `est demo`.
Writes the inbox (`write_inbox`) and, with `generate`/`main`, examples/inkorg/ and expected.json."""

# The files imitate what reporters really e-mail in for the prioritised areas Vivalla and
# Baronbackarna — the est template, older home-made layouts, Word tables, Excel CSV, an
# event log, an Outlook e-mail — and expected.json says what ingest should make of them.
#
#     python examples/make_examples.py            # rewrites examples/inkorg/ and examples/expected.json
#     python examples/make_examples.py --out DIR  # the same into DIR/inkorg/ and DIR/expected.json
#
# It lives in the package so that `est demo` works from an installed wheel; examples/make_examples.py
# is the thin script that writes the committed copy.
#
# The output is deterministic: no randomness, fixed timestamps inside the Office files and
# the zip entries, fixed MIME boundaries. Only this package writes these files; edit the data
# in week.py, never the generated files.
#
# - spec: the intended rows, reports and inbox files, the expected findings, the week's dates;
# - items: Örebro's eight checklist items and the est template's columns;
# - week: the eleven files and their rows (build_inbox);
# - expected_json: expected.json from the inbox (notes, totals);
# - xlsx_writers, docx_writers, csv_writers, eml_writer: one writer per file, by format;
# - determinism: fixed zip entry times, core-property dates and file times.

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from est_cli.example_week.determinism import set_file_time
from est_cli.example_week.expected_json import NOTES, expected
from est_cli.example_week.items import (
    ITEM_HELP,
    ITEM_IDS,
    LABELS,
    TEMPLATE_COLUMNS,
    template_rows,
)
from est_cli.example_week.spec import (
    CET,
    DEADLINE,
    NBSP,
    PERSONNUMMER,
    WEEK,
    ExpectedFinding,
    InboxFile,
    IntendedReport,
    IntendedRow,
)
from est_cli.example_week.week import INBOX_FILES, build_inbox

HERE = Path(__file__).resolve().parents[2] / "examples"

__all__ = [
    "CET",
    "DEADLINE",
    "HERE",
    "INBOX_FILES",
    "ITEM_HELP",
    "ITEM_IDS",
    "LABELS",
    "NBSP",
    "NOTES",
    "PERSONNUMMER",
    "TEMPLATE_COLUMNS",
    "WEEK",
    "ExpectedFinding",
    "InboxFile",
    "IntendedReport",
    "IntendedRow",
    "build_inbox",
    "expected",
    "generate",
    "main",
    "template_rows",
    "write_inbox",
]


def write_inbox(inbox: Path) -> list[Path]:
    """Write the example week's files into INBOX (created if needed); return the files written."""
    inbox = Path(inbox)
    inbox.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in build_inbox():
        path = inbox / spec.name
        spec.write(spec, path)
        set_file_time(path, spec.saved)
        written.append(path)
    return written


def generate(out: Path) -> list[Path]:
    """Write OUT/inkorg/ (emptied first) and OUT/expected.json; return the inbox files written."""
    out = Path(out)
    inbox = out / "inkorg"
    if inbox.exists():
        shutil.rmtree(inbox)
    written = write_inbox(inbox)
    text = json.dumps(expected(build_inbox()), ensure_ascii=False, indent=2) + "\n"
    (out / "expected.json").write_text(text, encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=HERE, help="folder for inkorg/ and expected.json (default: examples/)"
    )
    args = parser.parse_args(argv)
    for path in generate(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
