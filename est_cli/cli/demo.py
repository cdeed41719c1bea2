"""`est demo`: the main job on the bundled example week, from an empty folder to the compiled week."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from est_cli.cli.common import UsageError, err


def demo(
    folder: Annotated[Path, typer.Argument(help="Mappen där demo-arbetsytan skapas.")] = Path("est-demo"),
) -> None:
    """Skapa en arbetsyta med exempelveckan (Örebro, vecka 47): sammanställning, veckolägesbild och trend."""
    from est_cli.cli.merge import _write_workbooks, print_merge
    from est_cli.demo import make_demo_workspace
    from est_cli.merge import merge_paths
    from est_cli.schema import load_schema
    from est_cli.store import Archive
    from est_cli.weeks import IsoWeek
    from est_cli.periods import parse_quarter
    from est_cli.workspace import CONFIG_NAME

    if (folder / CONFIG_NAME).exists() or (folder.exists() and any(folder.iterdir())):
        raise UsageError(f"{folder} finns redan och är inte tom. Välj en annan mapp: est demo MAPP")
    ws, files = make_demo_workspace(folder)
    err.print(f"[bold]est demo[/]: arbetsyta för {ws.kommun} skapad i {folder}/ med {len(files)} exempelfiler i inkorg/.")
    err.print(f"Demon kör nu samma sak som: est merge --workspace {folder} --week 2026-W47\n")
    from est_cli.render import SHIPPED_TEMPLATE, output_path, render_week
    from est_cli.trend import compute_trend, write_chart

    schema = load_schema("orebro")
    archive = Archive.open(ws.archive_url())
    try:
        result = merge_paths([ws.inbox], ws, schema, archive, week=IsoWeek(2026, 47))
        _write_workbooks(result, ws)
        documents = [
            render_week(archive, ws, schema, "2026-W47", variant, SHIPPED_TEMPLATE, output_path(ws.drafts, "2026-W47", variant)).path
            for variant in ("intern", "extern")
        ]
        with archive.read() as conn:
            figures = compute_trend(conn, period=parse_quarter("2026-Q4"), schema=schema, kommun=ws.kommun, workspace_areas=ws.areas)
        chart = ws.drafts / "trend-2026-Q4.png"
        write_chart(figures, chart)
    finally:
        archive.close()
    print_merge(result, ws)
    err.print("\n[bold]est render[/] – veckolägesbilden (utkast att komplettera på mötet):")
    for path in documents:
        err.print(f"  {path}")
    err.print(f"[bold]est trend --quarter 2026-Q4 --chart[/]: {chart}")
    err.print(
        f"\nKlart. Inställningarna finns i {folder / CONFIG_NAME}, arkivet i {folder / 'arkiv'}/. "
        f"Prova själv: cd {folder} && est trend --quarter 2026-Q4"
    )
