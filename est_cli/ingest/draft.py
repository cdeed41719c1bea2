"""A report being assembled (`Draft`): the header values taken so far with the sheets they came
from, the observations read, the row accounting and the findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from est_cli.findings import Finding, Location
from est_cli.ingest.crosstab import Day
from est_cli.ingest.tables import HeaderValue
from est_cli.model import Observation
from est_cli.readers.base import Grid, Source


@dataclass
class Draft:
    """A report being assembled, with the rows that belong to it."""

    header: dict[str, HeaderValue] = field(default_factory=dict)  # field ("week", "area" …) -> value
    # field -> the sheet its header value was found on (findings about the value name that sheet)
    header_sheets: dict[str, str] = field(default_factory=dict)
    observations: list[Observation] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    rows_read: int = 0
    rows_rejected: int = 0
    sheet: str | None = None
    # Texts in the file that may mention the week when no Vecka field exists (titles, sheet names):
    hints: list[tuple[str, Location]] = field(default_factory=list)
    # Where the file came from, tried after the Datum field and --week: (text, what it is, location)
    # – the file name, the e-mail's subject and file name, the folder it was saved in.
    source_hints: list[tuple[str, str, Location]] = field(default_factory=list)
    area_from_sheet: str | None = None  # a sheet named after its area (one sheet per area)
    # A table's own report (not one split off by rows naming their own week/area), whose rows all
    # stayed with it: with a filled-in header and no rows it is a report of "no events".
    whole: bool = False
    # Events of a weekday column ("Mån", "Tis 24/11"): their date is known once the week is (header.py).
    days: list[tuple[Observation, Day]] = field(default_factory=list)
    # The weekday columns of its table with their title cells: dates in them may give the week.
    day_titles: list[tuple[Day, Location]] = field(default_factory=list)
    # The column title a report was split off by (one report per area column): where it is named.
    title_cell: Location | None = None

    def split_off(self, sheet: str) -> Draft:
        """A draft for the rows that name their own week/area/…: this draft's header, to be
        overridden by the values of those rows."""
        return Draft(header=dict(self.header), header_sheets=dict(self.header_sheets), sheet=sheet)


def sheet_name(source: Source, grid: Grid) -> str:
    """The sheet name findings and reports carry: 'Blad1', or 'checklista.xlsx › Blad1' in an e-mail."""
    return f"{source.attachment} › {grid.name}" if source.attachment else grid.name
