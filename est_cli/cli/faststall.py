"""`est fastställ FIL.docx` and `est åtgärd add|list|klar`: the meeting's decisions back into est."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from est_cli.cli.common import (
    EXIT_FINDINGS,
    DbOpt,
    JsonOpt,
    UsageError,
    WorkspaceOpt,
    err,
    open_workspace,
    out,
    print_item,
)
from est_cli.weeks import IsoWeek

FileArg = Annotated[
    Path | None, typer.Argument(help="Den interna veckolägesbilden som mötet har fyllt i (.docx).", metavar="FIL")
]


def faststall(path: FileArg = None, workspace: WorkspaceOpt = None, db: DbOpt = None) -> None:
    """Läs in mötets beslut ur den ifyllda interna veckolägesbilden: nivåer, samlad bedömning och åtgärder."""
    from est_cli.decide import DecideError
    from est_cli.decisions import fastställ

    if path is None:
        raise UsageError(
            "Ange den ifyllda veckolägesbilden, t.ex.: est fastställ utkast/2026-W47/veckolagesbild-2026-W47.docx"
        )
    if not path.is_file():
        raise UsageError(f"Hittar inte {path}.")
    ws, schema, archive = open_workspace(workspace, db)
    try:
        outcome = fastställ(archive, ws, schema, path)
    except DecideError as exc:
        raise UsageError(exc.message) from None
    finally:
        archive.close()
    read = outcome.decision
    week = IsoWeek.parse(read.week)
    if not outcome.stored:
        err.print(f"[bold red]Vecka {week.week} är inte fastställd[/] – inget är sparat. Rätta i dokumentet:")
        for problem in read.problems:
            print_item(problem)
        err.print("Kör sedan est fastställ igen.")
        raise typer.Exit(EXIT_FINDINGS)
    err.print(
        f"[green]✓[/] Veckolägesbilden för vecka {week.week} är fastställd"
        + (" (den ersätter den som fastställdes tidigare)." if outcome.replaced else ".")
    )
    for area, level in read.levels.items():
        err.print(f"  {escape(area)}: [bold]{level}[/]")
    if outcome.added or outcome.closed:
        err.print(f"  Åtgärder: {len(outcome.added)} nya, {len(outcome.closed)} klara (est åtgärd list).")
    err.print(f"Den externa lägesbilden: est render --week {read.week} --variant extern")


app = typer.Typer(
    help="Åtgärdslistan: det mötet kommit överens om, med ansvarig funktion och när det ska vara klart.",
    no_args_is_help=True,
)


@app.command("add")
def add(
    text: Annotated[str | None, typer.Argument(help="Vad som ska göras.", metavar="TEXT")] = None,
    ansvarig: Annotated[
        str | None, typer.Option("--ansvarig", help='Ansvarig funktion (inte namn), t.ex. "ÖBO/Husvärd".')
    ] = None,
    klart: Annotated[str | None, typer.Option("--klart", help="Klart senast, vecka, t.ex. 2026-W49.")] = None,
    area: Annotated[str | None, typer.Option("--area", help="Området åtgärden gäller.")] = None,
    workspace: WorkspaceOpt = None,
    db: DbOpt = None,
) -> None:
    """Lägg till en åtgärd i åtgärdslistan."""
    from est_cli.decide import DecideError
    from est_cli.decisions import add_action

    _, _, archive = open_workspace(workspace, db)
    try:
        action = add_action(archive, text or "", ansvarig or "", klart, area, None)
    except DecideError as exc:
        raise UsageError(exc.message) from None
    finally:
        archive.close()
    err.print(
        f"[green]✓[/] Åtgärd nr {action['id']} är tillagd: {escape(action['text'])} – {escape(action['ansvarig'])}."
    )


@app.command("list")
def list_(
    open_only: Annotated[bool, typer.Option("--öppna", help="Bara åtgärder som inte är klara.")] = False,
    as_json: JsonOpt = False,
    workspace: WorkspaceOpt = None,
    db: DbOpt = None,
) -> None:
    """Visa åtgärdslistan; försenade åtgärder är markerade."""
    from est_cli import store

    _, _, archive = open_workspace(workspace, db)
    try:
        with archive.read() as conn:
            actions = store.list_actions(conn, open_only)
    finally:
        archive.close()
    this_week = str(IsoWeek.of(date.today()))
    if as_json:
        rows = [
            {
                "id": a["id"],
                "text": a["text"],
                "ansvarig": a["ansvarig"],
                "area": a["area"],
                "klart_senast": a["due_week"],
                "klar": a["done_at"] is not None,
                "försenad": a["done_at"] is None and bool(a["due_week"]) and a["due_week"] < this_week,
                "källa": a["source"],
            }
            for a in actions
        ]
        typer.echo(json.dumps({"actions": rows}, ensure_ascii=False, indent=2))
        return
    if not actions:
        err.print("Åtgärdslistan är tom." if not open_only else "Inga öppna åtgärder.")
        return
    from est_cli.cli.common import list_table

    table = list_table()
    table.add_column("Nr", justify="right", no_wrap=True)
    table.add_column("Åtgärd", min_width=16, overflow="fold")
    table.add_column("Ansvarig", overflow="fold")
    table.add_column("Klart senast", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    for a in actions:
        late = a["done_at"] is None and a["due_week"] and a["due_week"] < this_week
        status = "klar" if a["done_at"] else ("[red]försenad[/]" if late else "öppen")
        table.add_row(str(a["id"]), escape(a["text"]), escape(a["ansvarig"]), a["due_week"] or "–", status)
    out.print(table)


@app.command("klar")
def done(
    action_id: Annotated[
        str | None, typer.Argument(help="Åtgärdens nummer (se est åtgärd list).", metavar="NR")
    ] = None,
    workspace: WorkspaceOpt = None,
    db: DbOpt = None,
) -> None:
    """Markera en åtgärd som klar."""
    from est_cli.decide import DecideError
    from est_cli.decisions import finish_action

    if not action_id or not action_id.strip().isdigit():
        raise UsageError("Ange åtgärdens nummer (se est åtgärd list), t.ex.: est åtgärd klar 3")
    _, _, archive = open_workspace(workspace, db)
    try:
        action = finish_action(archive, int(action_id))
    except DecideError as exc:
        raise UsageError(exc.message) from None
    finally:
        archive.close()
    err.print(f"[green]✓[/] Åtgärd nr {action['id']} är klar: {escape(action['text'])}.")
