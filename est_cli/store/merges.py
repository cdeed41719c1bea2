"""What a merge writes: the merge itself, each file with its reports, observations and findings, and
supersession (a corrected report replaces the earlier one, which stays, marked); the compilations
and their sources. All in the caller's one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, and_, select

from est_cli.model import FileResult, Report
from est_cli.places import place_key
from est_cli.store import tables as t
from est_cli.store.tables import new_id
from est_cli.text import fold as identity
from est_cli.weeks import local_naive


def known_files(conn: Connection, hashes: Iterable[str]) -> dict[str, str]:
    """sha256 → the name it was merged under, for hashes already in the archive."""
    hashes = list(hashes)
    if not hashes:
        return {}
    rows = conn.execute(select(t.files.c.sha256, t.files.c.name).where(t.files.c.sha256.in_(hashes)))
    return {sha: name for sha, name in rows}


def rejected_files(conn: Connection, hashes: Iterable[str]) -> dict[str, int]:
    """sha256 → file id, for hashes in the archive whose file gave no stored report (every report was
    rejected, e.g. without a week): such a file may be merged again and rescued (`forget_rejected_file`)."""
    hashes = list(hashes)
    if not hashes:
        return {}
    f, r = t.files, t.reports
    has_report = select(r.c.id).where(r.c.file_id == f.c.id).exists()
    rows = conn.execute(select(f.c.sha256, f.c.id).where(f.c.sha256.in_(hashes), ~has_report))
    return {sha: file_id for sha, file_id in rows}


def forget_rejected_file(conn: Connection, file_id: int) -> None:
    """Remove a rejected file's record (its findings, its compilation sources, the file row) so that the
    same file, read again and now stored, is recorded once. Refuses a file with stored reports."""
    r = t.reports
    if conn.execute(select(r.c.id).where(r.c.file_id == file_id).limit(1)).first() is not None:
        raise ValueError(f"file {file_id} has stored reports; only a rejected file can be forgotten")
    conn.execute(t.findings.delete().where(t.findings.c.file_id == file_id))
    conn.execute(t.compilation_sources.delete().where(t.compilation_sources.c.file_id == file_id))
    conn.execute(t.files.delete().where(t.files.c.id == file_id))


def compiled_sources(conn: Connection) -> dict[str, str]:
    """source sha256 → name of the archived compilation that already counts it."""
    c, f = t.compilation_sources, t.files
    rows = conn.execute(select(c.c.source_sha256, f.c.name).join(f, c.c.file_id == f.c.id))
    return {sha: name for sha, name in rows}


def record_compilation(conn: Connection, file_id: int, sources: list[str]) -> int:
    """Remember a compilation's sources; reports from those files already archived are superseded
    by the compilation's report for the same week and area. Returns how many were superseded."""
    if sources:
        conn.execute(t.compilation_sources.insert(), [{"file_id": file_id, "source_sha256": sha} for sha in sources])
    r, f = t.reports, t.files
    replaced = 0
    for comp_id, week, area_key in conn.execute(
        select(r.c.id, r.c.week, r.c.area_key).where(r.c.file_id == file_id)
    ).all():
        source_reports = (
            select(r.c.id)
            .join(f, r.c.file_id == f.c.id)
            .where(f.c.sha256.in_(sources), r.c.week == week, r.c.area_key == area_key, t.active(r))
        )
        ids = [row[0] for row in conn.execute(source_reports)]
        if ids:
            conn.execute(r.update().where(r.c.id.in_(ids)).values(superseded_by=comp_id))
            replaced += len(ids)
    return replaced


def organisation_week(
    conn: Connection, week: str, wanted: Callable[[str], bool]
) -> tuple[list[dict], list[dict], list[dict]]:
    """The active reports of one organisation for a week, their observations, and their source files."""
    r, o, f = t.reports, t.observations, t.files
    reports = [
        dict(row._mapping) for row in conn.execute(select(r).where(r.c.week == week, t.active(r)).order_by(r.c.id))
    ]
    reports = [rep for rep in reports if wanted(rep["organisation"])]
    ids = [rep["id"] for rep in reports]
    if not ids:
        return [], [], []
    obs = conn.execute(
        select(o, r.c.area_key, r.c.reporter)
        .join(r, o.c.report_id == r.c.id)
        .where(o.c.report_id.in_(ids))
        .order_by(o.c.id)
    )
    files = conn.execute(
        select(f.c.name, f.c.sha256, r.c.reporter, r.c.area)
        .join(r, r.c.file_id == f.c.id)
        .where(r.c.id.in_(ids))
        .order_by(f.c.name)
    )
    sources = [{"name": n, "sha256": sha, "reporter": rep, "area": area} for n, sha, rep, area in files]
    return reports, [dict(row._mapping) for row in obs], sources


