"""`est merge`: read the week's files, store them in the archive in one transaction, and
compile the week (WeekView) for the workbook.

Merging is idempotent: a file already in the archive (same sha256) changes nothing. A corrected
resubmission supersedes the earlier report, which stays in the archive marked as superseded.
The user's input files are only read, never moved or changed.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from est_cli import store
from est_cli.compilation import compilation_sources, organisation_matches
from est_cli.findings import column_letter
from est_cli.ingest import Options, ingest
from est_cli.model import FileResult
from est_cli.privacy import mask_text
from est_cli.schema import Schema
from est_cli.text import fold
from est_cli.weeks import IsoWeek, local_naive
from est_cli.weekview import EventRow, ExpectedRow, OverviewRow, RejectedRow, WeekView
from est_cli.workspace import Workspace


@dataclass
class FileOutcome:
    result: FileResult
    display: str
    state: str  # "ny", "redan i arkivet", "ingår i sammanställning", "annan organisation", "hoppades över"
    received_at: datetime | None = None
    known_as: str | None = None
    sources: list[str] | None = None  # set when the file is an organisation's compilation
    replaced: int = 0  # archived source reports this compilation superseded


@dataclass
class MergeResult:
    files: list[FileOutcome] = field(default_factory=list)
    week: str | None = None  # the week the merge was for
    other_weeks: dict[str, list[str]] = field(default_factory=dict)  # week → files for another week
    new_areas: dict[str, str | None] = field(default_factory=dict)  # area → suggested known area
    superseded: list[store.Superseded] = field(default_factory=list)
    late: list[tuple[str, str, datetime]] = field(default_factory=list)  # (file, area/org/reporter, received)
    views: dict[str, WeekView] = field(default_factory=dict)  # week → compiled view
    workbooks: dict[str, Path] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def new_files(self) -> list[FileOutcome]:
        return [f for f in self.files if f.state == "ny"]

    @property
    def rejected(self) -> list[FileOutcome]:
        return [f for f in self.new_files if f.result.status == "rejected"]

    def as_dict(self) -> dict[str, Any]:
        """validate's shape (design.md) plus a "merge" block with what the merge did."""
        checklists = [f for f in self.files if f.state != "hoppades över"]
        reports = [r for f in self.new_files for r in f.result.stored_reports]
        return {
            "files": [f.result.as_dict(f.display) | {"merge": f.state} for f in checklists],
            "totals": {
                "files": len(checklists),
                "reports": len(reports),
                "observations": sum(len(r.observations) for r in reports),
                "rejected_files": len(self.rejected),
            },
            "skipped": [{"path": f.display, "reason": f.result.skipped} for f in self.files if f.state == "hoppades över"],
            "merge": {
                "week": self.week,
                "dry_run": self.dry_run,
                "new_files": len(self.new_files),
                "known_files": sum(1 for f in self.files if f.state == "redan i arkivet"),
                "in_compilation": [{"file": f.display, "compilation": f.known_as} for f in self.files if f.state == "ingår i sammanställning"],
                "other_organisation": [f.display for f in self.files if f.state == "annan organisation"],
                "compilations": [{"file": f.display, "sources": len(f.sources), "replaced_reports": f.replaced}
                                 for f in self.new_files if f.sources is not None],
                "other_weeks": self.other_weeks,
                "new_areas": self.new_areas,
                "superseded": [s.__dict__ for s in self.superseded],
                "late": [{"file": f, "report": who, "received": when.isoformat(timespec="minutes")} for f, who, when in self.late],
                "missing": {
                    week: [
                        {"area": e.area, "organisation": e.organisation, "reporter": e.reporter}
                        for e in view.expected
                        if e.status == "saknas"
                    ]
                    for week, view in self.views.items()
                },
                "workbooks": {week: str(path) for week, path in self.workbooks.items()},
            },
        }


def received_time(result: FileResult) -> datetime | None:
    """When the report came in: the e-mail's date, else the file's modification time (local)."""
    for report in result.reports:
        if report.email_date:
            return local_naive(report.email_date)
    try:
        return datetime.fromtimestamp(result.path.stat().st_mtime)
    except OSError:
        return None


