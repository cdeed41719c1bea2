"""`est merge`: the Wednesday job – check, store in the archive and compile the week."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from est_cli.cli.common import (
    EXIT_FINDINGS,
    DbOpt,
    JsonOpt,
    UsageError,
    WorkspaceOpt,
    YearOpt,
    err,
    open_workspace,
    print_item,
    print_path,
)
from est_cli.findings import Finding
from est_cli.text import fold

__all__ = ["merge", "print_merge"]


def merge(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Filer eller mappar (standard: arbetsytans inkorg).",
            show_default=False,
            metavar="FILER_ELLER_MAPPAR",
        ),
    ] = None,
    week: Annotated[
        str | None, typer.Option("--week", "-v", help="Veckan, t.ex. 2026-W47, för rapporter som inte anger vecka.")
    ] = None,
    organisation: Annotated[
        str | None, typer.Option("--organisation", help="Bara en organisations rapporter (steg ett).")
    ] = None,
    year: YearOpt = None,
    as_json: JsonOpt = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Visa vad som skulle hända, utan att spara något.")
    ] = False,
    show_all: Annotated[
        bool, typer.Option("--alla", help="Visa alla filer, även de som redan fanns i arkivet.")
    ] = False,
    short: Annotated[
        bool, typer.Option("--kort", help="Visa bara antalet varningar per fil, inte varje varning.")
    ] = False,
    workspace: WorkspaceOpt = None,
    db: DbOpt = None,
) -> None:
    """Läs veckans filer, spara dem i arkivet och skriv veckans sammanställning (Excel)."""
    from est_cli.periods import week_option

    target_week = week_option(week, year) if week else None
    ws, schema, archive = open_workspace(workspace, db)
    try:
        inputs = list(paths) if paths else [ws.inbox]
        missing = [p for p in inputs if not p.exists()]
        if missing:
            raise UsageError("Hittar inte: " + ", ".join(str(p) for p in missing))
        result = _run(inputs, ws, schema, archive, target_week, year, dry_run, organisation, quiet=as_json)
    finally:
        archive.close()
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        print_merge(result, ws, inputs, show_all=show_all, short=short)
    if result.rejected:
        raise typer.Exit(EXIT_FINDINGS)


def _run(inputs, ws, schema, archive, week, year, dry_run, organisation, quiet):
    """est_cli.merge.merge_paths, with a progress bar on the terminal for ten files or more."""
    from est_cli.merge import merge_paths
    from est_cli.readers import iter_input_files

    files = iter_input_files(inputs)
    options = dict(week=week, year=year, dry_run=dry_run, organisation=organisation, files=files)
    if quiet or len(files) < 10:
        return merge_paths(inputs, ws, schema, archive, write=True, **options)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("Läser filer"), BarColumn(), MofNCompleteColumn(), console=err, transient=True) as bar:
        task = bar.add_task("", total=len(files))
        return merge_paths(inputs, ws, schema, archive, write=True, progress=lambda _p: bar.advance(task), **options)


def print_merge(result, ws, inputs: list[Path] | None = None, show_all: bool = False, short: bool = False) -> None:
    """The merge's summary on stderr: this run's files (every file with `show_all`), new reports, each
    week's counts and reporting, then every problem – each warning with its cell, or with `short`
    their number per file – and what happened to files that were not stored."""
    from est_cli.merge import FileState

    read = [f for f in result.files if f.state is not FileState.SKIPPED]
    changed = [f for f in read if f.state is not FileState.KNOWN]
    if not changed and not result.dry_run and not show_all:
        where = ", ".join(_shown_folder(p, ws) for p in inputs or [ws.inbox])
        known = len(read) - len(changed)
        err.print(
            f"Inga nya filer i {where}"
            + (f" ({known} {'fil' if known == 1 else 'filer'} fanns redan i arkivet)." if known else ".")
        )
        _print_still_rejected(result)
        _print_skipped_files(result)
        return
    title = f"Sammanställning vecka {result.week or '?'} – {ws.kommun}" + (
        " (provkörning, inget sparat)" if result.dry_run else ""
    )
    err.print(f"[bold]{title}[/]\n")
    _print_files(result, show_all)
    _print_new_reports(result.new_files)
    for week, view in result.views.items():
        _print_week(week, view, ws)
    _print_rejected(result)
    _print_warnings(result, short)
    _print_notes(result)
    _print_often_masked(result)
    _print_aliases(result, ws)
    for week, path in result.workbooks.items():
        err.print(f"\n[bold green]Sammanställningen för vecka {week}:[/]")
        print_path(path)


def _shown_folder(path: Path, ws) -> str:
    """'inkorg/' for the workspace's inbox, else the path as given – a personnummer in it masked, as
    everywhere est shows a file or folder name."""
    from est_cli.privacy import mask_text

    try:
        shown = str(path.resolve().relative_to(ws.root.resolve())) + ("/" if path.is_dir() else "")
    except ValueError:
        shown = str(path)
    return mask_text(shown)


def _print_skipped_files(result) -> None:
    from est_cli.merge import FileState

    skipped = [f for f in result.files if f.state is FileState.SKIPPED]
    if skipped:
        err.print(f"{len(skipped)} andra filer (inte checklistor) hoppades över.")


GROUP_FROM = 3  # a file's warnings of one kind from this many on: the first in full, then their cells
SAME_CELLS_SHOWN = 12


def _grouped(warnings: list[Finding]) -> list[tuple[Finding, list[Finding]]]:
    """(warning, the file's later warnings of the same kind) – in the order they first come – where a
    kind comes GROUP_FROM times or more; each warning alone otherwise. Every one stays in the
    workbook's Att kontrollera sheet and in est validate."""
    by_code: dict[str, list[Finding]] = {}
    for w in warnings:
        by_code.setdefault(w.code, []).append(w)
    out: list[tuple[Finding, list[Finding]]] = []
    for w in warnings:
        same = by_code[w.code]
        if len(same) < GROUP_FROM:
            out.append((w, []))
        elif same[0] is w:
            out.append((w, same[1:]))
    return out


def _print_warnings(result, short: bool) -> None:
    """Every warning of this run's stored files, grouped by file with its cell – what `est validate`
    shows – or, with `short`, their number per file."""
    files = [(f, [x for x in f.result.findings if x.severity == "warning"]) for f in result.new_files]
    files = [(f, warnings) for f, warnings in files if warnings]
    if not files:
        return
    total = sum(len(w) for _, w in files)
    err.print(f"\n[bold]Att kontrollera ({total} {'varning' if total == 1 else 'varningar'}; raderna är sparade):[/]")
    for item, warnings in files:
        if short:
            err.print(f"  • {escape(item.display)}: {len(warnings)} {'varning' if len(warnings) == 1 else 'varningar'}")
            continue
        err.print(f"  {item.display}", markup=False, highlight=False)
        for first, same in _grouped(warnings):
            where = first.location.describe() or "hela filen"
            print_item(f"{where}: {first.message}", indent=4)
            if same:
                cells = [w.location.cell or w.location.describe() or "hela filen" for w in same]
                shown = ", ".join(cells[:SAME_CELLS_SHOWN]) + (", …" if len(cells) > SAME_CELLS_SHOWN else "")
                print_item(f"Samma slags varning i {len(same)} celler till: {shown}", indent=6, bullet="")
    if short:
        err.print("  Visa varje varning utan --kort, eller i sammanställningens blad Att kontrollera.")


def _print_often_masked(result) -> None:
    """A word masked as a name again and again is probably a place or an organisation: said, with the
    files, never with the word itself (the terminal stays free of what was masked)."""
    for times, files in result.often_masked:
        _note(
            "Ofta borttaget som namn",
            "yellow",
            f"Samma ord togs bort som troligt personnamn {times} gånger ({', '.join(files)}). Är det en plats "
            "eller verksamhet här (t.ex. en skola uppkallad efter en person), skriv det i est.toml under "
            "[individdata] tillat = [...]; cellerna står under Att kontrollera.",
        )


def _print_aliases(result, ws) -> None:
    from est_cli.aliases import load_aliases
    from est_cli.cli.validate import print_alias_suggestions
    from est_cli.schema import load_schema

    if any(not o.item_id for f in result.new_files for r in f.result.stored_reports for o in r.observations):
        print_alias_suggestions(
            [f.result for f in result.new_files], load_schema(ws.schema_ref()), load_aliases(ws.root)
        )


def _print_files(result, show_all: bool = False) -> None:
    """This run's files – new, rejected, left out – and the number already in the archive (each of
    them with `show_all`)."""
    from rich.table import Table

    from est_cli.cli.validate import STATUS_TEXT
    from est_cli.merge import FileState

    files = Table(title="Filer", title_justify="left", expand=True)
    files.add_column("Fil", ratio=3, overflow="fold")
    files.add_column("Status", no_wrap=True)
    files.add_column("Arkivet", no_wrap=True)
    files.add_column("Rader", justify="right", no_wrap=True)
    known = 0
    for item in result.files:
        if item.state is FileState.SKIPPED:
            continue
        if item.state is FileState.KNOWN and not show_all:
            known += 1
            continue
        state = f"[green]{item.state}[/]" if item.state is FileState.NEW else f"[dim]{item.state}[/]"
        files.add_row(
            escape(item.display),
            STATUS_TEXT[item.result.status],
            state,
            f"{item.result.rows_stored}/{item.result.rows_read}",
        )
    if files.row_count:
        err.print(files)
    if known:
        err.print(f"{known} {'fil' if known == 1 else 'filer'} fanns redan i arkivet (visa dem med --alla).")


def _print_new_reports(new) -> None:
    from rich.table import Table

    if not new:
        return
    spelled: dict[str, Counter] = {}
    for f in new:
        for r in f.result.stored_reports:
            spelled.setdefault(fold(r.organisation), Counter())[r.organisation] += 1
    display = {key: names.most_common(1)[0][0] for key, names in spelled.items()}
    by_area_org = Counter((r.area, display[fold(r.organisation)]) for f in new for r in f.result.stored_reports)
    reports = Table(title="Nya rapporter per område och organisation", title_justify="left")
    reports.add_column("Område")
    reports.add_column("Organisation")
    reports.add_column("Rapporter", justify="right")
    for (area, org), n in sorted(by_area_org.items()):
        reports.add_row(escape(area), escape(org), str(n))
    err.print(reports)


def _print_week(week: str, view, ws) -> None:
    """Events per category and area, and who has reported, for one week of the merge."""
    from rich.table import Table

    from est_cli.swedish import events_word, weekday_time
    from est_cli.weekview import ExpectedStatus

    areas = sorted({row.area for row in view.overview})
    table = Table(
        title=f"Händelser per kategori, vecka {week} (hela veckan i arkivet)", title_justify="left", expand=True
    )
    table.add_column("Kategori", ratio=3, overflow="fold")
    for area in areas:
        table.add_column(area, justify="right", ratio=1)
    labels: dict[str, dict[str, int]] = {}
    for row in view.overview:
        labels.setdefault(row.label, {})[row.area] = row.this_week
    for label, per_area in labels.items():
        if any(per_area.values()):
            table.add_row(escape(label), *[str(per_area.get(a, 0)) for a in areas])
    if areas:
        err.print(table)
    err.print(f"Rapportperiod vecka {week}: {view.period.sentence()}.")
    outside = sum(e.counts for e in view.events if e.outside_period)
    if outside:
        err.print(
            f"  [yellow]{events_word(outside)} med datum utanför rapportperioden[/] räknas i veckan men på ingen "
            "dag (se Att kontrollera)."
        )
    if ws.expected:
        reported = sum(1 for e in view.expected if e.status.reported)
        err.print(
            f"Inrapportering vecka {week}: {reported} av {len(ws.expected)} förväntade rapportörer har rapporterat."
        )
    for e in view.expected:
        if e.status == ExpectedStatus.MISSING:
            err.print(f"  [red]saknas:[/] {escape(f'{e.area} · {e.organisation} · {e.reporter}')}")
    for e in view.expected:
        if e.status == ExpectedStatus.LATE:
            when = weekday_time(e.received) if e.received else "?"
            err.print(f"  [yellow]sen:[/] {escape(f'{e.area} · {e.organisation} · {e.reporter}')} (inkom {when})")


def _print_rejected(result) -> None:
    if result.rejected:
        err.print("\n[bold red]Avvisade filer:[/]")
        for item in result.rejected:
            reasons = "; ".join(f.message for f in item.result.findings if f.severity == "error")
            print_item(f"{item.display}: {reasons}")
    rejected_rows = [
        (f, x)
        for f in result.new_files
        if f.result.status != "rejected"
        for x in f.result.findings
        if x.severity == "error"
    ]
    if rejected_rows:
        err.print("\n[bold]Avvisade rader (filen sparades, raden inte):[/]")
        for item, finding in rejected_rows:
            print_item(f"{item.display}, {finding.location.describe()}: {finding.message}")


def _print_still_rejected(result) -> None:
    """Files merged before that still give no report (read again: --week may rescue them)."""
    from est_cli.merge import FileState

    still_rejected = [f.display for f in result.files if f.state is FileState.KNOWN and not f.result.stored_reports]
    if still_rejected:
        _note(
            "Ger fortfarande ingen godkänd rapport",
            "yellow",
            "Rätta filen, eller ange veckan med --week om den saknas: " + ", ".join(still_rejected),
        )


def _note(label: str, style: str, text: str) -> None:
    """A note with its label on a line of its own and the text wrapped, indented, under it."""
    err.print(f"\n[{style}]{label}:[/]")
    print_item(text, bullet="")


def _print_notes(result) -> None:
    """New areas, other weeks, superseded reports, compilations and the files that were not read."""
    from est_cli.merge import FileState

    for area, suggestion in result.new_areas.items():
        week = f" --week {result.week}" if result.week else ""
        if suggestion:
            _note(
                "Nytt område",
                "yellow",
                f"{area!r} finns inte bland områdena i est.toml. Menade du {suggestion!r}? Flytta rapporterna dit med:",
            )
            err.print(f"    est område byt {_quoted(area)} {_quoted(suggestion)}{week}", markup=False, highlight=False)
        else:
            _note(
                "Nytt område",
                "yellow",
                f"{area!r} finns inte bland områdena i est.toml. Lägg till det där om det ska följas.",
            )
    for week, names in result.other_weeks.items():
        if week and week != result.week:
            _note(
                "Annan vecka",
                "yellow",
                f"{len(names)} {'fil gäller' if len(names) == 1 else 'filer gäller'} vecka {week} och sparades i den "
                f"veckan: {', '.join(names)}",
            )
    for s in result.superseded:
        _note(
            "Ersatt",
            "cyan",
            f"{s.old_source} ersätts av {s.new_source} ({s.week}, {s.area}, {s.organisation}, {s.reporter}); den gamla "
            "finns kvar i arkivet.",
        )
        if s.uncertain:
            print_item(
                f"Osäker ordning: den gällande valdes efter {s.uncertain}. Kontrollera med est rapport list --week "
                f"{s.week}; välj den andra med: est rapport gäller {s.old_id}",
                bullet="",
            )
    for item in result.new_files:
        if item.sources is not None:
            replaced = (
                f"; den ersätter {item.replaced} rapporter från dem som redan fanns i arkivet."
                if item.replaced
                else "."
            )
            _note("Sammanställning", "cyan", f"{item.display} bygger på {len(item.sources)} filer{replaced}")
    for item in result.files:
        if item.state is FileState.IN_COMPILATION:
            _note(
                "Räknas redan",
                "cyan",
                f"{item.display} ingår i sammanställningen {item.known_as} och lästes inte in igen.",
            )
    others = [f.display for f in result.files if f.state is FileState.OTHER_ORGANISATION]
    if others:
        _note("Andra organisationer", "dim", f"{len(others)} lästes inte in (--organisation): " + ", ".join(others))
    _print_still_rejected(result)
    skipped = [f for f in result.files if f.state is FileState.SKIPPED]
    if skipped:
        _note("Hoppades över (inte checklistor)", "dim", ", ".join(f.display for f in skipped))


def _quoted(text: str) -> str:
    """An argument as it is typed in a terminal: quoted when it has spaces or quotes."""
    import shlex

    return shlex.quote(text) if text != shlex.quote(text) else text
