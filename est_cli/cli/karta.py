"""`est karta`: the places of a week or a period on a map, as one self-contained HTML file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from est_cli.cli.common import (
    DbOpt,
    ForceOpt,
    UsageError,
    WorkspaceOpt,
    err,
    open_workspace,
    print_item,
    refuse_overwrite,
)
from est_cli.cli.plats import FromOpt, QuarterOpt, ToOpt, WeekOpt
from est_cli.text import fold


def karta(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="HTML-filen, t.ex. karta.html.", metavar="FIL")
    ] = None,
    week: WeekOpt = None,
    quarter: QuarterOpt = None,
    month: Annotated[str | None, typer.Option("--month", help="Månad, t.ex. 2026-11.")] = None,
    tertial: Annotated[str | None, typer.Option("--tertial", help="Tertial, t.ex. 2026-T3.")] = None,
    year: Annotated[str | None, typer.Option("--year", help="År, t.ex. 2026.")] = None,
    first: FromOpt = None,
    last: ToOpt = None,
    area: Annotated[str | None, typer.Option("--area", "--område", help="Bara platser i området.")] = None,
    variant: Annotated[
        str,
        typer.Option(
            "--variant",
            help="intern (alla platser) eller extern (bara platser med minst [karta] minsta_antal händelser, "
            "standard 3).",
        ),
    ] = "intern",
    geojson: Annotated[
        Path | None, typer.Option("--geojson", help="Skriv även punkterna som GeoJSON till FIL.", metavar="FIL")
    ] = None,
    force: ForceOpt = False,
    workspace: WorkspaceOpt = None,
    db: DbOpt = None,
) -> None:
    """Rita veckans eller periodens platser på en karta: en HTML-fil som öppnas i webbläsaren, även från ett e-brev.

    Kartan räknar problemhändelser per plats, som alla summor i est, och säger vad som inte syns.

    Exempel: est karta --quarter 2026-Q4 -o karta.html · est karta --variant extern -o extern.html
    """
    from est_cli.cli.plats import checked_period, period_weeks
    from est_cli.karta import DEFAULT_TILES, area_outlines, map_places, write_geojson
    from est_cli.karta_html import map_html, write_map
    from est_cli.place_register import load_register

    if output is None:
        raise UsageError("Ange filen med -o, t.ex.: est karta --quarter 2026-Q4 -o karta.html")
    if variant not in ("intern", "extern"):
        raise UsageError("--variant är intern eller extern.")
    refuse_overwrite(output, force)
    refuse_overwrite(geojson, force)
    ws, schema, archive = open_workspace(workspace, db)
    settings = ws.map_settings
    try:
        register = load_register(ws.root)
        with archive.read() as conn:
            weeks = period_weeks(conn, week, quarter, first, last, month, tertial, year)
            if not weeks:
                raise UsageError("Arkivet har inga rapporter ännu. Kör est merge först.")
            checked_period(conn, weeks, area, ws.areas)
            data = map_places(conn, ws, schema, weeks, register, area)
    finally:
        archive.close()
    minimum = int(settings.get("minsta_antal", 3))
    if variant == "extern":  # no single household pointed out
        data = data.at_least(minimum)
    period = weeks[0] + (f"–{weeks[-1]}" if len(weeks) > 1 else "")
    title = f"EST {ws.kommun} – händelser per plats, {period}" + (" (extern)" if variant == "extern" else "")
    outlines = None
    if settings.get("omraden"):
        source = ws.root / str(settings["omraden"])
        try:
            outlines = area_outlines(source)
        except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
            raise UsageError(
                f"{source} (est.toml [karta] omraden) går inte att läsa som GeoJSON med områdenas ytor: "
                f"{type(exc).__name__}."
            ) from None
        if area:
            outlines = [o for o in outlines if fold(o[0]) == fold(area)]
    tiles = str(settings.get("bakgrund", DEFAULT_TILES))
    write_map(output, map_html(data.places, title, tiles, outlines, data.tallies))
    shown = data.drawn()
    err.print(
        f"[green]✓[/] Kartan: {escape(str(output))} – {len(shown)} platser med {sum(p.events for p in shown)} händelser."
    )
    if geojson is not None:
        write_geojson(geojson, data.places)
        err.print(f"  GeoJSON: {escape(str(geojson))}")
    for tally in data.tallies:  # what the map rests on: its numbers add up to est trend's
        print_item(tally.line())
    missing = data.missing()
    if missing:
        err.print(
            f"  {len(missing)} platser ({sum(p.events for p in missing)} händelser) saknar koordinater och syns inte: "
            "est plats saknar"
        )