def merge_paths(
    paths: list[Path],
    workspace: Workspace,
    schema: Schema,
    archive: store.Archive,
    *,
    week: IsoWeek | None = None,
    year: int | None = None,
    organisation: str | None = None,
    dry_run: bool = False,
    progress: Callable[[Path], None] | None = None,
    files: list[Path] | None = None,
) -> MergeResult:
    """Read, check and store every file; one transaction for the whole merge.

    `files`: the input files of `paths` when the caller has listed them already (readers.iter_input_files).
    """
    from est_cli.readers import iter_input_files, read_file
    from est_cli.validate import _short_name

    outcome = MergeResult(dry_run=dry_run)
    options = Options(year=year, default_week=week)
    for path in files if files is not None else iter_input_files(paths):
        if progress:
            progress(path)
        read = read_file(path)
        result = ingest(read, schema, options)
        state = "hoppades över" if result.skipped else "ny"
        item = FileOutcome(result, _short_name(path, paths), state, received_time(result))
        item.sources = compilation_sources(read)
        if state == "ny" and organisation and result.stored_reports and not any(
            organisation_matches(organisation, r.organisation) for r in result.stored_reports
        ):
            item.state = "annan organisation"
        outcome.files.append(item)
    # Compilations first, so that their source files, merged in the same run, are recognised.
    outcome.files.sort(key=lambda f: f.sources is None)

    weeks = Counter(r.week for f in outcome.files for r in f.result.stored_reports)
    outcome.week = str(week) if week else (weeks.most_common(1)[0][0] if weeks else None)
    known_areas = {fold(a): a for a in workspace.areas}

    with archive.write() as conn:
        seen = store.known_files(conn, [f.result.sha256 for f in outcome.files if f.state == "ny"])
        compiled = store.compiled_sources(conn)
        merge_id = store.start_merge(conn, outcome.week, organisation)
        in_this_merge: set[str] = set()
        for item in outcome.files:
            if item.state != "ny":
                continue
            sha = item.result.sha256
            if sha in seen or sha in in_this_merge:
                item.state, item.known_as = "redan i arkivet", seen.get(sha)
                continue
            if sha in compiled:
                # Already counted through an organisation's compilation: storing it would count twice.
                item.state, item.known_as = "ingår i sammanställning", compiled[sha]
                continue
            in_this_merge.add(sha)
            late: dict[int, bool] = {}
            for index, report in enumerate(item.result.stored_reports):
                deadline = workspace.deadline_for(IsoWeek.parse(report.week)) if report.week else None
                # Only an e-mail's date says when a report came in; a saved file's time says when the
                # coordinator saved it, so plain files are never called late.
                late[index] = bool(deadline and report.email_date and item.received_at and item.received_at > deadline)
                if late[index]:
                    who = f"{report.area} · {report.organisation} · {report.reporter or '–'}"
                    outcome.late.append((item.display, who, item.received_at))
                if report.week != outcome.week:
                    outcome.other_weeks.setdefault(report.week, []).append(item.display)
                if fold(report.area) not in known_areas and report.area not in outcome.new_areas:
                    outcome.new_areas[report.area] = _suggest(report.area, workspace.areas)
            file_id, superseded = store.store_file(conn, merge_id, _archived(item.result), item.display, item.received_at, late)
            outcome.superseded.extend(superseded)
            if item.sources is not None:
                item.replaced = store.record_compilation(conn, file_id, item.sources)
                compiled.update({source: item.display for source in item.sources})
        touched = {r.week for f in outcome.new_files for r in f.result.stored_reports}
        if outcome.week:
            touched.add(outcome.week)
        for week_id in sorted(touched):
            outcome.views[week_id] = week_view(conn, workspace, schema, IsoWeek.parse(week_id))
        if dry_run:
            conn.rollback()  # everything above is undone; the views show what the merge would give
    return outcome


def _archived(result: FileResult) -> FileResult:
    """The result as the archive keeps it: a personnummer in the file's path is masked there too
    (the archive then has no size for that file, as the masked path names no file)."""
    masked = mask_text(str(result.path))
    return result if masked == str(result.path) else replace(result, path=Path(masked))


def _suggest(area: str, known: list[str]) -> str | None:
    """A known area one letter away ('Vivala' → 'Vivalla'), or None."""
    key = fold(area)
    for candidate in known:
        other = fold(candidate)
        if abs(len(other) - len(key)) <= 1 and _distance(key, other) <= 1:
            return candidate
    close = difflib.get_close_matches(key, [fold(k) for k in known], n=1, cutoff=0.85)
    return next((k for k in known if close and fold(k) == close[0]), None)


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


