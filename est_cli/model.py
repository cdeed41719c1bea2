"""The core data: reports, observations and the result of reading one file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from est_cli.findings import Finding, Location


@dataclass
class Observation:
    """One row (checklist style) or one event (event-log style) of a report."""

    item_id: str | None  # None when the label is not in the schema
    label: str  # the label as written in the file
    count: int  # 0 = did not occur
    location: Location
    theme: str | None = None
    section_id: str | None = None
    place: str = ""
    date: date | None = None
    time: str = ""  # "HH:MM" or a span as written ("21–23")
    severity: int | None = None  # 1–4
    comment: str = ""
    action: str = ""
    # A date written without its year ('12/11'): (day, month) until the report's week gives the year
    # (est_cli.ingest.header); never stored as such.
    day_month: tuple[int, int] | None = None

    @property
    def key(self) -> str:
        """Item id, or the original label for items outside the schema."""
        return self.item_id or self.label


@dataclass
class Report:
    """One filled checklist: one week, one area, one organisation, one reporter."""

    schema_id: str
    week: str | None  # ISO "2026-W47"
    area: str
    organisation: str
    reporter: str
    datum: date | None = None
    source_name: str = ""  # file or "brev.eml › bilaga.xlsx"
    sheet: str | None = None  # sheet / table the observations came from
    email_sender: str | None = None
    email_date: datetime | None = None
    observations: list[Observation] = field(default_factory=list)
    rejected: bool = False  # header errors: the report cannot be stored

    def counts(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for obs in self.observations:
            totals[obs.key] = totals.get(obs.key, 0) + obs.count
        return totals

    def as_dict(self) -> dict[str, Any]:
        return {
            "week": self.week,
            "area": self.area,
            "organisation": self.organisation,
            "reporter": self.reporter,
            "observations": len(self.observations),
            "counts": self.counts(),
        }


Status = Literal["ok", "warnings", "rejected"]


@dataclass
class FileResult:
    """Everything ingest learned from one file: its reports, row accounting and findings."""

    path: Path
    sha256: str
    reports: list[Report] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    rows_read: int = 0
    rows_stored: int = 0
    rows_rejected: int = 0
    skipped: str | None = None  # no checklist (image, .txt …): Swedish reason
    notes: list[str] = field(default_factory=list)  # Swedish, human only (skipped instruction sheets …)

    @property
    def status(self) -> Status:
        if any(f.severity == "error" for f in self.findings) and (
            not self.reports or all(r.rejected for r in self.reports) or self.rows_stored == 0
        ):
            return "rejected"
        if self.findings:
            return "warnings"
        return "ok"

    @property
    def stored_reports(self) -> list[Report]:
        return [r for r in self.reports if not r.rejected]

    def as_dict(self, display_path: str | None = None) -> dict[str, Any]:
        return {
            "path": display_path or str(self.path),
            "sha256": self.sha256,
            "status": self.status,
            "reports": [r.as_dict() for r in self.stored_reports],
            "rows_read": self.rows_read,
            "rows_stored": self.rows_stored,
            "rows_rejected": self.rows_rejected,
            "findings": [f.as_dict() for f in self.findings],
        }
