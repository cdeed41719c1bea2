"""What every command shares: the consoles, the shared options and turning errors into exit codes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer
from rich.console import Console

# Human messages go to stderr, so that `--json` leaves stdout with one JSON document only.
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

SchemaOpt = Annotated[
    Optional[str],
    typer.Option("--schema", "-s", help="Checklista: orebro, boras, malmo eller sökväg till en egen YAML-fil."),
]
YearOpt = Annotated[
    Optional[int],
    typer.Option("--year", "-y", help="År för veckonummer utan år (annars från fältet Datum eller dagens datum).", min=2000, max=2100),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Skriv resultatet som JSON på standard output.")]
WorkspaceOpt = Annotated[
    Optional[Path], typer.Option("--workspace", "-w", help="Arbetsytans mapp (annars letas est.toml upp härifrån).")
]
DbOpt = Annotated[Optional[str], typer.Option("--db", help="Arkivets adress (annars EST_DB_URL eller est.toml).")]
PathsArg = Annotated[
    list[Path], typer.Argument(
        help="Filer eller mappar (mappar läses med alla undermappar).", show_default=False, metavar="FILER_ELLER_MAPPAR"
    )
]


class UsageError(Exception):
    """A setup or usage problem: one Swedish line, exit code 2."""


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    err.print(f"[bold red]Fel:[/] {message}")
    raise typer.Exit(code)


def resolve_schema(schema: str | None):
    """The schema named by --schema (a workspace will supply the default in a later version)."""
    from est_cli.schema import BUILTIN, SchemaError, load_schema

    if not schema:
        raise UsageError(f"Ange vilken checklista filerna följer med --schema ({', '.join(BUILTIN)} eller en YAML-fil).")
    try:
        return load_schema(schema)
    except SchemaError as exc:
        raise UsageError(f"Checklistan {exc.source} kan inte användas:\n  " + "\n  ".join(exc.problems)) from None


def load_workspace_schema(workspace: Path | None):
    """The workspace and its schema, or one Swedish line (exit 2) saying what is wrong."""
    from est_cli.workspace import WorkspaceError, load_workspace

    try:
        ws = load_workspace(workspace)
    except WorkspaceError as exc:
        raise UsageError(str(exc)) from None
    return ws, resolve_schema(ws.schema_ref())


def open_archive(ws, db: str | None):
    """The workspace's archive (--db, EST_DB_URL or est.toml), or one Swedish line (exit 2)."""
    from est_cli.store import Archive, ArchiveError

    try:
        return Archive.open(ws.archive_url(db))
    except ArchiveError as exc:
        raise UsageError(str(exc)) from None


def open_workspace(workspace: Path | None, db: str | None):
    """The workspace, its schema and its archive, or one Swedish line (exit 2) saying what is wrong."""
    ws, schema = load_workspace_schema(workspace)
    return ws, schema, open_archive(ws, db)
