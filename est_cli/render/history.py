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
    counts: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (week, area_key, key) → events
    present: set[tuple[str, str]] = field(default_factory=set)  # (week, area_key) with reports
    previous_severity: dict[tuple[str, str], int] = field(
        default_factory=dict
    )  # (area_key, key) → highest, week before
    # The level rule's history: the `lookback` weeks before, oldest first (counts and present cover them
    # too), and the number of active reports per (week, area_key) – this week's included.
    lookback: list[str] = field(default_factory=list)
    reports: dict[tuple[str, str], int] = field(default_factory=dict)

    def area_weeks(self, area_key: str, counted) -> list[tuple[int, int]]:
        """(events of the keys `counted` accepts, reports) for each lookback week with reports from the area."""
        rows = []
        for week in self.lookback:
            if (week, area_key) not in self.present:
                continue
            events = sum(n for (w, a, k), n in self.counts.items() if w == week and a == area_key and counted(k))
            rows.append((events, self.reports.get((week, area_key), 0)))
        return rows


def load_history(conn, week: str, lookback: int = HISTORY_WEEKS) -> History:
    """Counts of the weeks before `week` (the four of the appendix, or `lookback` for the level rule),
    report counts, and the highest severity per area × category the week before."""
    from est_cli import store

    target = IsoWeek.parse(week)
    span = max(HISTORY_WEEKS, lookback)
    earlier = [str(target.shift(-n)) for n in range(span, 0, -1)]
    weeks = earlier[-HISTORY_WEEKS:]
    severity: dict[tuple[str, str], int] = {}
    for obs in store.week_observations(conn, weeks[-1]):
        if obs["count"] > 0 and obs["severity"]:
            key = (fold(obs["area"]), obs["key"])
            severity[key] = max(severity.get(key, 0), int(obs["severity"]))
    return History(
        weeks,
        store.active_counts(conn, earlier),
        store.areas_with_reports(conn, earlier),
        severity,
        lookback=earlier[-lookback:] if lookback else [],
        reports=store.report_counts(conn, [*earlier, week]),
    )


def latest_week(conn) -> str | None:
    """The latest week that has an active report in the archive ('2026-W47'), or None."""
    from sqlalchemy import func, select

    from est_cli.store import tables as t

    r = t.reports
    return conn.execute(select(func.max(r.c.week)).where(t.active(r), r.c.week.is_not(None))).scalar()


def has_reports(conn, week: str) -> bool:
    from est_cli import store

    return bool(store.active_reports(conn, week))
