"""The archive: every merged file, report, observation and finding, with full provenance.

All writes of one merge happen in one transaction: a merge that fails or is killed leaves the
archive as it was. Reads aggregate in the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, and_, func, select

from est_cli.errors import EstError
from est_cli.model import FileResult, Report
from est_cli.store import tables as t
from est_cli.store.engine import open_engine, shown_url, writer
from est_cli.text import fold
from est_cli.weeks import local_naive


class ArchiveError(EstError):
    """The archive cannot be opened or used; Swedish message."""


def _busy(exc: Exception) -> bool:
    """The archive's write lock was not free within the wait (SQLite busy timeout, PostgreSQL lock_timeout)."""
    orig = getattr(exc, "orig", None)
    return "database is locked" in str(orig or exc) or getattr(orig, "sqlstate", None) == "55P03"


def _busy_error(url: str) -> ArchiveError:
    return ArchiveError(
        f"Arkivet {shown_url(url)} är upptaget: någon annan sparar i det (t.ex. en annan sammanslagning) "
        "och har inte blivit klar på en minut. Vänta en stund och försök igen; inget har sparats."
    )


def identity(text: str) -> str:
    """How areas, organisations and reporters are compared: case, accents and spacing ignored."""
    return fold(text)


_DRIVER_HINTS = {
    "psycopg": " Installera PostgreSQL-stödet med: pip install 'est[postgresql]'",
    "psycopg2": " est använder drivrutinen psycopg: skriv adressen som postgresql://… eller postgresql+psycopg://…",
}


@dataclass
class Archive:
    engine: Engine
    url: str

    @classmethod
    def open(cls, url: str) -> Archive:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            engine = open_engine(url)
            # Only a new or older archive needs the write lock (to create or migrate): a current
            # one is opened with a read, so `est trend`/`est render` never wait for a running merge.
            with engine.connect() as conn:
                version = t.current_version(conn)
            if version != t.SCHEMA_VERSION:
                with writer(engine).begin() as conn:
                    t.migrate(conn)
        except t.ArchiveVersionError as exc:
            raise ArchiveError(str(exc)) from None
        except ImportError as exc:  # the database driver is not installed
            raise ArchiveError(
                f"Arkivet {shown_url(url)} kräver {exc.name or exc}, som inte är installerat.{_DRIVER_HINTS.get(exc.name or '', '')}"
            ) from None
        except (SQLAlchemyError, OSError) as exc:
            if _busy(exc):
                raise _busy_error(url) from None
            # The driver's own message (not SQLAlchemy's wrapper with its web link), on one line.
            detail = " ".join(str(getattr(exc, "orig", None) or exc).split())
            raise ArchiveError(
                f"Arkivet {shown_url(url)} kan inte öppnas: {exc.__class__.__name__}: {detail}"
            ) from None
        return cls(engine, url)

    @contextmanager
    def write(self):
        """A write transaction (BEGIN IMMEDIATE on SQLite, the advisory lock on PostgreSQL): committed
        when the block ends, rolled back if it raises. A lock not free within the wait → ArchiveError."""
        from sqlalchemy.exc import OperationalError

        with writer(self.engine).connect() as conn:
            try:
                transaction = conn.begin()
            except OperationalError as exc:
                if _busy(exc):
                    raise _busy_error(self.url) from None
                raise
            with transaction:
                yield conn

    def read(self):
        return self.engine.connect()

    def close(self) -> None:
        self.engine.dispose()


def known_files(conn: Connection, hashes: Iterable[str]) -> dict[str, str]:
    """sha256 → the name it was merged under, for hashes already in the archive."""
    hashes = list(hashes)
    if not hashes:
        return {}
    rows = conn.execute(select(t.files.c.sha256, t.files.c.name).where(t.files.c.sha256.in_(hashes)))
    return {sha: name for sha, name in rows}


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
            .where(f.c.sha256.in_(sources), r.c.week == week, r.c.area_key == area_key, r.c.superseded_by.is_(None))
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
        dict(row._mapping)
        for row in conn.execute(select(r).where(r.c.week == week, r.c.superseded_by.is_(None)).order_by(r.c.id))
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


