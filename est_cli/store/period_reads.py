"""What `est trend` reads: counts per week, area and item (or theme) over week ranges, which areas
reported which weeks, and the spellings and labels to show."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, func, select

from est_cli.store import events
from est_cli.store import tables as t

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
    """(week, area_key, key) → events over active reports in the week ranges (store.events: the same
    event reported twice counts once).

    `by` is "item" (the observation's key: item id, or the original label) or "theme" (the shared
    theme; UNTHEMED for labels outside the schema). Superseded reports are never counted.
    """
    return period_counts_and_reported(conn, ranges, by, area_keys, keys)[0]


def period_counts_and_reported(
    conn: Connection,
    ranges: list[tuple[str, str]],
    by: str = "item",
    area_keys: list[str] | None = None,
    keys: list[str] | None = None,
) -> tuple[dict[tuple[str, str, str], int], dict[tuple[str, str, str], int]]:
    """(events, reported): period_counts, and the reports' counts summed in SQL as reported."""
    r, o = t.reports, t.observations
    key = o.c.key if by == "item" else func.coalesce(o.c.theme, UNTHEMED)
    conditions = [_week_ranges(r.c.week, ranges)]
    if area_keys is not None:
        conditions.append(r.c.area_key.in_(area_keys))
    if keys is not None:
        conditions.append(key.in_(keys))
    query = (
        select(r.c.week, r.c.area_key, key.label("k"), func.sum(o.c.count))
        .join(o, o.c.report_id == r.c.id)
        .where(t.active(r), *conditions)
        .group_by(r.c.week, r.c.area_key, key)
    )
    reported = {(week, area, k): int(total or 0) for week, area, k, total in conn.execute(query)}
    es = t.event_surplus
    stored = [_week_ranges(es.c.week, ranges)]
    if area_keys is not None:
        stored.append(es.c.area_key.in_(area_keys))
    if keys is not None:
        stored.append((es.c.key if by == "item" else func.coalesce(es.c.theme, UNTHEMED)).in_(keys))
    extra = events.stored_surplus(conn, stored, by, UNTHEMED)
    counted = {where: n - extra.get(where, 0) for where, n in reported.items()}
    return counted, reported


def period_presence(
    conn: Connection, ranges: list[tuple[str, str]], area_keys: list[str] | None = None
) -> dict[tuple[str, str], int]:
    """(week, area_key) → its number of active reports, for the pairs in the week ranges with at least
    one (a pair with none is absent: `(week, area) in present` says whether the area reported)."""
    r = t.reports
    query = select(r.c.week, r.c.area_key, func.count()).where(_week_ranges(r.c.week, ranges), t.active(r))
    if area_keys is not None:
        query = query.where(r.c.area_key.in_(area_keys))
    return {(week, area): n for week, area, n in conn.execute(query.group_by(r.c.week, r.c.area_key))}


def area_spellings(
    conn: Connection, ranges: list[tuple[str, str]] | None = None, area_keys: list[str] | None = None
) -> dict[str, str]:
    """area_key → the most common spelling among active reports (in the week ranges, or ever;
    of the given areas, or all)."""
    r = t.reports
    query = select(r.c.area_key, r.c.area, func.count()).where(t.active(r))
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
    query = select(func.min(r.c.week), func.max(r.c.week)).where(r.c.area_key == area_key, t.active(r))
    first, last = conn.execute(query).one()
    return (first, last) if first else None
