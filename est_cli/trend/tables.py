"""The figures as plain tables: the header and rows shared by the CSV file and the workbook, the
Excel-Swedish CSV text of the trend and of the insatser follow-up."""

from __future__ import annotations

from typing import Any

from est_cli.outputs.excel_csv import csv_text
from est_cli.swedish import MISSING, number, week_list_text
from est_cli.trend.compute import TrendResult

INSATSER_CSV_HEADER = [
    "Nr",
    "Område",
    "Riktad mot",
    "Beskrivning",
    "Ansvarig",
    "Från",
    "Till",
    "Fönster (veckor)",
    "Före: från",
    "Före: till",
    "Före: antal",
    "Efter: från",
    "Efter: till",
    "Efter: antal",
    "Jämförs",
    "Förändring",
    "Förändring %",
    "Kommentar",
]


def by_title(by: str) -> str:
    return "Tema" if by == "theme" else "Kategori"


def table_header(result: TrendResult, bucket_titles: bool) -> list[str]:
    return [
        "Område",
        by_title(result.by),
        "Id",
        *[(b.title if bucket_titles else b.key) for b in result.buckets],
        f"Summa {result.period.label}",
        f"Föregående period {result.previous.label}",
        "Förändring",
        "Förändring %",
        f"Samma period i fjol {result.last_year.label}",
        "Förändring mot fjol",
        "Förändring mot fjol %",
        "Jämförs",
        "Rapporterat",
        "Veckor utan rapport",
    ]


def compared_text(r) -> str:
    """What a row's changes compare: the sums, or – where the periods have different numbers of weeks
    with reports – the means per week with reports; and where the periods' reports per such week differ
    by more than a third, that the comparison is not fair, with the reports per week it rests on."""
    if r.change.count is None and r.change_last_year.count is None:
        return MISSING
    basis = "per vecka med rapport" if r.change.per_week or r.change_last_year.per_week else "summa"
    unfair = [
        f"{number(round(r.reports_per_week(), 1))} mot {number(round(r.reports_per_week(which), 1))} "
        f"rapporter per vecka{label}"
        for which, label, fair, change in (
            ("previous", "", r.fair, r.change),
            ("last_year", " i fjol", r.fair_last_year, r.change_last_year),
        )
        if not fair and change.count is not None
    ]
    return basis + (f"; inte jämförbart: {', '.join(unfair)}" if unfair else "")


def table_rows(result: TrendResult) -> list[list[Any]]:
    """Plain values per row: ints, floats (percent), MISSING / "ny" / text."""
    ref_year = result.period.last.year
    rows = []
    for r in result.rows:
        c, y = r.change, r.change_last_year

        def v(x):
            return MISSING if x is None else x

        rows.append(
            [
                r.area,
                r.label,
                r.key,
                *[v(r.counts[b.key]) for b in result.buckets],
                v(r.total),
                v(r.previous_total),
                v(c.count),
                v(c.percent_value()),
                v(r.same_period_last_year),
                v(y.count),
                v(y.percent_value()),
                compared_text(r),
                v(r.reported),
                week_list_text(r.missing_weeks, ref_year),
            ]
        )
    return rows


def trend_csv(result: TrendResult) -> str:
    return csv_text(table_header(result, bucket_titles=False), table_rows(result))


def follow_up_basis(f) -> str:
    """What an insats's before/after change compares: the totals, or the mean per reported week."""
    if f.window == 0:
        return MISSING
    return "per rapporterad vecka" if f.per_week else "summa"


def insatser_csv(follow_ups: list) -> str:
    """The follow-up of the insatser (est_cli.insatser.FollowUp) as Excel-Swedish CSV text."""
    rows = []
    for f in follow_ups:
        c, b, a = f.change, f.before.as_dict(), f.after.as_dict()
        rows.append(
            [
                f.insats["id"],
                f.insats["area"],
                f.label,
                f.insats["beskrivning"],
                f.insats["ansvarig"],
                f.insats["from_week"],
                f.insats["to_week"] or "pågår",
                f.window,
                b["from"],
                b["to"],
                MISSING if b["total"] is None else b["total"],
                a["from"],
                a["to"],
                MISSING if a["total"] is None else a["total"],
                follow_up_basis(f),
                MISSING if c.count is None else c.count,
                c.percent_value() if c.count is not None else MISSING,
                f.remark,
            ]
        )
    return csv_text(INSATSER_CSV_HEADER, rows)


__all__ = [
    "INSATSER_CSV_HEADER",
    "by_title",
    "compared_text",
    "follow_up_basis",
    "insatser_csv",
    "table_header",
    "table_rows",
    "trend_csv",
]
