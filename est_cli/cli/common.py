"""What every command shares: the consoles, the shared options and opening the workspace.

Errors are not turned into exit codes here: every stopping error is an `EstError`
(est_cli.errors), caught once in `est_cli.cli.main`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from est_cli.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError

# Human messages go to stderr, so that `--json` leaves stdout with one JSON document only.
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

SchemaOpt = Annotated[
    str | None,
    typer.Option("--schema", "-s", help="Checklista: orebro, boras, malmo eller sökväg till en egen YAML-fil."),
]
YearOpt = Annotated[
    int | None,
    typer.Option(
        "--year",
        "-y",
        help="År för veckonummer utan år (annars från fältet Datum eller dagens datum).",
        min=2000,
        max=2100,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Skriv resultatet som JSON på standard output.")]
WorkspaceOpt = Annotated[
    Path | None, typer.Option("--workspace", "-w", help="Arbetsytans mapp (annars letas est.toml upp härifrån).")
]
DbOpt = Annotated[str | None, typer.Option("--db", help="Arkivets adress (annars EST_DB_URL eller est.toml).")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Skriv över filen om den redan finns.")]
PathsArg = Annotated[
    list[Path],
    typer.Argument(
        help="Filer eller mappar (mappar läses med alla undermappar).", show_default=False, metavar="FILER_ELLER_MAPPAR"
    ),
]


def list_table():
    """The look of every list est prints (rapporter, händelser, logg, insatser): a rule under the
    titles, no frame, so that it fits 80 columns."""
    from rich import box
    from rich.table import Table

    return Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True, show_edge=False)


def wrapped(text: str, first: str, rest: str, console: Console | None = None) -> list[str]:
    """`text` in lines of the terminal's width, the first starting with `first`, the others with
    `rest`; broken between words only – never inside a word or a file name."""
    import textwrap

    width = max((console or err).width, 40)
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )


def print_item(text: str, indent: int = 2, bullet: str = "• ", console: Console | None = None) -> None:
    """One list item at the terminal's width, wrapped lines indented under the text (a hanging
    indent), never broken inside a word or a file name. Plain text: no rich markup."""
    console = console or err
    first = " " * indent + bullet
    for line in wrapped(text, first, " " * len(first), console) or [first.rstrip()]:
        console.print(line, markup=False, highlight=False, soft_wrap=True)


def refuse_overwrite(path: Path | None, force: bool) -> None:
    """The one overwrite rule: a named file that exists is replaced only with --force (UsageError,
    exit 2, the file untouched)."""
    if path is not None and path.exists() and not force:
        raise UsageError(f"{path} finns redan. Använd --force för att skriva över den.")


def print_path(path: Path, indent: int = 2) -> None:
    """A written file on a line of its own, never wrapped inside its name: relative to the current
    folder when it lies in it ('utkast/2026-W47/…'), else in full."""
    try:
        shown = path.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        shown = path
    err.print(" " * indent + str(shown), markup=False, highlight=False, soft_wrap=True)


def print_error(message: str) -> None:
    """'Fel: <message>' on stderr; the message is shown as written (no rich markup in it), wrapped at
    the terminal's width between words – never inside a file name – with wrapped lines indented."""
    from rich.text import Text

    indent = " " * len("Fel: ")
    for n, paragraph in enumerate(message.split("\n")):
        first = "Fel: " if n == 0 else indent
        for i, line in enumerate(wrapped(paragraph, first, indent) or [""]):
            if n == 0 and i == 0:
                err.print(Text.assemble(("Fel:", "bold red"), line[4:]), soft_wrap=True)
            else:
                err.print(Text(line), soft_wrap=True)


def resolve_schema(schema: str | None):
    """The schema named by --schema; SchemaError (an EstError) when it cannot be used."""
    from est_cli.schema import BUILTIN, load_schema

    if not schema:
        raise UsageError(
            f"Ange vilken checklista filerna följer med --schema ({', '.join(BUILTIN)} eller en YAML-fil)."
        )
    return load_schema(schema)


def load_workspace_schema(workspace: Path | None):
    """The workspace and its schema (WorkspaceError or SchemaError when they cannot be used)."""
    from est_cli.workspace import load_workspace

    ws = load_workspace(workspace)
    return ws, resolve_schema(ws.schema_ref())


def open_archive(ws, db: str | None, schema=None):
    """The workspace's archive (--db, EST_DB_URL or est.toml), in step with its platser.csv (the
    place register may have been edited since the last command: est_cli.place_sync); ArchiveError
    when it cannot be opened, RegisterError when platser.csv cannot be used."""
    from est_cli.place_sync import sync_places
    from est_cli.store import Archive, ReadOnlyArchiveError

    archive = Archive.open(ws.archive_url(db))
    try:
        print_place_sync(sync_places(archive, ws, schema))
    except ReadOnlyArchiveError:  # reading goes on, with the places as the archive last keyed them
        print_item(
            "Platsregistret (platser.csv) har ändrats, men arkivet går bara att läsa med den här användaren: "
            "platserna räknas som före ändringen tills någon med skrivrätt kör ett est-kommando.",
            indent=0,
            bullet="",
        )
    except BaseException:
        archive.close()
        raise
    return archive


def print_place_sync(change) -> None:
    """What keying the archive with an edited platser.csv changed (nothing when it changed nothing)."""
    if change is None or not change.observations:
        return
    print_item(f"Platsregistret (platser.csv) har ändrats: {change.text()}", indent=0, bullet="")
    for path in change.workbooks:
        err.print("  Sammanställningen är uppdaterad:")
        print_path(path)


def open_workspace(workspace: Path | None, db: str | None):
    """The workspace, its schema and its archive."""
    ws, schema = load_workspace_schema(workspace)
    return ws, schema, open_archive(ws, db, schema)


__all__ = [
    "EXIT_FINDINGS",
    "EXIT_OK",
    "EXIT_USAGE",
    "DbOpt",
    "ForceOpt",
    "JsonOpt",
    "PathsArg",
    "SchemaOpt",
    "UsageError",
    "WorkspaceOpt",
    "YearOpt",
    "err",
    "list_table",
    "load_workspace_schema",
    "open_archive",
    "open_workspace",
    "out",
    "print_error",
    "print_item",
    "print_path",
    "print_place_sync",
    "refuse_overwrite",
    "resolve_schema",
]
