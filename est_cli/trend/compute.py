"""The figures of `est trend`: counts per area × item (or theme) over a period, with the previous
period and the same period last year (`compute_trend` → `TrendResult`).

The figures are aggregated in the database (per week, area and key over active reports); this
module only adds them up per week or month and lays them out. Rules:

- a week in which an area has no report at all is *missing* (None, shown "–"), never 0;
- totals add up the weeks that have reports; a total with no reported week at all is None;
- change in percent is never divided by zero: a base of 0 gives "ny" (or ±0 when both are 0);
- superseded reports are never counted (store.period_counts only sees active reports).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from est_cli import store
from est_cli.errors import EstError
from est_cli.periods import Bucket, Period, buckets, comparison_text
from est_cli.schema import THEMES, Schema, theme_kind
from est_cli.text import fold
from est_cli.trend.change import Change, fair_periods

UNTHEMED_LABEL = "Utanför checklistan (inget tema)"


class TrendError(EstError):
    """A request that cannot be answered; the message is Swedish."""


# ---------------------------------------------------------------------------- result


@dataclass
class AreaInfo:
    name: str
    key: str
    missing_weeks: list[str]  # weeks of the period without any report from the area
    reported_weeks: int


@dataclass
class TrendRow:
    area: str
    area_key: str
    key: str
    label: str
    theme: str | None
    counts: dict[str, int | None]  # bucket key ('2026-W27' or '2026-07') → count, None = no report
    total: int | None  # events: the same event reported by several counts once
    previous_total: int | None
    same_period_last_year: int | None
    missing_weeks: list[str] = field(default_factory=list)
    previous_missing_weeks: int = 0
    last_year_missing_weeks: int = 0
    reported: int | None = None  # the reports' counts summed (≥ total; None with no report)
    reported_weeks: int = 0  # weeks with reports from the area: this period, the previous, last year's
    previous_reported_weeks: int = 0
    last_year_reported_weeks: int = 0
    # The area's active reports in each period: when the periods' reports per reported week differ by more
    # than a third, a comparison is said to be unfair (`fair`), as the weekly lägesbild says of weeks.
    reports: int = 0
    previous_reports: int = 0
    last_year_reports: int = 0
    kind: str = "problem"  # the item's kind (est_cli.schema.KINDS): positive and omvarld are no problem

    @property
    def change(self) -> Change:
        """Against the previous period: per week with reports when the periods have different numbers of them."""
        return Change.of_periods(self.total, self.reported_weeks, self.previous_total, self.previous_reported_weeks)

    @property
    def change_last_year(self) -> Change:
        return Change.of_periods(
            self.total, self.reported_weeks, self.same_period_last_year, self.last_year_reported_weeks
        )

    @property
    def fair(self) -> bool:
        """Against the previous period: the reports per week with reports differ by at most a third."""
        return fair_periods(self.reports, self.reported_weeks, self.previous_reports, self.previous_reported_weeks)

    @property
    def fair_last_year(self) -> bool:
        return fair_periods(self.reports, self.reported_weeks, self.last_year_reports, self.last_year_reported_weeks)

    def reports_per_week(self, which: str = "") -> float:
        """Reports per week with reports: this period's, or `which` = 'previous' / 'last_year'."""
        reports = getattr(self, f"{which}_reports" if which else "reports")
        weeks = getattr(self, f"{which}_reported_weeks" if which else "reported_weeks")
        return reports / weeks if weeks else 0.0

    @property
    def quiet(self) -> bool:
        """Nothing at all in the period and its comparisons."""
        return not any((self.total, self.previous_total, self.same_period_last_year))

    @property
    def good_when_up(self) -> bool | None:
        """True: more is good news (positive); None: neither (context, the wider world); False: a problem."""
        return {"positive": True, "omvarld": None}.get(self.kind, False)


