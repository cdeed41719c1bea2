"""`est insats add|list|avsluta`: the register of insatser, for the follow-up in `est trend --insatser`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from est_cli.cli.common import DbOpt, JsonOpt, UsageError, WorkspaceOpt, err, open_workspace, out

app = typer.Typer(
    help="Insatser: vad som görs i ett område mot en punkt eller ett tema, för uppföljningen (est trend --insatser).",
    no_args_is_help=True,
)


def _open(workspace: Path | None, db: str | None):
    return open_workspace(workspace, db)


def _until(row: dict) -> str:
    return row["to_week"] or "pågår"


@app.command("add")
def add(
    beskrivning: Annotated[
        list[str] | None,
        typer.Argument(help='Vad som görs, t.ex. "Extra belysning vid torget".', metavar="BESKRIVNING"),
    ] = None,
    area: Annotated[str | None, typer.Option("--area", help="Området insatsen gäller.")] = None,
    start: Annotated[str | None, typer.Option("--from", help="Startveckan, t.ex. 2026-W40.")] = None,
    ansvarig: Annotated[
        str | None, typer.Option("--ansvarig", help="Ansvarig funktion eller organisation (inget personnamn).")
    ] = None,
    item: Annotated[
        str | None, typer.Option("--item", help="Punkten i checklistan insatsen riktar sig mot (id eller rubrik).")
    ] = None,
    theme: Annotated[
        str | None, typer.Option("--theme", help="Temat insatsen riktar sig mot, t.ex. skadegorelse.")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="Sista veckan, om den redan är bestämd.")] = None,
    workspace: WorkspaceOpt = None,
    db: DbOpt = None,
) -> None:
    """Lägg till en insats i registret.

    Exempel: est insats add --area Vivalla --theme skadegorelse --from 2026-W40 --ansvarig "ÖBO" "Extra belysning vid torget"
    """
    from est_cli.insatser import add_insats, target_label

    if not (area and start and ansvarig):
        missing = [name for name, value in (("--area", area), ("--from", start), ("--ansvarig", ansvarig)) if not value]
        raise UsageError(
            f"Ange {', '.join(missing)} för insatsen, t.ex.: est insats add --area Vivalla --theme "
            'skadegorelse --from 2026-W40 --ansvarig "ÖBO" "Extra belysning vid torget"'
        )
    if not beskrivning:
        raise UsageError('Beskriv insatsen sist på raden, t.ex. "Extra belysning vid torget".')
    ws, schema, archive = _open(workspace, db)
    try:
        row = add_insats(
            archive,
            schema=schema,
            workspace_areas=ws.areas,
            area=area,
            item=item,
            theme=theme,
            from_week=start,
            to_week=end,
            ansvarig=ansvarig,
            beskrivning=" ".join(beskrivning),
        )
    finally:
        archive.close()
    label = target_label(schema, row["key_kind"], row["key"])
    err.print(
        f"[green]✓[/] Insats nr {row['id']} sparad: {row['area']} · {label} · från {row['from_week']} "
        f"({_until(row)}) · ansvarig: {row['ansvarig']}"
    )
    err.print("  Följ upp den med: est trend --insatser")


@app.command("list")
def list_(
    as_json: JsonOpt = False,
    workspace: WorkspaceOpt = None,
    db: DbOpt = None,
) -> None:
    """Visa alla insatser i registret."""
    from rich.table import Table

    from est_cli.insatser import list_insatser
    from est_cli.swedish import week_span_text
    from est_cli.weeks import IsoWeek

    _, schema, archive = _open(workspace, db)
    try:
        with archive.read() as conn:
            rows = list_insatser(conn, schema)
    finally:
        archive.close()
    if as_json:
        keys = ("id", "area", "key_kind", "key", "label", "from_week", "to_week", "ansvarig", "beskrivning")
        typer.echo(
            json.dumps(
                {"insatser": [{k: r[k] for k in keys} | {"created_at": r["created_at"].isoformat()} for r in rows]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if not rows:
        err.print(
            "Registret har inga insatser ännu. Lägg till en med: est insats add --area OMRÅDE --theme TEMA "
            '--from 2026-W40 --ansvarig "…" "beskrivning"'
        )
        return
    from rich import box

    table = Table(
        title="Insatser",
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
        show_edge=False,
    )
    table.add_column("Nr", justify="right", no_wrap=True)
    table.add_column("Område", min_width=8)
    table.add_column("Riktad mot", min_width=12)
    table.add_column("Veckor", no_wrap=True)
    table.add_column("Ansvarig", min_width=8, overflow="fold")
    table.add_column("Beskrivning", min_width=16, overflow="fold")
    for r in rows:
        start = IsoWeek.parse(r["from_week"])
        weeks = week_span_text(start, IsoWeek.parse(r["to_week"])) if r["to_week"] else f"v.{start.week} {start.year}–"
        table.add_row(
            str(r["id"]), escape(r["area"]), escape(r["label"]), weeks, escape(r["ansvarig"]), escape(r["beskrivning"])
        )
    out.print(table)
    if any(not r["to_week"] for r in rows):
        out.print('[dim]"v.40 2026–" = pågår. Avsluta en insats med: est insats avsluta NR --to 2026-W52[/]')


@app.command("avsluta")
def avsluta(
    insats_id: Annotated[
        str | None, typer.Argument(help="Insatsens nummer (se est insats list).", metavar="NR")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="Sista veckan, t.ex. 2026-W52.")] = None,
    workspace: WorkspaceOpt = None,
    db: DbOpt = None,
) -> None:
    """Avsluta en insats: ange dess sista vecka."""
    from est_cli.insatser import end_insats

    if not insats_id or not insats_id.strip().isdigit():
        raise UsageError("Ange insatsens nummer (se est insats list), t.ex.: est insats avsluta 3 --to 2026-W52")
    if not end:
        raise UsageError(f"Ange sista veckan med --to, t.ex.: est insats avsluta {insats_id.strip()} --to 2026-W52")
    _, _, archive = _open(workspace, db)
    try:
        row, before = end_insats(archive, int(insats_id), end)
    finally:
        archive.close()
    changed = f" (tidigare sista vecka: {before})" if before and before != row["to_week"] else ""
    err.print(f"[green]✓[/] Insats nr {row['id']} ({row['area']}) är avslutad: sista vecka {row['to_week']}{changed}.")