def _new_id(result) -> int:
    """The primary key of the row an INSERT just made."""
    key = result.inserted_primary_key
    if key is None:  # pragma: no cover - every table here has an integer primary key
        raise RuntimeError("the insert returned no primary key")
    return int(key[0])


def start_merge(conn: Connection, week: str | None, organisation: str | None) -> int:
    return _new_id(
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


def store_file(
    conn: Connection,
    merge_id: int,
    result: FileResult,
    name: str,
    received_at: datetime | None,
    late: dict[int, bool],
) -> tuple[int, list[Superseded]]:
    """Insert one file with its reports, observations and findings; resolve supersession."""
    path = str(result.path)
    size = result.path.stat().st_size if result.path.exists() else None
    first = result.reports[0] if result.reports else None
    file_id = _new_id(
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
        report_id = _insert_report(conn, file_id, report, received_at, late.get(index, False))
        report_weeks[report.sheet] = report.week or ""
        superseded.extend(_supersede(conn, report_id, report, received_at))
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


def _insert_report(conn: Connection, file_id: int, report: Report, received_at: datetime | None, late: bool) -> int:
    report_id = _new_id(
        conn.execute(
            t.reports.insert().values(
                file_id=file_id,
                source_name=report.source_name,
                sheet=report.sheet,
                schema_id=report.schema_id,
                week=report.week,
                area=report.area,
                area_key=identity(report.area),
                organisation=report.organisation,
                organisation_key=identity(report.organisation),
                reporter=report.reporter,
                reporter_key=identity(report.reporter),
                datum=report.datum,
                received_at=received_at,
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


def _supersede(conn: Connection, report_id: int, report: Report, received_at: datetime | None) -> list[Superseded]:
    """A corrected resubmission (same week, area, organisation, reporter) supersedes the earlier one.

    The report received later wins; on equal (or unknown) times the one merged later wins.
    """
    r = t.reports
    same = and_(
        r.c.week == report.week,
        r.c.area_key == identity(report.area),
        r.c.organisation_key == identity(report.organisation),
        r.c.reporter_key == identity(report.reporter),
        r.c.superseded_by.is_(None),
        r.c.id != report_id,
    )
    done: list[Superseded] = []
    for other_id, other_received, other_source in conn.execute(
        select(r.c.id, r.c.received_at, r.c.source_name).where(same)
    ):
        incoming_newer = received_at is None or other_received is None or received_at >= other_received
        old, new = (other_id, report_id) if incoming_newer else (report_id, other_id)
        conn.execute(r.update().where(r.c.id == old).values(superseded_by=new))
        old_source, new_source = (
            (other_source, report.source_name) if incoming_newer else (report.source_name, other_source)
        )
        done.append(
            Superseded(old_source, new_source, report.week or "", report.area, report.organisation, report.reporter)
        )
        if not incoming_newer:
            break
    return done


# ------------------------------------------------------------------ queries


def active_counts(conn: Connection, weeks: list[str]) -> dict[tuple[str, str, str], int]:
    """(week, area_key, key) → summed count over active (not superseded) reports, aggregated in SQL."""
    r, o = t.reports, t.observations
    query = (
        select(r.c.week, r.c.area_key, o.c.key, func.sum(o.c.count))
        .join(o, o.c.report_id == r.c.id)
        .where(r.c.week.in_(weeks), r.c.superseded_by.is_(None))
        .group_by(r.c.week, r.c.area_key, o.c.key)
    )
    return {(week, area, key): int(total or 0) for week, area, key, total in conn.execute(query)}


def areas_with_reports(conn: Connection, weeks: list[str]) -> set[tuple[str, str]]:
    """(week, area_key) pairs that have at least one active report."""
    r = t.reports
    query = select(r.c.week, r.c.area_key).where(r.c.week.in_(weeks), r.c.superseded_by.is_(None)).distinct()
    return {(week, area) for week, area in conn.execute(query)}


def active_reports(conn: Connection, week: str) -> list[dict]:
    r = t.reports
    query = (
        select(r)
        .where(r.c.week == week, r.c.superseded_by.is_(None))
        .order_by(r.c.area_key, r.c.organisation_key, r.c.id)
    )
    return [dict(row._mapping) for row in conn.execute(query)]


def week_observations(conn: Connection, week: str) -> list[dict]:
    """Observations of the week's active reports, with their report's area, organisation, reporter, source."""
    r, o = t.reports, t.observations
    query = (
        select(o, r.c.area, r.c.organisation, r.c.reporter, r.c.source_name)
        .join(r, o.c.report_id == r.c.id)
        .where(r.c.week == week, r.c.superseded_by.is_(None))
        # Events without a date first on every engine (PostgreSQL sorts NULL last, SQLite first);
        # portable where NULLS FIRST is not (SQLite before 3.30).
        .order_by(r.c.area_key, o.c.date.is_not(None), o.c.date, o.c.time, o.c.id)
    )
    return [dict(row._mapping) for row in conn.execute(query)]


def week_errors(conn: Connection, week: str) -> list[dict]:
    """Error findings for the week: rows of its reports, and whole files rejected in merges for the week."""
    f, fi, m = t.findings, t.files, t.merges
    merge_ids = select(m.c.id).where(m.c.week == week)
    query = (
        select(fi.c.name, f.c.sheet, f.c.row, f.c.col, f.c.code, f.c.message)
        .join(fi, f.c.file_id == fi.c.id)
        .where(f.c.severity == "error")
        .where((f.c.week == week) | (f.c.week.is_(None) & fi.c.merge_id.in_(merge_ids)))
        .order_by(fi.c.name, f.c.id)
    )
    return [dict(row._mapping) for row in conn.execute(query)]


def archive_totals(conn: Connection) -> dict[str, int]:
    """Counts for checks and tests: files, reports (active/superseded), observations, rows."""
    r = t.reports
    return {
        "files": conn.execute(select(func.count()).select_from(t.files)).scalar_one(),
        "reports": conn.execute(select(func.count()).select_from(r).where(r.c.superseded_by.is_(None))).scalar_one(),
        "superseded": conn.execute(
            select(func.count()).select_from(r).where(r.c.superseded_by.is_not(None))
        ).scalar_one(),
        "observations": conn.execute(select(func.count()).select_from(t.observations)).scalar_one(),
        "rows_read": conn.execute(select(func.coalesce(func.sum(t.files.c.rows_read), 0))).scalar_one(),
        "rows_stored": conn.execute(select(func.coalesce(func.sum(t.files.c.rows_stored), 0))).scalar_one(),
        "rows_rejected": conn.execute(select(func.coalesce(func.sum(t.files.c.rows_rejected), 0))).scalar_one(),
    }


# ------------------------------------------------------------------ trend queries (est trend)

UNTHEMED = "utan_tema"  # --by theme: observations whose label is not in the schema carry no theme


def _week_ranges(column, ranges: Iterable[tuple[str, str]]):
    """week BETWEEN first AND last for each range (canonical '2026-W07' strings sort chronologically)."""
    from sqlalchemy import or_

    return or_(*(column.between(first, last) for first, last in ranges))


def period_counts(
    conn: Connection,
    ranges: list[tuple[str, str]],
    by: str = "item",
    area_keys: list[str] | None = None,
    keys: list[str] | None = None,
) -> dict[tuple[str, str, str], int]:
    """(week, area_key, key) → summed count over active reports in the week ranges, aggregated in SQL.

    `by` is "item" (the observation's key: item id, or the original label) or "theme" (the shared
    theme; UNTHEMED for labels outside the schema). Superseded reports are never counted.
    """
    r, o = t.reports, t.observations
    key = o.c.key if by == "item" else func.coalesce(o.c.theme, UNTHEMED)
    query = (
        select(r.c.week, r.c.area_key, key.label("k"), func.sum(o.c.count))
        .join(o, o.c.report_id == r.c.id)
        .where(_week_ranges(r.c.week, ranges), r.c.superseded_by.is_(None))
    )
    if area_keys is not None:
        query = query.where(r.c.area_key.in_(area_keys))
    if keys is not None:
        query = query.where(key.in_(keys))
    query = query.group_by(r.c.week, r.c.area_key, key)
    return {(week, area, k): int(total or 0) for week, area, k, total in conn.execute(query)}


def period_presence(
    conn: Connection, ranges: list[tuple[str, str]], area_keys: list[str] | None = None
) -> set[tuple[str, str]]:
    """(week, area_key) pairs in the week ranges with at least one active report."""
    r = t.reports
    query = select(r.c.week, r.c.area_key).where(_week_ranges(r.c.week, ranges), r.c.superseded_by.is_(None))
    if area_keys is not None:
        query = query.where(r.c.area_key.in_(area_keys))
    return {(week, area) for week, area in conn.execute(query.distinct())}


def area_spellings(
    conn: Connection, ranges: list[tuple[str, str]] | None = None, area_keys: list[str] | None = None
) -> dict[str, str]:
    """area_key → the most common spelling among active reports (in the week ranges, or ever;
    of the given areas, or all)."""
    r = t.reports
    query = select(r.c.area_key, r.c.area, func.count()).where(r.c.superseded_by.is_(None))
    if ranges is not None:
        query = query.where(_week_ranges(r.c.week, ranges))
    if area_keys is not None:
        query = query.where(r.c.area_key.in_(area_keys))
    best: dict[str, tuple[int, str]] = {}
    for key, area, n in conn.execute(query.group_by(r.c.area_key, r.c.area)):
        if key not in best or (n, area) > best[key]:
            best[key] = (n, area)
    return {key: area for key, (_, area) in best.items()}


def key_labels(conn: Connection, keys: list[str]) -> dict[str, tuple[str, str | None]]:
    """key → (a label stored with it, its theme) – for keys outside the workspace's schema."""
    if not keys:
        return {}
    o = t.observations
    query = select(o.c.key, func.min(o.c.label), func.min(o.c.theme)).where(o.c.key.in_(keys)).group_by(o.c.key)
    return {key: (label, theme) for key, label, theme in conn.execute(query)}


def area_week_span(conn: Connection, area_key: str) -> tuple[str, str] | None:
    """(first week, last week) with an active report from the area, or None."""
    r = t.reports
    query = select(func.min(r.c.week), func.max(r.c.week)).where(r.c.area_key == area_key, r.c.superseded_by.is_(None))
    first, last = conn.execute(query).one()
    return (first, last) if first else None


# ------------------------------------------------------------------ insatser (actions and their follow-up)


def add_insats(conn: Connection, values: dict) -> int:
    return _new_id(conn.execute(t.insatser.insert().values(**values)))


def get_insats(conn: Connection, insats_id: int) -> dict | None:
    row = conn.execute(select(t.insatser).where(t.insatser.c.id == insats_id)).first()
    return dict(row._mapping) if row else None


def list_insatser(conn: Connection) -> list[dict]:
    i = t.insatser
    return [dict(row._mapping) for row in conn.execute(select(i).order_by(i.c.from_week, i.c.id))]


def set_insats_end(conn: Connection, insats_id: int, to_week: str | None) -> None:
    conn.execute(t.insatser.update().where(t.insatser.c.id == insats_id).values(to_week=to_week))


def insatser_active_in(conn: Connection, first: str, last: str) -> list[dict]:
    """Insatser running at some time in first … last (started by `last`, not ended before `first`)."""
    i = t.insatser
    query = (
        select(i)
        .where(i.c.from_week <= last, (i.c.to_week.is_(None)) | (i.c.to_week >= first))
        .order_by(i.c.area_key, i.c.from_week, i.c.id)
    )
    return [dict(row._mapping) for row in conn.execute(query)]