@dataclass
class TrendResult:
    kommun: str
    schema_name: str
    period: Period
    previous: Period
    last_year: Period
    by: str  # item | theme
    per: str  # week | month
    buckets: list[Bucket]
    areas: list[AreaInfo]
    rows: list[TrendRow]
    made_at: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))

    def comparison_text(self) -> str:
        return comparison_text(self.previous, self.last_year)

    def as_dict(self) -> dict[str, Any]:
        """design.md's trend --json shape, plus comparison periods, changes and missing weeks."""

        def span(p: Period) -> dict[str, str]:
            return {"from": str(p.first), "to": str(p.last), "label": p.label}

        rows = []
        for r in self.rows:
            c, y = r.change, r.change_last_year
            rows.append(
                {
                    "area": r.area,
                    "key": r.key,
                    "label": r.label,
                    "counts": dict(r.counts),
                    "total": r.total,
                    "reported": r.reported,
                    "previous_total": r.previous_total,
                    "same_period_last_year": r.same_period_last_year,
                    "change": c.count,
                    "change_percent": c.percent,
                    "change_text": c.text(),
                    "change_per_week": c.per_week,
                    "comparable": r.fair,
                    "change_last_year": y.count,
                    "change_last_year_percent": y.percent,
                    "change_last_year_text": y.text(),
                    "change_last_year_per_week": y.per_week,
                    "comparable_last_year": r.fair_last_year,
                    "reports": {"period": r.reports, "previous": r.previous_reports, "last_year": r.last_year_reports},
                    "theme": r.theme,
                    "kind": r.kind,
                    "missing_weeks": list(r.missing_weeks),
                    "previous_missing_weeks": r.previous_missing_weeks,
                    "last_year_missing_weeks": r.last_year_missing_weeks,
                }
            )
        return {
            "period": {"from": str(self.period.first), "to": str(self.period.last)},
            "label": self.period.label,
            "title": self.period.describe(),
            "kommun": self.kommun,
            "by": self.by,
            "per": self.per,
            "previous_period": span(self.previous),
            "same_period_last_year": span(self.last_year),
            "areas": [
                {"area": a.name, "missing_weeks": list(a.missing_weeks), "reported_weeks": a.reported_weeks}
                for a in self.areas
            ],
            "rows": rows,
        }


# ---------------------------------------------------------------------------- compute


def _ranges(*periods: Period) -> list[tuple[str, str]]:
    return [(str(p.first), str(p.last)) for p in periods]


def resolve_areas(
    conn, workspace_areas: list[str], requested: list[str] | None, period: Period | None = None
) -> list[tuple[str, str]]:
    """(display name, area_key) of the areas to show.

    Default: the workspace's areas (in est.toml's order), then areas with reports in the period.
    Requested names are matched without regard to case and accents.
    """
    ws = {fold(a): a for a in workspace_areas}
    if requested:
        known = store.area_spellings(conn, area_keys=[fold(name) for name in requested if fold(name) not in ws])
        chosen: list[tuple[str, str]] = []
        for name in requested:
            key = fold(name)
            if key in ws:
                pair = (ws[key], key)
            elif key in known:
                pair = (known[key], key)
            else:
                names = sorted(set(ws.values()) | set(store.area_spellings(conn).values()), key=fold)
                raise TrendError(
                    f"Området {name!r} finns varken i est.toml eller i arkivet. "
                    + (f"Kända områden: {', '.join(names)}." if names else "Arkivet har inga rapporter ännu.")
                )
            if pair not in chosen:
                chosen.append(pair)
        return chosen
    chosen = [(name, key) for key, name in ws.items()]
    in_period = store.area_spellings(conn, _ranges(period) if period else None)
    chosen += sorted(((name, key) for key, name in in_period.items() if key not in ws), key=lambda p: fold(p[0]))
    return chosen


