"""`est demo`: the main job on the bundled example week, from an empty folder to the compiled week."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from est_cli.cli.common import UsageError, err


def demo(
    folder: Annotated[Path, typer.Argument(help="Mappen där demo-arbetsytan skapas.")] = Path("est-demo"),
) -> None:
    """Skapa en arbetsyta med exempelveckan (Örebro, vecka 47), sammanställ veckan och visa resultatet."""
    from est_cli.cli.merge import _write_workbooks, print_merge
    from est_cli.demo import make_demo_workspace
    from est_cli.merge import merge_paths
    from est_cli.schema import load_schema
    from est_cli.store import Archive
    from est_cli.weeks import IsoWeek
    from est_cli.workspace import CONFIG_NAME

    if (folder / CONFIG_NAME).exists() or (folder.exists() and any(folder.iterdir())):
        raise UsageError(f"{folder} finns redan och är inte tom. Välj en annan mapp: est demo MAPP")
    ws, files = make_demo_workspace(folder)
    err.print(f"[bold]est demo[/]: arbetsyta för {ws.kommun} skapad i {folder}/ med {len(files)} exempelfiler i inkorg/.")
    err.print(f"Kör nu: est merge --workspace {folder} --week 2026-W47\n")
    archive = Archive.open(ws.archive_url())
    try:
        result = merge_paths([ws.inbox], ws, load_schema("orebro"), archive, week=IsoWeek(2026, 47))
        _write_workbooks(result, ws)
    finally:
        archive.close()
    print_merge(result, ws)
    err.print(
        f"\nKlart. Öppna sammanställningen i Excel. Inställningarna finns i {folder / CONFIG_NAME}, "
        f"arkivet i {folder / 'arkiv'}/.\n"
        "Veckolägesbilden (est render) och trender (est trend) kommer i nästa versioner."
    )
