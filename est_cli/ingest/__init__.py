"""Ingest: turn what the readers found in a file into Reports, Observations and Findings.

Files are made by reporters, not by us, so everything is found by its label: the header block
(Vecka, Område, Organisation, Rapportör, Datum) and the observation table (a header row with
a category column and Förekomst/Antal). Every row read is stored or listed as rejected.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from est_cli.findings import Finding, Location, finding
from est_cli.ingest.labels import header_field
from est_cli.ingest.tables import (
    ROW_ROLES,
    HeaderValue,
    TableSpec,
    find_header,
    find_tables,
    first_line,
    row_values,
)
from est_cli.ingest.values import BadValue, cell_text, is_blank, read_count, read_mark, read_severity, read_time
from est_cli.model import FileResult, Observation, Report
from est_cli.privacy import find_contacts, mask_personnummer, mask_text, scrub_file_result
from est_cli.readers.base import Grid, ReadResult, Source, Value
from est_cli.schema import ORG_KINDS, LabelIndex, Privacy, Schema, label_index
from est_cli.text import fold, label_key
from est_cli.weeks import IsoWeek, find_week_in_text, parse_date, parse_week


@dataclass
class Options:
    """What the caller knows besides the file: --year, --week (merge) and today's date."""

    year: int | None = None
    default_week: IsoWeek | None = None
    today: date | None = None


@dataclass
class _Draft:
    """A report being assembled, with the rows that belong to it."""

    header: dict[str, HeaderValue] = field(default_factory=dict)
    observations: list[Observation] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    rows_read: int = 0
    rows_rejected: int = 0
    sheet: str | None = None
    # Texts that may mention the week when no Vecka field exists (titles, sheet and file names):
    hints: list[tuple[str, Location]] = field(default_factory=list)
    area_from_sheet: str | None = None  # a sheet named after its area (one sheet per area)
    # A table's own report (not one split off by rows naming their own week/area), whose rows all
    # stayed with it: with a filled-in header and no rows it is a report of "no events".
    whole: bool = False


def ingest(read: ReadResult, schema: Schema, options: Options | None = None) -> FileResult:
    """Everything in one file: its reports, row accounting and findings (never raises for bad input)."""
    options = options or Options()
    result = FileResult(path=read.path, sha256=read.sha256, skipped=read.skipped)
    result.findings.extend(read.findings)
    if read.skipped:
        scrub_file_result(result)
        return result
    index = label_index(schema)
    for source in read.sources:
        _ingest_source(source, schema, index, options, result)
    result.rows_stored = result.rows_read - result.rows_rejected
    scrub_file_result(result)
    return result


def _sheet_name(source: Source, grid: Grid) -> str:
    return f"{source.attachment} › {grid.name}" if source.attachment else grid.name


