"""The insatser register in the archive: add, read, list, end, and those running in a period."""

from __future__ import annotations

from sqlalchemy import Connection, select

from est_cli.store import tables as t
from est_cli.store.tables import new_id


def add_insats(conn: Connection, values: dict) -> int:
    return new_id(conn.execute(t.insatser.insert().values(**values)))


def get_insats(conn: Connection, insats_id: int) -> dict | None:
    row = conn.execute(select(t.insatser).where(t.insatser.c.id == insats_id)).first()
    return dict(row._mapping) if row else None


def list_insatser(conn: Connection) -> list[dict]:
    i = t.insatser
    return [dict(row._mapping) for row in conn.execute(select(i).order_by(i.c.from_week, i.c.id))]


def set_insats_end(conn: Connection, insats_id: int, to_week: str | None) -> None:
    conn.execute(t.insatser.update().where(t.insatser.c.id == insats_id).values(to_week=to_week))


def insatser_active_in(conn: Connection, first: str, last: str) -> list[dict]:
    """Insatser running at some time in first … last (started by `last`, not ended before `first`)."""
    i = t.insatser
    query = (
        select(i)
        .where(i.c.from_week <= last, (i.c.to_week.is_(None)) | (i.c.to_week >= first))
        .order_by(i.c.area_key, i.c.from_week, i.c.id)
    )
    return [dict(row._mapping) for row in conn.execute(query)]
