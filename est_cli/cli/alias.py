"""`est alias add|list`: teach the workspace a reporter's own wording for a checklist item, once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from est_cli.cli.common import JsonOpt, WorkspaceOpt, err, load_workspace_schema, out

app = typer.Typer(
    help="Lär arbetsytan rapportörernas egna ord för en punkt i checklistan, en gång för alla.",
    no_args_is_help=True,
)


@app.command("add")
def add(
    label: Annotated[
        str, typer.Argument(help='Etiketten som rapportörerna skriver, t.ex. "Anl. brand".', metavar="ETIKETT")
    ],
    item: Annotated[
        str, typer.Argument(help="Punkten i checklistan: dess id eller namn (se est schema show).", metavar="PUNKT")
    ],
    workspace: WorkspaceOpt = None,
) -> None:
    """Bekräfta vad en etikett betyder; varje senare fil med etiketten läses som den punkten.

    Exempel: est alias add "Anl. brand" brand
    """
    from est_cli.aliases import ALIAS_FILE, add_alias

    ws, schema = load_workspace_schema(workspace)
    item_id, before = add_alias(ws.root, schema, label, item)
    name = schema.known_item(item_id).label
    was = f" (tidigare {before})" if before and before != item_id else ""
    err.print(f"[green]✓[/] {label!r} läses nu som {name!r} ({item_id}){was}. Sparat i {Path(ws.root) / ALIAS_FILE}.")
    err.print("  Rapporter som redan finns i arkivet ändras inte; etiketten gäller filer som läses in från och med nu.")
    _log(ws, {"label": label, "item": item_id, "before": before})


def _log(ws, details: dict) -> None:
    """The alias in the archive's log, when the workspace has an archive (it may not have one yet)."""
    from est_cli.store import Archive, ArchiveError, add_log

    url = ws.archive_url()
    if url.startswith("sqlite") and not _sqlite_file(url).exists():
        return  # no archive yet: nothing to log in (the alias file itself is saved)
    try:
        archive = Archive.open(ws.archive_url())
    except ArchiveError:
        return  # no archive to log in; the alias file itself is saved
    try:
        with archive.write() as conn:
            add_log(conn, "alias", details)
    finally:
        archive.close()


@app.command("list")
def list_(as_json: JsonOpt = False, workspace: WorkspaceOpt = None) -> None:
    """Visa arbetsytans bekräftade etiketter."""
    from est_cli.aliases import load_aliases

    ws, schema = load_workspace_schema(workspace)
    aliases = load_aliases(ws.root)
    if as_json:
        typer.echo(
            json.dumps({"alias": [{"label": k, "item": v} for k, v in aliases.items()]}, ensure_ascii=False, indent=2)
        )
        return
    if not aliases:
        err.print('Arbetsytan har inga egna etiketter ännu. Lägg till en med: est alias add "ETIKETT" PUNKT-ID')
        return
    labels = {i.id: i.label for i in schema.items}
    for label, item_id in aliases.items():
        out.print(
            f"{label} → {labels.get(item_id, item_id + ' (finns inte i checklistan)')}", markup=False, highlight=False
        )


def _sqlite_file(url: str) -> Path:
    return Path(url.split("///", 1)[-1])