def start_merge(conn: Connection, week: str | None, organisation: str | None) -> int:
    return new_id(
        conn.execute(t.merges.insert().values(started_at=datetime.now(), week=week, organisation=organisation))
    )


@dataclass
class Superseded:
    old_source: str
    new_source: str
    week: str
    area: str
    organisation: str
    reporter: str
    # Set when the order rests on weak or mixed evidence (a saved file's time against an e-mail's
    # date …): what was compared, for the warning "osäker ordning".
    uncertain: str | None = None
    old_id: int = 0
    new_id: int = 0


# How strong the evidence of a report's received time is, strongest first.
EVIDENCE = ("e-post", "datum", "fil")
EVIDENCE_WORDS = {"e-post": "e-brevets datum", "datum": "datum i rapporten", "fil": "när filen sparades"}


def received(report: Report, file_received: datetime | None, file_evidence: str) -> tuple[datetime | None, str]:
    """When a report was received, and what that rests on: the e-mail's Date header, else the report's
    own Datum field, else the saved file's modification time (the coordinator's save, not the
    reporter's send: the weakest)."""
    if file_evidence == "e-post" and file_received is not None:
        return file_received, "e-post"
    if report.datum is not None:
        return datetime.combine(report.datum, datetime.min.time()), "datum"
    return file_received, "fil"


def store_file(
    conn: Connection,
    merge_id: int,
    result: FileResult,
    name: str,
    received_at: datetime | None,
    late: dict[int, bool],
    evidence: str = "fil",
    place_key_of: Callable[[str, str], str] | None = None,
) -> tuple[int, list[Superseded]]:
    """Insert one file with its reports, observations and findings; resolve supersession.
    `received_at` is the e-mail's date (`evidence` "e-post") or the file's modification time ("fil");
    `place_key_of(area_key, place)` the place key with the workspace's place register
    (PlaceRegister.key; without it, `places.place_key`)."""
    path = str(result.path)
    size = result.path.stat().st_size if result.path.exists() else None
    first = result.reports[0] if result.reports else None
    file_id = new_id(
        conn.execute(
            t.files.insert().values(
                sha256=result.sha256,
                name=name,
                path=path,
                size=size,
                received_at=received_at,
                email_sender=first.email_sender if first else None,
                email_date=local_naive(first.email_date) if first and first.email_date else None,
                merge_id=merge_id,
                status=result.status,
                rows_read=result.rows_read,
                rows_stored=result.rows_stored,
                rows_rejected=result.rows_rejected,
            )
        )
    )
    superseded: list[Superseded] = []
    report_weeks: dict[str | None, str] = {}
    for index, report in enumerate(result.stored_reports):
        when, why = received(report, received_at, evidence)
        report_id = _insert_report(conn, file_id, report, when, why, late.get(index, False), place_key_of)
        report_weeks[report.sheet] = report.week or ""
        superseded.extend(_supersede(conn, report_id, report, when, why))
    only_week = next(iter(set(report_weeks.values())), None) if len(set(report_weeks.values())) == 1 else None
    rows = [
        {
            "file_id": file_id,
            "week": report_weeks.get(f.location.sheet, only_week),
            "code": f.code,
            "severity": f.severity,
            "message": f.message,
            "sheet": f.location.sheet,
            "row": f.location.row,
            "col": f.location.col,
        }
        for f in result.findings
    ]
    if rows:
        conn.execute(t.findings.insert(), rows)
    return file_id, superseded


