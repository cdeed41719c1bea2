"""Ingest: turn what the readers found in a file into Reports, Observations and Findings.

Files are made by reporters, not by us, so everything is found by its label: the header block
(Vecka, Område, Organisation, Rapportör, Datum) and the observation table (a header row with
a category column and Förekomst/Antal). Every row read is stored or listed as rejected.

This module only walks a file's sources; each step lives in the module named for it:

    layouts.py         a source's grids → report drafts (Word: one report per document;
                       workbooks/CSV: one per sheet or stacked table); hidden sheets, header
                       values shared across sheets (draft.py: the `Draft` being assembled)
    tables.py          in one grid: the observation tables' header rows and columns, and the
                       header block's values ('Vecka | 47', 'Vecka: 47', a label above its value)
    labels.py          the header labels and column titles, with their synonyms
    rows.py            table rows → observations: marks/counts, total rows, unanswered items
    crosstab.py        cross-tab tables: a column per weekday ('Mån 23/11') or per area (under
                       'Område', a workspace area, or guessed with a warning), the reporter's Summa
    crossrows.py       their rows: weekday cells summed, each day's events dated once the week is
                       known (header.py); one report per area column
    responses.py       one row per response (a Forms export: the items as columns)
    values.py          one cell → a mark, count, severity or time as reporters write them
    items.py           a row's label → the schema's item
    header.py          header values → the report's identity (week, area, organisation,
                       reporter, datum) and its findings ('week-guessed', 'missing-area' …)
    privacy_checks.py  personnummer masked and contacts warned about, naming the cell
    responses.py       one row per response (a Forms export: the items as columns), each row a report
    records.py         a Word document without an observation table: its checklist as records (an
                       item with its answers, each in its own cell) read by rows.observation –
    lists.py             the checklist as paragraphs ("☒ Klotter", "Brand: Ja (1)", "Klotter: -")
    questions.py         question-style tables (an item, then "Har det hänt?", "Hur många gånger?" …)

Where to add a new input layout:

- a new spelling of a label or column title: the synonyms in labels.py;
- a new way of writing a mark, count or time: values.py;
- a new shape of the header block ('Label: value' pairs on one line …): tables.find_header;
- a new shape of the table's header (two header rows, merged cells …): tables.find_tables;
- a new kind of column per something (per weekday, per area …): crosstab.find_cross and crossrows;
- a new mapping of grids to reports (a Google Forms export with one response per row …): a
  layout function in layouts.py beside `one_report_per_table`, chosen in `choose_layout`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from est_cli.findings import Location, finding
from est_cli.individdata import ALLOWED
from est_cli.ingest.draft import Draft
from est_cli.ingest.header import finish_report, has_identity
from est_cli.ingest.items import match_item
from est_cli.ingest.layouts import source_drafts
from est_cli.model import FileResult
from est_cli.privacy import MAILBOXES, scrub_file_result
from est_cli.readers.base import ReadResult, Source
from est_cli.reporting_period import ReportingPeriod
from est_cli.schema import LabelIndex, Schema, label_index
from est_cli.text import fold
from est_cli.weeks import IsoWeek


@dataclass
class Options:
    """What the caller knows besides the file: --year, --week (merge) and today's date."""

    year: int | None = None
    default_week: IsoWeek | None = None
    today: date | None = None
    aliases: dict[str, str] = field(default_factory=dict)  # the workspace's confirmed labels (alias.toml)
    areas: tuple[str, ...] = ()  # the workspace's areas (est.toml's omraden): column titles that are areas
    # The workspace's reporting period (est.toml's rapportperiod): weekday columns are dated inside it and an
    # event dated outside it is named. None (outside a workspace): the ISO week, Monday to Sunday.
    period: ReportingPeriod | None = None
    # Words never masked as personal names (est.toml [individdata] tillat, the workspace's own areas,
    # organisations and functions), and the function mailboxes whose senders are kept whole ([epost]).
    allowed: frozenset[str] = frozenset()
    mailboxes: frozenset[str] = frozenset()


