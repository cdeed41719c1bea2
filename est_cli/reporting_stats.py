"""Reporting over time (issue 17, `est rapport statistik`, the analyses): per area, organisation and
function, the weeks reported of the weeks expected, how many on time, and the files with errors – the
basis for the yearly reporter meeting, and for seeing which reporter needs help with the template."""

from __future__ import annotations

from dataclasses import dataclass, field

from est_cli.weekview import ExpectedStatus


@dataclass
class ReporterStats:
    area: str
    organisation: str
    reporter: str
    expected: bool  # listed in est.toml
    weeks: int  # weeks in the period (expected) – for an unexpected reporter the weeks it reported
    reported: list[str] = field(default_factory=list)
    late: list[str] = field(default_factory=list)
    files_with_errors: set[str] = field(default_factory=set)

    @property
    def on_time(self) -> int:
        return len(self.reported) - len(self.late)

    def as_dict(self) -> dict:
        return {
            "area": self.area,
            "organisation": self.organisation,
            "reporter": self.reporter,
            "expected": self.expected,
            "weeks_expected": self.weeks if self.expected else None,
            "weeks_reported": len(self.reported),
            "on_time": self.on_time,
            "late": len(self.late),
            "files_with_errors": len(self.files_with_errors),
        }

    def line(self) -> str:
        """'13 av 13 veckor, 12 i tid, 1 fil med fel'."""
        of = f" av {self.weeks}" if self.expected else ""
        errors = len(self.files_with_errors)
        return f"{len(self.reported)}{of} veckor, {self.on_time} i tid" + (
            f", {errors} {'fil' if errors == 1 else 'filer'} med fel" if errors else ""
        )


def reporting_stats(conn, workspace, schema, weeks: list[str], views: list | None = None) -> list[ReporterStats]:
    """The statistics of every expected reporter (est.toml's order), then of those who reported unasked.
    `views`: the weeks' compiled views when the caller has them already."""
    from est_cli.weeks import IsoWeek
    from est_cli.weekview.build import week_view

    stats: dict[tuple[str, str, str], ReporterStats] = {}
    for n, week in enumerate(weeks):
        view = views[n] if views is not None else week_view(conn, workspace, schema, IsoWeek.parse(week))
        errors = {r.file for r in view.rejected}
        for row in view.expected:
            key = (row.area.casefold(), row.organisation.casefold(), row.reporter.casefold())
            expected = row.status != ExpectedStatus.UNEXPECTED
            entry = stats.setdefault(
                key, ReporterStats(row.area, row.organisation, row.reporter, expected, len(weeks) if expected else 0)
            )
            if row.status == ExpectedStatus.MISSING:
                continue
            entry.reported.append(week)
            if row.status == ExpectedStatus.LATE:
                entry.late.append(week)
            entry.files_with_errors |= {f for f in errors if row.source == f or row.source.startswith(f + " ›")}
    for entry in stats.values():
        if not entry.expected:
            entry.weeks = len(entry.reported)
    return list(stats.values())


__all__ = ["ReporterStats", "reporting_stats"]