def _ingest_source(source: Source, schema: Schema, index: LabelIndex, options: Options, result: FileResult) -> None:
    prefix = f"{source.attachment} › " if source.attachment else ""
    for f in source.findings:
        if prefix and f.location.sheet and not f.location.sheet.startswith(prefix):
            f.location = Location(prefix + f.location.sheet, f.location.row, f.location.col)
        elif prefix and not f.location.sheet:
            f.location = Location(source.attachment, f.location.row, f.location.col)
        result.findings.append(f)

    visible: list[Grid] = []
    for grid in source.grids:
        if grid.hidden:
            if any(not is_blank(v) for row in grid.rows for v in row):
                result.findings.append(finding("sheet-hidden", Location(_sheet_name(source, grid)), name=repr(grid.name)))
            continue
        visible.append(grid)

    with_tables = [(grid, find_tables(grid)) for grid in visible]
    table_grids = [(g, t) for g, t in with_tables if t]
    other_grids = [g for g, t in with_tables if not t]
    if not table_grids:
        if not any(f.severity == "error" for f in result.findings):
            result.findings.append(finding("no-observation-table", Location(prefix.removesuffix(" › ") or None)))
        return

    # Header values outside observation tables: other sheets, Word header tables, body text.
    shared: list[tuple[str, HeaderValue]] = []
    for grid in other_grids:
        shared.extend((_sheet_name(source, grid), hv) for hv in find_header(grid))
        if grid.kind == "sheet" and source.fmt in ("xlsx", "xls", "ods"):
            result.notes.append(f"Bladet {grid.name!r} har ingen händelsetabell och lästes bara för rubrikuppgifter.")

    shared_hints = [h for grid in other_grids for h in _text_cells(grid, source, 30)]
    file_hint = (source.attachment or Path(source.name).name, Location(source.attachment))
    word_like = source.fmt == "docx"
    drafts: list[_Draft] = []
    if word_like:
        draft = _Draft(sheet=_sheet_name(source, table_grids[0][0]), whole=True)
        for grid, tables in table_grids:
            local = find_header(grid, tables[0].header_row - 1)
            _take_header(draft, [(_sheet_name(source, grid), hv) for hv in local])
            draft.hints.extend(_text_cells(grid, source, tables[0].header_row - 1))
        _take_header(draft, shared)
        draft.hints.extend(shared_hints)
        draft.hints.append(file_hint)
        for grid, tables in table_grids:
            for table in tables:
                drafts.extend(_read_table(draft, grid, table, source, schema, index))
        draft.whole = not drafts
        drafts.insert(0, draft)
    else:
        for grid, tables in table_grids:
            for n, table in enumerate(tables):
                sheet = _sheet_name(source, grid)
                draft = _Draft(sheet=sheet)
                # Tables stacked on one sheet: each has its own header block between it and the
                # table above; what it lacks comes from the top of the sheet and other sheets.
                start = tables[n - 1].header_row + 1 if n else 1
                local = find_header(grid, table.header_row - 1, min_row=start)
                _take_header(draft, [(sheet, hv) for hv in local])
                if n:
                    _take_header(draft, [(sheet, hv) for hv in find_header(grid, tables[0].header_row - 1)], fill_only=True)
                _take_header(draft, shared, fill_only=n > 0)
                draft.hints.extend(_text_cells(grid, source, table.header_row - 1, start))
                draft.hints.append((grid.name, Location(sheet)))
                draft.hints.extend(shared_hints)
                draft.hints.append(file_hint)
                if grid.kind == "sheet" and source.fmt != "csv" and len(table_grids) > 1 and not _GENERIC_SHEET.match(grid.name):
                    draft.area_from_sheet = grid.name.strip()
                extra = _read_table(draft, grid, table, source, schema, index)
                draft.whole = not extra
                drafts.append(draft)
                drafts.extend(extra)

    for draft in drafts:
        if draft.rows_read == 0 and not draft.observations and draft.rows_rejected == 0:
            if not (draft.whole and any(not is_blank(draft.header[f].value) for f in _IDENTITY if f in draft.header)):
                continue
            # Header filled in, table empty: the reporter reported, and nothing happened. Stored as a
            # report without events (so the reporter is not listed as missing), and said so.
            draft.findings.append(finding("no-events", Location(draft.sheet)))
        report = _finish(draft, source, schema, options)
        result.reports.append(report)
        result.findings.extend(draft.findings)
        result.rows_read += draft.rows_read
        result.rows_rejected += draft.rows_rejected + (len(report.observations) if report.rejected else 0)


_IDENTITY = ("area", "organisation", "reporter")
_GENERIC_SHEET = re.compile(r"^\s*(blad|sheet|tabell|table|checklista|rapport|data|logg|händelser|ark)\s*\d*\s*$", re.I)


