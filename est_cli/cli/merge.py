"""`est merge`: the Wednesday job – check, store in the archive and compile the week."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from est_cli.cli.common import EXIT_FINDINGS, DbOpt, JsonOpt, UsageError, WorkspaceOpt, YearOpt, err, open_workspace
from est_cli.text import fold

__all__ = ["merge", "print_merge"]


def merge(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Filer eller mappar (standard: arbetsytans inkorg).",
            show_default=False,
            metavar="[FILER_ELLER_MAPPAR]",
        ),
    ] = None,
    week: Annotated[
        str | None, typer.Option("--week", "-v", help="Veckan, t.ex. 2026-W47, för rapporter som inte anger vecka.")
    ] = None,
    organisation: Annotated[
        str | None, typer.Option("--organisation", help="Bara en organisations rapporter (steg ett).")
    ] = None,
    year: YearOpt = None,
    as_json: JsonOpt = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Visa vad som skulle hända, utan att spara något.")
    ] = False,
    workspace: WorkspaceOpt = None,
    db: DbOpt = None,
) -> None:
    """Läs veckans filer, spara dem i arkivet och skriv veckans sammanställning (Excel)."""
    from est_cli.weeks import parse_week

    target_week = None
    if week:
        parsed = parse_week(week, year=year)
        if parsed.week is None:
            raise UsageError(f"Veckan {week!r} kunde inte tolkas; skriv t.ex. 2026-W47.")
        target_week = parsed.week
    ws, schema, archive = open_workspace(workspace, db)
    try:
        inputs = list(paths) if paths else [ws.inbox]
        missing = [p for p in inputs if not p.exists()]
        if missing:
            raise UsageError("Hittar inte: " + ", ".join(str(p) for p in missing))
        result = _run(inputs, ws, schema, archive, target_week, year, dry_run, organisation, quiet=as_json)
    finally:
        archive.close()
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        print_merge(result, ws)
    if result.rejected:
        raise typer.Exit(EXIT_FINDINGS)


def _run(inputs, ws, schema, archive, week, year, dry_run, organisation, quiet):
    """est_cli.merge.merge_paths, with a progress bar on the terminal for ten files or more."""
    from est_cli.merge import merge_paths
    from est_cli.readers import iter_input_files

    files = iter_input_files(inputs)
    options = dict(week=week, year=year, dry_run=dry_run, organisation=organisation, files=files)
    if quiet or len(files) < 10:
        return merge_paths(inputs, ws, schema, archive, write=True, **options)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("Läser filer"), BarColumn(), MofNCompleteColumn(), console=err, transient=True) as bar:
        task = bar.add_task("", total=len(files))
        return merge_paths(inputs, ws, schema, archive, write=True, progress=lambda _p: bar.advance(task), **options)


def print_merge(result, ws) -> None:
    """The merge's summary on stderr: files, new reports, each week's counts and reporting, then every
    problem and what happened to files that were not stored."""
    title = f"Sammanställning vecka {result.week or '?'} – {ws.kommun}" + (
        " (provkörning, inget sparat)" if result.dry_run else ""
    )
    err.print(f"[bold]{title}[/]\n")
    _print_files(result)
    _print_new_reports(result.new_files)
    for week, view in result.views.items():
        _print_week(week, view, ws)
    _print_rejected(result)
    _print_notes(result)
    _print_aliases(result, ws)
    for week, path in result.workbooks.items():
        err.print(f"\n[bold green]Sammanställningen för vecka {week}:[/] {path}")


def _print_aliases(result, ws) -> None:
    from est_cli.aliases import load_aliases
    from est_cli.cli.validate import print_alias_suggestions
    from est_cli.schema import load_schema

    if any(not o.item_id for f in result.new_files for r in f.result.stored_reports for o in r.observations):
        print_alias_suggestions(
            [f.result for f in result.new_files], load_schema(ws.schema_ref()), load_aliases(ws.root)
        )


def _print_files(result) -> None:
    from rich.table import Table

    from est_cli.cli.validate import STATUS_TEXT
    from est_cli.merge import FileState

    files = Table(title="Filer", title_justify="left", expand=True)
    files.add_column("Fil", ratio=3, overflow="fold")
    files.add_column("Status", no_wrap=True)
    files.add_column("Arkivet", no_wrap=True)
    files.add_column("Rader", justify="right", no_wrap=True)
    for item in result.files:
        if item.state is FileState.SKIPPED:
            continue
        state = f"[green]{item.state}[/]" if item.state is FileState.NEW else f"[dim]{item.state}[/]"
        files.add_row(
            item.display, STATUS_TEXT[item.result.status], state, f"{item.result.rows_stored}/{item.result.rows_read}"
        )
    err.print(files)


def _print_new_reports(new) -> None:
    from rich.table import Table

    if not new:
        return
    spelled: dict[str, Counter] = {}
    for f in new:
        for r in f.result.stored_reports:
            spelled.setdefault(fold(r.organisation), Counter())[r.organisation] += 1
    display = {key: names.most_common(1)[0][0] for key, names in spelled.items()}
    by_area_org = Counter((r.area, display[fold(r.organisation)]) for f in new for r in f.result.stored_reports)
    reports = Table(title="Nya rapporter per område och organisation", title_justify="left")
    reports.add_column("Område")
    reports.add_column("Organisation")
    reports.add_column("Rapporter", justify="right")
    for (area, org), n in sorted(by_area_org.items()):
        reports.add_row(area, org, str(n))
    err.print(reports)


def _print_week(week: str, view, ws) -> None:
    """Events per category and area, and who has reported, for one week of the merge."""
    from rich.table import Table

    from est_cli.swedish import weekday_time
    from est_cli.weekview import ExpectedStatus

    areas = sorted({row.area for row in view.overview})
    table = Table(
        title=f"Händelser per kategori, vecka {week} (hela veckan i arkivet)", title_justify="left", expand=True
    )
    table.add_column("Kategori", ratio=3, overflow="fold")
    for area in areas:
        table.add_column(area, justify="right", ratio=1)
    labels: dict[str, dict[str, int]] = {}
    for row in view.overview:
        labels.setdefault(row.label, {})[row.area] = row.this_week
    for label, per_area in labels.items():
        if any(per_area.values()):
            table.add_row(label, *[str(per_area.get(a, 0)) for a in areas])
    if areas:
        err.print(table)
    if ws.expected:
        reported = sum(1 for e in view.expected if e.status.reported)
        err.print(
            f"Inrapportering vecka {week}: {reported} av {len(ws.expected)} förväntade rapportörer har rapporterat."
        )
    for e in view.expected:
        if e.status == ExpectedStatus.MISSING:
            err.print(f"  [red]saknas:[/] {e.area} · {e.organisation} · {e.reporter}")
    for e in view.expected:
        if e.status == ExpectedStatus.LATE:
            when = weekday_time(e.received) if e.received else "?"
            err.print(f"  [yellow]sen:[/] {e.area} · {e.organisation} · {e.reporter} (inkom {when})")


def _print_rejected(result) -> None:
    if result.rejected:
        err.print("\n[bold red]Avvisade filer:[/]")
        for item in result.rejected:
            reasons = "; ".join(f.message for f in item.result.findings if f.severity == "error")
            err.print(f"  • {item.display}: {reasons}")
    rejected_rows = [
        (f, x)
        for f in result.new_files
        if f.result.status != "rejected"
        for x in f.result.findings
        if x.severity == "error"
    ]
    if rejected_rows:
        err.print("\n[bold]Avvisade rader (filen sparades, raden inte):[/]")
        for item, finding in rejected_rows:
            err.print(f"  • {item.display}, {finding.location.describe()}: {finding.message}")


def _print_notes(result) -> None:
    """New areas, other weeks, superseded reports, compilations and the files that were not read."""
    from est_cli.merge import FileState

    for area, suggestion in result.new_areas.items():
        week = f" --week {result.week}" if result.week else ""
        hint = (
            f" Menade du {suggestion!r}? Flytta rapporterna dit med:\n  est område byt {_quoted(area)} "
            f"{_quoted(suggestion)}{week}"
            if suggestion
            else " Lägg till det i est.toml om det ska följas."
        )
        err.print(f"\n[yellow]Nytt område:[/] {area!r} finns inte bland områdena i est.toml.{hint}", highlight=False)
    for week, names in result.other_weeks.items():
        if week and week != result.week:
            err.print(
                f"\n[yellow]Annan vecka:[/] {len(names)} fil(er) gäller vecka {week} och sparades i den veckan: {', '.join(names)}"
            )
    for s in result.superseded:
        err.print(
            f"\n[cyan]Ersatt:[/] {s.old_source} ersätts av {s.new_source} ({s.week}, {s.area}, {s.organisation}, {s.reporter}); den gamla finns kvar i arkivet."
        )
        if s.uncertain:
            err.print(
                f"  [yellow]Osäker ordning:[/] den gällande valdes efter {s.uncertain}. Kontrollera med "
                f"est rapport list --week {s.week}; välj den andra med: est rapport gäller {s.old_id}",
                highlight=False,
            )
    for item in result.new_files:
        if item.sources is not None:
            err.print(
                f"\n[cyan]Sammanställning:[/] {item.display} bygger på {len(item.sources)} filer"
                + (
                    f"; den ersätter {item.replaced} rapporter från dem som redan fanns i arkivet."
                    if item.replaced
                    else "."
                )
            )
    for item in result.files:
        if item.state is FileState.IN_COMPILATION:
            err.print(
                f"[cyan]Räknas redan:[/] {item.display} ingår i sammanställningen {item.known_as} och lästes inte in igen."
            )
    others = [f.display for f in result.files if f.state is FileState.OTHER_ORGANISATION]
    if others:
        err.print(
            f"\n{len(others)} fil(er) från andra organisationer lästes inte in (--organisation): " + ", ".join(others)
        )
    known = [f for f in result.files if f.state is FileState.KNOWN]
    if known:
        err.print(f"\n{len(known)} fil(er) fanns redan i arkivet och lästes inte in igen.")
    still_rejected = [f.display for f in known if not f.result.stored_reports]
    if still_rejected:
        err.print(
            "Ger fortfarande ingen godkänd rapport (rätta filen, eller ange veckan med --week om den saknas): "
            + ", ".join(still_rejected)
        )
    skipped = [f for f in result.files if f.state is FileState.SKIPPED]
    if skipped:
        err.print(f"{len(skipped)} fil(er) hoppades över (inte checklistor): " + ", ".join(f.display for f in skipped))


def _quoted(text: str) -> str:
    """An argument as it is typed in a terminal: quoted when it has spaces or quotes."""
    import shlex

    return shlex.quote(text) if text != shlex.quote(text) else text
