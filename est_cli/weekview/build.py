"""The compiled week from the archive: every number, event and reporter the workbook and the
lägesbild show for one week, with the weeks it is compared with. Only active reports count."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from est_cli import store
from est_cli.findings import column_letter
from est_cli.place_register import PlaceRegister, load_register
from est_cli.reporting_period import ReportingWindow
from est_cli.schema import Schema, organisation_kind, theme_kind
from est_cli.swedish import MISSING
from est_cli.text import fold
from est_cli.weeks import IsoWeek, weeks_in_year
from est_cli.weekview import EventRow, ExpectedRow, ExpectedStatus, OverviewRow, RejectedRow, WeekView
from est_cli.workspace import Workspace


def week_view(conn, workspace: Workspace, schema: Schema, week: IsoWeek) -> WeekView:
    """Everything the compiled workbook shows for one week, from the archive's active reports."""
    previous, before = week.shift(-1), week.shift(-2)
    last_year = same_week_last_year(week)
    view = WeekView(
        kommun=workspace.kommun,
        schema_name=schema.name,
        week=str(week),
        previous_week=str(previous),
        week_before=str(before),
        same_week_last_year=str(last_year),
        deadline=workspace.deadline_for(week),
        compiled_at=datetime.now().replace(microsecond=0),
        window=workspace.window_for(week),
    )
    reports = store.active_reports(conn, str(week))
    labels = {item.id: (item.label, item.theme) for item in schema.items}
    _add_overview(view, conn, workspace, schema, reports, [week, previous, before, last_year])
    grouped = store.week_events(conn, str(week))
    register = load_register(workspace.root)
    rows = [
        _placed(_event(obs, labels, grouped.get(obs["id"]), view.period), register)
        for obs in store.week_observations(conn, str(week))
        if obs["count"] > 0
    ]
    # The rows of one event together, where its first row is (Händelser reads them as one event).
    first: dict[int, int] = {}
    for n, row in enumerate(rows):
        first.setdefault(row.event, n)
    name = organisation_names(workspace, reports)
    view.events = [
        replace(
            row,
            organisation=name(row.organisation),
            restricted=workspace.organisation_rule(row.organisation).restricted,
        )
        for row in sorted(rows, key=lambda r: first[r.event])
    ]
    view.expected = [replace(row, organisation=name(row.organisation)) for row in _expected_rows(workspace, reports)]
    view.reports = store.report_counts(conn, [str(w) for w in (week, previous, before, last_year)])
    view.rejected = [
        RejectedRow(err["name"], _where(err["sheet"], err["row"], err["col"]), err["code"], err["message"])
        for err in store.week_errors(conn, str(week))
    ]
    view.warnings = [
        RejectedRow(w["name"], _where(w["sheet"], w["row"], w["col"]), w["code"], w["message"])
        for w in store.week_warnings(conn, str(week))
    ]
    return view


def _add_overview(
    view: WeekView, conn, workspace: Workspace, schema: Schema, reports: list[dict], weeks: list[IsoWeek]
) -> None:
    """One row per area × item for the week and its comparison weeks (None where an area had no report)."""
    week, previous, before, last_year = weeks
    counts, reported = store.counts_and_reported(conn, [str(w) for w in weeks])
    present = store.areas_with_reports(conn, [str(w) for w in weeks])
    area_names: dict[str, str] = {fold(a): a for a in workspace.areas}
    for report in reports:
        area_names.setdefault(report["area_key"], report["area"])
    labels = {item.id: (item.label, item.theme) for item in schema.items}
    kinds = schema.kinds()
    order = {item.id: n for n, item in enumerate(schema.items)}
    for area_key, area in area_names.items():
        if (str(week), area_key) not in present:
            if area in workspace.areas:
                view.areas_without_reports.append(area)
            continue
        keys = {key for (w, a, key) in counts if a == area_key} | set(labels)
        for key in sorted(keys, key=lambda k: (order.get(k, len(order)), k)):
            label, theme = labels.get(key, (key, None))

            def value(w: IsoWeek, area_key: str = area_key, key: str = key) -> int | None:
                return counts.get((str(w), area_key, key), 0) if (str(w), area_key) in present else None

            this_week = value(week) or 0
            as_reported = reported.get((str(week), area_key, key), 0)
            view.overview.append(
                OverviewRow(
                    area=area,
                    key=key,
                    label=label,
                    theme=theme,
                    this_week=this_week,
                    previous_week=value(previous),
                    week_before=value(before),
                    same_week_last_year=value(last_year),
                    reported=as_reported if as_reported != this_week else None,
                    kind=kinds.get(key) or theme_kind(theme),
                )
            )


