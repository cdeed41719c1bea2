"""`est plats list|samma|saknar|import|geokoda`: the period's places with their spellings, making
spellings one place in the workspace's place register (platser.csv), and the places' coordinates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from est_cli.cli.common import (
    DbOpt,
    JsonOpt,
    UsageError,
    WorkspaceOpt,
    err,
    load_workspace_schema,
    open_archive,
    open_workspace,
    out,
    print_item,
    print_path,
)
from est_cli.swedish import plural
from est_cli.text import fold

app = typer.Typer(
    help="Platserna i rapporterna och platsregistret (platser.csv): samma plats med olika stavningar räknas som en.",
    no_args_is_help=True,
)

AreaOpt = Annotated[str | None, typer.Option("--område", "--area", help="Bara platser i området.")]
# The period of the plats commands and est karta (period_weeks).
WeekOpt = Annotated[str | None, typer.Option("--week", help="Veckan, t.ex. 2026-W47 (annars den senaste).")]
QuarterOpt = Annotated[str | None, typer.Option("--quarter", help="Kvartal, t.ex. 2026-Q4.")]
FromOpt = Annotated[str | None, typer.Option("--from", help="Första veckan, t.ex. 2026-W40 (med --to).")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Sista veckan, t.ex. 2026-W47 (med --from).")]


def period_weeks(
    conn,
    week: str | None,
    quarter: str | None,
    first: str | None,
    last: str | None,
    month: str | None = None,
    tertial: str | None = None,
    year: str | None = None,
) -> list[str]:
    """The weeks the options name (--week, --quarter, --from/--to; est karta also --month, --tertial,
    --year), else the archive's latest week (none in an empty archive)."""
    from est_cli.events import latest_week
    from est_cli.periods import period_from_options, week_option

    period = period_from_options(quarter=quarter, first=first, last=last, month=month, tertial=tertial, year=year)
    if week and period is not None:
        raise UsageError("Ange bara en period: --week, --quarter, --month, --tertial, --year eller --from/--to.")
    if week:
        return [str(week_option(week))]
    if period is not None:
        return [str(w) for w in period.weeks]
    latest = latest_week(conn)
    return [latest] if latest else []


def checked_period(conn, weeks: list[str], area: str | None, areas: list[str], reports: bool = True) -> None:
    """A misspelt area – and with `reports`, a period without any report – is said (exit 2), not
    answered with an empty list or map: 'Området 'Vivala' finns varken i est.toml eller i arkivet.
    Kända områden: …'."""
    from est_cli import store
    from est_cli.trend import resolve_areas

    if area:
        resolve_areas(conn, areas, [area])
    if reports and not store.period_presence(conn, [(weeks[0], weeks[-1])]):
        span = weeks[0] + (f"–{weeks[-1]}" if len(weeks) > 1 else "")
        raise UsageError(f"Arkivet har inga rapporter för {span}. Se vilka veckor som finns med: est rapport list")


def _overview(workspace, db, week, quarter, first, last, area, problems_only: bool = False, recurring: bool = False):
    """(the register, the period's place overview – None without a week in the archive, the recurring
    places as est_cli.karta counts them – None unless `recurring` and the period has several weeks).
    `problems_only`: count problem events only, as the map does (not positive observations or context)."""
    ws, schema = load_workspace_schema(workspace)
    return _period_places(ws, schema, db, week, quarter, first, last, area, problems_only, recurring)


def _period_places(ws, schema, db, week, quarter, first, last, area, problems_only=False, recurring=False):
    """`_overview` for a workspace already loaded."""
    from est_cli.karta import problem_filter
    from est_cli.place_overview import place_overview
    from est_cli.place_register import load_register

    archive = open_archive(ws, db, schema)
    counted = problem_filter(schema) if problems_only else None
    try:
        register = load_register(ws.root)
        with archive.read() as conn:
            weeks = period_weeks(conn, week, quarter, first, last)
            if weeks:  # an empty list is an answer here (--json too); a misspelt area is not
                checked_period(conn, weeks, area, ws.areas, reports=False)
            overview = place_overview(conn, register, weeks, area, counted) if weeks else None
            again = _recurring(conn, ws, schema, weeks, register, area) if recurring and len(weeks) > 1 else None
            return register, overview, again
    finally:
        archive.close()


