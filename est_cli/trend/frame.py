"""The trend counts as a tidy pandas DataFrame for analysts (`trend_frame`); pandas is the optional
extra `est[analys]` and is imported only when a frame is made."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from est_cli.periods import Period, parse_period, parse_range
from est_cli.trend.compute import TrendError, TrendResult, compute_trend

if TYPE_CHECKING:
    import pandas

    from est_cli.workspace import Workspace

COLUMNS = ("area", "key", "label", "theme", "period", "count")
INSTALL_HINT = "Installera med: pip install 'est[analys]'"


def trend_frame(
    workspace: Workspace | str | os.PathLike,
    period: str | Period,
    *,
    by: str = "item",
    per: str = "week",
    areas: list[str] | None = None,
    db: str | None = None,
) -> pandas.DataFrame:
    """The counts of `est trend` as a tidy DataFrame: one row per area × key × week (or month).

    `workspace` is a folder with est.toml (or a loaded Workspace); `period` a label such as
    "2026-Q3", "2026-T2", "2026" or "2026-07", a week range "2026-W27..2026-W39", or a Period.
    `by` is "item" (the checklist's items) or "theme" (the shared themes), `per` "week" or "month";
    `areas` picks areas by name (default: all), `db` overrides the archive's address.

    Columns: area, key, label, theme (missing when the key has none), period ('2026-W27' or
    '2026-07') and count (nullable Int64). A week (or month) in which the area has no report at all
    is <NA>, never 0; superseded reports are never counted. `frame.attrs` holds the period's label,
    first and last week, by and per. Errors are Swedish `EstError`s (TrendError, PeriodError, …).
    """
    _pandas()  # before the archive is opened: a missing pandas is told at once
    from est_cli.place_sync import sync_places
    from est_cli.schema import load_schema
    from est_cli.store import Archive
    from est_cli.workspace import Workspace, load_workspace

    ws = workspace if isinstance(workspace, Workspace) else load_workspace(Path(workspace))
    schema = load_schema(ws.schema_ref())
    archive = Archive.open(ws.archive_url(db))
    try:
        sync_places(archive, ws, schema)  # platser.csv edited since the last command: its counts
        with archive.read() as conn:
            result = compute_trend(
                conn,
                period=_period(period),
                schema=schema,
                kommun=ws.kommun,
                workspace_areas=ws.areas,
                areas=areas,
                by=by,
                per=per,
            )
    finally:
        archive.close()
    return result_frame(result)


def result_frame(result: TrendResult) -> pandas.DataFrame:
    """A computed TrendResult as the tidy DataFrame `trend_frame` returns."""
    pd = _pandas()
    records = [(r.area, r.key, r.label, r.theme, b.key, r.counts[b.key]) for r in result.rows for b in result.buckets]
    columns = {name: [record[n] for record in records] for n, name in enumerate(COLUMNS)}
    columns["count"] = pd.array(columns["count"], dtype="Int64")  # None → <NA>: missing, not 0
    frame = pd.DataFrame(columns, columns=list(COLUMNS))
    frame.attrs.update(
        {
            "period": result.period.label,
            "from": str(result.period.first),
            "to": str(result.period.last),
            "by": result.by,
            "per": result.per,
        }
    )
    return frame


def _period(period: str | Period) -> Period:
    if isinstance(period, Period):
        return period
    text = str(period).strip()
    if ".." in text:
        first, last = (part.strip() for part in text.split("..", 1))
        return parse_range(first, last)
    return parse_period(text)


def _pandas():
    """The pandas module, or a Swedish TrendError saying how to install it."""
    try:
        import pandas
    except ImportError:
        raise TrendError(f"Tabellen som DataFrame behöver pandas, som inte är installerat. {INSTALL_HINT}") from None
    return pandas


__all__ = ["COLUMNS", "INSTALL_HINT", "result_frame", "trend_frame"]