def _text_cells(grid: Grid, source: Source, max_row: int, min_row: int = 1) -> list[tuple[str, Location]]:
    """Text cells in rows min_row..max_row, as places a week may be mentioned ('Checklista v.47')."""
    sheet = _sheet_name(source, grid)
    return [
        (value, Location(sheet, r, c))
        for r, row in enumerate(grid.rows[min_row - 1 : max_row], start=min_row)
        for c, value in enumerate(row, start=1)
        if isinstance(value, str) and value.strip() and not _EXAMPLE_TEXT.search(value)
    ]


# Help texts ("t.ex. 47 eller 2026-W47") mention weeks that are examples, not the report's week.
_EXAMPLE_TEXT = re.compile(r"t\.\s?ex|till exempel|exempel|^\s*\(", re.I)


def _take_header(draft: _Draft, values: list[tuple[str, HeaderValue]], fill_only: bool = False) -> None:
    for sheet, hv in values:
        if is_blank(hv.value):
            continue
        current = draft.header.get(hv.field)
        if current is not None and fill_only:
            continue
        if current is None:
            draft.header[hv.field] = hv
            draft.header.setdefault("_sheet_" + hv.field, HeaderValue("_sheet", sheet, hv.row, hv.col))
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


_FIELD_NAMES = {"week": "Vecka", "area": "Område", "organisation": "Organisation", "reporter": "Rapportör", "datum": "Datum"}


# ------------------------------------------------------------------ rows

_TOTAL_ROWS = {"summa", "totalt", "total", "summa antal", "antal totalt", "totalsumma", "summering", "sammanlagt"}


def _read_table(
    draft: _Draft, grid: Grid, table: TableSpec, source: Source, schema: Schema, index: LabelIndex
) -> list[_Draft]:
    """Read the rows of one table into `draft`; rows naming their own week/area/… go to extra drafts."""
    sheet = _sheet_name(source, grid)
    cols = table.columns
    section: str | None = None
    organisation = cell_text(draft.header["organisation"].value) if "organisation" in draft.header else ""
    per_row = [role for role in ROW_ROLES if role in cols]
    extra: dict[tuple[str, ...], _Draft] = {}
    seen_items: set[str] = set()

    for r in range(table.header_row + 1, table.end_row + 1):
        row = grid.rows[r - 1]
        values = row_values(row, cols)
        label = first_line(values.get("item"))
        details = {k: v for k, v in values.items() if k != "item" and not is_blank(v)}
        if not label and not details:
            continue
        if label and header_field(label):
            continue  # the header block of a table further down the sheet, not an observation
        if label and not details and label_key(label) in index.section_titles:
            section = index.section_titles[label_key(label)]
            continue
        target = draft
        if per_row:
            key = tuple(cell_text(values.get(role)) for role in per_row)
            if any(key):
                if key not in extra:
                    extra[key] = _Draft(header=dict(draft.header), sheet=sheet)
                    for role in per_row:
                        if not is_blank(values.get(role)):
                            extra[key].header[role] = HeaderValue(role, values[role], r, cols[role])
                target = extra[key]
        target.rows_read += 1
        if not label:
            if set(details) <= {"ignore", *ROW_ROLES}:
                target.rows_read -= 1
                continue
            target.findings.append(finding("missing-item-label", Location(sheet, r, cols["item"])))
            target.rows_rejected += 1
            continue
        if label_key(label) in _TOTAL_ROWS:
            # A reporter's own sum row would count every event twice.
            target.findings.append(finding("total-row", Location(sheet, r, cols["item"]), label=label))
            target.rows_rejected += 1
            continue
        obs = _observation(target, values, label, table, sheet, r, schema, index, section, organisation)
        if obs is None:
            target.rows_rejected += 1
            continue
        if obs.item_id:
            seen_items.add(obs.item_id)
        target.observations.append(obs)

    if table.has_mark:
        _check_unanswered(draft, schema, seen_items, sheet, table)
    return list(extra.values())


