"""What the compiled week reads: counts per week, area and item of active reports, the week's reports,
observations and rejected rows, and the archive's totals."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from est_cli.store import events
from est_cli.store import tables as t


def active_counts(conn: Connection, weeks: list[str]) -> dict[tuple[str, str, str], int]:
    """(week, area_key, key) → events over active (not superseded) reports: the reported counts summed
    in SQL, less what the same event reported twice added (store.events, kept in event_surplus)."""
    return counts_and_reported(conn, weeks)[0]


def counts_and_reported(
    conn: Connection, weeks: list[str]
) -> tuple[dict[tuple[str, str, str], int], dict[tuple[str, str, str], int]]:
    """(events, reported): active_counts, and the reports' counts summed as they were reported."""
    reported = reported_counts(conn, weeks)
    extra = events.stored_surplus(conn, [t.event_surplus.c.week.in_(weeks)], "item", "")
    counted = {where: n - extra.get(where, 0) for where, n in reported.items()}
    return counted, reported


def week_events(conn: Connection, week: str) -> dict[int, tuple[int, int]]:
    """observation id → (event id, what it adds to a count of events) for the week's observations that
    share an event with another; every other observation is an event of its own."""
    return events.event_of(events.multi_events(conn, [t.reports.c.week == week]))


def reported_counts(conn: Connection, weeks: list[str]) -> dict[tuple[str, str, str], int]:
    """(week, area_key, key) → summed count over active reports as reported, aggregated in SQL."""
    r, o = t.reports, t.observations
    query = (
        select(r.c.week, r.c.area_key, o.c.key, func.sum(o.c.count))
        .join(o, o.c.report_id == r.c.id)
        .where(r.c.week.in_(weeks), t.active(r))
        .group_by(r.c.week, r.c.area_key, o.c.key)
    )
    return {(week, area, key): int(total or 0) for week, area, key, total in conn.execute(query)}


def areas_with_reports(conn: Connection, weeks: list[str]) -> set[tuple[str, str]]:
    """(week, area_key) pairs that have at least one active report."""
    r = t.reports
    query = select(r.c.week, r.c.area_key).where(r.c.week.in_(weeks), t.active(r)).distinct()
    return {(week, area) for week, area in conn.execute(query)}


def report_counts(conn: Connection, weeks: list[str]) -> dict[tuple[str, str], int]:
    """(week, area_key) → the number of active reports."""
    r = t.reports
    query = (
        select(r.c.week, r.c.area_key, func.count())
        .where(r.c.week.in_(weeks), t.active(r))
        .group_by(r.c.week, r.c.area_key)
    )
    return {(week, area): int(n) for week, area, n in conn.execute(query)}


def active_reports(conn: Connection, week: str) -> list[dict]:
    r = t.reports
    query = select(r).where(r.c.week == week, t.active(r)).order_by(r.c.area_key, r.c.organisation_key, r.c.id)
    return [dict(row._mapping) for row in conn.execute(query)]


def week_observations(conn: Connection, week: str) -> list[dict]:
    """Observations of the week's active reports, with their report's area, organisation, reporter, source."""
    r, o = t.reports, t.observations
    query = (
        select(o, r.c.area, r.c.organisation, r.c.reporter, r.c.source_name)
        .join(r, o.c.report_id == r.c.id)
        .where(r.c.week == week, t.active(r))
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


def week_warnings(conn: Connection, week: str) -> list[dict]:
    """Warnings of the files that gave the week an active report: what the coordinator should check
    (a severity out of range, an unknown item, a removed personnummer …)."""
    f, fi, r = t.findings, t.files, t.reports
    active_files = select(r.c.file_id).where(r.c.week == week, t.active(r))
    query = (
        select(fi.c.name, f.c.sheet, f.c.row, f.c.col, f.c.code, f.c.message)
        .join(fi, f.c.file_id == fi.c.id)
        .where(f.c.severity == "warning", fi.c.id.in_(active_files))
        .where((f.c.week == week) | f.c.week.is_(None))
        .order_by(fi.c.name, f.c.id)
    )
    return [dict(row._mapping) for row in conn.execute(query)]


def archive_totals(conn: Connection) -> dict[str, int]:
    """Counts for checks and tests: files, reports (active/superseded), observations, rows."""
    r = t.reports
    return {
        "files": conn.execute(select(func.count()).select_from(t.files)).scalar_one(),
        "reports": conn.execute(select(func.count()).select_from(r).where(t.active(r))).scalar_one(),
        "superseded": conn.execute(
            select(func.count()).select_from(r).where(r.c.superseded_by.is_not(None))
        ).scalar_one(),
        "observations": conn.execute(select(func.count()).select_from(t.observations)).scalar_one(),
        "rows_read": conn.execute(select(func.coalesce(func.sum(t.files.c.rows_read), 0))).scalar_one(),
        "rows_stored": conn.execute(select(func.coalesce(func.sum(t.files.c.rows_stored), 0))).scalar_one(),
        "rows_rejected": conn.execute(select(func.coalesce(func.sum(t.files.c.rows_rejected), 0))).scalar_one(),
    }
