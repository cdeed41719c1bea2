"""Keeping the archive in step with the place register, and `est plats samma`.

The observations' place keys are made with the workspace's platser.csv (store/place_keys.py). A
coordinator edits that file by hand, in Excel, at any time: every command that opens the archive
first compares the register with the one the keys were made with (a fingerprint in the archive) and,
when they differ, keys the observations again, recomputes the event surplus of the weeks that
changed, logs it and writes those weeks' workbooks again – so the counts are right on the next
command, without a merge. `est plats samma` writes an alias into platser.csv and does the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, select

from est_cli import store
from est_cli.errors import EstError
from est_cli.place_register import REGISTER_FILE, PlaceRegister, RegisterEdit, add_aliases, load_register
from est_cli.places import place_key
from est_cli.schema import Schema
from est_cli.store import place_keys
from est_cli.store import tables as t
from est_cli.text import fold
from est_cli.workspace import Workspace


class PlaceError(EstError):
    """`est plats samma` cannot do what was asked (one spelling, two registered places …)."""


@dataclass
class PlaceSync:
    """What keying the archive with the register changed."""

    observations: int  # observations that now count at another place
    weeks: list[str]
    fewer_events: int  # events the weeks count fewer (negative: more) – reports of one event joined
    places: list[dict] = field(default_factory=list)
    workbooks: list[Path] = field(default_factory=list)

    def text(self) -> str:
        """'2 observationer (vecka 2026-W47) räknas nu till en annan plats; 1 händelse färre (…).'"""
        from est_cli.swedish import events_word, plural

        said = f"{plural(self.observations, 'observation', 'observationer')} (vecka {', '.join(self.weeks)})"
        said += " räknas nu till en annan plats"
        if self.fewer_events > 0:
            said += f"; {events_word(self.fewer_events)} färre (samma händelse rapporterad med olika stavningar)"
        elif self.fewer_events < 0:
            said += f"; {events_word(-self.fewer_events)} fler (rapporter som inte längre är samma händelse)"
        return said + "."


def apply_register(conn: Connection, register: PlaceRegister, reason: str = REGISTER_FILE) -> PlaceSync | None:
    """In the caller's write transaction: key the observations with `register` when the archive's keys
    were made with another one; None when there was nothing to do."""
    fingerprint = register.fingerprint()
    if place_keys.applied(conn) == fingerprint:
        return None
    if not place_keys.has_places(conn):
        return None  # nothing to key; an empty archive stays empty (`est arkiv import` needs that)
    keyed = place_keys.rekey(conn, register.key)
    before = place_keys.surplus_total(conn, keyed.weeks)
    store.refresh_event_surplus(conn, keyed.weeks)
    after = place_keys.surplus_total(conn, keyed.weeks)
    place_keys.set_applied(conn, fingerprint)
    if keyed.observations:
        store.add_log(
            conn,
            "platser",
            {
                "reason": reason,
                "observations": keyed.observations,
                "weeks": keyed.weeks,
                "fewer_events": after - before,
                "places": keyed.places[:50],
            },
        )
    return PlaceSync(keyed.observations, keyed.weeks, after - before, keyed.places)


def sync_places(
    archive: store.Archive, ws: Workspace, schema: Schema | None = None, reason: str = REGISTER_FILE
) -> PlaceSync | None:
    """Bring the archive in step with the workspace's platser.csv (RegisterError when the file cannot be
    used); with `schema`, the workbooks of the weeks that changed are written again. None: in step."""
    register = load_register(ws.root)
    fingerprint = register.fingerprint()
    with archive.read() as conn:  # the common case, without the write lock: nothing changed
        if place_keys.applied(conn) == fingerprint or not place_keys.has_places(conn):
            return None
    with archive.write() as conn:
        change = apply_register(conn, register, reason)
    if change is not None and change.observations and schema is not None:
        from est_cli.corrections import refresh_workbooks

        change.workbooks = refresh_workbooks(archive, ws, schema, change.weeks)
    return change


# ------------------------------------------------------------------ est plats samma


@dataclass
class SamePlace:
    """What `est plats samma` did: the register's edit (None: already one place) and the archive's."""

    area: str
    place: str
    edit: RegisterEdit | None
    sync: PlaceSync | None
    path: Path


def same_place(
    archive: store.Archive, ws: Workspace, schema: Schema, spellings: list[str], area: str | None = None
) -> SamePlace:
    """Make the spellings one place in the area: a registered one among them is the place (else the
    first), the others become its aliases in platser.csv; then the archive is keyed with it."""
    spellings = [" ".join(s.split()) for s in spellings if s.strip()]
    if len(spellings) < 2 or not all(place_key(s) for s in spellings):
        raise PlaceError(
            'Ange minst två stavningar av platsen, t.ex.: est plats samma "Gångtunneln vid Bettorpsgatan" '
            '"Bettorpsgatan tunneln" --område Vivalla'
        )
    register = load_register(ws.root)
    area = _known_area(archive, ws, register, area.strip()) if area and area.strip() else None
    area = area or _area_of(archive, ws, register, spellings)
    area_key = fold(area)
    registered = {p.key: p for s in spellings if (p := register.place(area_key, register.key(area_key, s)))}
    if len(registered) > 1:
        rows = " och ".join(f"{p.name!r} (rad {p.row})" for p in registered.values())
        raise PlaceError(
            f"{rows} är två platser i {REGISTER_FILE} för {area}. Ta bort den ena raden (och skriv dess "
            "namn som alias på den andra) om de är samma plats."
        )
    target = next(iter(registered.values())).name if registered else spellings[0]
    target_key = register.key(area_key, target)
    others = [s for s in spellings if register.key(area_key, s) != target_key]
    if not others:
        return SamePlace(area, target, None, None, register.path)
    edit = add_aliases(register, target, others, area)
    sync = sync_places(archive, ws, schema, reason="est plats samma")
    return SamePlace(edit.area, edit.place, edit, sync, register.path)


def _known_area(archive: store.Archive, ws: Workspace, register: PlaceRegister, area: str) -> str:
    """`area` when est.toml, the archive or platser.csv knows it (a misspelt area would register the
    place where no report is); PlaceError naming the areas otherwise."""
    r = t.reports
    with archive.read() as conn:
        known = {key: name for key, name in conn.execute(select(r.c.area_key, r.c.area).distinct())}
    known |= {p.area_key: p.area for p in register.places} | {fold(a): a for a in ws.areas}
    if fold(area) in known:
        return area
    shown = ", ".join(sorted(known.values(), key=str.casefold)) or "inga ännu"
    raise PlaceError(f"Området {area!r} finns varken i est.toml, arkivet eller platser.csv. Områdena: {shown}.")


def _area_of(archive: store.Archive, ws: Workspace, register: PlaceRegister, spellings: list[str]) -> str:
    """The one area where the spellings occur (in the archive or the register); PlaceError otherwise."""
    r, o = t.reports, t.observations
    keys = [place_key(s) for s in spellings]
    with archive.read() as conn:
        rows = conn.execute(
            select(r.c.area_key, r.c.area)
            .join(o, o.c.report_id == r.c.id)
            .where(o.c.place_key.in_(keys) | o.c.place.in_(spellings))
            .distinct()
        ).all()
    areas = {key: name for key, name in rows}
    for place in register.places:
        if {place.key, *(place_key(a) for a in place.aliases)} & set(keys):
            areas.setdefault(place.area_key, place.area)
    if len(areas) == 1:
        return next(iter(areas.values()))
    if not areas and len(ws.areas) == 1:
        return ws.areas[0]
    shown = ", ".join(sorted(areas.values(), key=str.casefold)) if areas else ", ".join(ws.areas)
    where = f" (platsen finns i {shown})" if areas else (f" ({shown})" if shown else "")
    raise PlaceError(f"Ange vilket område platsen hör till med --område{where}.")


__all__ = ["PlaceError", "PlaceSync", "SamePlace", "apply_register", "same_place", "sync_places"]