def _recurring(conn, ws, schema, weeks: list[str], register, area: str | None) -> tuple[set, list[str]]:
    """((area key, place key) of the places that keep coming back, their lines as the analyses write them)."""
    from est_cli.karta import map_places, recurring

    data = map_places(conn, ws, schema, weeks, register, area)
    again = recurring(data.places, len(weeks))
    return {(fold(p.area), p.key) for p in again}, data.recurring_lines(again, len(weeks))


@app.command("list")
def list_(
    week: WeekOpt = None,
    quarter: QuarterOpt = None,
    first: FromOpt = None,
    last: ToOpt = None,
    area: AreaOpt = None,
    as_json: JsonOpt = False,
    workspace: WorkspaceOpt = None,
    db: DbOpt = None,
) -> None:
    """Visa periodens platser med rapportörernas stavningar, och föreslå platser att slå ihop.

    Exempel: est plats list · est plats list --quarter 2026-Q4 --område Vivalla
    """
    register, overview, again = _overview(workspace, db, week, quarter, first, last, area, recurring=True)
    if as_json:
        empty: dict[str, object] = {
            "period": None,
            "registerfil": str(register.path),
            "platser": [],
            "förslag": [],
            "utan_plats": 0,
        }
        shown = overview.as_dict(register) if overview else empty | {"registrerade_utan_händelser": 0}
        if again is not None:  # as the analyses count them: problem events in many of the period's weeks
            listed: list = shown["platser"]  # type: ignore[assignment]
            for place, row in zip(listed, overview.places if overview else [], strict=True):
                place["återkommande"] = (row.area_key, row.key) in again[0]
            shown["återkommande"] = again[1]
        typer.echo(json.dumps(shown, ensure_ascii=False, indent=2))
        return
    if overview is None or not overview.places:
        chosen = week or quarter or first or area
        err.print("Inga platser" + (" som passar urvalet." if chosen else " i arkivet ännu."))
        return
    _print_places(overview, register, again)
    _print_suggestions(overview)


