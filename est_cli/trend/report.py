"""What `est trend` answers: the figures for a period and/or the follow-up of the insatser, read
from the archive in one go (`trend_report`), as JSON or CSV text or written to a file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from est_cli.insatser import DEFAULT_WINDOW, NOT_PROOF, FollowUp, follow_ups
from est_cli.outputs.atomic import write_text
from est_cli.outputs.excel_csv import write_csv_file
from est_cli.periods import Period
from est_cli.schema import Schema
from est_cli.trend.compute import TrendResult, compute_trend, resolve_areas
from est_cli.trend.tables import insatser_csv, trend_csv
from est_cli.trend.xlsx import write_xlsx

REPORT_FORMATS = ("json", "csv", "xlsx")


@dataclass(frozen=True)
class TrendRequest:
    """One `est trend` question: a period (or None: only the insatser), areas, grouping, follow-up."""

    period: Period | None
    areas: list[str] | None = None  # as the user wrote them; None or empty = all
    by: str = "item"  # item | theme
    per: str = "week"  # week | month
    insatser: bool = False  # also follow up the insatser
    window: int = DEFAULT_WINDOW  # weeks before and after an insats's start


@dataclass
class TrendReport:
    result: TrendResult | None  # None when no period was asked for
    follow_ups: list[FollowUp] | None  # None when the insatser were not asked for

    @property
    def csv_leaves_out_follow_ups(self) -> bool:
        """The CSV file holds one table: the figures, when there are any, and then not the follow-up."""
        return self.result is not None and self.follow_ups is not None


def trend_report(archive, workspace, schema: Schema, request: TrendRequest) -> TrendReport:
    """The figures and the follow-up `request` asks for, read in one snapshot of the archive."""
    result, ups = None, None
    with archive.read() as conn:
        if request.period is not None:
            result = compute_trend(
                conn,
                period=request.period,
                schema=schema,
                kommun=workspace.kommun,
                workspace_areas=workspace.areas,
                areas=request.areas,
                by=request.by,
                per=request.per,
            )
        if request.insatser:
            ups = _follow_ups(conn, workspace, schema, request)
    return TrendReport(result, ups)


def _follow_ups(conn, workspace, schema: Schema, request: TrendRequest) -> list[FollowUp]:
    """The insatser running in the period (all, without one), in the requested areas."""
    keys = None
    if request.areas:
        keys = [k for _, k in resolve_areas(conn, workspace.areas, request.areas)]
    period = request.period
    return follow_ups(
        conn,
        schema=schema,
        window=request.window,
        first=str(period.first) if period else None,
        last=str(period.last) if period else None,
        area_keys=keys,
    )


def report_document(report: TrendReport) -> dict[str, Any]:
    """The --json document: the figures' shape (TrendResult.as_dict), plus "insatser" and its note."""
    doc = report.result.as_dict() if report.result is not None else {"period": None, "rows": []}
    if report.follow_ups is not None:
        doc["insatser"] = [f.as_dict() for f in report.follow_ups]
        doc["insatser_note"] = NOT_PROOF
    return doc


def report_json(report: TrendReport) -> str:
    """The --json document as text (no final newline)."""
    return json.dumps(report_document(report), ensure_ascii=False, indent=2)


def report_csv(report: TrendReport) -> str:
    """Excel-Swedish CSV text: the figures, or the follow-up when no period was asked for."""
    if report.result is not None:
        return trend_csv(report.result)
    return insatser_csv(report.follow_ups or [])


def write_report(report: TrendReport, fmt: str, path: Path) -> None:
    """The report as a json, csv or xlsx file, written atomically."""
    if fmt == "json":
        write_text(path, report_json(report) + "\n")
    elif fmt == "csv":
        write_csv_file(path, report_csv(report))
    elif fmt == "xlsx":
        write_xlsx(report.result, path, report.follow_ups, NOT_PROOF)
    else:
        raise ValueError(f"unknown report format {fmt!r}; one of {', '.join(REPORT_FORMATS)}")


__all__ = [
    "REPORT_FORMATS",
    "TrendReport",
    "TrendRequest",
    "report_csv",
    "report_document",
    "report_json",
    "trend_report",
    "write_report",
]
