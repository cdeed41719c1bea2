"""Corrections a coordinator makes to the archive: withdraw a wrong report, restore it, make one report
the one that counts, move reports filed under a misspelt area. Each change is one transaction, is
written to the archive's log, and rewrites the workbooks of the weeks it touched (those that exist),
so that workbook, document (`est render`) and trend agree at once. A dry run changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from est_cli import store
from est_cli.errors import EstError
from est_cli.schema import Schema
from est_cli.store.corrections import ReportRow
from est_cli.weeks import IsoWeek
from est_cli.workspace import Workspace


class CorrectionError(EstError):
    """A correction that cannot be made (no such report …); Swedish message, exit 2."""


@dataclass
class Change:
    """What a correction did (or, in a dry run, would do)."""

    action: str  # återkalla | återställ | gäller | område
    reports: list[ReportRow] = field(default_factory=list)  # the reports changed
    superseded: list[tuple[int, int]] = field(default_factory=list)  # (report, superseded by)
    weeks: list[str] = field(default_factory=list)
    workbooks: list[Path] = field(default_factory=list)  # rewritten
    dry_run: bool = False


def _row(conn, report_id: int) -> ReportRow:
    detail = store.get_report(conn, report_id)
    assert detail is not None  # the caller checked that the report exists
    return detail.row


def _missing(report_id: int) -> CorrectionError:
    return CorrectionError(f"Det finns ingen rapport nr {report_id} i arkivet. Se alla rapporter med: est rapport list")


def withdraw_report(
    archive: store.Archive, ws: Workspace, schema: Schema, report_id: int, reason: str, dry_run: bool = False
) -> Change:
    from est_cli.privacy import mask_text

    reason = mask_text(reason)  # the archive holds no individdata, the coordinator's words included

    def withdraw(conn) -> tuple[dict | None, list[int]]:
        before = store.withdraw(conn, report_id, reason)
        if before is not None and before["withdrawn_at"] is not None:
            raise CorrectionError(
                f"Rapport nr {report_id} är redan återkallad ({before['withdrawn_reason']}). "
                f"Ångra med: est rapport återställ {report_id}"
            )
        return before, []

    return _one_report(archive, ws, schema, Change("återkalla", dry_run=dry_run), report_id, withdraw, reason=reason)


def restore_report(
    archive: store.Archive, ws: Workspace, schema: Schema, report_id: int, dry_run: bool = False
) -> Change:
    def restore(conn) -> tuple[dict | None, list[int]]:
        done = store.restore(conn, report_id)
        if done is not None and done[0]["withdrawn_at"] is None:
            raise CorrectionError(f"Rapport nr {report_id} är inte återkallad; det finns inget att återställa.")
        return done or (None, [])

    return _one_report(archive, ws, schema, Change("återställ", dry_run=dry_run), report_id, restore)


def make_report_current(
    archive: store.Archive, ws: Workspace, schema: Schema, report_id: int, dry_run: bool = False
) -> Change:
    def make_current(conn) -> tuple[dict | None, list[int]]:
        return store.make_current(conn, report_id) or (None, [])

    return _one_report(archive, ws, schema, Change("gäller", dry_run=dry_run), report_id, make_current)


def _one_report(archive, ws, schema, change: Change, report_id: int, apply, **logged) -> Change:
    """A change of one report in one transaction: `apply(conn)` → (the report as it was, or None when
    there is none; the reports it now supersedes); then the log entry, and the week's workbook."""
    with archive.write() as conn:
        before, replaced = apply(conn)
        if before is None:
            raise _missing(report_id)
        change.reports.append(_row(conn, report_id))
        change.superseded = [(old, report_id) for old in replaced]
        change.weeks = [before["week"]]
        store.refresh_event_surplus(conn, change.weeks)
        details = {"report": report_id, "week": before["week"], **logged}
        store.add_log(conn, change.action, details | ({"supersedes": replaced} if replaced else {}))
        if change.dry_run:
            conn.rollback()
    _refresh(change, archive, ws, schema)
    return change


def move_area(
    archive: store.Archive,
    ws: Workspace,
    schema: Schema,
    old: str,
    new: str,
    week: str | None = None,
    dry_run: bool = False,
) -> Change:
    """`est område byt`: the reports filed under `old` (in `week`, or all) are moved to `new`."""
    from est_cli.text import fold

    if fold(old) == fold(new):
        raise CorrectionError(f"{old!r} och {new!r} är samma område för est (stora/små bokstäver räknas lika).")
    from est_cli.place_register import load_register
    from est_cli.store import place_keys

    week_id = _week(week) if week else None
    change = Change("område", dry_run=dry_run)
    register = load_register(ws.root)
    with archive.write() as conn:
        move = store.rename_area(conn, old, new, week_id)
        if not move.moved:
            conn.rollback()
            where = f" vecka {week_id}" if week_id else ""
            raise CorrectionError(
                f"Det finns inga rapporter under området {old!r}{where}. Se områdena med: est rapport list"
            )
        change.reports = move.moved
        change.superseded = move.superseded
        change.weeks = sorted({r.week for r in move.moved})
        # A place is registered per area: the moved observations count by the new area's places.
        place_keys.rekey(conn, register.key, [r.id for r in move.moved])
        store.refresh_event_surplus(conn, change.weeks)
        store.add_log(
            conn,
            "område",
            {
                "from": old,
                "to": new,
                "week": week_id,
                "reports": [r.id for r in move.moved],
                "superseded": move.superseded,
            },
        )
        if dry_run:
            conn.rollback()
    _refresh(change, archive, ws, schema)
    return change


def _week(text: str) -> str:
    from est_cli.periods import week_option

    return str(week_option(text))


def _refresh(change: Change, archive: store.Archive, ws: Workspace, schema: Schema) -> None:
    """Rewrite the workbooks that exist of the weeks the change touched (not in a dry run)."""
    if not change.dry_run:
        change.workbooks = refresh_workbooks(archive, ws, schema, change.weeks)


def refresh_workbooks(archive: store.Archive, ws: Workspace, schema: Schema, weeks: list[str]) -> list[Path]:
    """The workbooks of `weeks` that exist, written again from the archive; returns those written."""
    from est_cli.weekview.build import week_view
    from est_cli.workbook import write_week_workbook

    written: list[Path] = []
    for week in weeks:
        path = ws.drafts / week / f"sammanstallning-{week}.xlsx"
        if not path.exists():
            continue
        with archive.read() as conn:
            view = week_view(conn, ws, schema, IsoWeek.parse(week))
        write_week_workbook(view, path)
        written.append(path)
    return written