def _observation(
    draft: _Draft,
    values: dict[str, Value],
    label: str,
    table: TableSpec,
    sheet: str,
    r: int,
    schema: Schema,
    index: LabelIndex,
    section: str | None,
    organisation: str,
) -> Observation | None:
    cols = table.columns
    loc = Location(sheet, r, cols["item"])
    findings = draft.findings

    label, _ = _masked(label, loc, findings)
    _check_contacts(label, "item", loc, findings, schema.privacy)
    # A personnummer in a number column must not become a count ("Antal: 6408233234"): masked, the
    # value is no number any more and the row is rejected with the cell named.
    for role in ("mark", "mark_yes", "mark_no", "count", "severity", "date", "time"):
        if role in cols and not is_blank(values.get(role)):
            masked, n = _masked(cell_text(values[role]), Location(sheet, r, cols[role]), findings)
            if n:
                values = {**values, role: masked}
    item_id, section_id, fuzzy = match_item(label, schema, index, section, organisation)
    if item_id is None:
        findings.append(finding("unknown-item", loc, label=label, schema=schema.id))
    elif fuzzy:
        findings.append(finding("item-fuzzy-match", loc, label=label, item=schema.item(item_id).label))

    # Occurrence and count.
    try:
        mark = _read_marks(values)
    except BadValue as bad:
        col = cols.get("mark") or cols.get("mark_yes")
        findings.append(finding("invalid-mark", Location(sheet, r, col), value=cell_text(bad.args[0])))
        return None
    try:
        count = read_count(values.get("count")) if "count" in cols else None
    except BadValue as bad:
        findings.append(finding("invalid-count", Location(sheet, r, cols["count"]), value=cell_text(bad.args[0])))
        return None

    has_details = any(not is_blank(values.get(k)) for k in ("place", "date", "time", "comment", "action", "severity"))
    if count is not None:
        final = count
        if mark == 0 and count > 0 or (mark is not None and mark >= 1 and count == 0):
            final = max(count, mark or 0)
            findings.append(
                finding(
                    "conflicting-mark",
                    Location(sheet, r, cols["count"]),
                    mark=cell_text(_mark_value(values)),
                    count=count,
                    used=final,
                )
            )
    elif mark is not None:
        final = mark
    elif table.has_mark:
        final = 0
        if has_details:
            col = cols.get("mark") or cols.get("mark_yes")
            findings.append(finding("details-without-mark", Location(sheet, r, col)))
    else:
        final = 1  # event log: a row is one event

    obs = Observation(
        item_id=item_id,
        label=label,
        count=final,
        location=loc,
        theme=schema.item(item_id).theme if item_id else None,
        section_id=section_id,
    )
    for role in ("place", "comment", "action"):
        if role in cols and not is_blank(values.get(role)):
            text, _ = _masked(cell_text(values[role]), Location(sheet, r, cols[role]), findings)
            _check_contacts(text, role, Location(sheet, r, cols[role]), findings, schema.privacy)
            setattr(obs, role, text)
    if "date" in cols and not is_blank(values.get("date")):
        obs.date = parse_date(values["date"])
        if obs.date is None:
            findings.append(finding("invalid-date", Location(sheet, r, cols["date"]), value=cell_text(values["date"])))
    if "time" in cols and not is_blank(values.get("time")):
        obs.time, _ = _masked(read_time(values["time"]), Location(sheet, r, cols["time"]), findings)
    if "severity" in cols:
        try:
            obs.severity = read_severity(values.get("severity"))
        except BadValue as bad:
            findings.append(finding("invalid-severity", Location(sheet, r, cols["severity"]), value=cell_text(bad.args[0])))
    return obs


def _mark_value(values: dict[str, Value]) -> Value:
    return values.get("mark") if not is_blank(values.get("mark")) else values.get("mark_yes") or values.get("mark_no")


def _read_marks(values: dict[str, Value]) -> int | None:
    if "mark" in values:
        return read_mark(values["mark"])
    yes = read_mark(values.get("mark_yes")) if "mark_yes" in values else None
    no = read_mark(values.get("mark_no")) if "mark_no" in values else None
    if yes and no:
        raise BadValue(f"{cell_text(values.get('mark_yes'))} / {cell_text(values.get('mark_no'))}")
    if yes:
        return yes
    if no:  # a mark in the Nej column
        return 0
    return None


