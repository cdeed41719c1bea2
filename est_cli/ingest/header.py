"""Header values → the report's identity: taking values into a draft (conflicts noted), then the
week, area, organisation, reporter and datum of the finished Report, with their findings.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from est_cli.findings import Finding, Location, finding
from est_cli.ingest.dates import DayMonth, read_event_date
from est_cli.ingest.draft import Draft
from est_cli.ingest.privacy_checks import mask_cell
from est_cli.ingest.tables import HeaderValue
from est_cli.ingest.values import cell_text, is_blank
from est_cli.model import Report
from est_cli.periods import weeks_between
from est_cli.privacy import mask_text
from est_cli.readers.base import Source
from est_cli.reporting_period import ReportingWindow
from est_cli.schema import Schema
from est_cli.swedish import WEEKDAYS
from est_cli.text import fold
from est_cli.weeks import IsoWeek, find_week_in_text, parse_week

if TYPE_CHECKING:
    from est_cli.ingest import Options

IDENTITY_FIELDS = ("area", "organisation", "reporter")
_FIELD_NAMES = {
    "week": "Vecka",
    "area": "Område",
    "organisation": "Organisation",
    "reporter": "Rapportör",
    "datum": "Datum",
}


def take_header(draft: Draft, values: list[tuple[str, HeaderValue]], fill_only: bool = False) -> None:
    """Take (sheet, header value) pairs into the draft: the first value of a field wins, a later
    different one is a `conflicting-header` warning (or, with `fill_only`, silently ignored)."""
    for sheet, hv in values:
        if is_blank(hv.value):
            continue
        current = draft.header.get(hv.field)
        if current is not None and fill_only:
            continue
        if current is None:
            draft.header[hv.field] = hv
            draft.header_sheets.setdefault(hv.field, sheet)
        elif fold(cell_text(current.value)) != fold(cell_text(hv.value)) and hv.field != "datum":
            draft.findings.append(
                finding(
                    "conflicting-header",
                    Location(sheet, hv.row, hv.col),
                    field=_FIELD_NAMES[hv.field],
                    values=f"{cell_text(current.value)!r} och {cell_text(hv.value)!r}",
                    chosen=cell_text(current.value),
                )
            )


def has_identity(draft: Draft) -> bool:
    """Is any of area, organisation or reporter filled in?"""
    return any(not is_blank(draft.header[f].value) for f in IDENTITY_FIELDS if f in draft.header)


def finish_report(draft: Draft, source: Source, schema: Schema, options: Options) -> Report:
    """The draft as a Report; rejected when its week, area or organisation is missing."""
    area, organisation, reporter = _identity(draft)
    sent = source.email_date.date() if source.email_date else None
    datum = _datum(draft, sent or options.today or date.today())
    week, spanned = _week(draft, datum, sent, options)
    area = _check_identity(draft, area, organisation, reporter)
    if week is not None:
        window = options.period.window(week) if options.period else None
        _date_weekdays(draft, week, window)
        # A report of two weeks ("v. 46–47", or any report of a checklist filled in every other week)
        # covers both weeks' periods: its first week's events are no events outside its period.
        covered = max(spanned, 2 if schema.cadence == "biweekly" else 1)
        if window is not None and covered > 1:
            window = replace(window, start=window.start - timedelta(weeks=covered - 1))
        _check_event_dates(draft, week, window)

    rejected = week is None or not area or not organisation
    return Report(
        schema_id=schema.id,
        week=str(week) if week else None,
        area=area,
        organisation=organisation,
        reporter=reporter,
        datum=datum,
        source_name=source.name,
        sheet=draft.sheet,
        email_sender=source.email_sender,
        email_date=source.email_date,
        observations=draft.observations,
        rejected=rejected,
    )


def _header_text(draft: Draft, name: str) -> tuple[str, Location]:
    """A header field's text (personnummer masked) and the cell it came from."""
    hv = draft.header.get(name)
    if hv is None:
        return "", Location(draft.sheet)
    loc = Location(draft.header_sheets.get(name, draft.sheet), hv.row, hv.col)
    text, _ = mask_cell(cell_text(hv.value), loc, draft.findings)
    return text, loc


