"""`est merge`: read the week's files, store them in the archive in one transaction, compile the
week (est_cli.weekview) and write the week's workbook.

Merging is idempotent: a file already in the archive (same sha256) changes nothing, except a file
whose every report was rejected last time: it is read again, and stored (replacing its rejected
record) if it now gives a report, e.g. with --week for a file without a week. A corrected
resubmission supersedes the earlier report, which stays in the archive marked as superseded.
The user's input files are only read, never moved or changed.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from est_cli import store
from est_cli.aliases import load_aliases
from est_cli.compilation import compilation_sources, organisation_matches
from est_cli.dataskydd import keep_counts_only
from est_cli.errors import EstError
from est_cli.individdata import MASKED_NAMES
from est_cli.ingest import Options, ingest
from est_cli.model import FileResult
from est_cli.outputs.atomic import OutputLockedError
from est_cli.place_register import PlaceRegister, load_register
from est_cli.place_sync import apply_register
from est_cli.privacy import mask_text, shown_path
from est_cli.schema import Schema
from est_cli.text import fold
from est_cli.weeks import IsoWeek, local_naive
from est_cli.weekview import ExpectedStatus, WeekView
from est_cli.weekview.build import week_view
from est_cli.workspace import Workspace


class FileState(StrEnum):
    """What the merge did with a file; the Swedish value is the JSON contract ("merge": …)."""

    NEW = "ny"
    KNOWN = "redan i arkivet"  # the same file (sha256) was merged before
    IN_COMPILATION = "ingår i sammanställning"  # already counted through an organisation's compilation
    OTHER_ORGANISATION = "annan organisation"  # left out by --organisation
    SKIPPED = "hoppades över"  # no checklist (an image, a text file …)


class WorkbookLockedError(EstError):
    """The week is saved in the archive, but its workbook is open in another program."""


@dataclass
class FileOutcome:
    result: FileResult
    display: str
    state: FileState
    received_at: datetime | None = None
    received_from: str = "fil"  # "e-post" when received_at is the e-mail's date
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
    # A word masked as a probable name OFTEN_MASKED times or more: (times, files) – never the word itself.
    often_masked: list[tuple[int, list[str]]] = field(default_factory=list)

    @property
    def new_files(self) -> list[FileOutcome]:
        return [f for f in self.files if f.state is FileState.NEW]

    @property
    def rejected(self) -> list[FileOutcome]:
        return [f for f in self.new_files if f.result.status == "rejected"]

    def as_dict(self) -> dict[str, Any]:
        """validate's shape (design.md) plus a "merge" block with what the merge did."""
        checklists = [f for f in self.files if f.state is not FileState.SKIPPED]
        reports = [r for f in self.new_files for r in f.result.stored_reports]
        return {
            "files": [f.result.as_dict(f.display) | {"merge": f.state} for f in checklists],
            "totals": {
                "files": len(checklists),
                "reports": len(reports),
                "observations": sum(len(r.observations) for r in reports),
                "rejected_files": len(self.rejected),
            },
            "skipped": [
                {"path": f.display, "reason": f.result.skipped} for f in self.files if f.state is FileState.SKIPPED
            ],
            "merge": {
                "week": self.week,
                "dry_run": self.dry_run,
                "new_files": len(self.new_files),
                "known_files": sum(1 for f in self.files if f.state is FileState.KNOWN),
                "in_compilation": [
                    {"file": f.display, "compilation": f.known_as}
                    for f in self.files
                    if f.state is FileState.IN_COMPILATION
                ],
                "other_organisation": [f.display for f in self.files if f.state is FileState.OTHER_ORGANISATION],
                "compilations": [
                    {"file": f.display, "sources": len(f.sources), "replaced_reports": f.replaced}
                    for f in self.new_files
                    if f.sources is not None
                ],
                "other_weeks": self.other_weeks,
                "new_areas": self.new_areas,
                "superseded": [s.__dict__ for s in self.superseded],
                "late": [
                    {"file": f, "report": who, "received": when.isoformat(timespec="minutes")}
                    for f, who, when in self.late
                ],
                "missing": {
                    week: [
                        {"area": e.area, "organisation": e.organisation, "reporter": e.reporter}
                        for e in view.expected
                        if e.status == ExpectedStatus.MISSING
                    ]
                    for week, view in self.views.items()
                },
                "workbooks": {week: str(path) for week, path in self.workbooks.items()},
                # the days each week's reports cover (est.toml's rapportperiod), [from, to)
                "reporting_periods": {
                    week: {
                        "from": view.period.start.isoformat(timespec="minutes"),
                        "to": view.period.end.isoformat(timespec="minutes"),
                        "text": view.period.sentence(),
                        "events_outside": sum(e.counts for e in view.events if e.outside_period),
                    }
                    for week, view in self.views.items()
                },
            },
        }


