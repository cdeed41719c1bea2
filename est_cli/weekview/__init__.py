"""The compiled week as plain data: what the compiled workbook and the lägesbild show for one week.

- this module: the week's rows (`WeekView` and its parts);
- `build.week_view`: the week from the archive's active reports, with its comparison weeks;
- `rules`: the counting rules (time of day, same place, hot spots and hot times).

The workbook (est_cli.workbook), the lägesbild (est_cli.render) and the trend read it; none of
them needs the merge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from est_cli.reporting_period import ReportingWindow
from est_cli.weeks import IsoWeek


class ExpectedStatus(StrEnum):
    """Whether an expected reporter's checklist came in; the Swedish value is what people read."""

    RECEIVED = "inkommen"
    LATE = "sen"
    MISSING = "saknas"
    UNEXPECTED = "ej förväntad"  # reported without being listed in est.toml

    @property
    def reported(self) -> bool:
        return self in (ExpectedStatus.RECEIVED, ExpectedStatus.LATE)


@dataclass
class OverviewRow:
    """One area × category: this week against the weeks it is compared with."""

    area: str
    key: str  # item id (or the original label of an item outside the schema)
    label: str  # the item's label as the schema names it
    theme: str | None
    this_week: int  # events: the same event reported by two organisations counts once
    previous_week: int | None  # None = no report at all that week in this area (missing data, not 0)
    week_before: int | None
    same_week_last_year: int | None
    reported: int | None = None  # this week's sum of the reports' counts (None = the same as this_week)
    kind: str = "problem"  # the item's kind (est_cli.schema.KINDS); positive and omvarld are no problem

    @property
    def reported_this_week(self) -> int:
        return self.this_week if self.reported is None else self.reported


@dataclass
class EventRow:
    """One stored observation with count > 0, with full provenance, and the event it belongs to.

    Observations of one event (the same fire reported by Polisen and Räddningstjänsten) share
    `event`; the event counts once: `counted` is the event's count on its first observation and 0 on
    the others, so that summing `counted` counts events and summing `count` counts reports."""

    area: str
    key: str
    label: str
    count: int
    place: str
    date: date | None
    time: str
    severity: int | None
    comment: str
    action: str
    organisation: str
    reporter: str
    source: str  # file name (or "brev.eml › bilaga.xlsx")
    location: str  # "Blad1!B7" / "Tabell 2, rad 3"
    id: int = 0  # the observation's id in the archive
    event: int = 0  # the event's id: the smallest id of its observations
    counted: int | None = None  # None: counted = count (an observation that is an event of its own)
    restricted: bool = False  # its organisation's free text stays within the EST group (spridning = intern)
    outside_period: bool = False  # dated outside the week's reporting period (counted in the week all the same)
    # The place as est counts it (places.place_key with the workspace's platser.csv: an alias is its
    # registered place), and the register's spelling when the place is registered.
    place_key: str = ""
    registered_place: str = ""

    @property
    def counts(self) -> int:
        """What this row adds to a count of events."""
        return self.count if self.counted is None else self.counted


@dataclass
class ExpectedRow:
    """One expected reporter (from est.toml), or an unexpected one that reported anyway."""

    area: str
    organisation: str
    reporter: str
    status: ExpectedStatus
    received: datetime | None = None
    source: str = ""
    received_from: str | None = None  # "e-post" | "datum" | "fil": what `received` rests on


@dataclass
class RejectedRow:
    """A rejected file, or a rejected row of a stored file, with the reason."""

    file: str
    location: str  # "" for the whole file
    code: str
    message: str


@dataclass
class WeekView:
    kommun: str
    schema_name: str
    week: str  # "2026-W47"
    previous_week: str
    week_before: str
    same_week_last_year: str
    deadline: datetime | None
    compiled_at: datetime
    overview: list[OverviewRow] = field(default_factory=list)
    # Areas of est.toml with no active report this week (shown as such in Översikt, not left out).
    areas_without_reports: list[str] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)
    expected: list[ExpectedRow] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    warnings: list[RejectedRow] = field(default_factory=list)  # to check: warnings of the week's files
    # Active reports per (week, area_key) for the week and its comparison weeks: what a comparison rests on.
    reports: dict[tuple[str, str], int] = field(default_factory=dict)
    # The days and hours the week's reports cover (est.toml's rapportperiod); None: the ISO week.
    window: ReportingWindow | None = None

    @property
    def period(self) -> ReportingWindow:
        """The reporting period, or the ISO week Monday–Sunday when none is known."""
        return self.window or ReportingWindow.iso_week(IsoWeek.parse(self.week))
