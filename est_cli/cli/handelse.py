"""`est händelse list|samma|skilj`: see the week's events and correct which observations are one event."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape

from est_cli.cli.common import DbOpt, JsonOpt, UsageError, WorkspaceOpt, err, open_workspace, out, print_path

app = typer.Typer(
    help="Se veckans händelser och rätta dem: samma händelse från flera rapportörer räknas en gång.",
    no_args_is_help=True,
)

IdsArg = Annotated[
    list[str] | None, typer.Argument(help="Observationernas nummer (se est händelse list).", metavar="NR")
]
IdArg = Annotated[str | None, typer.Argument(help="Observationens nummer (se est händelse list).", metavar="NR")]


def _ids(texts: list[str] | None, example: str) -> list[int]:
    if not texts or not all(t.strip().isdigit() for t in texts):
        raise UsageError(f"Ange observationernas nummer (se est händelse list), t.ex.: {example}")
    return [int(t.strip()) for t in texts]


@app.command("list")
def list_(
    week: Annotated[str | None, typer.Option("--week", help="Veckan, t.ex. 2026-W47 (annars den senaste).")] = None,
    area: Annotated[str | None, typer.Option("--area", help="Bara händelser i området.")] = None,
    as_json: JsonOpt = False,
    workspace: WorkspaceOpt = None,
    db: DbOpt = None,
) -> None:
    """Visa veckans händelser med numren på deras observationer: det som rapporterats av flera står en gång."""
    from est_cli.events import latest_week, list_events, week_of

    _, schema, archive = open_workspace(workspace, db)
    try:
        with archive.read() as conn:
            week_id = week_of(week) if week else latest_week(conn)
            events = list_events(conn, schema, week_id, area) if week_id else []
    finally:
        archive.close()
    if as_json:
        typer.echo(json.dumps({"events": [e.as_dict() for e in events]}, ensure_ascii=False, indent=2))
        return
    if not events:
        err.print("Inga händelser" + (" som passar urvalet." if week or area else " i arkivet ännu."))
        return
    from est_cli.cli.common import list_table

    table = list_table()
    table.add_column("Nr", justify="right", no_wrap=True)
    table.add_column("Område", min_width=8, overflow="fold")
    table.add_column("Kategori", min_width=10, overflow="fold")
    table.add_column("Antal", justify="right", no_wrap=True)
    table.add_column("Plats · när", min_width=12, overflow="fold")
    table.add_column("Observationer", min_width=8, overflow="fold")
    shared = 0
    for e in events:
        when = " ".join(p for p in (e.date.isoformat() if e.date else "", e.time) if p)
        where = " · ".join(p for p in (e.place, when) if p) or "–"
        antal = str(e.count) if e.reported == e.count else f"{e.count} ({e.reported})"
        ids = ", ".join(str(i) for i in e.observations)
        if len(e.observations) > 1:
            shared += 1
            ids += " (" + ", ".join(e.organisations) + ")"
        table.add_row(
            str(e.id),
            escape(e.area),
            escape(e.label),
            antal,
            escape(where),
            escape(ids),
            style="" if len(e.observations) > 1 else "dim",
        )
    out.print(table)
    out.print(
        f"[dim]Vecka {events[0].week}: {len(events)} händelser, {shared} rapporterade av flera "
        "(Antal: händelsens antal, i parentes summan av rapporterna). "
        "Slå ihop: est händelse samma NR NR · skilj ut: est händelse skilj NR[/]"
    )


def _print(change, done: str) -> None:
    ids = ", ".join(str(i) for i in change.observations)
    err.print(f"[green]✓[/] {done} (vecka {change.week}): observation {ids}.", highlight=False)
    for path in change.workbooks:
        err.print("  Sammanställningen är uppdaterad:")
        print_path(path)
    err.print(f"  Skriv veckolägesbilden igen med: est render --week {change.week}")


@app.command("samma")
def same(ids: IdsArg = None, workspace: WorkspaceOpt = None, db: DbOpt = None) -> None:
    """Slå ihop observationer till en händelse: den räknas en gång, med det största antalet."""
    from est_cli.events import join

    numbers = _ids(ids, "est händelse samma 18 50")
    ws, schema, archive = open_workspace(workspace, db)
    try:
        change = join(archive, ws, schema, numbers)
    finally:
        archive.close()
    _print(change, f"Samma händelse nr {change.event}")


@app.command("skilj")
def separate(observation: IdArg = None, workspace: WorkspaceOpt = None, db: DbOpt = None) -> None:
    """Skilj ut en observation ur sin händelse: den blir en egen händelse och slås inte ihop igen."""
    from est_cli.events import split

    (number,) = _ids([observation] if observation else None, "est händelse skilj 50")
    ws, schema, archive = open_workspace(workspace, db)
    try:
        change = split(archive, ws, schema, number)
    finally:
        archive.close()
    _print(change, f"Egen händelse, skild från nr {change.event}")
