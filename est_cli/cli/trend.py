"""`est trend`: counts per area × category (or theme) for a quarter, tertial, year or week range.
Parses the options, asks est_cli.trend.report once and prints (the terminal table, the follow-up)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from est_cli.cli.common import (
    DbOpt,
    ForceOpt,
    UsageError,
    WorkspaceOpt,
    err,
    open_workspace,
    out,
    refuse_overwrite,
)
from est_cli.swedish import MISSING

FORMATS = ("table", "csv", "xlsx", "json")
BY = {"item": "item", "kategori": "item", "punkt": "item", "theme": "theme", "tema": "theme"}
PER = {"week": "week", "vecka": "week", "month": "month", "manad": "month", "månad": "month"}
SPARK = "▁▂▃▄▅▆▇█"
SAVED = {"json": "JSON", "csv": "CSV", "xlsx": "Excel"}  # the word before the path written


def trend(
    quarter: Annotated[str | None, typer.Option("--quarter", help="Kvartal, t.ex. 2026-Q3.")] = None,
    tertial: Annotated[
        str | None, typer.Option("--tertial", help="Tertial, t.ex. 2026-T2 (T1 jan–apr, T2 maj–aug, T3 sep–dec).")
    ] = None,
    year: Annotated[str | None, typer.Option("--year", help="Helår, t.ex. 2026.")] = None,
    month: Annotated[
        str | None, typer.Option("--month", help="Månad, t.ex. 2026-11 (veckorna vars torsdag ligger i månaden).")
    ] = None,
    first: Annotated[str | None, typer.Option("--from", help="Första veckan, t.ex. 2026-W27 (med --to).")] = None,
    last: Annotated[str | None, typer.Option("--to", help="Sista veckan, t.ex. 2026-W39 (med --from).")] = None,
    area: Annotated[
        list[str] | None, typer.Option("--area", help="Område (kan anges flera gånger; standard: alla).")
    ] = None,
    by: Annotated[str, typer.Option("--by", help="item = checklistans punkter, theme = gemensamma teman.")] = "item",
    per: Annotated[str, typer.Option("--per", help="week = per vecka, month = per månad.")] = "week",
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="table (standard), csv, xlsx eller json.")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Fil att skriva till (csv/json annars till skärmen).")
    ] = None,
    chart: Annotated[
        Path | None, typer.Option("--chart", help="Skriv ett diagram (PNG), ett delfönster per område.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Samma som --format json.")] = False,
    force: ForceOpt = False,
    insatser: Annotated[
        bool, typer.Option("--insatser", help="Följ upp insatserna: antal före och efter start.")
    ] = False,
    window: Annotated[str, typer.Option("--window", help="Veckor före och efter en insats start (standard 8).")] = "8",
    levels: Annotated[
        bool, typer.Option("--nivåer", help="De fastställda nivåerna per område och vecka (est fastställ).")
    ] = False,
    workspace: WorkspaceOpt = None,
    db: DbOpt = None,
) -> None:
    """Antal händelser per område och kategori (eller tema) för ett kvartal, en tertial, ett år eller veckor.

    Exempel: est trend --quarter 2026-Q3 · est trend --tertial 2026-T2 --by theme --format xlsx -o tertial.xlsx
    """
    from est_cli.trend.report import trend_report

    if levels:
        _levels(quarter, tertial, year, month, first, last, as_json or (fmt or "").lower() == "json", workspace, db)
        return
    request, fmt = _request(
        quarter=quarter,
        tertial=tertial,
        year=year,
        month=month,
        first=first,
        last=last,
        area=area,
        by=by,
        per=per,
        insatser=insatser,
        window=window,
        fmt=fmt,
        as_json=as_json,
        output=output,
        chart=chart,
    )
    refuse_overwrite(output, force)
    refuse_overwrite(chart, force)
    ws, schema, archive = open_workspace(workspace, db)
    try:
        report = trend_report(archive, ws, schema, request)
    finally:
        archive.close()
    if chart is not None and report.result is not None:
        from est_cli.trend import write_chart

        write_chart(report.result, chart)
        err.print(f"[bold green]Diagrammet:[/] {chart}")
    _show(report, fmt, output, request.window)


LEVEL_SHORT = {"grön": "[green]grön[/]", "gul": "[yellow]gul[/]", "orange": "[dark_orange]ora[/]", "röd": "[red]röd[/]"}


def _levels(quarter, tertial, year, month, first, last, as_json: bool, workspace, db) -> None:
    """`est trend --nivåer`: the decided levels per area and week in the period (design.md's JSON)."""
    from est_cli import store
    from est_cli.periods import period_from_options

    period = period_from_options(quarter=quarter, tertial=tertial, year=year, month=month, first=first, last=last)
    if period is None:
        raise UsageError("Ange en period, t.ex. est trend --nivåer --quarter 2026-Q4.")
    _, _, archive = open_workspace(workspace, db)
    try:
        with archive.read() as conn:
            decided = store.decided_levels(conn, str(period.first), str(period.last))
    finally:
        archive.close()
    rows: dict[str, dict[str, str]] = {}
    for week, area, _, level in decided:
        rows.setdefault(area, {})[week] = level
    if as_json:
        data = {
            "period": {"from": str(period.first), "to": str(period.last)},
            "rows": [{"area": area, "levels": levels} for area, levels in rows.items()],
        }
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    out.print(f"[bold]Fastställda nivåer – {period.describe()}[/]")
    if not rows:
        out.print("Inga fastställda veckor under perioden (est fastställ efter varje möte).")
        return
    weeks = [str(w) for w in period.weeks]
    for area, levels in rows.items():
        counted = ", ".join(
            f"{n} {level}" for level in ("grön", "gul", "orange", "röd") if (n := list(levels.values()).count(level))
        )
        out.print(f"\n[bold]{escape(area)}[/] – {len(levels)} av {len(weeks)} veckor fastställda: {counted}")
        cells = [f"v.{w[-2:].lstrip('0')} {LEVEL_SHORT[levels[w]]}" for w in weeks if w in levels]
        for start in range(0, len(cells), 6):  # six weeks a line: within 80 columns
            out.print("  " + " · ".join(cells[start : start + 6]))


def _request(
    *,
    quarter,
    tertial,
    year,
    month,
    first,
    last,
    area,
    by: str,
    per: str,
    insatser: bool,
    window: str,
    fmt: str | None,
    as_json: bool,
    output: Path | None,
    chart: Path | None,
):
    """(TrendRequest, output format) from the options; UsageError (or PeriodError) when they do not fit."""
    from est_cli.periods import period_from_options
    from est_cli.trend.report import TrendRequest

    period = period_from_options(quarter=quarter, tertial=tertial, year=year, month=month, first=first, last=last)
    if period is None and not insatser:
        raise UsageError(
            "Ange en period: --quarter 2026-Q3, --tertial 2026-T2, --year 2026, --month 2026-11 eller --from 2026-W27 --to 2026-W39 "
            "(eller --insatser för uppföljningen av insatserna)."
        )
    window_weeks = int(window) if window.strip().isdigit() else 0
    if not 1 <= window_weeks <= 104:
        raise UsageError(f"--window {window!r}: ange antal veckor, 1–104 (standard 8).")
    by_key, per_key = BY.get(by.strip().lower()), PER.get(per.strip().lower())
    if by_key is None:
        raise UsageError(f"--by {by!r} finns inte; välj item (checklistans punkter) eller theme (teman).")
    if per_key is None:
        raise UsageError(f"--per {per!r} finns inte; välj week eller month.")
    fmt = _format(fmt, as_json, output)
    if fmt == "xlsx" and output is None:
        raise UsageError("--format xlsx behöver en fil: lägg till --output figurer.xlsx.")
    if chart is not None and chart.suffix.lower() != ".png":
        raise UsageError(f"Diagrammet sparas som PNG; ge filen ändelsen .png (inte {chart.name!r}).")
    if chart is not None and period is None:
        raise UsageError("--chart behöver en period, t.ex. --quarter 2026-Q3.")
    return TrendRequest(period, area, by_key, per_key, insatser, window_weeks), fmt


def _show(report, fmt: str, output: Path | None, window: int) -> None:
    """The report on the screen (table, or csv/json text) or in the --output file, with its message."""
    from est_cli.trend.report import report_csv, report_json, write_report

    if fmt == "table":
        if report.result is not None:
            print_trend(report.result)
        if report.follow_ups is not None:
            print_follow_ups(report.follow_ups, window)
        return
    if fmt == "csv" and report.csv_leaves_out_follow_ups:
        err.print(
            "[yellow]Obs:[/] uppföljningen av insatserna finns inte i CSV-filen; använd --format xlsx eller json."
        )
    if output is not None:
        write_report(report, fmt, output)
        err.print(f"[bold green]{SAVED[fmt]}:[/] {output}")
    elif fmt == "json":
        typer.echo(report_json(report))
    else:
        typer.echo(report_csv(report), nl=False)


def _format(fmt: str | None, as_json: bool, output: Path | None) -> str:
    if as_json:
        if fmt and fmt.lower() != "json":
            raise UsageError(f"--json och --format {fmt} går inte att kombinera.")
        return "json"
    if fmt:
        value = fmt.strip().lower()
        if value not in FORMATS:
            raise UsageError(f"--format {fmt!r} finns inte; välj table, csv, xlsx eller json.")
        if value == "table" and output is not None:
            raise UsageError("Tabellen visas på skärmen; för en fil välj --format csv, xlsx eller json.")
        return value
    if output is not None:
        suffix = output.suffix.lower().lstrip(".")
        if suffix in ("csv", "xlsx", "json"):
            return suffix
        raise UsageError(f"Vilket format ska {output.name!r} ha? Ange --format csv, xlsx eller json.")
    return "table"


# ---------------------------------------------------------------------------- terminal


def _spark(values: list[int | None]) -> str:
    """▁…█ scaled to the row's largest count; · for a week without any report."""
    top = max((v for v in values if v is not None), default=0)
    chars = []
    for v in values:
        if v is None:
            chars.append("·")
        elif v == 0 or top == 0:
            chars.append(SPARK[0])
        else:
            chars.append(SPARK[max(1, round(v / top * (len(SPARK) - 1)))])
    return "".join(chars)


def _coloured(change, good_when_up: bool | None) -> str:
    text = change.short()
    if change.direction == 0 or good_when_up is None:
        return f"[dim]{text}[/]"
    bad = (change.direction > 0) != good_when_up
    return f"[red]{text}[/]" if bad else f"[green]{text}[/]"


def _n(value: int | None) -> str:
    return MISSING if value is None else str(value)


def print_trend(result) -> None:
    """The figures at 80 columns: one table per area, with a sparkline per week (or month) or the
    months as columns, the totals and the changes against both comparison periods."""
    from est_cli.swedish import week_list_text

    what = "tema" if result.by == "theme" else "kategori"
    out.print(
        f"[bold]Händelser per {what} – {result.period.describe()}"
        + (f", {result.kommun}" if result.kommun else "")
        + "[/]"
    )
    out.print(result.comparison_text() + "\n")
    month_columns = result.per == "month" and len(result.buckets) <= 4
    # A year of weeks does not fit 80 columns: the terminal then draws the weeks month by month.
    monthly_spark = result.per == "month" or len(result.buckets) > 26
    ref_year = result.period.last.year
    for info in result.areas:
        rows = [r for r in result.rows if r.area_key == info.key]
        shown = [r for r in rows if not r.quiet]
        if info.reported_weeks == 0:
            out.print(
                f"[bold]{escape(info.name)}[/] – [yellow]inga rapporter alls under perioden[/] (inte samma sak som 0).\n"
            )
            continue
        if shown:
            out.print(_area_table(result, info, shown, month_columns, monthly_spark))
        else:
            out.print(f"[bold]{escape(info.name)}[/] – inga händelser under perioden eller jämförelseperioderna.")
        if info.missing_weeks:
            out.print(f"  [yellow]Veckor utan rapport:[/] {week_list_text(info.missing_weeks, ref_year)}")
        hidden = len(rows) - len(shown)
        if hidden and shown:
            out.print(
                f"  [dim]{hidden} {'teman' if result.by == 'theme' else 'kategorier'} utan händelser visas inte.[/]"
            )
        out.print()
    unit = "månad" if monthly_spark else "vecka"
    legend = f"· = ingen rapport; ▁…█ = antal per {unit}, █ = radens högsta. " if not month_columns else ""
    doubled = any(r.reported is not None and r.reported != r.total for r in result.rows)
    out.print(
        f"[dim]{legend}– = ingen rapport (inte 0). "
        + (
            "Summa = händelser; (inom parentes) rapporternas summa där flera rapporterat samma händelse. "
            if doubled
            else ""
        )
        + "± mot föregående period och mot samma period i fjol"
        + (
            ", per vecka med rapport där perioderna har olika många sådana veckor"
            if any(r.change.per_week or r.change_last_year.per_week for r in result.rows)
            else ""
        )
        + (
            "; inte jämförbart där rapporterna per vecka skiljer mer än en tredjedel (se --json, CSV: Jämförs)"
            if any(not r.fair or not r.fair_last_year for r in result.rows)
            else ""
        )
        + '; "ny" = 0 i jämförelsen. Rött = fler problem, grönt = färre '
        "(positiva händelser tvärtom, omvärld utan färg).[/]"
    )


def _area_table(result, info, shown, month_columns: bool, monthly_spark: bool):
    """One area's rows: category, the weeks (sparkline) or months, the totals and the changes."""
    from rich import box
    from rich.table import Table

    from est_cli.trend import by_title

    table = Table(
        title=f"{info.name} – {info.reported_weeks} av {len(result.period.weeks)} veckor med rapport",
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
        show_edge=False,
    )
    table.add_column(by_title(result.by), overflow="fold", ratio=1, min_width=14)
    if month_columns:
        for b in result.buckets:
            table.add_column(b.title.split()[0], justify="right", no_wrap=True)
    else:
        table.add_column("Per månad" if monthly_spark else result.period.weeks_text, no_wrap=True, style="cyan")
    table.add_column("Summa", justify="right", no_wrap=True, style="bold")
    table.add_column("Föreg.", justify="right", no_wrap=True)
    table.add_column("±", justify="right", no_wrap=True)
    table.add_column("I fjol", justify="right", no_wrap=True)
    table.add_column("±", justify="right", no_wrap=True, header_style="")
    for r in shown:
        if month_columns:
            cells = [_n(r.counts[b.key]) for b in result.buckets]
        else:
            cells = [_row_spark(result, r, monthly_spark)]
        table.add_row(
            escape(r.label),
            *cells,
            _n(r.total) + (f" ({r.reported})" if r.reported is not None and r.reported != r.total else ""),
            _n(r.previous_total),
            _coloured(r.change, r.good_when_up),
            _n(r.same_period_last_year),
            _coloured(r.change_last_year, r.good_when_up),
        )
    return table


def _row_spark(result, r, monthly: bool) -> str:
    """The row's counts as a sparkline: per week, or per month when the weeks would not fit."""
    from est_cli.periods import buckets

    if not monthly:
        return _spark([r.counts[b.key] for b in result.buckets])
    values = []
    for month in buckets(result.period, "month"):
        weeks = [str(w) for w in month.weeks]
        if result.per == "month":
            known = [r.counts[b.key] for b in result.buckets if weeks[0] in [str(w) for w in b.weeks]]
        else:
            known = [r.counts[w] for w in weeks]
        known = [v for v in known if v is not None]
        values.append(sum(known) if known else None)
    return _spark(values)


def print_follow_ups(ups, window: int) -> None:
    from est_cli.insatser import NOT_PROOF

    out.print(f"\n[bold]Uppföljning av insatser – {window} veckor före och efter start[/]")
    if not ups:
        out.print("Inga insatser i registret" + " för perioden." + " Lägg till en med: est insats add")
        return
    for f in ups:
        i = f.insats
        until = f"till {i['to_week']}" if i["to_week"] else "pågår"
        out.print(
            f"\n[bold]Nr {i['id']}[/] {i['area']} · {f.label} · från {i['from_week']}, {until} · ansvarig: {i['ansvarig']}"
        )
        out.print(f"  {i['beskrivning']}", markup=False, highlight=False)
        if f.window == 0:
            out.print(f"  [yellow]{f.remark or 'Inga veckor att jämföra.'}[/]")
            continue
        if f.per_week:

            def side(w) -> str:
                mean = MISSING if w.mean is None else f"{w.mean:.1f}".replace(".", ",")
                return f"[bold]{_n(w.total)}[/] ({w.reported} v. med rapport, {mean}/v.)"

            out.print(f"  Före {f.before.span_text()}: {side(f.before)}")
            out.print(f"  Efter {f.after.span_text()}: {side(f.after)}")
            out.print(f"  Förändring per rapporterad vecka: {_coloured_text(f.change, f.good_when_up)}")
        else:
            out.print(
                f"  Före {f.before.span_text()}: [bold]{_n(f.before.total)}[/]   "
                f"Efter {f.after.span_text()}: [bold]{_n(f.after.total)}[/]   "
                f"Förändring: {_coloured_text(f.change, f.good_when_up)}"
            )
        if f.remark:
            out.print(f"  [dim]{f.remark}[/]")
    out.print(f"\n[italic]{NOT_PROOF}[/]")


def _coloured_text(change, good_when_up: bool | None) -> str:
    text = change.text()
    if change.direction == 0 or good_when_up is None:
        return text
    arrow = "↑" if change.direction > 0 else "↓"
    bad = (change.direction > 0) != good_when_up
    return f"[red]{arrow} {text}[/]" if bad else f"[green]{arrow} {text}[/]"