def _masked(text: str, loc: Location, findings: list[Finding]) -> tuple[str, int]:
    masked, n = mask_personnummer(text)
    if n:
        findings.append(finding("personnummer-masked", loc))
    return masked, n


_FREE_TEXT = {"item": "Punkt", "place": "Plats", "comment": "Kommentar", "action": "Åtgärd",
              "area": "Område", "organisation": "Organisation", "reporter": "Rapportör"}


def _check_contacts(text: str, role: str, loc: Location, findings: list[Finding], privacy: Privacy) -> None:
    """The schema's `privacy:` option: warn (never reject) about phone numbers and e-mail addresses."""
    if not (privacy.warn_phone or privacy.warn_email) or not text:
        return
    phones, emails = find_contacts(text)
    where = f"cell {loc.cell}" if loc.cell else (f"rad {loc.row}" if loc.row else (loc.sheet or "hela filen"))
    if phones and privacy.warn_phone:
        findings.append(finding("phone-in-text", loc, field=_FREE_TEXT[role], where=where))
    if emails and privacy.warn_email:
        findings.append(finding("email-in-text", loc, field=_FREE_TEXT[role], where=where))


def _check_unanswered(draft: _Draft, schema: Schema, seen: set[str], sheet: str, table: TableSpec) -> None:
    """In checklist tables, items of a section that is present but missing from the table."""
    missing = []
    for section in schema.sections:
        ids = [i.id for i in section.items]
        present = [i for i in ids if i in seen]
        if len(present) * 2 >= len(ids):
            missing.extend(schema.item(i).label for i in ids if i not in seen)
    if missing:
        draft.findings.append(
            finding(
                "items-not-answered",
                Location(sheet, table.header_row),
                n=len(missing),
                items=", ".join(repr(m) for m in missing),
            )
        )


# ------------------------------------------------------------------ items

_SEPARATORS = (":", " – ", " - ", " — ", "(", "\n", ";")


def match_item(
    label: str, schema: Schema, index: LabelIndex, section: str | None = None, organisation: str = ""
) -> tuple[str | None, str | None, bool]:
    """(item id, section id, fuzzy?) for a label as written; (None, None, False) when unknown.

    Matches case-, accent- and punctuation-blind, with a leading item number stripped, on the
    label or an alias; then on the text before a separator ('Skadegörelse: krossad ruta');
    then on a close spelling (reported as fuzzy).
    """
    keys = [label_key(label)]
    for sep in _SEPARATORS:
        if sep in label:
            keys.append(label_key(label.split(sep, 1)[0]))
    for key in keys:
        if key and key in index.exact:
            section_id, item_id = _choose(index.exact[key], schema, section, organisation)
            return item_id, section_id, False
    key = keys[0]
    if len(key) >= 4:
        close = difflib.get_close_matches(key, list(index.exact), n=1, cutoff=0.88)
        if close:
            section_id, item_id = _choose(index.exact[close[0]], schema, section, organisation)
            return item_id, section_id, True
    return None, None, False




def _choose(candidates: list[tuple[str, str]], schema: Schema, section: str | None, organisation: str) -> tuple[str, str]:
    if len(candidates) == 1:
        return candidates[0]
    if section:
        for pair in candidates:
            if pair[0] == section:
                return pair
    org = fold(organisation)
    for pair in candidates:
        sec = next(s for s in schema.sections if s.id == pair[0])
        for kind in sec.reported_by:
            if any(word in org for word in ORG_KINDS.get(kind, (kind,))):
                return pair
    return candidates[0]


# ------------------------------------------------------------------ report header