def ingest(read: ReadResult, schema: Schema, options: Options | None = None) -> FileResult:
    """Everything in one file: its reports, row accounting and findings (never raises for bad input)."""
    options = options or Options()
    allowed = ALLOWED.set(options.allowed | frozenset(fold(a) for a in options.areas))
    mailboxes = MAILBOXES.set(options.mailboxes)
    try:
        return _ingest(read, schema, options)
    finally:
        ALLOWED.reset(allowed)
        MAILBOXES.reset(mailboxes)


def _ingest(read: ReadResult, schema: Schema, options: Options) -> FileResult:
    result = FileResult(path=read.path, sha256=read.sha256, skipped=read.skipped)
    result.findings.extend(read.findings)
    if read.skipped:
        scrub_file_result(result)
        return result
    index = label_index(schema, options.aliases)
    for source in read.sources:
        _ingest_source(source, schema, index, options, result)
    result.rows_stored = result.rows_read - result.rows_rejected
    scrub_file_result(result)
    return result


def ingest_path(path: Path, schema: Schema, options: Options | None = None) -> FileResult:
    """Read and ingest one file."""
    from est_cli.readers import read_file

    return ingest(read_file(path), schema, options)


def _ingest_source(source: Source, schema: Schema, index: LabelIndex, options: Options, result: FileResult) -> None:
    _take_source_findings(source, result)
    _check_mail(source, result)
    drafts = source_drafts(source, schema, index, result, frozenset(fold(a) for a in options.areas))
    _add_reports(drafts, source, schema, options, result)


def _check_mail(source: Source, result: FileResult) -> None:
    """Individdata in an e-mail's subject and sender's name, named as such ("e-post: ämne", "e-post:
    avsändare"). (The sender is kept as its domain unless est.toml knows the mailbox: privacy.sender_kept.)"""
    from est_cli.ingest.privacy_checks import individdata_findings
    from est_cli.privacy import mask_all

    found: list = []
    if source.email_subject:
        individdata_findings(mask_all(source.email_subject)[1], Location("e-post: ämne"), found)
    if source.email_sender:  # the display name ("Anna Fjällgren <…>"); the address is kept as its domain
        name = source.email_sender.split("<", 1)[0]
        individdata_findings(mask_all(name)[1], Location("e-post: avsändare"), found)
    known = {(f.code, f.location) for f in result.findings}
    result.findings.extend(f for f in found if (f.code, f.location) not in known)


def _take_source_findings(source: Source, result: FileResult) -> None:
    """The reader's findings about the source, named by their attachment in an e-mail."""
    prefix = f"{source.attachment} › " if source.attachment else ""
    for f in source.findings:
        if prefix and f.location.sheet and not f.location.sheet.startswith(prefix):
            f.location = Location(prefix + f.location.sheet, f.location.row, f.location.col)
        elif prefix and not f.location.sheet:
            f.location = Location(source.attachment, f.location.row, f.location.col)
        result.findings.append(f)


def _add_reports(drafts: list[Draft], source: Source, schema: Schema, options: Options, result: FileResult) -> None:
    """Each draft with rows (or a filled-in header and an empty table) as a report in `result`."""
    seen = {(f.code, f.location, f.message) for f in result.findings}
    for draft in drafts:
        if draft.rows_read == 0 and not draft.observations and draft.rows_rejected == 0:
            if not (draft.whole and has_identity(draft)):
                continue
            # Header filled in, table empty: the reporter reported, and nothing happened. Stored as a
            # report without events (so the reporter is not listed as missing), and said so.
            draft.findings.append(finding("no-events", draft.title_cell or Location(draft.sheet)))
        report = finish_report(draft, source, schema, options)
        result.reports.append(report)
        # Reports split from one table (a column or rows per area) share their header cells: a finding
        # about such a cell is listed once.
        for f in draft.findings:
            if (f.code, f.location, f.message) not in seen:
                seen.add((f.code, f.location, f.message))
                result.findings.append(f)
        result.rows_read += draft.rows_read
        # A rejected report's rows are all rejected (a weekday table's row may hold several events).
        result.rows_rejected += draft.rows_rejected + (draft.rows_read - draft.rows_rejected if report.rejected else 0)


__all__ = ["Options", "ingest", "ingest_path", "match_item"]
