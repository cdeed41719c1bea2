"""`est init`: create a workspace (est.toml with Swedish comments, inkorg/, arkiv/, utkast/)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from est_cli.cli.common import UsageError, err


def init(
    folder: Annotated[Path, typer.Argument(help="Mappen där arbetsytan skapas.", show_default=False)],
    schema: Annotated[
        str, typer.Option("--schema", "-s", help="Checklistan: orebro, boras, malmo eller en YAML-fil.")
    ] = "orebro",
    kommun: Annotated[str, typer.Option("--kommun", "-k", help='Kommunens namn, t.ex. "Örebro".')] = "",
    area: Annotated[
        list[str] | None, typer.Option("--omrade", "-o", help="Ett prioriterat område (kan anges flera gånger).")
    ] = None,
) -> None:
    """Skapa en arbetsyta: est.toml (inställningar med förklaringar) och mapparna inkorg, arkiv och utkast."""
    from est_cli.cli.common import resolve_schema
    from est_cli.schema import builtin_id
    from est_cli.workspace import init_workspace

    if not kommun.strip():
        raise UsageError('Ange kommunens namn med --kommun, t.ex. --kommun "Örebro".')
    resolve_schema(schema)  # a wrong schema is said now, not at the first merge
    schema = builtin_id(schema) or schema  # 'Örebro' is written to est.toml as 'orebro'
    ws = init_workspace(folder, kommun.strip(), schema, [a.strip() for a in area or [] if a.strip()])
    err.print(f"[green]✓[/] Arbetsytan för {ws.kommun} är skapad i {folder}/")
    err.print(f"  • inställningar: {folder / 'est.toml'} – fyll i områden och förväntade rapportörer")
    err.print(f"  • spara veckans filer i {folder / 'inkorg'}/ och kör sedan: est merge")