def _finish(draft: _Draft, source: Source, schema: Schema, options: Options) -> Report:
    header = draft.header
    findings = draft.findings

    def text_of(name: str) -> tuple[str, Location]:
        hv = header.get(name)
        if hv is None:
            return "", Location(draft.sheet)
        sheet = header.get("_sheet_" + name)
        loc = Location(sheet.value if sheet else draft.sheet, hv.row, hv.col)  # type: ignore[arg-type]
        text, _ = _masked(cell_text(hv.value), loc, findings)
        return text, loc

    area, area_loc = text_of("area")
    organisation, organisation_loc = text_of("organisation")
    reporter, reporter_loc = text_of("reporter")
    for role, value, where in (("area", area, area_loc), ("organisation", organisation, organisation_loc),
                               ("reporter", reporter, reporter_loc)):
        _check_contacts(value, role, where, findings, schema.privacy)
    datum: date | None = None
    if "datum" in header:
        datum = parse_date(header["datum"].value)
        if datum is None:
            _, loc = text_of("datum")
            findings.append(finding("invalid-date", loc, value=cell_text(header["datum"].value)))

    week: IsoWeek | None = None
    if "week" in header:
        raw = header["week"].value
        _, loc = text_of("week")
        parsed = parse_week(raw, year=options.year, datum=datum, today=options.today)
        if parsed.week is None:
            findings.append(finding("invalid-week", loc, value=cell_text(raw)))
        else:
            week = parsed.week
            if parsed.range_of:
                findings.append(finding("week-range", loc, value=parsed.range_of, week=str(week)))
            if parsed.year_source == "dagens datum":
                findings.append(
                    finding("week-year-assumed", loc, value=cell_text(raw), year=week.year, reason="dagens datum")
                )
    else:
        week = _week_from_hints(draft, datum, options, findings)
    if week is None and "week" not in header:
        findings.append(finding("missing-week", Location(draft.sheet)))

    if not area and draft.area_from_sheet:
        area = draft.area_from_sheet
        findings.append(finding("area-from-sheet", Location(draft.sheet), area=area))
    if not area:
        findings.append(finding("missing-area", Location(draft.sheet)))
    if not organisation:
        findings.append(finding("missing-organisation", Location(draft.sheet)))
    if not reporter:
        findings.append(finding("missing-reporter", Location(draft.sheet)))

    if week is not None:
        first, last = week.days()
        for obs in draft.observations:
            if obs.date and not (first - timedelta(days=7) <= obs.date <= last + timedelta(days=7)):
                findings.append(finding("week-date-mismatch", obs.location, date=obs.date.isoformat(), week=str(week)))

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


def _week_from_hints(draft: _Draft, datum: date | None, options: Options, findings: list[Finding]) -> IsoWeek | None:
    """No Vecka field: a week in a title or sheet name, else --week, else the file name — said in a warning."""
    file_hint = draft.hints[-1:] if draft.hints else []
    for text, loc in draft.hints[:-1]:
        week = _hint_week(text, datum, options)
        if week:
            where = f"texten {mask_text(text).strip()[:60]!r}" if loc.row else f"bladnamnet {text!r}"
            findings.append(finding("week-guessed", loc, week=str(week), where=where))
            return week
    if options.default_week is not None:
        return options.default_week
    for text, loc in file_hint:
        week = _hint_week(text, datum, options)
        if week:
            findings.append(finding("week-guessed", loc, week=str(week), where=f"filnamnet {text!r}"))
            return week
    return None


def _hint_week(text: str, datum: date | None, options: Options) -> IsoWeek | None:
    mention = find_week_in_text(text)
    if not mention:
        return None
    return parse_week(mention, year=options.year, datum=datum, today=options.today).week


def ingest_path(path: Path, schema: Schema, options: Options | None = None) -> FileResult:
    """Read and ingest one file."""
    from est_cli.readers import read_file

    return ingest(read_file(path), schema, options)


__all__ = ["Options", "ingest", "ingest_path", "match_item"]
