"""`est återkoppling`, `est påminn`, `est skicka`: e-mail drafts (.eml, X-Unsent: 1) – est never sends."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from est_cli.cli.common import DbOpt, UsageError, WorkspaceOpt, err, open_workspace, print_item
from est_cli.weeks import IsoWeek

WeekOpt = Annotated[str | None, typer.Option("--week", help="Veckan, t.ex. 2026-W47.")]
OutOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Mappen där utkasten sparas.", metavar="MAPP")]


def _week(archive, week: str | None, latest: bool) -> str:
    from est_cli.periods import week_option
    from est_cli.render.history import latest_week

    if week:
        return str(week_option(week))
    if not latest:
        return str(IsoWeek.of(date.today()))
    with archive.read() as conn:
        found = latest_week(conn)
    if found is None:
        raise UsageError("Arkivet har inga rapporter ännu. Kör est merge först.")
    return found


def _view(archive, ws, schema, week: str):
    from est_cli.weekview.build import week_view

    with archive.read() as conn:
        return week_view(conn, ws, schema, IsoWeek.parse(week))


def _print(drafts, folder: Path, what: str) -> None:
    from est_cli.feedback import summary_of

    err.print(f"[green]✓[/] {what}: {summary_of(drafts)} i {escape(str(folder))}/")
    for d in drafts:
        print_item(f"{d.path.name} → {', '.join(d.to) if d.to else 'ingen adress'} ({d.who})")
    if any(not d.to for d in drafts):
        err.print(
            "Utkast utan adress: skriv funktionens brevlåda i est.toml under \\[epost], "
            't.ex. "Kommun/Fältgruppen" = "faltgruppen@kommun.se".'
        )


def aterkoppling(week: WeekOpt = None, output: OutOpt = None, workspace: WorkspaceOpt = None, db: DbOpt = None) -> None:
    """Skriv ett e-postutkast till varje rapportör som skickat in: tack, vad som räknades och vad som behöver rättas."""
    from est_cli import store
    from est_cli.feedback import feedback_drafts

    if output is None:
        raise UsageError("Ange mappen för utkasten med -o, t.ex.: est återkoppling -o utkast/återkoppling")
    ws, schema, archive = open_workspace(workspace, db)
    try:
        target = _week(archive, week, latest=True)
        view = _view(archive, ws, schema, target)
        with archive.read() as conn:
            decided = store.get_decision(conn, target) is not None
        with tempfile.TemporaryDirectory(prefix="est-aterkoppling-") as tmp:
            extern = None
            if decided:
                from est_cli.render.decided import render_decided

                extern = Path(tmp) / f"lagesbild-{target}.docx"
                render_decided(archive, ws, schema, target, extern)
            drafts = feedback_drafts(view, ws, output, extern)
    finally:
        archive.close()
    if not drafts:
        err.print(f"Inga rapporter vecka {IsoWeek.parse(target).week}: ingen att återkoppla till.")
        return
    _print(drafts, output, f"Återkoppling vecka {IsoWeek.parse(target).week}")
    if not decided:
        err.print("Veckan är inte fastställd: lägesbilden är inte bifogad (est fastställ efter mötet).")


def paminn(week: WeekOpt = None, output: OutOpt = None, workspace: WorkspaceOpt = None, db: DbOpt = None) -> None:
    """Skriv ett e-postutkast till varje förväntad rapportör som inte har rapporterat, med en tom checklista."""
    from est_cli.feedback import reminder_drafts
    from est_cli.templating.checklist_xlsx import write_xlsx_template

    if output is None:
        raise UsageError("Ange mappen för utkasten med -o, t.ex.: est påminn -o utkast/påminnelser")
    ws, schema, archive = open_workspace(workspace, db)
    try:
        target = _week(archive, week, latest=False)
        view = _view(archive, ws, schema, target)
    finally:
        archive.close()
    with tempfile.TemporaryDirectory(prefix="est-paminn-") as tmp:
        checklist = Path(tmp) / f"EST-checklista {ws.kommun}.xlsx"
        write_xlsx_template(schema, checklist)
        drafts = reminder_drafts(view, ws, output, checklist)
    if not drafts:
        err.print(f"Alla förväntade rapportörer har rapporterat vecka {IsoWeek.parse(target).week}.")
        return
    _print(drafts, output, f"Påminnelser vecka {IsoWeek.parse(target).week}")


def skicka(
    week: WeekOpt = None,
    to: Annotated[
        list[str] | None, typer.Option("--till", help="Sändlista i est.toml [sändlista] (standard: alla).")
    ] = None,
    output: OutOpt = None,
    workspace: WorkspaceOpt = None,
    db: DbOpt = None,
) -> None:
    """Skriv e-postutkastet med den fastställda externa lägesbilden till sändlistorna (dolda mottagare)."""
    from est_cli import store
    from est_cli.feedback import FeedbackError, distribution_draft
    from est_cli.render.decided import render_decided

    if output is None:
        raise UsageError("Ange mappen för utkastet med -o, t.ex.: est skicka -o utkast/utskick")
    ws, schema, archive = open_workspace(workspace, db)
    try:
        target = _week(archive, week, latest=True)
        with archive.read() as conn:
            decision = store.get_decision(conn, target)
        if decision is None:
            raise UsageError(
                f"Vecka {IsoWeek.parse(target).week} är inte fastställd: det finns ingen lägesbild att skicka. "
                "Kör först est fastställ FIL.docx (den interna veckolägesbilden som mötet fyllt i)."
            )
        with tempfile.TemporaryDirectory(prefix="est-skicka-") as tmp:
            extern = Path(tmp) / f"Lägesbild vecka {IsoWeek.parse(target).week} {ws.kommun}.docx"
            render_decided(archive, ws, schema, target, extern)
            try:
                draft = distribution_draft(decision, ws.groups, list(to or []), extern, output, ws.kommun)
            except FeedbackError as exc:
                raise UsageError(str(exc)) from None
    finally:
        archive.close()
    _print([draft], output, f"Lägesbilden vecka {IsoWeek.parse(target).week}")
