"""`est logg [--json]`: every change to the archive – when, by which computer user, and what."""

from __future__ import annotations

import json

import typer
from rich.markup import escape

from est_cli.cli.common import DbOpt, JsonOpt, WorkspaceOpt, err, open_workspace, out

ACTIONS = {
    "merge": "est merge",
    "återkalla": "återkallade",
    "återställ": "återställde",
    "gäller": "valde gällande",
    "område": "bytte område",
    "alias": "bekräftade etikett",
    "import": "importerade arkiv",
    "platser": "platsregistret",
    "fastställ": "fastställde",
    "åtgärd": "åtgärdslistan",
}


def _what(entry: dict) -> str:
    d = entry["details"]
    action = entry["action"]
    if action == "merge":
        files = d.get("files", [])
        text = f"{len(files)} nya filer, {d.get('reports', 0)} rapporter" + (
            f" (vecka {d['week']})" if d.get("week") else ""
        )
        return text + (f", {len(d['superseded'])} ersatta" if d.get("superseded") else "")
    if action == "återkalla":
        return f"rapport nr {d.get('report')}: {d.get('reason', '')}"
    if action in ("återställ", "gäller"):
        return f"rapport nr {d.get('report')}"
    if action == "område":
        week = f" vecka {d['week']}" if d.get("week") else ""
        return f"{d.get('from')} → {d.get('to')}{week}: {len(d.get('reports', []))} rapporter"
    if action == "alias":
        return f"{d.get('label')!r} → {d.get('item')}"
    if action == "platser":
        places = ", ".join(dict.fromkeys(p.get("place", "") for p in d.get("places", [])))
        return f"{d.get('observations', 0)} observationer ({', '.join(d.get('weeks', []))}): {places}"
    if action == "fastställ":
        levels = ", ".join(f"{area} {level}" for area, level in d.get("levels", {}).items())
        return f"vecka {d.get('week')}: {levels}" + (" (ersatte tidigare)" if d.get("replaced") else "")
    if action == "åtgärd":
        return f"åtgärd nr {d.get('id')}" + (" klar" if d.get("done") else " tillagd")
    return json.dumps(d, ensure_ascii=False)


def logg(as_json: JsonOpt = False, workspace: WorkspaceOpt = None, db: DbOpt = None) -> None:
    """Visa arkivets logg: varje ändring (sammanslagning, återkallelse, områdesbyte …) med tid och användare."""
    from est_cli.store import list_log

    _, _, archive = open_workspace(workspace, db)
    try:
        with archive.read() as conn:
            entries = list_log(conn)
    finally:
        archive.close()
    if as_json:
        typer.echo(json.dumps({"entries": entries}, ensure_ascii=False, indent=2))
        return
    if not entries:
        err.print("Loggen är tom: arkivet har inte ändrats ännu.")
        return
    from est_cli.cli.common import list_table

    table = list_table()
    table.add_column("Nr", justify="right", no_wrap=True)
    table.add_column("Tid", no_wrap=True)
    table.add_column("Användare", overflow="fold")
    table.add_column("Ändring", overflow="fold")
    table.add_column("Vad", min_width=20, overflow="fold")
    for e in entries:
        table.add_row(
            str(e["id"]),
            e["time"][:16].replace("T", " "),
            escape(e["user"]),
            ACTIONS.get(e["action"], e["action"]),
            escape(_what(e)),
        )
    out.print(table)