def received_time(result: FileResult) -> tuple[datetime | None, str]:
    """When the file came in, and what that rests on: the e-mail's date ("e-post"), else the file's
    modification time ("fil", local) – when someone saved it, the weakest evidence. A report's own
    Datum field comes between the two (store.merges.received)."""
    for report in result.reports:
        if report.email_date:
            return local_naive(report.email_date), "e-post"
    try:
        return datetime.fromtimestamp(result.path.stat().st_mtime), "fil"
    except OSError:
        return None, "fil"


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
    write: bool = False,
) -> MergeResult:
    """Read, check and store every file; one transaction for the whole merge. With `write` (the
    Wednesday job, `est merge`), then the workbook of every touched week and, with `organisation`,
    that organisation's compilation (`write_outputs`); a dry run writes nothing.

    `files`: the input files of `paths` when the caller has listed them already (readers.iter_input_files).
    """
    from est_cli.readers import iter_input_files

    outcome = MergeResult(dry_run=dry_run)
    options = Options(
        year=year,
        default_week=week,
        aliases=load_aliases(workspace.root),
        areas=tuple(workspace.areas),
        period=workspace.reporting_period(),
        allowed=workspace.individdata_allowed(),
        mailboxes=frozenset(workspace.mailboxes.values()),
    )
    register = load_register(workspace.root)  # a platser.csv that cannot be used stops the merge before it reads
    names_masked: dict[str, list[FileOutcome]] = {}
    for path in files if files is not None else iter_input_files(paths):
        if progress:
            progress(path)
        outcome.files.append(_read_for_merge(path, paths, schema, options, organisation, workspace, names_masked))
    # Compilations first, so that their source files, merged in the same run, are recognised.
    outcome.files.sort(key=lambda f: f.sources is None)

    weeks = Counter(r.week for f in outcome.files for r in f.result.stored_reports)
    outcome.week = str(week) if week else (weeks.most_common(1)[0][0] if weeks else None)

    with archive.write() as conn:
        hashes = [f.result.sha256 for f in outcome.files if f.state is FileState.NEW]
        seen = store.known_files(conn, hashes)
        # Files merged before whose every report was rejected: read again, they are stored if they now
        # give a report (e.g. with --week); still rejected, they stay as they are.
        rejected = store.rejected_files(conn, hashes)
        compiled = store.compiled_sources(conn)
        merge_id = store.start_merge(conn, outcome.week, organisation)
        in_this_merge: set[str] = set()
        for item in outcome.files:
            if item.state is not FileState.NEW:
                continue
            sha = item.result.sha256
            rescued = sha in rejected and bool(item.result.stored_reports)
            if (sha in seen and not rescued) or sha in in_this_merge:
                item.state, item.known_as = FileState.KNOWN, seen.get(sha)
                continue
            if sha in compiled:
                # Already counted through an organisation's compilation: storing it would count twice.
                item.state, item.known_as = FileState.IN_COMPILATION, compiled[sha]
                continue
            in_this_merge.add(sha)
            if rescued:
                store.forget_rejected_file(conn, rejected[sha])
            _store(conn, merge_id, item, outcome, workspace, compiled, register)
        if outcome.new_files:
            store.add_log(conn, "merge", _log_details(outcome))
        touched = {r.week for f in outcome.new_files for r in f.result.stored_reports if r.week}
        if outcome.week:
            touched.add(outcome.week)
        # The older observations too, if platser.csv changed since they were keyed (the new ones are).
        apply_register(conn, register)
        store.refresh_event_surplus(conn, touched)
        for week_id in sorted(touched):
            outcome.views[week_id] = week_view(conn, workspace, schema, IsoWeek.parse(week_id))
        if dry_run:
            conn.rollback()  # everything above is undone; the views show what the merge would give
    if write and not dry_run:
        write_outputs(outcome, workspace, schema, archive, organisation)
    outcome.often_masked = _often_masked(names_masked)  # the new files only: states are final now
    return outcome


def _log_details(outcome: MergeResult) -> dict[str, Any]:
    """What a merge changed, for the archive's log: the files stored and the reports they replaced."""
    return {
        "week": outcome.week,
        "files": [f.display for f in outcome.new_files],
        "reports": sum(len(f.result.stored_reports) for f in outcome.new_files),
        "superseded": [{"old": s.old_id, "new": s.new_id} for s in outcome.superseded],
    }


def _read_for_merge(
    path: Path,
    paths: list[Path],
    schema: Schema,
    options: Options,
    organisation: str | None,
    workspace: Workspace,
    names_masked: dict[str, list[FileOutcome]],
) -> FileOutcome:
    """`_read`, noting the names it masked (in `names_masked`), and with the reports of an organisation
    that est.toml keeps as counts only (`lagra = "antal"`) stripped before anything is stored."""
    collected = MASKED_NAMES.set([])
    try:
        item = _read(path, paths, schema, options, organisation)
        for key in MASKED_NAMES.get() or []:
            names_masked.setdefault(key, []).append(item)
    finally:
        MASKED_NAMES.reset(collected)
    for report in item.result.reports:
        if workspace.organisation_rule(report.organisation).store == "antal":
            keep_counts_only(report)
    return item


