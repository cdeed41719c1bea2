"""`est rapport list|visa|återkalla|återställ|gäller`: see the archive's reports and correct them."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape

from est_cli.cli.common import DbOpt, JsonOpt, UsageError, WorkspaceOpt, err, open_workspace, out, print_path

app = typer.Typer(
    help="Se arkivets rapporter och rätta dem: återkalla en felaktig, återställ den, välj vilken som gäller.",
    no_args_is_help=True,
)

IdArg = Annotated[str | None, typer.Argument(help="Rapportens nummer (se est rapport list).", metavar="NR")]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Visa vad som skulle ändras, utan att ändra något.")]


def _id(text: str | None, example: str) -> int:
    if not text or not text.strip().isdigit():
        raise UsageError(f"Ange rapportens nummer (se est rapport list), t.ex.: {example}")
    return int(text.strip())


def _received(row) -> str:
    from est_cli.swedish import received_text

    return received_text(row.received, row.received_from)


@app.command("list")
def list_(
    week: Annotated[str | None, typer.Option("--week", help="Bara rapporter för veckan, t.ex. 2026-W47.")] = None,
    area: Annotated[str | None, typer.Option("--area", help="Bara rapporter för området.")] = None,
    as_json: JsonOpt = False,
    workspace: WorkspaceOpt = None,
    db: DbOpt = None,
) -> None:
    """Visa arkivets rapporter – även ersatta och återkallade – med nummer, när de kom in och om de gäller."""
    from est_cli.periods import week_option
    from est_cli.store import list_reports

    week_id = str(week_option(week)) if week else None
    _, _, archive = open_workspace(workspace, db)
    try:
        with archive.read() as conn:
            rows = list_reports(conn, week_id, area)
    finally:
        archive.close()
    if as_json:
        typer.echo(json.dumps({"reports": [r.as_dict() for r in rows]}, ensure_ascii=False, indent=2))
        return
    if not rows:
        err.print("Inga rapporter" + (" som passar urvalet." if week or area else " i arkivet ännu."))
        return
    from est_cli.cli.common import list_table

    table = list_table()
    table.add_column("Nr", justify="right", no_wrap=True)
    table.add_column("Vecka", no_wrap=True)
    table.add_column("Område", min_width=8, overflow="fold")
    table.add_column("Organisation · rapportör", min_width=14, overflow="fold")
    table.add_column("Händ.", justify="right", no_wrap=True)
    table.add_column("Inkom", min_width=12, overflow="fold")
    table.add_column("Läge", no_wrap=True)
    for r in rows:
        state = r.state if r.superseded_by is None else f"{r.state} av {r.superseded_by}"
        style = "" if r.state == "aktiv" else "dim"
        table.add_row(
            str(r.id),
            r.week,
            escape(r.area),
            escape(f"{r.organisation} · {r.reporter or '–'}"),
            str(r.events),
            _received(r),
            state,
            style=style,
        )
    out.print(table)
    out.print(
        "[dim]Bara rapporter med läget aktiv räknas. Visa en: est rapport visa NR · "
        "återkalla en felaktig: est rapport återkalla NR --orsak TEXT[/]"
    )


@app.command("visa")
def visa(report_id: IdArg = None, workspace: WorkspaceOpt = None, db: DbOpt = None) -> None:
    """Visa en rapport: varifrån den kom, när, om den gäller, och dess rader."""
    from est_cli.store import get_report

    number = _id(report_id, "est rapport visa 12")
    _, _, archive = open_workspace(workspace, db)
    try:
        with archive.read() as conn:
            detail = get_report(conn, number)
    finally:
        archive.close()
    if detail is None:
        raise UsageError(f"Det finns ingen rapport nr {number} i arkivet. Se alla rapporter med: est rapport list")
    r = detail.row
    lines = [
        f"Rapport nr {r.id}: vecka {r.week} · {r.area} · {r.organisation} · {r.reporter or '–'}",
        f"  Fil: {detail.file_name}" + (f" (blad {detail.sheet})" if detail.sheet else ""),
        f"  Inkom: {_received(r)}",
        f"  Läge: {r.state}",
    ]
    if r.superseded_by is not None:
        lines.append(f"  Ersatt av rapport nr {r.superseded_by}. Gör den här gällande med: est rapport gäller {r.id}")
    if r.withdrawn_reason is not None:
        lines.append(f"  Orsak: {r.withdrawn_reason}. Ångra med: est rapport återställ {r.id}")
    if detail.replaces:
        lines.append("  Ersätter rapport nr " + ", ".join(str(i) for i in detail.replaces))
    lines.append(f"  Händelser: {r.events}")
    for line in lines:
        out.print(line, markup=False, highlight=False)
    for obs in detail.observations:
        where = f" · {obs['place']}" if obs["place"] else ""
        out.print(f"    {obs['count']:>3}  {obs['label']}{where}", markup=False, highlight=False)


def _report_line(row) -> str:
    return f"nr {row.id} (vecka {row.week} · {row.area} · {row.organisation} · {row.reporter or '–'})"


def print_change(change, done: str) -> None:
    prefix = "Skulle ha " if change.dry_run else ""
    if len(change.reports) > 3:
        weeks = ", ".join(sorted({r.week for r in change.reports}))
        ids = ", ".join(str(r.id) for r in change.reports)
        err.print(f"[green]✓[/] {prefix}{done}: {len(change.reports)} rapporter (vecka {weeks}): nr {ids}.")
    for row in change.reports if len(change.reports) <= 3 else []:
        err.print(f"[green]✓[/] {prefix}{done}: rapport {_report_line(row)}.", highlight=False)
    for old, new in change.superseded:
        err.print(f"  Rapport nr {old} {'skulle ersättas' if change.dry_run else 'är nu ersatt'} av nr {new}.")
    if change.dry_run:
        err.print("  Inget är ändrat (--dry-run).")
        return
    for path in change.workbooks:
        err.print("  Sammanställningen är uppdaterad:")
        print_path(path)
    if change.weeks:
        weeks = ", ".join(change.weeks)
        err.print(f"  Skriv veckolägesbilden igen med: est render --week {weeks}")


@app.command("återkalla")
def withdraw(
    report_id: IdArg = None,
    orsak: Annotated[str | None, typer.Option("--orsak", help="Varför rapporten inte ska räknas.")] = None,
    dry_run: DryRunOpt = False,
    workspace: WorkspaceOpt = None,
    db: DbOpt = None,
) -> None:
    """Återkalla en felaktig rapport: den finns kvar i arkivet, markerad, men räknas ingenstans."""
    from est_cli.corrections import withdraw_report

    number = _id(report_id, 'est rapport återkalla 12 --orsak "Fel område"')
    if not orsak or not orsak.strip():
        raise UsageError(f'Ange varför med --orsak, t.ex.: est rapport återkalla {number} --orsak "Fel område"')
    ws, schema, archive = open_workspace(workspace, db)
    try:
        change = withdraw_report(archive, ws, schema, number, orsak.strip(), dry_run)
    finally:
        archive.close()
    print_change(change, "återkallat")
    if not dry_run:
        err.print(f"  Ångra med: est rapport återställ {number}")


@app.command("återställ")
def restore(
    report_id: IdArg = None, dry_run: DryRunOpt = False, workspace: WorkspaceOpt = None, db: DbOpt = None
) -> None:
    """Ångra en återkallelse: rapporten räknas igen."""
    from est_cli.corrections import restore_report

    number = _id(report_id, "est rapport återställ 12")
    ws, schema, archive = open_workspace(workspace, db)
    try:
        change = restore_report(archive, ws, schema, number, dry_run)
    finally:
        archive.close()
    print_change(change, "återställt")


@app.command("gäller")
def current(
    report_id: IdArg = None, dry_run: DryRunOpt = False, workspace: WorkspaceOpt = None, db: DbOpt = None
) -> None:
    """Gör rapporten till den som gäller för sin vecka, sitt område, sin organisation och rapportör."""
    from est_cli.corrections import make_report_current

    number = _id(report_id, "est rapport gäller 12")
    ws, schema, archive = open_workspace(workspace, db)
    try:
        change = make_report_current(archive, ws, schema, number, dry_run)
    finally:
        archive.close()
    print_change(change, "gäller nu")


@app.command("statistik")
def statistics(
    quarter: Annotated[str | None, typer.Option("--quarter", help="Kvartal, t.ex. 2026-Q3.")] = None,
    tertial: Annotated[str | None, typer.Option("--tertial", help="Tertial, t.ex. 2026-T2.")] = None,
    year: Annotated[str | None, typer.Option("--year", help="Helår, t.ex. 2026.")] = None,
    month: Annotated[str | None, typer.Option("--month", help="Månad, t.ex. 2026-11.")] = None,
    first: Annotated[str | None, typer.Option("--from", help="Första veckan, t.ex. 2026-W27 (med --to).")] = None,
    last: Annotated[str | None, typer.Option("--to", help="Sista veckan, t.ex. 2026-W39 (med --from).")] = None,
    as_json: JsonOpt = False,
    workspace: WorkspaceOpt = None,
    db: DbOpt = None,
) -> None:
    """Hur regelbundet varje organisation och funktion rapporterat: veckor, i tid, filer med fel."""
    from est_cli.periods import period_from_options
    from est_cli.reporting_stats import reporting_stats

    period = period_from_options(quarter=quarter, tertial=tertial, year=year, month=month, first=first, last=last)
    if period is None:
        raise UsageError("Ange en period, t.ex. est rapport statistik --quarter 2026-Q4.")
    ws, schema, archive = open_workspace(workspace, db)
    try:
        with archive.read() as conn:
            stats = reporting_stats(conn, ws, schema, [str(w) for w in period.weeks])
    finally:
        archive.close()
    if as_json:
        data = {"period": {"from": str(period.first), "to": str(period.last)}, "rows": [s.as_dict() for s in stats]}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if not stats:
        err.print("Inga förväntade rapportörer i est.toml och inga rapporter under perioden.")
        return
    from est_cli.cli.common import list_table

    out.print(f"[bold]Inrapportering – {escape(period.describe())}[/]")
    table = list_table()
    table.add_column("Område", overflow="fold")
    table.add_column("Organisation · funktion", overflow="fold")
    table.add_column("Rapporterat", overflow="fold")
    for s in stats:
        who = f"{s.organisation} · {s.reporter}" + ("" if s.expected else " (ej förväntad)")
        table.add_row(escape(s.area), escape(who), s.line())
    out.print(table)
