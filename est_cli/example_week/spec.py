"""What the example week is built from and built to yield: the intended rows, reports and inbox
files, the findings ingest is expected to make, and the week's fixed dates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

WEEK = "2026-W47"
CET = timezone(timedelta(hours=1), "CET")  # Sweden in November
DEADLINE = datetime(2026, 11, 18, 10, 0, tzinfo=CET)  # onsdag kl. 10.00

NBSP = "\u00a0"
# Check-digit-valid but invented personnummer (serial in the 98x range, the style of
# Skatteverket's test numbers). It must be masked by est, never stored.
PERSONNUMMER = "19811218-9876"
# The example week's days, Monday to Thursday (the deadline is Wednesday 10:00).
D16, D17, D18, D19 = (datetime(2026, 11, day) for day in (16, 17, 18, 19))  # Monday to Thursday

# Marks that mean "occurred" in the intended semantics of design.md (a number is the count).
_YES = {"ja", "j", "x", "✓", "☒"}
_NO = {"", "nej", "n", "☐", "0"}


@dataclass(frozen=True)
class IntendedRow:
    """One row of a checklist table or event log, as the reporter wrote it.

    `item` is the Örebro item id the row is meant to be counted under (None: a label that is
    not in the schema and is kept under its own label). `reject` names the error finding
    the row is built to produce; such a row is not stored. Frozen: the week's row tables are
    module constants, shared by every build of the inbox.
    """

    item: str | None
    label: str
    mark: Any = None  # Förekomst / Ja/Nej cell; None in event logs (no such column)
    antal: Any = None
    plats: str = ""
    datum: Any = None
    tid: Any = None
    allvar: Any = None
    kommentar: str = ""
    atgard: str = ""
    nr: Any = None
    forklaring: str = ""
    reject: str | None = None

    def value(self, attr: str) -> Any:
        return getattr(self, attr)

    def intended_count(self) -> int:
        """The count the row stands for: Antal if given, else 1 for a yes-mark / an event."""
        antal = "" if self.antal is None else str(self.antal).replace(NBSP, " ").strip()
        if antal:
            return int(antal)
        if self.mark is None:  # event log: one row, one event
            return 1
        mark = str(self.mark).replace(NBSP, " ").strip().casefold()
        if mark in _YES:
            return 1
        if mark in _NO:
            return 0
        raise ValueError(f"mark {self.mark!r} has no intended count (reject it)")


@dataclass
class ExpectedFinding:
    """A finding the data is built to produce (code and place as design.md names them)."""

    code: str
    severity: str
    sheet: str | None
    cell: str | None = None
    row: int | None = None
    why: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "location": {"sheet": self.sheet, "cell": self.cell, "row": self.row},
            "why": self.why,
        }


@dataclass
class IntendedReport:
    """One filled checklist (one area, one organisation, one reporter)."""

    area: str  # as ingest should report it (whitespace cleaned)
    organisation: str
    organisation_type: str  # kommun | polis | fastighetsbolag: who the reporter works for
    reporter: str
    datum: date
    week_as_written: str
    week_year_from: str  # "vecka": the year is in the week field; "datum": taken from Datum
    style: str  # checklist | event-log
    rows: list[IntendedRow]
    sheet: str | None = None  # sheet or Word table the rows are in
    header_row: int | None = None  # 1-based row of the table header (sheets/tables)

    def table_header_row(self) -> int:
        """header_row for a writer that lays out the table (every sheet and Word table sets it)."""
        if self.header_row is None:
            raise ValueError(f"{self.organisation} {self.area}: no header_row for the table")
        return self.header_row

    def stored_rows(self) -> list[IntendedRow]:
        return [r for r in self.rows if r.reject is None]

    def counts(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for row in self.stored_rows():
            key = row.item or " ".join(row.label.split())
            totals[key] = totals.get(key, 0) + row.intended_count()
        return totals

    def as_dict(self) -> dict[str, Any]:
        return {
            "week": WEEK,
            "area": self.area,
            "organisation": self.organisation,
            "organisation_type": self.organisation_type,
            "reporter": self.reporter,
            "datum": self.datum.isoformat(),
            "week_as_written": self.week_as_written,
            "week_year_from": self.week_year_from,
            "style": self.style,
            "sheet": self.sheet,
            "observations": len(self.stored_rows()),
            "counts": self.counts(),
        }


@dataclass
class InboxFile:
    """One file of the example inbox: how it is written and what ingest should make of it."""

    name: str
    fmt: str
    description: str
    saved: datetime  # when the reporter saved / sent it (local time, CET)
    reports: list[IntendedReport]
    write: Callable[[InboxFile, Path], None]
    findings: list[ExpectedFinding] = field(default_factory=list)
    email: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        rows = [r for rep in self.reports for r in rep.rows]
        rejected = [
            {
                "sheet": rep.sheet,
                "row": rep.header_row + 1 + i if rep.header_row else None,
                "label": r.label,
                "code": r.reject,
            }
            for rep in self.reports
            for i, r in enumerate(rep.rows)
            if r.reject
        ]
        errors = any(f.severity == "error" for f in self.findings)
        stored = sum(len(rep.stored_rows()) for rep in self.reports)
        status = "rejected" if errors and stored == 0 else ("warnings" if self.findings else "ok")
        received = self.email["date"] if self.email else None
        return {
            "path": f"inkorg/{self.name}",
            "format": self.fmt,
            "description": self.description,
            "status": status,
            "rows_read": len(rows),
            "rows_stored": stored,
            "rows_rejected": len(rows) - stored,
            "reports": [rep.as_dict() for rep in self.reports],
            "findings": [f.as_dict() for f in self.findings],
            "rejected_rows": rejected,
            "email": self.email,
            "late": bool(received and datetime.fromisoformat(received) > DEADLINE),
        }
