"""What the lägesbild needs from the archive beyond the week view: the four weeks before (for the
chart's average), the previous week's severities (for escalation in words) and the latest week."""

from __future__ import annotations

from dataclasses import dataclass, field

from est_cli.text import fold
from est_cli.weeks import IsoWeek

HISTORY_WEEKS = 4


@dataclass
class History:
    weeks: list[str] = field(default_factory=list)  # the four weeks before the week, oldest first
    counts: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (week, area_key, key) → count
    present: set[tuple[str, str]] = field(default_factory=set)  # (week, area_key) with reports
    previous_severity: dict[tuple[str, str], int] = field(
        default_factory=dict
    )  # (area_key, key) → highest, week before


def load_history(conn, week: str) -> History:
    """Counts of the four weeks before `week` and the highest severity per area × category the week before."""
    from est_cli import store

    target = IsoWeek.parse(week)
    weeks = [str(target.shift(-n)) for n in range(HISTORY_WEEKS, 0, -1)]
    severity: dict[tuple[str, str], int] = {}
    for obs in store.week_observations(conn, weeks[-1]):
        if obs["count"] > 0 and obs["severity"]:
            key = (fold(obs["area"]), obs["key"])
            severity[key] = max(severity.get(key, 0), int(obs["severity"]))
    return History(weeks, store.active_counts(conn, weeks), store.areas_with_reports(conn, weeks), severity)


def latest_week(conn) -> str | None:
    """The latest week that has an active report in the archive ('2026-W47'), or None."""
    from sqlalchemy import func, select

    from est_cli.store import tables as t

    r = t.reports
    return conn.execute(select(func.max(r.c.week)).where(t.active(r), r.c.week.is_not(None))).scalar()


def has_reports(conn, week: str) -> bool:
    from est_cli import store

    return bool(store.active_reports(conn, week))
