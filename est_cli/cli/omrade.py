"""`est område byt GAMMALT NYTT [--week W]`: move reports filed under a misspelt or renamed area."""

from __future__ import annotations

from typing import Annotated

import typer

from est_cli.cli.common import DbOpt, UsageError, WorkspaceOpt, err, open_workspace

app = typer.Typer(
    help="Rätta områden i arkivet: flytta rapporter från ett felstavat eller bytt områdesnamn.", no_args_is_help=True
)


@app.command("byt")
def byt(
    old: Annotated[
        str | None, typer.Argument(help="Området som det står i arkivet, t.ex. Norby.", metavar="GAMMALT")
    ] = None,
    new: Annotated[str | None, typer.Argument(help="Det rätta området, t.ex. Norrby.", metavar="NYTT")] = None,
    week: Annotated[str | None, typer.Option("--week", help="Bara rapporter för veckan (annars alla veckor).")] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Visa vad som skulle flyttas, utan att ändra något.")
    ] = False,
    workspace: WorkspaceOpt = None,
    db: DbOpt = None,
) -> None:
    """Flytta rapporterna under ett område till ett annat; en flyttad rapport kan ersätta eller ersättas.

    Exempel: est område byt Norby Norrby --week 2026-W48
    """
    from est_cli.cli.rapport import print_change
    from est_cli.corrections import move_area

    if not old or not new:
        raise UsageError("Ange det gamla och det nya områdesnamnet, t.ex.: est område byt Norby Norrby")
    ws, schema, archive = open_workspace(workspace, db)
    try:
        change = move_area(archive, ws, schema, old.strip(), new.strip(), week, dry_run)
    finally:
        archive.close()
    print_change(change, f"flyttat till {new.strip()}")
    from est_cli.text import fold

    if ws.areas and fold(new) not in {fold(a) for a in ws.areas}:
        err.print(
            f"  [yellow]Obs:[/] {new.strip()!r} finns inte bland områdena i est.toml. Lägg till det där, "
            "eller byt till ett av dem.",
            highlight=False,
        )
