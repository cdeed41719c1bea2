"""`est arkiv export|import`: the whole archive to one file and back (backup, restore, SQLite → PostgreSQL)."""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from est_cli.cli.common import DbOpt, ForceOpt, JsonOpt, UsageError, WorkspaceOpt, err, refuse_overwrite

app = typer.Typer(
    help="Säkerhetskopiera hela arkivet till en fil och läs in det igen – även för att flytta arkivet "
    "från SQLite till PostgreSQL.",
    no_args_is_help=True,
)

FileArg = Annotated[Path | None, typer.Argument(help="Exportfilen (zip).", metavar="FIL", show_default=False)]


def _archive_url(workspace: Path | None, db: str | None) -> str:
    """--db / EST_DB_URL work without a workspace (e.g. to fill a new PostgreSQL archive); else the workspace's."""
    from est_cli.workspace import find_workspace, load_workspace

    given = db or os.environ.get("EST_DB_URL")
    if workspace is None and given and find_workspace() is None:
        return given
    return load_workspace(workspace).archive_url(db)


def _open(url: str):
    from est_cli.store import Archive

    return Archive.open(url)


def _summary(counts: dict[str, int]) -> None:
    from est_cli.store.portable import table_label, table_order

    width = max(len(table_label(name)) for name in counts)
    for name in table_order(counts):
        err.print(f"  {table_label(name):<{width}}  {counts[name]:>7}")


def _json(result, archive_url: str) -> None:
    from est_cli.store.engine import shown_url

    typer.echo(
        json.dumps(
            {
                "file": str(result.path),
                "archive": shown_url(archive_url),
                "schema_version": result.schema_version,
                "upgraded_to": result.upgraded_to,
                "est_version": result.est_version,
                "created_at": result.created_at,
                "bytes": result.size,
                "tables": result.counts,
            },
            ensure_ascii=False,
            indent=2,
        )
    )


@app.command("export")
def export(
    file: FileArg = None,
    force: ForceOpt = False,
    as_json: JsonOpt = False,
    workspace: WorkspaceOpt = None,
    db: DbOpt = None,
) -> None:
    """Skriv hela arkivet till en fil (zip): säkerhetskopia, eller flytt till ett annat arkiv.

    Exempel: est arkiv export est-arkiv-2026-11-20.zip
    """
    from est_cli.store.portable import export_archive
    from est_cli.swedish import file_size

    if file is None:
        raise UsageError("Ange filen som ska skapas, t.ex.: est arkiv export est-arkiv-2026-11-20.zip")
    if file.is_dir():
        raise UsageError(f"{file} är en mapp; ange ett filnamn, t.ex. {file / 'est-arkiv.zip'}")
    if not file.parent.is_dir():
        raise UsageError(f"Mappen {file.parent} finns inte.")
    refuse_overwrite(file, force)
    url = _archive_url(workspace, db)
    archive = _open(url)
    try:
        result = export_archive(archive, file)
    finally:
        archive.close()
    if as_json:
        _json(result, url)
        return
    err.print(
        "[green]✓[/] "
        + escape(f"Arkivet är sparat i {file} ({file_size(result.size)}, arkivversion {result.schema_version}):")
    )
    _summary(result.counts)
    err.print(escape(f"  Läs in det igen med: est arkiv import {shlex.quote(str(file))}"))


@app.command("import")
def import_(
    file: FileArg = None,
    as_json: JsonOpt = False,
    workspace: WorkspaceOpt = None,
    db: DbOpt = None,
) -> None:
    """Läs in en exportfil i ett tomt arkiv (arbetsytans, eller --db, t.ex. PostgreSQL).

    Hela filen kontrolleras först och läses in i en enda transaktion: blir något fel är arkivet som förut.

    Exempel: est arkiv import est-arkiv-2026-11-20.zip --db postgresql://est@server/est
    """
    from est_cli.store.engine import shown_url
    from est_cli.store.portable import import_archive

    if file is None:
        raise UsageError("Ange exportfilen som ska läsas in, t.ex.: est arkiv import est-arkiv-2026-11-20.zip")
    url = _archive_url(workspace, db)
    result = import_archive(lambda: _open(url), file)
    if as_json:
        _json(result, url)
        return
    made = f", gjord {result.created_at[:10]} med est {result.est_version}" if result.created_at else ""
    err.print("[green]✓[/] " + escape(f"{file}{made} är inläst i arkivet {shown_url(url)}:"))
    _summary(result.counts)
    if result.upgraded_to:
        err.print(
            f"  Filen hade arkivversion {result.schema_version} och är uppgraderad till version {result.upgraded_to}."
        )
    if db:
        err.print("  Använd arkivet med --db, med EST_DB_URL eller med arkiv = … i est.toml.")