def _identity(draft: Draft) -> tuple[str, str, str]:
    """(area, organisation, reporter) as written (individdata masked where the header was read)."""
    area, _ = _header_text(draft, "area")
    organisation, _ = _header_text(draft, "organisation")
    reporter, _ = _header_text(draft, "reporter")
    return area, organisation, reporter


def _datum(draft: Draft, near: date) -> date | None:
    """The report's Datum field; '18/11' without a year is in the year nearest `near` (the e-mail's date,
    else today)."""
    if "datum" not in draft.header:
        return None
    written = read_event_date(draft.header["datum"].value)
    datum = written.nearest(near) if isinstance(written, DayMonth) else written
    if datum is None:
        _, loc = _header_text(draft, "datum")
        draft.findings.append(finding("invalid-date", loc, value=cell_text(draft.header["datum"].value)))
    return datum


def _week(draft: Draft, datum: date | None, sent: date | None, options: Options) -> tuple[IsoWeek | None, int]:
    """The Vecka field, else a week guessed from the hints, else --week; `missing-week` when none. With
    the number of weeks the report covers: 2 for "v. 46–47" (stored in its last week)."""
    findings = draft.findings
    week: IsoWeek | None = None
    spanned = 1
    if "week" in draft.header:
        raw = draft.header["week"].value
        _, loc = _header_text(draft, "week")
        parsed = parse_week(raw, year=options.year, datum=datum, sent=sent, today=options.today, period=options.period)
        if parsed.week is None:
            findings.append(finding("invalid-week", loc, value=cell_text(raw)))
        else:
            week = parsed.week
            if parsed.range_of:
                findings.append(finding("week-range", loc, value=parsed.range_of, week=str(week)))
                if parsed.first is not None:
                    spanned = len(weeks_between(parsed.first, week))
            if parsed.year_source == "dagens datum":
                findings.append(
                    finding("week-year-assumed", loc, value=cell_text(raw), year=week.year, reason="dagens datum")
                )
    else:
        week = _week_from_hints(draft, datum, sent, options, findings)
    if week is None and "week" not in draft.header:
        findings.append(finding("missing-week", Location(draft.sheet)))
    return week, spanned


def _check_identity(draft: Draft, area: str, organisation: str, reporter: str) -> str:
    """The area (from the sheet name when no Område field has one); a finding for each field missing."""
    findings = draft.findings
    if not area and draft.area_from_sheet:
        area = draft.area_from_sheet
        findings.append(finding("area-from-sheet", Location(draft.sheet), area=area))
    if not area:
        findings.append(finding("missing-area", Location(draft.sheet)))
    if not organisation:
        findings.append(finding("missing-organisation", Location(draft.sheet)))
    if not reporter:
        findings.append(finding("missing-reporter", Location(draft.sheet)))
    return area


def _date_weekdays(draft: Draft, week: IsoWeek, window: ReportingWindow | None) -> None:
    """Dates written without a year ('12/11') in the year nearest the report's period. Events of a
    weekday column: the date its title names ('Mån 23/11': the year whose 23/11 lies
    nearest the week), else that weekday of the report's period (a 'Tor' column in the week-47 report of
    a period from torsdag is the Thursday before the deadline, in ISO week 46; outside a workspace, the
    ISO week's). A title whose date lies outside the period (or week), or falls on another weekday, is
    named."""
    near = window.start.date() if window else week.monday()
    for obs in draft.observations:  # '12/11' in a Datum column: the year nearest the report's period
        if obs.date is None and obs.day_month is not None:
            obs.date = DayMonth(*obs.day_month).nearest(near)
    for obs, day in draft.days:
        written = day.written_date(near)
        if written is not None:
            obs.date = written
        elif window is not None:
            obs.date = window.date_of_weekday(day.weekday, obs.time)
        else:
            obs.date = week.monday() + timedelta(days=day.weekday)
    for day, loc in draft.day_titles:
        written = day.written_date(near)
        if written is not None and window is not None and written not in window.days():
            what = f"Kolumnen {day.title!r}"
            draft.findings.append(_outside(what, written.isoformat(), window, "Händelserna i kolumnen", loc))
        elif written is not None and window is None and IsoWeek.of(written) != week:
            # a template's dates left from another week
            draft.findings.append(finding("week-date-mismatch", loc, date=written.isoformat(), week=str(week)))
        if written is not None and written.weekday() != day.weekday:
            draft.findings.append(
                finding(
                    "day-date-mismatch",
                    loc,
                    title=day.title,
                    date=written.isoformat(),
                    weekday=WEEKDAYS[written.weekday()],
                )
            )


