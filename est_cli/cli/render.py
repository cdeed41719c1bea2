"""`est render`: the draft veckolägesbild (Word) for a week in the archive, or with --quarter,
--tertial or --year (without --week) the draft kvartals-/tertial-/årsanalys."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from est_cli.cli.common import (
    DbOpt,
    UsageError,
    WorkspaceOpt,
    err,
    load_workspace_schema,
    open_archive,
    refuse_overwrite,
)
from est_cli.weeks import IsoWeek


class Variant(StrEnum):
    intern = "intern"
    extern = "extern"


def render(
    week: Annotated[
        str | None, typer.Option("--week", "-v", help="Veckan, t.ex. 2026-W47 (standard: senaste veckan i arkivet).")
    ] = None,
    variant: Annotated[
        Variant,
        typer.Option(
            "--variant", help="intern (allt) eller extern (kan lämnas ut: utan kommentarer, platser och rapportörer)."
        ),
    ] = Variant.intern,
    template: Annotated[
        Path | None,
        typer.Option("--template", "-t", help="Egen Word-mall (annars est.toml \\[mallar] eller est:s mall)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Skriv över en befintlig lägesbild (den kan ha redigerats).")
    ] = False,
    export_template: Annotated[
        Path | None,
        typer.Option(
            "--export-template",
            help="Spara est:s Word-mall som FIL, att göra en egen mall av, och avsluta.",
            metavar="FIL",
        ),
    ] = None,
    quarter: Annotated[
        str | None,
        typer.Option("--quarter", help="Kvartalsanalys (utkast) i stället för veckolägesbild, t.ex. 2026-Q3."),
    ] = None,
    tertial: Annotated[
        str | None,
        typer.Option("--tertial", help="Tertialanalys (utkast), t.ex. 2026-T2 (T1 jan–apr, T2 maj–aug, T3 sep–dec)."),
    ] = None,
    month: Annotated[
        str | None,
        typer.Option(
            "--month", help="Månadslägesbild (utkast), t.ex. 2026-11: veckorna vars torsdag ligger i månaden."
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            min=2000,
            max=2100,
            help="Utan --week: årsanalys (utkast) för året, t.ex. 2026. Med --week: år för ett veckonummer utan år.",
        ),
    ] = None,
    draft: Annotated[
        bool,
        typer.Option(
            "--utkast", help="Med --variant extern: ett märkt utkast för en vecka som inte är fastställd ännu."
        ),
    ] = False,
    workspace: WorkspaceOpt = None,
    db: DbOpt = None,
) -> None:
    """Skriv veckolägesbilden i Word (utkast) för en vecka i arkivet."""
    from est_cli.periods import period_from_options
    from est_cli.render import draft_week

    if export_template:
        _export(export_template, force)
        return
    period_year = str(year) if year is not None and not week else None
    period = period_from_options(quarter=quarter, tertial=tertial, year=period_year, month=month)
    if period is not None:
        if week or variant != Variant.intern:
            raise UsageError(
                "--week och --variant gäller veckolägesbilden; ange dem inte med --quarter eller --tertial."
            )
        _render_period(period, template, force, workspace, db)
        return
    from est_cli.periods import week_option

    target = week_option(week, year) if week else None
    ws, schema = load_workspace_schema(workspace)
    archive = open_archive(ws, db, schema)
    try:
        if variant == Variant.extern and not draft:
            _render_decided(archive, ws, schema, target, force)
            return
        result = draft_week(archive, ws, schema, target, variant.value, template, force)
    finally:
        archive.close()
    print_render(result, ws)


def _render_decided(archive, ws, schema, target, force: bool) -> None:
    """The extern lägesbild of a fastställd week – or a refusal that says what to run."""
    from est_cli import store
    from est_cli.render import may_write, output_path
    from est_cli.render.decided import render_decided
    from est_cli.render.history import latest_week

    with archive.read() as conn:
        week = str(target) if target is not None else latest_week(conn)
        decided = store.get_decision(conn, week) if week else None
    if week is None:
        raise UsageError("Arkivet har inga rapporter ännu. Kör est merge först.")
    if decided is None:
        number = IsoWeek.parse(week).week
        raise UsageError(
            f"Vecka {number} är inte fastställd, så det finns ingen extern lägesbild att lämna ut. Efter mötet: "
            f"est fastställ FIL.docx (den interna veckolägesbilden som mötet fyllt i). Ett märkt utkast: "
            f"est render --week {week} --variant extern --utkast"
        )
    out = may_write(output_path(ws.drafts, week, "extern"), force)
    context = render_decided(archive, ws, schema, week, out)
    err.print(f"[bold]{escape(context['titel'])}[/] – f{context['faststalld'][1:]}")
    for area in context["omraden"]:
        err.print(f"  {escape(area['namn'])}: [bold]{area['niva']}[/] ({area['antal']} händelser)")
    err.print(f"\n[bold green]Den externa lägesbilden är klar:[/] {escape(str(_shown(out)))}")


def _render_period(period, template: Path | None, force: bool, workspace, db) -> None:
    """The kvartals-/tertial-/årsanalys draft (est_cli.render.period)."""
    from est_cli.render.period import draft_period

    ws, schema = load_workspace_schema(workspace)
    archive = open_archive(ws, db, schema)
    try:
        result = draft_period(archive, ws, schema, period, template, force)
    finally:
        archive.close()
    context = result.context
    shown = _shown(result.path)
    err.print(f"[bold]{escape(context['titel'])}[/] – {context['utkast'].lower()}")
    for area in context["omraden"]:
        err.print(
            f"  {escape(area['namn'])}: {area['totalt']} händelser (föregående period {area['foregaende']}) – "
            f"förslag till betyg [bold]{area['betyg']}[/] (fastställs av EST-gruppen)"
        )
    err.print(f"  Insatser att följa upp: {len(context['insatser'])}")
    err.print(f"\n[bold green]{context['dokument']}en är klar:[/] {escape(str(shown))}")
    err.print(
        "Öppna den i Word och skriv det som är gulmarkerat: uppföljning, prioriteringar, beskrivningar och betyg."
    )


def _shown(path: Path) -> Path:
    """The path as the coordinator typed their way there: relative to the current folder when inside it."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _export(target: Path, force: bool) -> None:
    """Copy the shipped template for a municipality to make its own (templates/README.md)."""
    import shutil

    from est_cli.render import SHIPPED_TEMPLATE

    if target.suffix.lower() != ".docx":
        raise UsageError(f"{target}: mallen ska sparas som .docx.")
    refuse_overwrite(target, force)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SHIPPED_TEMPLATE, target)
    err.print(f"[bold green]Mallen är sparad:[/] {escape(str(target))}")
    err.print(
        "Ändra den i Word (logotyp, typsnitt, färger) men låt taggarna {{ … }} och {% … %} vara kvar. "
        'Ange den sedan i est.toml under \\[mallar]: veckolagesbild = "' + target.name + '"'
    )


def print_render(result, ws) -> None:
    from est_cli.render import SHIPPED_TEMPLATE

    context = result.context
    shown = _shown(result.path)
    err.print(f"[bold]{escape(context['titel'])}[/] ({context['variant_text']})")
    err.print(f"Källor: {context['kallor']}.")
    for area in context["omraden"]:
        err.print(
            f"  {escape(area['namn'])}: {area['totalt']} händelser – förslag till nivå [bold]{area['niva']}[/] (fastställs på mötet)"
        )
    if result.template.resolve() != SHIPPED_TEMPLATE.resolve():
        err.print(f"Mall: {escape(str(result.template))}")
    err.print(f"\n[bold green]Veckolägesbilden är klar:[/] {escape(str(shown))}")
    err.print("Öppna den i Word och skriv det som är gulmarkerat: bedömning, orsaker, insatser och mål.")
