"""expected.json: what ingest should make of the example week – per file (from each InboxFile),
the notes that explain the counting, and the totals per area."""

from __future__ import annotations

from typing import Any

from est_cli.example_week.spec import DEADLINE, WEEK, InboxFile

# The first note names `Report.counts()`, the name IntendedReport.counts() had when expected.json
# was first written; the text stays as it is so that expected.json does not change.
NOTES = [
    "Counts follow design.md: a yes-mark (Ja, X, ☒ …) with Antal empty counts 1, Antal is the count, "
    "Nej/empty/☐ is 0; in an event log every row is one event unless Antal says more. "
    "'counts' lists every stored row's key, zeros included, as Report.counts() does.",
    "'findings' lists only what the data is built to produce. Reports whose week_year_from is 'datum' "
    "write the week without a year (47, v.47, v 47) and carry a Datum in 2026-W47; if ingest warns "
    "(week-year-assumed) when it takes the year from Datum, that warning comes in addition.",
    "Fritidsgården Vivalla v47.xlsx is the one file with mistakes: its 'kanske' row is rejected "
    "(rows_read 9 = rows_stored 8 + rows_rejected 1); the file still has stored rows, so its status "
    "is 'warnings', not 'rejected'. Because that row is rejected, samlingsplats_ungdomar has no answer "
    "in the report (items-not-answered).",
    "The ÖBO workbook's sheet 'Instruktioner' is no checklist and must be skipped (a note, not a finding).",
    "The e-mail arrived Thursday 2026-11-19 14:12 +01:00, after the deadline Wednesday 10:00: late.",
    "The papperskorgsbrand on Lertagsgatan 2026-11-17 is reported by both Polis and Räddningstjänsten, "
    "as happens in real weeks; counts are per report, not deduplicated.",
]


def expected(files: list[InboxFile]) -> dict[str, Any]:
    """The content of expected.json for FILES (the inbox as build_inbox() makes it)."""
    areas: dict[str, dict[str, int]] = {}
    for spec in files:
        for report in spec.reports:
            area = areas.setdefault(report.area, {})
            for key, count in report.counts().items():
                area[key] = area.get(key, 0) + count
    return {
        "schema": "orebro",
        "kommun": "Örebro",
        "week": WEEK,
        "week_days": ["2026-11-16", "2026-11-22"],
        "areas": ["Vivalla", "Baronbackarna"],
        "deadline": DEADLINE.isoformat(),
        "generated_by": "examples/make_examples.py",
        "notes": NOTES,
        "files": [spec.as_dict() for spec in files],
        "totals": {
            "files": len(files),
            "reports": sum(len(spec.reports) for spec in files),
            "rows_read": sum(len(rep.rows) for spec in files for rep in spec.reports),
            "observations": sum(len(rep.stored_rows()) for spec in files for rep in spec.reports),
            "rows_rejected": sum(len(rep.rows) - len(rep.stored_rows()) for spec in files for rep in spec.reports),
            "per_area": areas,
        },
    }
