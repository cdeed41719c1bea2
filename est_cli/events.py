"""The week's events and the coordinator's corrections of them (`est händelse list|samma|skilj`).

est groups observations that are probably the same event (store/events.py); the coordinator sees the
grouping and corrects it: joins observations into one event, or takes one out of its event. Each
correction is one transaction, is written to the archive's log and rewrites the week's workbook (when
it exists), so that workbook, document and trend agree at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from est_cli import store
from est_cli.corrections import refresh_workbooks
from est_cli.errors import EstError
from est_cli.places import place_key
from est_cli.schema import Schema
from est_cli.store import events as store_events
from est_cli.store import tables as t
from est_cli.text import fold
from est_cli.workspace import Workspace


class EventError(EstError):
    """An event correction that cannot be made (no such observation …); Swedish message, exit 2."""


@dataclass
class Event:
    """One event of the week: the observations that are the same event (often just one)."""

    id: int  # the smallest id of its observations
    week: str
    area: str
    key: str
    label: str
    count: int  # the event's count: the largest of its observations'
    reported: int  # the observations' counts summed
    place: str
    date: date | None
    time: str
    observations: list[int] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "week": self.week,
            "area": self.area,
            "key": self.key,
            "label": self.label,
            "count": self.count,
            "reported": self.reported,
            "place": self.place,
            "date": self.date.isoformat() if self.date else None,
            "time": self.time,
            "observations": list(self.observations),
            "organisations": list(self.organisations),
        }


@dataclass
class EventChange:
    action: str  # samma | skilj
    week: str
    observations: list[int]
    event: int | None
    workbooks: list[Path] = field(default_factory=list)


def latest_week(conn) -> str | None:
    r = t.reports
    return conn.execute(select(func.max(r.c.week)).where(t.active(r))).scalar_one()


def list_events(conn, schema: Schema, week: str, area: str | None = None) -> list[Event]:
    """The week's events (of active reports, count > 0), in the order of the workbook's Händelser."""
    labels = {item.id: item.label for item in schema.items}
    grouped = store.week_events(conn, week)
    found: dict[int, list[dict]] = {}
    for obs in store.week_observations(conn, week):
        if obs["count"] <= 0 or (area is not None and fold(obs["area"]) != fold(area)):
            continue
        event_id = grouped[obs["id"]][0] if obs["id"] in grouped else obs["id"]
        found.setdefault(event_id, []).append(obs)
    return [_event(event_id, week, rows, labels) for event_id, rows in found.items()]


def _event(event_id: int, week: str, rows: list[dict], labels: dict[str, str]) -> Event:
    first = max(rows, key=lambda o: (o["count"], len(place_key(o["place"]).split()), -o["id"]))
    organisations: list[str] = []
    for o in rows:
        if o["organisation"] not in organisations:
            organisations.append(o["organisation"])
    return Event(
        id=event_id,
        week=week,
        area=first["area"],
        key=first["key"],
        label=labels.get(first["key"], first["label"]),
        count=max(o["count"] for o in rows),
        reported=sum(o["count"] for o in rows),
        place=" ".join(first["place"].split()),
        date=next((o["date"] for o in rows if o["date"] is not None), None),
        time=first["time"] or next((o["time"] for o in rows if o["time"]), ""),
        observations=sorted(o["id"] for o in rows),
        organisations=organisations,
    )


def week_of(text: str) -> str:
    from est_cli.periods import week_option

    return str(week_option(text))


def _observations(conn, ids: list[int]) -> dict[int, dict]:
    found = store_events.observations_by_id(conn, ids)
    for i in ids:
        if i not in found:
            raise EventError(
                f"Det finns ingen observation nr {i} i arkivet. Se veckans händelser med: est händelse list"
            )
        if not found[i]["active"]:
            raise EventError(f"Observation nr {i} hör till en rapport som inte räknas (ersatt eller återkallad).")
    return found


def join(archive: store.Archive, ws: Workspace, schema: Schema, ids: list[int]) -> EventChange:
    """`est händelse samma`: the observations, and the events they belong to, become one event."""
    ids = sorted(set(ids))
    if len(ids) < 2:
        raise EventError("Ange minst två observationer som är samma händelse, t.ex.: est händelse samma 18 50")
    with archive.write() as conn:
        found = _observations(conn, ids)
        weeks = {o["week"] for o in found.values()}
        areas = {o["area_key"] for o in found.values()}
        keys = {o["key"] for o in found.values()}
        if len(weeks) > 1 or len(areas) > 1:
            raise EventError(
                "Observationerna gäller olika veckor eller områden; en händelse hör till en vecka och ett område."
            )
        if len(keys) > 1:
            names = ", ".join(sorted({o["label"] for o in found.values()}))
            raise EventError(f"Observationerna gäller olika punkter i checklistan ({names}); en händelse har en punkt.")
        (week,) = weeks
        grouped = store.week_events(conn, week)
        events = {grouped[i][0] for i in ids if i in grouped}
        members = sorted(set(ids) | {i for i, (event, _) in grouped.items() if event in events})
        event_id = min(members)
        store_events.link(conn, members, event_id)
        store_events.refresh_surplus(conn, [week])
        store.add_log(
            conn,
            "händelse samma",
            {"week": week, "area": next(iter(found.values()))["area"], "event": event_id, "observations": members},
        )
    change = EventChange("samma", week, members, event_id)
    change.workbooks = refresh_workbooks(archive, ws, schema, [week])
    return change


def split(archive: store.Archive, ws: Workspace, schema: Schema, observation_id: int) -> EventChange:
    """`est händelse skilj`: the observation becomes an event of its own, and stays one."""
    with archive.write() as conn:
        found = _observations(conn, [observation_id])[observation_id]
        week = found["week"]
        grouped = store.week_events(conn, week)
        if observation_id not in grouped:
            raise EventError(f"Observation nr {observation_id} är redan en egen händelse; det finns inget att skilja.")
        event_id = grouped[observation_id][0]
        store_events.link(conn, [observation_id], None)
        store_events.refresh_surplus(conn, [week])
        store.add_log(
            conn,
            "händelse skilj",
            {"week": week, "area": found["area"], "event": event_id, "observation": observation_id},
        )
    change = EventChange("skilj", week, [observation_id], event_id)
    change.workbooks = refresh_workbooks(archive, ws, schema, [week])
    return change


__all__ = ["Event", "EventChange", "EventError", "join", "latest_week", "list_events", "split", "week_of"]
