"""What every reader returns: grids of cell values with exact positions, plus file-level findings.

Readers know file formats, not checklists: they turn a file into `Grid`s (a sheet, a Word
table, the Word body text) and leave finding the header block and the observation table to
ingest. Positions are exact (1-based rows/columns as Excel or Word shows them), because every
finding must name its cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Literal

from est_cli.findings import Finding

Value = str | int | float | bool | date | datetime | time | timedelta | None


@dataclass
class Grid:
    """One sheet of a workbook, one table of a Word document, or a Word document's paragraphs.

    ``rows[r][c]`` is the cell at row ``r + 1``, column ``c + 1`` exactly as the user sees it:
    leading empty rows/columns are *not* trimmed. Rows may have different lengths. Empty
    cells are ``""`` or ``None``. Word check boxes (content controls, legacy form fields) are
    given as the text "☒" (checked) or "☐" (not checked). For ``kind == "text"`` each row is
    one paragraph in one column.
    """

    name: str  # sheet name, "Tabell 2", or "Brödtext"
    rows: list[list[Value]]
    kind: Literal["sheet", "table", "text"] = "sheet"
    hidden: bool = False


@dataclass
class Source:
    """One document that may hold checklists: a file, or one attachment of an e-mail."""

    name: str  # display name: "checklista.xlsx" or "brev.eml › checklista.xlsx"
    fmt: str  # "xlsx", "xls", "ods", "docx", "csv"
    grids: list[Grid] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # set when the source is an e-mail attachment (provenance):
    attachment: str | None = None  # attachment file name
    email_sender: str | None = None
    email_date: datetime | None = None
    email_subject: str | None = None


@dataclass
class ReadResult:
    """Everything read from one file on disk."""

    path: Path
    sha256: str
    sources: list[Source] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # file-level (unreadable, bomb, …)
    skipped: str | None = None  # Swedish reason when the file is no checklist (image, .txt …)