def key_order(schema: Schema, by: str, found: set[str], labels_from_archive) -> list[tuple[str, str, str | None]]:
    """(key, label, theme) in the order a coordinator knows: the schema's, then the rest by label."""
    keys: list[tuple[str, str, str | None]]
    if by == "theme":
        used = {item.theme for item in schema.items} | found
        keys = [(t, label, t) for t, label in THEMES.items() if t in used]
        if store.UNTHEMED in used:
            keys.append((store.UNTHEMED, UNTHEMED_LABEL, None))
        keys += sorted(
            ((k, k, None) for k in used if k not in THEMES and k != store.UNTHEMED), key=lambda x: fold(x[1])
        )
        return keys
    keys = [(item.id, item.label, item.theme) for item in schema.items]
    extra = sorted(found - {item.id for item in schema.items})
    stored = labels_from_archive(extra)
    keys += sorted(((k, *stored.get(k, (k, None))) for k in extra), key=lambda x: fold(x[1]))
    return keys


def compute_trend(
    conn,
    *,
    period: Period,
    schema: Schema,
    kommun: str = "",
    workspace_areas: list[str] | None = None,
    areas: list[str] | None = None,
    by: str = "item",
    per: str = "week",
) -> TrendResult:
    """The figures for `period` per area × key, with the previous period and the same period last year."""
    if by not in ("item", "theme"):
        raise TrendError(f"--by {by!r} finns inte; välj item (kategori) eller theme (tema).")
    previous, last_year = period.previous(), period.same_period_last_year()
    chosen = resolve_areas(conn, workspace_areas or [], areas, period)
    area_keys = [key for _, key in chosen]
    ranges = _ranges(period, previous, last_year)
    counts, as_reported = store.period_counts_and_reported(conn, ranges, by, area_keys)
    present = store.period_presence(conn, ranges, area_keys)

    cols = buckets(period, per)
    weeks = [str(w) for w in period.weeks]
    prev_weeks = [str(w) for w in previous.weeks]
    ly_weeks = [str(w) for w in last_year.weeks]
    keys = key_order(schema, by, {k for (_, _, k) in counts}, lambda ks: store.key_labels(conn, ks))
    kinds = schema.kinds() if by == "item" else {}

    result = TrendResult(kommun, schema.name, period, previous, last_year, by, per, cols, [], [])
    for name, area_key in chosen:
        reported = [w for w in weeks if (w, area_key) in present]
        missing = [w for w in weeks if (w, area_key) not in present]
        result.areas.append(AreaInfo(name, area_key, missing, len(reported)))
        prev_reported = [w for w in prev_weeks if (w, area_key) in present]
        ly_reported = [w for w in ly_weeks if (w, area_key) in present]

        def total(ws: list[str], key: str, area_key: str = area_key) -> int | None:
            return sum(counts.get((w, area_key, key), 0) for w in ws) if ws else None

        def reported_total(key: str, area_key: str = area_key, ws: list[str] = reported) -> int | None:
            return sum(as_reported.get((w, area_key, key), 0) for w in ws) if ws else None

        for key, label, theme in keys:
            per_bucket: dict[str, int | None] = {}
            for b in cols:
                known = [str(w) for w in b.weeks if (str(w), area_key) in present]
                per_bucket[b.key] = total(known, key)
            result.rows.append(
                TrendRow(
                    area=name,
                    area_key=area_key,
                    key=key,
                    label=label,
                    theme=theme,
                    counts=per_bucket,
                    total=total(reported, key),
                    previous_total=total(prev_reported, key),
                    same_period_last_year=total(ly_reported, key),
                    missing_weeks=missing,
                    previous_missing_weeks=len(prev_weeks) - len(prev_reported),
                    last_year_missing_weeks=len(ly_weeks) - len(ly_reported),
                    reported=reported_total(key),
                    reported_weeks=len(reported),
                    previous_reported_weeks=len(prev_reported),
                    last_year_reported_weeks=len(ly_reported),
                    reports=sum(present[(w, area_key)] for w in reported),
                    previous_reports=sum(present[(w, area_key)] for w in prev_reported),
                    last_year_reports=sum(present[(w, area_key)] for w in ly_reported),
                    kind=kinds.get(key) or theme_kind(theme if by == "item" else key),
                )
            )
    return result


__all__ = [
    "UNTHEMED_LABEL",
    "AreaInfo",
    "TrendError",
    "TrendResult",
    "TrendRow",
    "compute_trend",
    "key_order",
    "resolve_areas",
]