def _outside(what: str, when: str, window: ReportingWindow, kept: str, loc: Location) -> Finding:
    return finding(
        "date-outside-period",
        loc,
        what=what,
        date=when,
        period=window.span_text(times=True),
        week=window.week.week,
        kept=kept,
    )


def _week_of_day_titles(draft: Draft, datum: date | None, options: Options) -> tuple[IsoWeek, Location] | None:
    """The week the dates in a weekday table's column titles lie in (the most common one; with a reporting
    period, the week whose period holds the date), with the first dated title's cell; the year of '23/11'
    is --year's, else the one nearest the Datum field or today."""
    near = datum or options.today or date.today()
    weeks: list[IsoWeek] = []
    where: Location | None = None
    for day, loc in draft.day_titles:
        if day.full_date is None and day.day_month is not None and options.year:
            written = day.written_date(date(options.year, 7, 1))
        else:
            written = day.written_date(near)
        if written is not None:
            weeks.append(options.period.week_of_day(written) if options.period else IsoWeek.of(written))
            where = where or loc
    if not weeks or where is None:
        return None
    return max(weeks, key=weeks.count), where


def _check_event_dates(draft: Draft, week: IsoWeek, window: ReportingWindow | None) -> None:
    """Events dated outside the report's period (a weekday column's title is named once, not each of
    its events); outside a workspace, events more than a week outside the report's ISO week."""
    from_titles = {id(obs) for obs, day in draft.days if day.full_date or day.day_month}
    first, last = week.days()
    for obs in draft.observations:
        if obs.date is None or id(obs) in from_titles:
            continue
        if window is not None and not window.contains(obs.date, obs.time):
            when = obs.date.isoformat() + (f" kl. {obs.time}" if obs.time else "")
            draft.findings.append(_outside("Händelsen", when, window, "Den", obs.location))
        elif window is None and not (first - timedelta(days=7) <= obs.date <= last + timedelta(days=7)):
            draft.findings.append(
                finding("week-date-mismatch", obs.location, date=obs.date.isoformat(), week=str(week))
            )


def _week_from_hints(
    draft: Draft, datum: date | None, sent: date | None, options: Options, findings: list[Finding]
) -> IsoWeek | None:
    """No Vecka field: a week in a title or sheet name, else the week of the Datum field, else --week,
    else the file name, the e-mail's subject or name, or the folder – each said in a warning."""
    for text, loc in draft.hints:
        week = _hint_week(text, datum, sent, options)
        if week:
            where = f"texten {mask_text(text).strip()[:60]!r}" if loc.row else f"bladnamnet {text!r}"
            findings.append(finding("week-guessed", loc, week=str(week), where=where))
            return week
    from_days = _week_of_day_titles(draft, datum, options)
    if from_days is not None:
        findings.append(finding("week-from-days", from_days[1], week=str(from_days[0])))
        return from_days[0]
    if datum is not None:
        week = IsoWeek.of(datum)
        findings.append(finding("week-from-date", Location(draft.sheet), week=str(week), date=datum.isoformat()))
        return week
    if options.default_week is not None:
        findings.append(finding("week-from-option", Location(draft.sheet), week=str(options.default_week)))
        return options.default_week
    for text, what, loc in draft.source_hints:
        week = _hint_week(text, datum, sent, options)
        if week:
            findings.append(finding("week-guessed", loc, week=str(week), where=f"{what} {mask_text(text)[:60]!r}"))
            return week
    return None


def _hint_week(text: str, datum: date | None, sent: date | None, options: Options) -> IsoWeek | None:
    mention = find_week_in_text(text)
    if not mention:
        return None
    return parse_week(mention, year=options.year, datum=datum, sent=sent, today=options.today).week