# ------------------------------------------------------------------ the compiled week


def week_view(conn, workspace: Workspace, schema: Schema, week: IsoWeek) -> WeekView:
    """Everything the compiled workbook shows for one week, from the archive's active reports."""
    previous, before = week.shift(-1), week.shift(-2)
    last_year = _same_week_last_year(week)
    weeks = [str(w) for w in (week, previous, before, last_year)]
    counts = store.active_counts(conn, weeks)
    present = store.areas_with_reports(conn, weeks)
    reports = store.active_reports(conn, str(week))

    area_names: dict[str, str] = {fold(a): a for a in workspace.areas}
    for report in reports:
        area_names.setdefault(report["area_key"], report["area"])
    labels = {item.id: (item.label, item.theme) for item in schema.items}
    order = {item.id: n for n, item in enumerate(schema.items)}

    view = WeekView(
        kommun=workspace.kommun,
        schema_name=schema.name,
        week=str(week),
        previous_week=str(previous),
        week_before=str(before),
        same_week_last_year=str(last_year),
        deadline=workspace.deadline_for(week),
        compiled_at=datetime.now().replace(microsecond=0),
    )
    for area_key, area in area_names.items():
        if (str(week), area_key) not in present:
            if area in workspace.areas:
                view.areas_without_reports.append(area)
            continue
        keys = {key for (w, a, key) in counts if a == area_key}
        keys |= set(labels)
        for key in sorted(keys, key=lambda k: (order.get(k, len(order)), k)):
            label, theme = labels.get(key, (key, None))

            def value(w: IsoWeek) -> int | None:
                return counts.get((str(w), area_key, key), 0) if (str(w), area_key) in present else None

            view.overview.append(
                OverviewRow(
                    area=area,
                    key=key,
                    label=label,
                    theme=theme,
                    this_week=value(week) or 0,
                    previous_week=value(previous),
                    week_before=value(before),
                    same_week_last_year=value(last_year),
                )
            )

    for obs in store.week_observations(conn, str(week)):
        if obs["count"] <= 0:
            continue
        label = labels.get(obs["key"], (obs["label"], None))[0]
        view.events.append(
            EventRow(
                area=obs["area"],
                key=obs["key"],
                label=label,
                count=obs["count"],
                place=obs["place"],
                date=obs["date"],
                time=obs["time"],
                severity=obs["severity"],
                comment=obs["comment"],
                action=obs["action"],
                organisation=obs["organisation"],
                reporter=obs["reporter"],
                source=obs["source_name"],
                location=_where(obs["sheet"], obs["row"], obs["col"]),
            )
        )

    matched: set[int] = set()
    for expected in workspace.expected:
        hit = next(
            (
                r
                for r in reports
                if r["id"] not in matched and r["area_key"] == fold(expected.area) and _same_reporter(r["reporter_key"], expected.reporter)
            ),
            None,
        )
        if hit:
            matched.add(hit["id"])
            status = "sen" if hit["late"] else "inkommen"
            view.expected.append(ExpectedRow(expected.area, expected.organisation, expected.reporter, status, hit["received_at"], hit["source_name"]))
        else:
            view.expected.append(ExpectedRow(expected.area, expected.organisation, expected.reporter, "saknas"))
    for r in reports:
        if r["id"] not in matched:
            status = "sen" if r["late"] else "ej förväntad"
            view.expected.append(ExpectedRow(r["area"], r["organisation"], r["reporter"] or "–", status, r["received_at"], r["source_name"]))

    for err in store.week_errors(conn, str(week)):
        view.rejected.append(RejectedRow(err["name"], _where(err["sheet"], err["row"], err["col"]), err["code"], err["message"]))
    return view


def _same_reporter(key: str, expected: str) -> bool:
    want = fold(expected)
    return bool(key) and (key == want or want in key or key in want)


def _where(sheet: str | None, row: int | None, col: int | None) -> str:
    if row and col:
        return f"{sheet or ''}!{column_letter(col)}{row}".lstrip("!")
    if row:
        return f"{sheet or ''}, rad {row}".lstrip(", ")
    return sheet or ""


def _same_week_last_year(week: IsoWeek) -> IsoWeek:
    """Week 53 has no twin in a 52-week year: compare with week 52 then."""
    from est_cli.weeks import weeks_in_year

    return IsoWeek(week.year - 1, min(week.week, weeks_in_year(week.year - 1)))