def _insert_report(
    conn: Connection,
    file_id: int,
    report: Report,
    received_at: datetime | None,
    received_from: str,
    late: bool,
    place_key_of: Callable[[str, str], str] | None = None,
) -> int:
    area_key = identity(report.area)
    key_of = place_key_of or (lambda _area, place: place_key(place))
    report_id = new_id(
        conn.execute(
            t.reports.insert().values(
                file_id=file_id,
                source_name=report.source_name,
                sheet=report.sheet,
                schema_id=report.schema_id,
                week=report.week,
                area=report.area,
                area_key=area_key,
                organisation=report.organisation,
                organisation_key=identity(report.organisation),
                reporter=report.reporter,
                reporter_key=identity(report.reporter),
                datum=report.datum,
                received_at=received_at,
                received_from=received_from,
                email_sender=report.email_sender,
                late=late,
                observations=len(report.observations),
            )
        )
    )
    rows = [
        {
            "report_id": report_id,
            "item_id": o.item_id,
            "key": o.key,
            "label": o.label,
            "theme": o.theme,
            "section_id": o.section_id,
            "count": o.count,
            "place": o.place,
            "date": o.date,
            "time": o.time,
            "place_key": key_of(area_key, o.place),
            "severity": o.severity,
            "comment": o.comment,
            "action": o.action,
            "sheet": o.location.sheet,
            "row": o.location.row,
            "col": o.location.col,
        }
        for o in report.observations
    ]
    if rows:
        conn.execute(t.observations.insert(), rows)
    return report_id


def _supersede(
    conn: Connection, report_id: int, report: Report, received_at: datetime | None, received_from: str
) -> list[Superseded]:
    """A corrected resubmission (same week, area, organisation, reporter) supersedes the earlier one.

    The later report by the best evidence both have counts (`later`); where that evidence is weak or
    mixed the Superseded says so (`uncertain`), and `est rapport gäller` can choose the other.
    """
    r = t.reports
    same = and_(
        r.c.week == report.week,
        r.c.area_key == identity(report.area),
        r.c.organisation_key == identity(report.organisation),
        r.c.reporter_key == identity(report.reporter),
        t.active(r),
        r.c.id != report_id,
    )
    done: list[Superseded] = []
    incoming = Received(received_at, received_from, report.datum)
    for other_id, other_received, other_from, other_datum, other_source in conn.execute(
        select(r.c.id, r.c.received_at, r.c.received_from, r.c.datum, r.c.source_name).where(same)
    ):
        incoming_newer, uncertain = later(incoming, Received(other_received, other_from or "fil", other_datum))
        old, new = (other_id, report_id) if incoming_newer else (report_id, other_id)
        conn.execute(r.update().where(r.c.id == old).values(superseded_by=new))
        old_source, new_source = (
            (other_source, report.source_name) if incoming_newer else (report.source_name, other_source)
        )
        done.append(
            Superseded(
                old_source,
                new_source,
                report.week or "",
                report.area,
                report.organisation,
                report.reporter,
                uncertain,
                old,
                new,
            )
        )
        if not incoming_newer:
            break
    return done


@dataclass(frozen=True)
class Received:
    """A report's received time, what it rests on ("e-post", "datum", "fil"), and its Datum field."""

    at: datetime | None
    evidence: str
    datum: date | None = None


def later(incoming: Received, earlier: Received) -> tuple[bool, str | None]:
    """Is `incoming` the later of two reports of the same week, area, organisation and reporter? And
    None when that is certain, else what the answer rests on (for the warning "osäker ordning").

    Like is compared with like: two e-mail dates; else two different Datum fields; a saved file's
    time is only an upper bound of when it came in (nobody saves an attachment before it arrives), so
    an e-mail sent after a file was saved is certainly later. Otherwise the report with the stronger
    evidence counts (an e-mail's date is when it came; a file's time is when someone saved it), and
    on equal evidence the later time, then the report merged later – each said to be uncertain."""
    a, b = incoming, earlier
    if a.evidence == b.evidence == "e-post" and a.at and b.at:
        return a.at >= b.at, None
    if a.datum and b.datum and a.datum != b.datum:
        return a.datum > b.datum, None
    if a.at and b.at:
        if a.evidence == "e-post" and b.evidence == "fil" and a.at > b.at:
            return True, None
        if b.evidence == "e-post" and a.evidence == "fil" and b.at > a.at:
            return False, None
    words = f"{EVIDENCE_WORDS.get(a.evidence, a.evidence)} mot {EVIDENCE_WORDS.get(b.evidence, b.evidence)}"
    strength_a, strength_b = EVIDENCE.index(a.evidence), EVIDENCE.index(b.evidence)
    if strength_a != strength_b:
        return strength_a < strength_b, words
    if a.at and b.at:
        return a.at >= b.at, words
    return True, words  # nothing to compare: the report merged later counts
