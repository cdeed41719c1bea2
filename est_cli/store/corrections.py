"""Putting the archive right: the reports as a list, one report in full, withdrawing and restoring a
report, making one report the one that counts, moving reports to another area – and the log of
every change (`est logg`). All in the caller's one transaction.

A report counts when it is *active*: neither superseded by a later report of the same week, area,
organisation and reporter, nor withdrawn (tables.active). Nothing here deletes a report.
"""

from __future__ import annotations

import getpass
import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, select

from est_cli.store import tables as t
from est_cli.store.merges import Received, later
from est_cli.store.tables import new_id
from est_cli.text import fold

STATE_ACTIVE, STATE_SUPERSEDED, STATE_WITHDRAWN = "aktiv", "ersatt", "återkallad"


def report_state(row) -> str:
    if row["withdrawn_at"] is not None:
        return STATE_WITHDRAWN
    if row["superseded_by"] is not None:
        return STATE_SUPERSEDED
    return STATE_ACTIVE


@dataclass
class ReportRow:
    """One report as `est rapport list` shows it."""

    id: int
    week: str
    area: str
    organisation: str
    reporter: str
    source: str
    received: datetime | None
    received_from: str | None  # "e-post" | "datum" | "fil"
    state: str  # aktiv | ersatt | återkallad
    superseded_by: int | None = None
    withdrawn_reason: str | None = None
    events: int = 0  # the sum of its counts

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "week": self.week,
            "area": self.area,
            "organisation": self.organisation,
            "reporter": self.reporter,
            "source": self.source,
            "received": self.received.isoformat(timespec="minutes") if self.received else None,
            "received_from": self.received_from,
            "state": self.state,
        }


@dataclass
class ReportDetail:
    """One report in full (`est rapport visa`): its row, its file and its observations."""

    row: ReportRow
    file_name: str
    sheet: str | None
    datum: object
    email_sender: str | None
    observations: list[dict] = field(default_factory=list)
    replaces: list[int] = field(default_factory=list)  # the reports it superseded


def _row(rec, events: int = 0) -> ReportRow:
    return ReportRow(
        id=rec["id"],
        week=rec["week"],
        area=rec["area"],
        organisation=rec["organisation"],
        reporter=rec["reporter"],
        source=rec["source_name"],
        received=rec["received_at"],
        received_from=rec["received_from"],
        state=report_state(rec),
        superseded_by=rec["superseded_by"],
        withdrawn_reason=rec["withdrawn_reason"],
        events=events,
    )


def list_reports(conn: Connection, week: str | None = None, area: str | None = None) -> list[ReportRow]:
    """Every report (active, superseded and withdrawn), by week, area, organisation, reporter, id."""
    from sqlalchemy import func

    r, o = t.reports, t.observations
    events = select(func.coalesce(func.sum(o.c.count), 0)).where(o.c.report_id == r.c.id).scalar_subquery()
    query = select(r, events.label("events"))
    if week:
        query = query.where(r.c.week == week)
    if area:
        query = query.where(r.c.area_key == fold(area))
    query = query.order_by(r.c.week, r.c.area_key, r.c.organisation_key, r.c.reporter_key, r.c.id)
    return [_row(rec._mapping, int(rec._mapping["events"])) for rec in conn.execute(query)]


def get_report(conn: Connection, report_id: int) -> ReportDetail | None:
    r, o, f = t.reports, t.observations, t.files
    rec = conn.execute(select(r, f.c.name).join(f, r.c.file_id == f.c.id).where(r.c.id == report_id)).first()
    if rec is None:
        return None
    m = rec._mapping
    observations = [
        dict(row._mapping) for row in conn.execute(select(o).where(o.c.report_id == report_id).order_by(o.c.id))
    ]
    replaces = [row[0] for row in conn.execute(select(r.c.id).where(r.c.superseded_by == report_id).order_by(r.c.id))]
    events = sum(int(obs["count"]) for obs in observations)
    return ReportDetail(_row(m, events), m["name"], m["sheet"], m["datum"], m["email_sender"], observations, replaces)


def _same_identity(rec) -> list:
    r = t.reports
    return [
        r.c.week == rec["week"],
        r.c.area_key == rec["area_key"],
        r.c.organisation_key == rec["organisation_key"],
        r.c.reporter_key == rec["reporter_key"],
    ]


def _report(conn: Connection, report_id: int):
    rec = conn.execute(select(t.reports).where(t.reports.c.id == report_id)).first()
    return rec._mapping if rec is not None else None


def withdraw(conn: Connection, report_id: int, reason: str) -> dict | None:
    """Mark a report withdrawn: it stays in the archive and counts nowhere. None when there is no
    such report. A report it had superseded stays superseded (`make_current` brings it back)."""
    rec = _report(conn, report_id)
    if rec is None:
        return None
    r = t.reports
    conn.execute(r.update().where(r.c.id == report_id).values(withdrawn_at=datetime.now(), withdrawn_reason=reason))
    return dict(rec)


def restore(conn: Connection, report_id: int) -> tuple[dict, list[int]] | None:
    """Undo a withdrawal. If another report of the same week, area, organisation and reporter is
    active meanwhile, the restored one becomes the one that counts (the others are superseded by it;
    `make_current` chooses otherwise). Returns the report and the ids it now supersedes."""
    rec = _report(conn, report_id)
    if rec is None:
        return None
    r = t.reports
    conn.execute(r.update().where(r.c.id == report_id).values(withdrawn_at=None, withdrawn_reason=None))
    replaced = _supersede_others(conn, rec, report_id) if rec["superseded_by"] is None else []
    return dict(rec), replaced