def _event(
    obs: dict, labels: Mapping[str, tuple[str, str | None]], event: tuple[int, int] | None, window: ReportingWindow
) -> EventRow:
    return EventRow(
        area=obs["area"],
        key=obs["key"],
        label=labels.get(obs["key"], (obs["label"], None))[0],
        count=obs["count"],
        place=obs["place"],
        date=obs["date"],
        time=obs["time"],
        severity=obs["severity"],
        comment=obs["comment"],
        action=obs["action"],
        organisation=obs["organisation"],
        reporter=obs["reporter"],
        source=obs["source_name"],
        location=_where(obs["sheet"], obs["row"], obs["col"]),
        id=obs["id"],
        event=event[0] if event else obs["id"],
        counted=event[1] if event else None,
        outside_period=obs["date"] is not None and not window.contains(obs["date"], obs["time"] or ""),
    )


def _placed(row: EventRow, register: PlaceRegister) -> EventRow:
    """The row's place as est counts it with the place register (an alias is its registered place)."""
    area_key = fold(row.area)
    row.place_key = register.key(area_key, row.place)
    registered = register.place(area_key, row.place_key)
    row.registered_place = registered.name if registered else ""
    return row


def organisation_names(workspace: Workspace, reports: list[dict]):
    """One spelling per organisation: est.toml's where it names the organisation ("Örebro kommun",
    "kommun" and "Kommun" are est.toml's "Kommun"), else the week's most common spelling. Two
    organisations of one kind in est.toml ("ÖBO" and "Stena Fastigheter") are never merged: a name
    that is neither of them stays as written."""
    configured: dict[str, list[str]] = {}
    for expected in workspace.expected:
        names = configured.setdefault(organisation_kind(expected.organisation), [])
        if expected.organisation not in names:
            names.append(expected.organisation)
    spellings = Counter(" ".join(str(r["organisation"] or "").split()) for r in reports)

    def name(organisation: str) -> str:
        written = " ".join(str(organisation or "").split())
        if not written:
            return organisation
        kind = organisation_kind(written)
        names = configured.get(kind, [])
        exact = [n for n in names if fold(n) == fold(written)]
        if exact or len(names) == 1:
            return (exact or names)[0]
        if names:
            return written
        same = [s for s in spellings if s and fold(s) == fold(written)]
        return max(same, key=lambda s: (spellings[s], s[:1].isupper())) if same else written

    return name


def _expected_rows(workspace: Workspace, reports: list[dict]) -> list[ExpectedRow]:
    """The expected reporters of est.toml in its order (came in, late or missing), then the reports
    of reporters nobody expected."""
    rows: list[ExpectedRow] = []
    matched: set[int] = set()
    for expected in workspace.expected:
        hit = next(
            (
                r
                for r in reports
                if r["id"] not in matched
                and r["area_key"] == fold(expected.area)
                and _same_reporter(r["reporter_key"], expected.reporter)
            ),
            None,
        )
        if hit:
            matched.add(hit["id"])
            status = ExpectedStatus.LATE if hit["late"] else ExpectedStatus.RECEIVED
            rows.append(
                ExpectedRow(
                    expected.area,
                    expected.organisation,
                    expected.reporter,
                    status,
                    hit["received_at"],
                    hit["source_name"],
                    hit["received_from"],
                )
            )
        else:
            rows.append(ExpectedRow(expected.area, expected.organisation, expected.reporter, ExpectedStatus.MISSING))
    for r in reports:
        if r["id"] not in matched:
            status = ExpectedStatus.LATE if r["late"] else ExpectedStatus.UNEXPECTED
            rows.append(
                ExpectedRow(
                    r["area"],
                    r["organisation"],
                    r["reporter"] or MISSING,
                    status,
                    r["received_at"],
                    r["source_name"],
                    r["received_from"],
                )
            )
    return rows


def _same_reporter(key: str, expected: str) -> bool:
    want = fold(expected)
    return bool(key) and (key == want or want in key or key in want)


def _where(sheet: str | None, row: int | None, col: int | None) -> str:
    if row and col:
        return f"{sheet or ''}!{column_letter(col)}{row}".lstrip("!")
    if row:
        return f"{sheet or ''}, rad {row}".lstrip(", ")
    return sheet or ""


def same_week_last_year(week: IsoWeek) -> IsoWeek:
    """Week 53 has no twin in a 52-week year: compare with week 52 then."""
    return IsoWeek(week.year - 1, min(week.week, weeks_in_year(week.year - 1)))


__all__ = ["same_week_last_year", "week_view"]
