"""`est schema list|show|check`: inspect the built-in checklists and check a municipality's own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from est_cli.cli.common import EXIT_FINDINGS, JsonOpt, UsageError, err, out

app = typer.Typer(
    help="Visa de inbyggda checklistorna och kontrollera en egen checklista (YAML).", no_args_is_help=True
)


@app.command("list")
def list_schemas() -> None:
    """Visa de inbyggda checklistorna (Örebro, Borås, Malmö)."""
    from rich.table import Table

    from est_cli.schema import builtin_schemas

    table = Table(title="Inbyggda checklistor", title_justify="left")
    table.add_column("Id", style="bold")
    table.add_column("Namn")
    table.add_column("Avsnitt", justify="right")
    table.add_column("Punkter", justify="right")
    table.add_column("Rytm")
    for schema in builtin_schemas():
        cadence = "varje vecka" if schema.cadence == "weekly" else "varannan vecka"
        table.add_row(schema.id, schema.name, str(len(schema.sections)), str(len(schema.items)), cadence)
    out.print(table)


@app.command("show")
def show(
    schema_id: Annotated[str, typer.Argument(metavar="ID", help="orebro, boras, malmo eller sökväg till en YAML-fil.")],
    as_json: JsonOpt = False,
) -> None:
    """Visa alla punkter i en checklista, med tema och hjälptext."""
    from rich.table import Table

    from est_cli.cli.common import resolve_schema
    from est_cli.schema import THEMES

    schema = resolve_schema(schema_id)
    if as_json:
        typer.echo(json.dumps(schema.as_dict(), ensure_ascii=False, indent=2))
        return
    out.print(f"[bold]{schema.name}[/] ({schema.id}) – {len(schema.items)} punkter")
    out.print(
        "Personnummer, telefonnummer, e-postadresser, lägenhetsnummer, registreringsnummer och troliga namn "
        "maskeras alltid i fritexten innan något sparas."
    )
    number = 0
    for section in schema.sections:
        table = Table(
            title=f"{section.title} (rapporteras av: {', '.join(section.reported_by) or '–'})",
            title_justify="left",
            expand=True,
        )
        # Whole ids (error messages tell the user to look them up here; `est alias add` takes them) and
        # whole words of the themes; the item's label wraps in what is left.
        id_width = max(len(i.id) for i in section.items)
        theme_width = max(len(word) for i in section.items for word in THEMES[i.theme].split())
        table.add_column("Nr", justify="right", width=3)
        table.add_column("Punkt", ratio=1, overflow="fold")
        table.add_column("Tema", width=theme_width)
        table.add_column("Id", style="dim", no_wrap=True, width=id_width)
        for item in section.items:
            number += 1
            table.add_row(str(number), item.label, THEMES[item.theme], item.id)
        out.print(table)


@app.command("check")
def check(
    file: Annotated[Path, typer.Argument(help="Checklistans YAML-fil.", show_default=False)],
) -> None:
    """Kontrollera en egen checklista (YAML) innan den används; fel anges med radnummer."""
    from est_cli.schema import SchemaError, load_schema

    if not file.is_file():
        raise UsageError(f"Filen {file} finns inte.")
    try:
        schema = load_schema(file)
    except SchemaError as exc:
        err.print(f"[bold red]{file}: checklistan har {len(exc.problems)} fel[/]")
        for problem in exc.problems:
            err.print(f"  • {problem}")
        raise typer.Exit(EXIT_FINDINGS) from None
    err.print(
        f"[green]✓[/] {file}: checklistan {schema.id!r} är giltig – "
        f"{len(schema.sections)} avsnitt, {len(schema.items)} punkter."
    )