def make_current(conn: Connection, report_id: int) -> tuple[dict, list[int]] | None:
    """Make this report the one that counts for its week, area, organisation and reporter: it is
    neither superseded nor withdrawn, and every other active report of the same identity is
    superseded by it. Returns the report and the ids it now supersedes."""
    rec = _report(conn, report_id)
    if rec is None:
        return None
    r = t.reports
    conn.execute(
        r.update().where(r.c.id == report_id).values(superseded_by=None, withdrawn_at=None, withdrawn_reason=None)
    )
    return dict(rec), _supersede_others(conn, rec, report_id)


def _supersede_others(conn: Connection, rec, report_id: int) -> list[int]:
    r = t.reports
    others = [
        row[0] for row in conn.execute(select(r.c.id).where(*_same_identity(rec), t.active(r), r.c.id != report_id))
    ]
    if others:
        conn.execute(r.update().where(r.c.id.in_(others)).values(superseded_by=report_id))
        # Reports the others had superseded now point to the one that counts.
        conn.execute(r.update().where(r.c.superseded_by.in_(others)).values(superseded_by=report_id))
    return others


@dataclass
class AreaMove:
    """What `est område byt` did: the reports moved and the supersessions it caused."""

    moved: list[ReportRow] = field(default_factory=list)
    superseded: list[tuple[int, int]] = field(default_factory=list)  # (old report, the one that counts now)


def rename_area(conn: Connection, old: str, new: str, week: str | None = None) -> AreaMove:
    """Move the reports filed under `old` (case, accents and spacing ignored) to `new`; then, in each
    moved report's week, a moved report and a report already under `new` with the same organisation
    and reporter are one report sent twice: the one received later counts (as in a merge)."""
    r = t.reports
    where = [r.c.area_key == fold(old)]
    if week:
        where.append(r.c.week == week)
    moving = [dict(row._mapping) for row in conn.execute(select(r).where(*where).order_by(r.c.id))]
    move = AreaMove()
    if not moving:
        return move
    conn.execute(r.update().where(r.c.id.in_([m["id"] for m in moving])).values(area=new, area_key=fold(new)))
    for rec in moving:
        rec = {**rec, "area": new, "area_key": fold(new)}
        move.moved.append(_row(rec))
        if report_state(rec) != STATE_ACTIVE:
            continue
        others = conn.execute(
            select(r.c.id, r.c.received_at, r.c.received_from, r.c.datum).where(
                *_same_identity(rec), t.active(r), r.c.id != rec["id"]
            )
        ).all()
        mine = Received(rec["received_at"], rec["received_from"] or "fil", rec["datum"])
        for other_id, other_received, other_from, other_datum in others:
            # The same order as in a merge (store.merges.later): like evidence compared with like.
            moved_later, _ = later(mine, Received(other_received, other_from or "fil", other_datum))
            old_id, new_id_ = (other_id, rec["id"]) if moved_later else (rec["id"], other_id)
            conn.execute(r.update().where(r.c.id == old_id).values(superseded_by=new_id_))
            move.superseded.append((old_id, new_id_))
            if not moved_later:
                break
    return move


def apply_alias(conn: Connection, label: str, item_id: str, theme: str | None, section_id: str | None) -> list[str]:
    """Rows already in the archive under `label` (outside the checklist: no item) become the item –
    what the coordinator confirmed with `est alias add`. Returns the weeks of the active reports
    changed, so their workbooks can be written again."""
    from est_cli.text import label_key

    r, o = t.reports, t.observations
    want = label_key(label)
    rows = conn.execute(
        select(o.c.id, o.c.label, r.c.week).join(r, o.c.report_id == r.c.id).where(o.c.item_id.is_(None))
    )
    hits = [(obs_id, week) for obs_id, obs_label, week in rows if label_key(obs_label) == want]
    if hits:
        conn.execute(
            o.update()
            .where(o.c.id.in_([obs_id for obs_id, _ in hits]))
            .values(item_id=item_id, key=item_id, theme=theme, section_id=section_id)
        )
    return sorted({week for _, week in hits})


# ------------------------------------------------------------------ the log


def computer_user() -> str:
    """The computer user running est (for the log); '?' when the system cannot say."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on this system: the log still gets its entry
        return "?"


def add_log(conn: Connection, action: str, details: dict) -> int:
    """One entry in the archive's change log."""
    return new_id(
        conn.execute(
            t.log.insert().values(
                time=datetime.now().replace(microsecond=0),
                user=computer_user(),
                action=action,
                details=json.dumps(details, ensure_ascii=False, default=str, sort_keys=True),
            )
        )
    )


def list_log(conn: Connection) -> list[dict]:
    rows = conn.execute(select(t.log).order_by(t.log.c.id))
    return [
        {
            "id": row.id,
            "time": row.time.isoformat(timespec="seconds"),
            "user": row.user,
            "action": row.action,
            "details": json.loads(row.details),
        }
        for row in rows
    ]


def identity_of(conn: Connection, report_id: int) -> tuple | None:
    """(week, area, organisation, reporter) of a report, for messages."""
    r = t.reports
    row = conn.execute(select(r.c.week, r.c.area, r.c.organisation, r.c.reporter).where(r.c.id == report_id)).first()
    return tuple(row) if row else None


__all__ = [
    "STATE_ACTIVE",
    "STATE_SUPERSEDED",
    "STATE_WITHDRAWN",
    "AreaMove",
    "ReportDetail",
    "ReportRow",
    "add_log",
    "apply_alias",
    "computer_user",
    "get_report",
    "identity_of",
    "list_log",
    "list_reports",
    "make_current",
    "rename_area",
    "restore",
    "withdraw",
]