def _print_places(overview, register, again: tuple[set, list[str]] | None) -> None:
    from est_cli.cli.common import list_table
    from est_cli.periods import weeks_between
    from est_cli.weeks import IsoWeek

    several = overview.first_week != overview.last_week
    period = overview.first_week + (f"–{overview.last_week}" if several else "")
    n = len(register.places)
    registered = (
        f"{plural(n, 'registrerad plats', 'registrerade platser')} i platser.csv" if n else "ingen platser.csv ännu"
    )
    out.print(f"Platser vecka {period} ({registered})")
    from est_cli.karta import RECURRING_MIN_WEEKS

    span = len(weeks_between(IsoWeek.parse(overview.first_week), IsoWeek.parse(overview.last_week)))
    least = max(RECURRING_MIN_WEEKS, -(-span // 4))  # as the analyses count a place that keeps coming back
    areas: dict[str, list] = {}
    for p in overview.places:
        areas.setdefault(p.area, []).append(p)
    for area, places in areas.items():
        out.print()
        out.print(f"[bold]{escape(area)}[/]")
        table = list_table()
        table.add_column("Plats", min_width=16, overflow="fold")
        table.add_column("Händ.", justify="right", no_wrap=True)
        table.add_column("Rapp.", justify="right", no_wrap=True)
        if several:
            table.add_column("Veckor", justify="right", no_wrap=True)
        table.add_column("Stavningar (rapporter)", min_width=16, overflow="fold")
        for p in places:
            reports = sum(n for _, n in p.spellings)
            # The spellings when they say more than the name: several, or another than the register's.
            said = len(p.spellings) > 1 or p.spellings[0][0] != p.name
            spellings = " · ".join(f"{s} ({n})" for s, n in p.spellings) if said else ""
            cells = [escape(("✓ " if p.registered else "") + p.name), str(p.events), str(reports)]
            weeks = str(len(p.weeks)) + (" ↺" if again and (p.area_key, p.key) in again[0] else "")
            table.add_row(*cells, *([weeks] if several else []), escape(spellings))
        out.print(table)
    notes = ["✓ registrerad i platser.csv", "Händ. händelser (samma händelse från flera räknas en gång)"]
    if several:
        notes.append(
            f"↺ återkommande (problemhändelser {least} veckor eller fler av {span}): kandidat för en fördjupad EST"
        )
    if overview.without_place:
        notes.append(f"{overview.without_place} händelser utan plats")
    if overview.registered_unused:
        notes.append(f"{overview.registered_unused} registrerade platser utan händelser i perioden")
    out.print(f"[dim]{escape(' · '.join(notes))}.[/]")
    if again and again[1]:
        out.print()
        out.print("[bold]Återkommande platser[/] – kandidater för en fördjupad EST:")
        for line in again[1]:
            print_item(line, console=out)


def _print_suggestions(overview) -> None:
    from est_cli.swedish import events_word

    if not overview.suggestions:
        out.print("Inga förslag: est hittar inga stavningar som troligen är samma plats.")
        return
    out.print()
    out.print("[bold]Troligen samma plats[/] – kommandot under förslaget slår ihop:")
    for s in overview.suggestions:
        members = ", ".join(f"”{m.name}” ({why}, {events_word(m.events)})" for m, why in s.members)
        registered = ", registrerad" if s.target.registered else ""
        text = f"{s.target.area}: {members} → ”{s.target.name}” ({events_word(s.target.events)}{registered})"
        print_item(text, bullet="• ", console=out)
        out.print("    " + s.command(), markup=False, highlight=False, soft_wrap=True)
    out.print(
        "[dim]Stämmer ett förslag inte? Skriv platserna på var sin rad i platser.csv, så föreslås de inte igen.[/]"
    )


SpellingsArg = Annotated[
    list[str] | None,
    typer.Argument(help="Platsen som den ska heta, sedan de andra stavningarna.", metavar="STAVNING"),
]


@app.command("samma")
def same(
    spellings: SpellingsArg = None, area: AreaOpt = None, workspace: WorkspaceOpt = None, db: DbOpt = None
) -> None:
    """Gör stavningarna till en plats: de blir alias i platser.csv och räknas som platsen i området.

    Exempel: est plats samma "Gångtunneln vid Bettorpsgatan" "Bettorpsgatan tunneln" --område Vivalla
    """
    from est_cli.place_sync import same_place

    if not spellings or len(spellings) < 2:
        raise UsageError(
            'Ange platsen och minst en annan stavning, t.ex.: est plats samma "Gångtunneln vid Bettorpsgatan" '
            '"Bettorpsgatan tunneln" --område Vivalla'
        )
    ws, schema, archive = open_workspace(workspace, db)
    try:
        done = same_place(archive, ws, schema, spellings, area)
    finally:
        archive.close()
    if done.edit is None:
        err.print(f"[green]✓[/] Stavningarna är redan samma plats i {done.area}: ”{done.place}”.", highlight=False)
        return
    edit = done.edit
    added = ", ".join(f"”{a}”" for a in edit.added)
    where = "ny rad" if edit.new_row else "rad"
    err.print(
        f"[green]✓[/] {added} räknas nu som ”{edit.place}” i {edit.area} (platser.csv, {where} {edit.row}).",
        highlight=False,
    )
    if edit.new_file:
        err.print("  platser.csv är skapad (kolumnerna plats, alias och område; öppnas i Excel).")
    print_path(done.path, indent=4)
    if done.sync is None or not done.sync.observations:
        print_item("Arkivet har inga rapporter med de stavningarna ännu; de som kommer räknas till platsen.")
        return
    print_item(f"Arkivet: {done.sync.text()}", bullet="")
    for path in done.sync.workbooks:
        err.print("  Sammanställningen är uppdaterad:")
        print_path(path, indent=4)
    err.print(f"  Skriv veckolägesbilden igen med: est render --week {done.sync.weeks[-1]}")


@app.command("saknar")
def missing(
    week: WeekOpt = None,
    quarter: QuarterOpt = None,
    first: FromOpt = None,
    last: ToOpt = None,
    area: AreaOpt = None,
    as_json: JsonOpt = False,
    workspace: WorkspaceOpt = None,
    db: DbOpt = None,
) -> None:
    """Visa periodens platser som saknar koordinater i platser.csv, de med flest händelser först.

    Händelser räknas som på kartan: problemhändelser, var och en en gång (inte positiva iakttagelser eller omvärld).
    """
    from est_cli.place_coords import missing_coordinates

    register, overview, _ = _overview(workspace, db, week, quarter, first, last, area, problems_only=True)
    places = missing_coordinates(overview, register) if overview else []
    if as_json:
        rows = [{"plats": p.name, "område": p.area, "händelser": p.events, "registrerad": p.registered} for p in places]
        typer.echo(json.dumps({"platser": rows}, ensure_ascii=False, indent=2))
        return
    if not places:
        err.print("Alla platser med händelser under perioden har koordinater." if overview else "Inga platser ännu.")
        return
    from est_cli.cli.common import list_table

    table = list_table()
    table.add_column("Plats", min_width=16, overflow="fold")
    table.add_column("Område", overflow="fold")
    table.add_column("Händ.", justify="right", no_wrap=True)
    for p in places:
        table.add_row(escape(("✓ " if p.registered else "") + p.name), escape(p.area), str(p.events))
    out.print(table)
    err.print(
        "Lägg till koordinater (lat och lon, eller n och e i SWEREF 99 TM) i platser.csv, eller läs in dem "
        "från kommunens GIS med: est plats import FIL.geojson"
    )


@app.command("import")
def import_(
    path: Annotated[
        Path | None,
        typer.Argument(help="En CSV (plats, område, lat/lon eller n/e) eller en GeoJSON-fil.", metavar="FIL"),
    ] = None,
    area: Annotated[
        str | None,
        typer.Option("--område", "--area", help="Området för de platser i filen som inte har något eget."),
    ] = None,
    crs: Annotated[
        str | None,
        typer.Option(
            "--crs",
            help="Koordinatsystemet för n/e i en CSV, eller för en GeoJSON utan crs, t.ex. EPSG:3013 (SWEREF 99 "
            "15 00) eller EPSG:3021 (RT 90). Standard: SWEREF 99 TM (CSV), WGS 84 (GeoJSON).",
            metavar="EPSG",
        ),
    ] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Läs in koordinater för platser i platser.csv från en CSV- eller GeoJSON-fil (WGS 84, SWEREF 99 TM eller --crs).

    En linje eller yta i GeoJSON-filen blir en punkt i sin mitt.

    Exempel: est plats import gis.geojson · est plats import platser.csv --område Vivalla --crs EPSG:3013
    """
    from est_cli.place_coords import import_coordinates
    from est_cli.place_register import RegisterError, load_register
    from est_cli.workspace import load_workspace

    if path is None or not path.is_file():
        raise UsageError("Ange filen med koordinater, t.ex.: est plats import platser.geojson")
    ws = load_workspace(workspace)
    try:
        done = import_coordinates(load_register(ws.root), path, area, crs)
    except RegisterError as exc:
        raise UsageError(exc.message) from None
    err.print(f"[green]✓[/] platser.csv: {len(done.updated)} platser fick koordinater, {len(done.added)} nya platser.")
    for line in done.notes:
        print_item(line)
    for line in done.skipped:
        print_item(f"inte inläst – {line}")


GEOCODING_OFF = (
    "Geokodning är avstängd. Den är av som standard, eftersom platserna i händelserna inte får skickas till "
    "en tredje part: est frågar bara en tjänst som kommunen själv har och anger. Har kommunen en egen "
    "geokodningstjänst, skriv dess adress under [karta] i est.toml ({q} ersätts med plats, område och "
    "kommun; finns [karta] redan, lägg bara till den andra raden):\n"
    "  [karta]\n"
    '  geokodning = "https://gis.kommun.se/search?q={q}&format=json"\n'
    "Utan tjänst: est plats saknar visar platserna, och est plats import FIL läser in koordinater från "
    "kommunens GIS."
)


@app.command("geokoda")
def geocode_(
    week: WeekOpt = None,
    quarter: QuarterOpt = None,
    first: FromOpt = None,
    last: ToOpt = None,
    area: AreaOpt = None,
    most: Annotated[
        int, typer.Option("--max", min=1, help="Fråga efter högst så många platser, flest händelser först (10).")
    ] = 10,
    save: Annotated[
        bool, typer.Option("--spara", help="Skriv de hittade koordinaterna i platser.csv (annars visas de bara).")
    ] = False,
    workspace: WorkspaceOpt = None,
    db: DbOpt = None,
) -> None:
    """Hämta koordinater för platserna som saknar dem från kommunens egen geokodningstjänst (est.toml \\[karta] geokodning).

    Bara platsens namn, område och kommun skickas. Exempel: est plats geokoda --quarter 2026-Q4 --spara
    """
    from est_cli import geocode
    from est_cli.place_coords import missing_coordinates

    ws, schema = load_workspace_schema(workspace)
    template = geocode.service_url(ws.map_settings)
    if template is None:
        raise UsageError(GEOCODING_OFF)
    register, overview, _ = _period_places(ws, schema, db, week, quarter, first, last, area, problems_only=True)
    places = missing_coordinates(overview, register) if overview else []
    if overview is None or not places:
        err.print("Alla platser med händelser under perioden har koordinater." if overview else "Inga platser ännu.")
        return
    done = geocode.geocode(places[:most], template, ws.kommun)
    if done.answers:
        _print_geocoding(done)
    if done.found and save:
        _save_geocoding(ws, done)
    elif done.found:
        given = {"--week": week, "--quarter": quarter, "--from": first, "--to": last}
        period = given if any(given.values()) else {"--week": overview.first_week}  # the week shown, not a later one
        _say_not_saved(done, period, area, most)
    elif len(done.failed) < len(done.answers):  # the service answered, but knew none of them
        err.print(
            "Inget att spara: tjänsten hittade ingen av platserna i Sverige. Lägg in koordinaterna i platser.csv, "
            "eller läs in dem från kommunens GIS med: est plats import FIL.geojson"
        )
    if len(places) > most and not done.unreachable:
        more = plural(len(places) - most, "plats", "platser")
        err.print(f"{more} till saknar koordinater och har inte frågats (--max {len(places)} frågar efter alla).")
    _stop_on_service_problems(done)


def _print_geocoding(done) -> None:
    from est_cli.cli.common import list_table

    table = list_table()
    table.add_column("Plats", min_width=12, overflow="fold")
    table.add_column("Område", overflow="fold")
    table.add_column("Händ.", justify="right", no_wrap=True)
    table.add_column("Koordinater", no_wrap=True)
    table.add_column("Tjänstens svar", min_width=16, overflow="fold")
    for a in done.answers:
        where = a.hit.where if a.hit else "–"
        said = (a.hit.label or "–") if a.hit else a.problem
        table.add_row(escape(a.name), escape(a.area), str(a.events), where, escape(said))
    out.print(table)


def _say_not_saved(done, period: dict[str, str | None], area: str | None, most: int) -> None:
    parts = ["est plats geokoda", *(f"{flag} {value}" for flag, value in period.items() if value)]
    if area:
        parts.append(f'--område "{area}"' if " " in area else f"--område {area}")
    if most != 10:
        parts.append(f"--max {most}")
    found = "koordinaten" if len(done.found) == 1 else f"de {len(done.found)} koordinaterna"
    err.print(f"Inget är sparat. Kontrollera träffarna och spara {found} i platser.csv med:")
    err.print("  " + " ".join([*parts, "--spara"]), markup=False, soft_wrap=True)


def _save_geocoding(ws, done) -> None:
    from est_cli import geocode
    from est_cli.place_register import RegisterError, load_register

    try:  # read again: platser.csv may have been edited in Excel while the service was asked
        saved = geocode.save(load_register(ws.root), done)
    except RegisterError as exc:
        raise UsageError(exc.message) from None
    got = plural(len(saved.updated) + len(saved.added), "plats fick", "platser fick")
    err.print(f"[green]✓[/] platser.csv: {got} koordinater ({plural(len(saved.added), 'ny rad', 'nya rader')}).")
    print_path(ws.root / "platser.csv", indent=4)
    print_item(
        "Stämmer en plats inte? Rätta lat och lon på dess rad i platser.csv (i Excel), eller läs in rätt "
        "koordinater med: est plats import FIL.geojson",
        bullet="",
    )


def _stop_on_service_problems(done) -> None:
    """Exit 2 when the service could not be used for every place asked (what was found is shown and, with
    --spara, saved first)."""
    from est_cli.geocode import SETTING, GeocodeError

    where = f"est.toml [karta] {SETTING}"
    if done.unreachable:
        left = (
            f"{plural(done.not_asked, 'plats', 'platser')} till har inte frågats"
            if done.answers
            else "ingen plats har frågats"
        )
        raise GeocodeError(
            f"Geokodningstjänsten {done.host} går inte att nå ({done.unreachable}); {left}. Kontrollera "
            f"adressen i {where} och att datorn når tjänsten."
        )
    if done.failed:
        raise GeocodeError(
            f"Geokodningstjänsten {done.host} svarade inte som väntat för {len(done.failed)} av "
            f"{len(done.answers)} platser (se tabellen). Kontrollera adressen i {where}, eller fråga dem som "
            "sköter tjänsten."
        )
