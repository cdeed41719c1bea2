"""`est template`: a blank checklist for reporters, made from the schema."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from est_cli.cli.common import ForceOpt, SchemaOpt, UsageError, err, refuse_overwrite, resolve_schema


class Format(StrEnum):
    xlsx = "xlsx"
    docx = "docx"


def template(
    schema: SchemaOpt = None,
    fmt: Annotated[
        Format | None,
        typer.Option("--format", "-f", help="xlsx (Excel) eller docx (Word); annars filens ändelse, eller xlsx."),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Filen som skapas.")] = None,
    force: ForceOpt = False,
) -> None:
    """Skapa en tom checklista som rapportörerna fyller i (Excel eller Word)."""
    loaded = resolve_schema(schema)
    if fmt is None:
        fmt = Format.docx if output is not None and output.suffix.lower() == ".docx" else Format.xlsx
    path = output or Path(f"checklista-{loaded.id}.{fmt.value}")
    if path.suffix.lower() != f".{fmt.value}":
        raise UsageError(f"Filnamnet {path} ska sluta på .{fmt.value} när formatet är {fmt.value}.")
    if path.parent and not path.parent.exists():
        raise UsageError(f"Mappen {path.parent} finns inte.")
    refuse_overwrite(path, force)
    if fmt is Format.xlsx:
        from est_cli.templating.checklist_xlsx import write_xlsx_template

        write_xlsx_template(loaded, path)
    else:
        from est_cli.templating.checklist_docx import write_docx_template

        write_docx_template(loaded, path)
    err.print(f"[green]✓[/] Tom checklista ({loaded.name}, {len(loaded.items)} punkter) sparad som {path}")