OFTEN_MASKED = 3  # a word masked as a name this often in one merge is probably a place or an organisation


def _often_masked(names: dict[str, list[FileOutcome]]) -> list[tuple[int, list[str]]]:
    """(times, files) for each word masked as a name at least OFTEN_MASKED times in this run's new files."""
    often = []
    for items in names.values():
        new = [item for item in items if item.state is FileState.NEW]
        if len(new) >= OFTEN_MASKED:
            often.append((len(new), sorted({item.display for item in new})))
    return sorted(often, key=lambda x: -x[0])


def _read(path: Path, roots: list[Path], schema: Schema, options: Options, organisation: str | None) -> FileOutcome:
    """One input file read and checked, with the state it enters the merge in."""
    from est_cli.readers import read_file

    read = read_file(path)
    result = ingest(read, schema, options)
    state = FileState.SKIPPED if result.skipped else FileState.NEW
    when, evidence = received_time(result)
    item = FileOutcome(result, shown_path(path, roots), state, when, evidence)
    item.sources = compilation_sources(read)
    if (
        state is FileState.NEW
        and organisation
        and result.stored_reports
        and not any(organisation_matches(organisation, r.organisation) for r in result.stored_reports)
    ):
        item.state = FileState.OTHER_ORGANISATION
    return item


def _store(
    conn,
    merge_id: int,
    item: FileOutcome,
    outcome: MergeResult,
    workspace: Workspace,
    compiled: dict[str, str],
    register: PlaceRegister,
) -> None:
    """Store one new file's reports; note late reports, other weeks and unknown areas in `outcome`."""
    known_areas = {fold(a) for a in workspace.areas}
    late: dict[int, bool] = {}
    for index, report in enumerate(item.result.stored_reports):
        deadline = workspace.deadline_for(IsoWeek.parse(report.week)) if report.week else None
        # Only an e-mail's date says when a report came in; a saved file's time says when the
        # coordinator saved it, so plain files are never called late.
        late[index] = bool(deadline and report.email_date and item.received_at and item.received_at > deadline)
        if late[index] and item.received_at:
            who = f"{report.area} · {report.organisation} · {report.reporter or '–'}"
            outcome.late.append((item.display, who, item.received_at))
        if report.week and report.week != outcome.week:
            outcome.other_weeks.setdefault(report.week, []).append(item.display)
        if fold(report.area) not in known_areas and report.area not in outcome.new_areas:
            outcome.new_areas[report.area] = _suggest(report.area, workspace.areas)
    file_id, superseded = store.store_file(
        conn, merge_id, _archived(item.result), item.display, item.received_at, late, item.received_from, register.key
    )
    outcome.superseded.extend(superseded)
    if item.sources is not None:
        item.replaced = store.record_compilation(conn, file_id, item.sources)
        compiled.update({source: item.display for source in item.sources})


def write_outputs(
    result: MergeResult, workspace: Workspace, schema: Schema, archive: store.Archive, organisation: str | None = None
) -> None:
    """The week's workbook for every week in `result` (utkast/<week>/sammanstallning-<week>.xlsx),
    and with `organisation` that organisation's compilation beside it; paths go to result.workbooks."""
    from est_cli.workbook import write_week_workbook

    try:
        for week, view in result.views.items():
            path = workspace.drafts / week / f"sammanstallning-{week}.xlsx"
            path.parent.mkdir(parents=True, exist_ok=True)
            write_week_workbook(view, path)
            result.workbooks[week] = path
    except OutputLockedError as exc:
        raise WorkbookLockedError(
            f"{exc} Veckan är redan sparad i arkivet: kör est merge igen när filen är stängd, så skrivs "
            "sammanställningen (inget räknas två gånger)."
        ) from None
    if organisation:
        _write_compilations(result, workspace, schema, archive, organisation)


def _write_compilations(
    result: MergeResult, workspace: Workspace, schema: Schema, archive: store.Archive, organisation: str
) -> None:
    """Step one: the organisation's own compiled report, in checklist form, for the area's merge."""
    from est_cli.compilation import write_compilation

    for week in result.views:
        with archive.read() as conn:
            reports, observations, sources = store.organisation_week(
                conn, week, lambda org: organisation_matches(organisation, org)
            )
        if not reports:
            continue
        name = re.sub(r"[^\w-]+", "-", organisation.strip(), flags=re.UNICODE).strip("-").lower() or "organisation"
        path = workspace.drafts / week / f"sammanstallning-{name}-{week}.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        spelled = Counter(r["organisation"] for r in reports).most_common(1)[0][0]
        write_compilation(path, schema, spelled, week, reports, observations, sources)
        result.workbooks[f"{week} {organisation.strip()}"] = path


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


__all__ = [
    "FileOutcome",
    "FileState",
    "MergeResult",
    "WorkbookLockedError",
    "merge_paths",
    "received_time",
    "write_outputs",
]
