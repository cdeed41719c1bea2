"""The archive's side of the place register: each observation's `place_key` is the place as est counts
it *with* the workspace's register (an alias counts as its registered place), so that events are found
in SQL as before; `place_register` holds the fingerprint of the register the keys were made with.

When the coordinator edits platser.csv, the fingerprint differs and `rekey` gives the observations
whose key changed their new key (est_cli.place_sync then recomputes those weeks' event surplus and logs
the change). All in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, bindparam, func, select

from est_cli.store import tables as t

KeyOf = Callable[[str, str], str]  # (area_key, place as written) → place key


@dataclass
class Rekeyed:
    """What `rekey` changed: observations given another place key, in which weeks, and the places."""

    observations: int = 0
    weeks: list[str] = field(default_factory=list)
    places: list[dict] = field(default_factory=list)  # {"area", "place", "from", "to"} per place changed


def applied(conn: Connection) -> str | None:
    """The fingerprint of the register the stored place keys were made with (None: not known)."""
    return conn.execute(select(t.place_register.c.fingerprint).limit(1)).scalar_one_or_none()


def set_applied(conn: Connection, fingerprint: str) -> None:
    pr = t.place_register
    conn.execute(pr.delete())
    conn.execute(pr.insert().values(fingerprint=fingerprint))


def forget_applied(conn: Connection) -> None:
    """The stored keys were not made here (an imported archive): the next command makes them again."""
    conn.execute(t.place_register.delete())


def has_places(conn: Connection) -> bool:
    """Whether any observation has a place (else there is nothing a register changes)."""
    o = t.observations
    return conn.execute(select(o.c.id).where(o.c.place != "").limit(1)).first() is not None


def rekey(conn: Connection, key_of: KeyOf, report_ids: Iterable[int] | None = None) -> Rekeyed:
    """Give every observation (of these reports, or all) the place key `key_of` says, where it differs.

    One pass over the distinct (week, area, place, stored key) of the observations with a place; the
    updates only where a key changes."""
    r, o = t.reports, t.observations
    query = (
        select(r.c.week, r.c.area_key, r.c.area, o.c.place, o.c.place_key, func.count())
        .join(r, o.c.report_id == r.c.id)
        .where(o.c.place != "")
        .group_by(r.c.week, r.c.area_key, r.c.area, o.c.place, o.c.place_key)
    )
    chosen = None if report_ids is None else sorted(set(report_ids))
    if chosen is not None:
        if not chosen:
            return Rekeyed()
        query = query.where(r.c.id.in_(chosen))
    done = Rekeyed()
    changes: dict[tuple[str, str], dict] = {}
    weeks: set[str] = set()
    for week, area_key, area, place, stored, n in conn.execute(query):
        new = key_of(area_key, place)
        if new == stored:
            continue
        done.observations += n
        weeks.add(week)
        changes.setdefault((area_key, place), {"area": area, "place": place, "from": stored, "to": new})
    if changes:
        reports_in_area = select(r.c.id).where(r.c.area_key == bindparam("a"))
        if chosen is not None:
            reports_in_area = reports_in_area.where(r.c.id.in_(chosen))
        conn.execute(
            o.update()
            .where(o.c.place == bindparam("p"), o.c.report_id.in_(reports_in_area))
            .values(place_key=bindparam("k")),
            [{"a": area_key, "p": place, "k": c["to"]} for (area_key, place), c in changes.items()],
        )
    done.weeks = sorted(weeks)
    done.places = sorted(changes.values(), key=lambda c: (c["area"], c["place"]))
    return done


def surplus_total(conn: Connection, weeks: list[str]) -> int:
    """What the same event reported twice added to these weeks' sums (tables.event_surplus)."""
    es = t.event_surplus
    if not weeks:
        return 0
    return int(conn.execute(select(func.coalesce(func.sum(es.c.surplus), 0)).where(es.c.week.in_(weeks))).scalar_one())


__all__ = ["KeyOf", "Rekeyed", "applied", "forget_applied", "has_places", "rekey", "set_applied", "surplus_total"]
