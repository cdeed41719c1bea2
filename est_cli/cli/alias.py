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
    weeks = _apply_in_archive(ws, schema, label, item_id, before)
    if weeks:
        err.print(f"  Rader med etiketten som redan fanns i arkivet räknas nu som {name!r} (vecka {', '.join(weeks)}).")
    else:
        err.print("  Filer som läses in från och med nu läser etiketten så.")


def _apply_in_archive(ws, schema, label: str, item_id: str, before: str | None) -> list[str]:
    """Rows under the label already in the archive become the item (when the workspace has an archive),
    the change is logged, and the workbooks of the weeks changed are written again."""
    from est_cli.corrections import refresh_workbooks
    from est_cli.store import Archive, ArchiveError, add_log, apply_alias, refresh_event_surplus
    from est_cli.store.engine import may_exist

    url = ws.archive_url()
    if not may_exist(url):
        return []  # no archive yet: nothing to change or log (the alias file itself is saved)
    try:
        archive = Archive.open(url)
    except ArchiveError as exc:
        err.print(f"  [yellow]Arkivet kunde inte öppnas[/] ({exc.message}); raderna där är oförändrade.")
        return []
    try:
        item = schema.known_item(item_id)
        section = next((s.id for s in schema.sections if any(i.id == item_id for i in s.items)), None)
        with archive.write() as conn:
            weeks = apply_alias(conn, label, item_id, item.theme, section)
            refresh_event_surplus(conn, weeks)
            add_log(conn, "alias", {"label": label, "item": item_id, "before": before, "weeks": weeks})
        refresh_workbooks(archive, ws, schema, weeks)
    finally:
        archive.close()
    return weeks


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
