"""`est validate`: read and check checklists, store nothing, print every finding."""

from __future__ import annotations

import json

import typer
from rich.markup import escape

from est_cli.cli.common import (
    EXIT_FINDINGS,
    JsonOpt,
    PathsArg,
    SchemaOpt,
    UsageError,
    WorkspaceOpt,
    YearOpt,
    err,
    resolve_schema,
)

STATUS_TEXT = {"ok": "[green]✓ godkänd[/]", "warnings": "[yellow]! varningar[/]", "rejected": "[bold red]✗ avvisad[/]"}


def validate(
    paths: PathsArg,
    schema: SchemaOpt = None,
    year: YearOpt = None,
    as_json: JsonOpt = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Läs och kontrollera checklistor utan att spara något; visa varje fel med fil och cell.

    Utan --schema används arbetsytans checklista (est.toml), om kommandot körs i en arbetsyta
    eller med --workspace.
    """
    from est_cli.aliases import load_aliases
    from est_cli.ingest import Options
    from est_cli.validate import validate_paths

    missing = [p for p in paths if not p.exists()]
    if missing:
        raise UsageError("Hittar inte: " + ", ".join(str(p) for p in missing))
    ws = _workspace(workspace)
    loaded = resolve_schema(schema if schema else (ws.schema_ref() if ws else None))
    aliases = load_aliases(ws.root) if ws else {}
    areas = tuple(ws.areas) if ws else ()
    period = ws.reporting_period() if ws else None
    options = Options(
        year=year,
        aliases=aliases,
        areas=areas,
        period=period,
        allowed=ws.individdata_allowed() if ws else frozenset(),
        mailboxes=frozenset(ws.mailboxes.values()) if ws else frozenset(),
    )
    run = validate_paths(list(paths), loaded, options)
    if as_json:
        typer.echo(json.dumps(run.as_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        print_run(run, loaded.name)
        print_alias_suggestions([f for f in run.files], loaded, aliases)
    if run.rejected:
        raise typer.Exit(EXIT_FINDINGS)


def _workspace(workspace):
    """--workspace, else the workspace found from here upwards; None outside a workspace (then
    resolve_schema asks for --schema)."""
    from est_cli.workspace import find_workspace, load_workspace

    if workspace is None and find_workspace() is None:
        return None
    return load_workspace(workspace)


def print_alias_suggestions(results, schema, aliases) -> None:
    """Labels outside the checklist, each with the command that confirms what it means."""
    from est_cli.aliases import alias_suggestions

    labels = [o.label for result in results for r in result.stored_reports for o in r.observations if not o.item_id]
    suggestions = alias_suggestions(labels, schema, aliases)
    if not suggestions:
        return
    err.print(
        "\n[bold]Punkter utanför checklistan[/] – bekräfta en gång vad de betyder, så läses de rätt i fortsättningen "
        "(rätta punkten om förslaget är fel; alla punkter: est schema show):"
    )
    for suggestion in suggestions:
        err.print(f"  {suggestion.command()}", markup=False, highlight=False)


def print_run(run, schema_name: str) -> None:
    """The human report: one table of files and reports, then every finding per file."""
    from rich.table import Table

    from est_cli.privacy import mask_text

    if not run.files and not run.skipped:
        err.print("Inga filer hittades.")
        return
    folders = sorted({mask_text(str(p)) for p in run.roots if p.is_dir()})
    where = f" i {', '.join(folders)}" if folders else ""
    err.print(
        f"Kontrollerade {len(run.files) + len(run.skipped)} filer{where} mot checklistan [bold]{schema_name}[/].\n"
    )
    files = Table(title="Filer och rapporter", title_justify="left", show_lines=False, expand=True)
    files.add_column("Fil", ratio=3, overflow="fold")
    files.add_column("Status", no_wrap=True)
    files.add_column("Vecka · område · organisation · rapportör", ratio=4, overflow="fold")
    files.add_column("Rader", justify="right", no_wrap=True)
    files.caption = "Rader: sparade/lästa. Avvisade rader och fel visas nedan."
    files.caption_justify = "left"
    for result in run.files:
        reports = result.stored_reports
        lines = [
            f"{r.week} · {r.area} · {r.organisation} · {r.reporter or '–'} ({sum(r.counts().values())} händelser)"
            for r in reports
        ] or ["–"]
        rows = f"{result.rows_stored}/{result.rows_read}"
        files.add_row(
            escape(run.short.get(result.path, result.path.name)),
            STATUS_TEXT[result.status],
            escape("\n".join(lines)),
            rows,
        )
    err.print(files)

    for result in run.files:
        if not result.findings and not result.notes:
            continue
        table = Table(
            title=escape(run.short.get(result.path, result.path.name)),
            title_justify="left",
            expand=True,
            show_header=True,
        )
        table.add_column("Plats", ratio=2, overflow="fold")
        table.add_column("", no_wrap=True, width=7)
        table.add_column("Meddelande", ratio=5, overflow="fold")
        for f in result.findings:
            kind = "[bold red]fel[/]" if f.severity == "error" else "[yellow]varning[/]"
            table.add_row(
                escape(f.location.describe() or "hela filen"), kind, f"{escape(f.message)} [dim]({f.code})[/]"
            )
        for note in result.notes:
            table.add_row("", "[dim]info[/]", f"[dim]{escape(note)}[/]")
        err.print(table)

    if run.skipped:
        err.print("\n[bold]Hoppades över (inte checklistor):[/]")
        for result in run.skipped:
            err.print(f"  • {escape(run.short.get(result.path, result.path.name))} – {escape(result.skipped)}")

    totals = run.totals()
    counts = {s: sum(1 for f in run.files if f.status == s) for s in ("ok", "warnings", "rejected")}
    rows_read = sum(f.rows_read for f in run.files)
    rows_rejected = sum(f.rows_rejected for f in run.files)
    err.print(
        f"\n[bold]{totals['files']} filer:[/] {counts['ok']} godkända, {counts['warnings']} med varningar, "
        f"{counts['rejected']} avvisade. {totals['reports']} rapporter, {rows_read} rader lästa, "
        f"{rows_read - rows_rejected} sparade, {rows_rejected} avvisade."
        + (f" {len(run.skipped)} filer hoppades över." if run.skipped else "")
    )
