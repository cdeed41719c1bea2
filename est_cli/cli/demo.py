"""`est demo`: the main job on the bundled example week, from an empty folder to the compiled week."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from est_cli.cli.common import UsageError, err, print_path


def demo(
    folder: Annotated[Path, typer.Argument(help="Mappen där demo-arbetsytan skapas.")] = Path("est-demo"),
) -> None:
    """Skapa en arbetsyta med exempelveckan (Örebro, vecka 47): sammanställning, veckolägesbild och trend."""
    from est_cli.cli.merge import print_merge
    from est_cli.demo import DEMO_QUARTER, DEMO_WEEK, make_demo_workspace, run_demo
    from est_cli.workspace import CONFIG_NAME

    if (folder / CONFIG_NAME).exists() or (folder.exists() and any(folder.iterdir())):
        raise UsageError(f"{folder} finns redan och är inte tom. Välj en annan mapp: est demo MAPP")
    ws, files = make_demo_workspace(folder)
    err.print(
        f"[bold]est demo[/]: arbetsyta för {ws.kommun} skapad i {folder}/ med {len(files)} exempelfiler i inkorg/."
    )
    err.print(f"Demon kör nu samma sak som: est merge --workspace {folder} --week {DEMO_WEEK}\n")
    ran = run_demo(ws, files)
    print_merge(ran.merge, ran.workspace)
    err.print("\n[bold]est render[/] – veckolägesbilden (utkast att komplettera på mötet):")
    for path in ran.documents:
        print_path(path)
    err.print(f"[bold]est trend --quarter {DEMO_QUARTER} --chart[/] – diagrammet:")
    print_path(ran.chart)
    err.print(f"\nKlart. Inställningarna finns i {folder / CONFIG_NAME}, arkivet i {folder / 'arkiv'}/.")
    err.print(f"Prova själv: cd {folder} && est trend --quarter {DEMO_QUARTER}", highlight=False)
    err.print(
        "Efter mötet: fyll i nivåerna i den interna veckolägesbilden och kör est fastställ FIL.docx; "
        "e-postutkasten till rapportörerna: est återkoppling -o utkast/återkoppling",
        highlight=False,
    )
