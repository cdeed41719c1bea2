"""The meeting's decisions and the action list in the archive (tables `decisions`, `decided_areas`,
`actions`; version 8). Plain dicts in and out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, select, update

from est_cli.store import tables as t


def save_decision(conn: Connection, decision: dict, areas: list[dict]) -> bool:
    """Store the week's fastställd lägesbild; True when it replaced an earlier one of the same week."""
    d, a = t.decisions, t.decided_areas
    old = conn.execute(select(d.c.id).where(d.c.week == decision["week"])).scalar()
    if old is not None:
        conn.execute(delete(a).where(a.c.decision_id == old))
        conn.execute(delete(d).where(d.c.id == old))
    decision_id = t.new_id(conn.execute(d.insert().values(**decision)))
    if areas:
        conn.execute(a.insert(), [{**area, "decision_id": decision_id} for area in areas])
    return old is not None


def get_decision(conn: Connection, week: str) -> dict | None:
    """The week's decision with its areas (in the order stored), or None."""
    d, a = t.decisions, t.decided_areas
    row = conn.execute(select(d).where(d.c.week == week)).mappings().first()
    if row is None:
        return None
    areas = conn.execute(select(a).where(a.c.decision_id == row["id"]).order_by(a.c.id)).mappings().all()
    return {**dict(row), "areas": [dict(x) for x in areas]}


def decided_levels(conn: Connection, first: str, last: str) -> list[tuple[str, str, str, str]]:
    """(week, area, area_key, level) of every decided level in the weeks first…last, by week."""
    d, a = t.decisions, t.decided_areas
    query = (
        select(d.c.week, a.c.area, a.c.area_key, a.c.level)
        .join(a, a.c.decision_id == d.c.id)
        .where(d.c.week >= first, d.c.week <= last)
        .order_by(d.c.week, a.c.id)
    )
    return [(row[0], row[1], row[2], row[3]) for row in conn.execute(query)]


def add_action(conn: Connection, values: dict) -> int:
    return t.new_id(conn.execute(t.actions.insert().values(**values)))


def list_actions(conn: Connection, open_only: bool = False) -> list[dict]:
    query = select(t.actions).order_by(t.actions.c.id)
    if open_only:
        query = query.where(t.actions.c.done_at.is_(None))
    return [dict(row) for row in conn.execute(query).mappings()]


def get_action(conn: Connection, action_id: int) -> dict | None:
    row = conn.execute(select(t.actions).where(t.actions.c.id == action_id)).mappings().first()
    return dict(row) if row else None


def finish_action(conn: Connection, action_id: int, when: datetime) -> None:
    conn.execute(update(t.actions).where(t.actions.c.id == action_id).values(done_at=when))


__all__ = [
    "add_action",
    "decided_levels",
    "finish_action",
    "get_action",
    "get_decision",
    "list_actions",
    "save_decision",
]
