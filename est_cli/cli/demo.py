"""`est demo`: the main job on the bundled example week, from an empty folder to the results."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from est_cli.cli.common import UsageError, err


def demo(
    folder: Annotated[Path, typer.Argument(help="Mappen där demo-arbetsytan skapas.")] = Path("est-demo"),
) -> None:
    """Skapa en arbetsyta med exempelveckan (Örebro, vecka 47) och kontrollera alla filer i den."""
    from est_cli.demo import make_demo_inbox
    from est_cli.ingest import Options
    from est_cli.cli.validate import print_run
    from est_cli.schema import load_schema
    from est_cli.validate import validate_paths

    inbox = folder / "inkorg"
    if inbox.exists() and any(inbox.iterdir()):
        raise UsageError(f"{inbox} finns redan och är inte tom. Välj en annan mapp: est demo MAPP")
    files = make_demo_inbox(inbox)
    err.print(f"[bold]est demo[/]: {len(files)} exempelfiler för Örebro vecka 47 sparade i {inbox}/\n")
    schema = load_schema("orebro")
    run = validate_paths([inbox], schema, Options(year=2026))
    print_run(run, schema.name)
    err.print(
        f"\nKlart. Exempelfilerna ligger i {inbox}/ – öppna dem i Excel eller Word och jämför med fynden ovan.\n"
        "Nästa steg i EST-rutinen (est merge, est render, est trend) kommer i kommande versioner."
    )
