"""The week's compiled workbook (`utkast/<week>/sammanstallning-<week>.xlsx`), written by `est merge`.

Read by the coordinator in Excel to prepare the weekly meeting, and printed. Five sheets:

1. Översikt – per area × category: this week, the three comparison weeks, change against the
   previous week; a bold subtotal row per area. "–" = no report at all that week (missing, not 0).
2. Händelser – every stored observation with count > 0, with provenance.
3. Platser och tider – hot spots (places with most events) beside hot times (each day of the reporting
   period × time of day).
4. Inrapportering – expected reporters and whether their checklist came in.
5. Avvisat – rejected files and rows with the reason.
6. Att kontrollera – every warning of the week's files (stored, but worth a look), with its cell.

Rules (design.md): no formulas anywhere (totals are computed here), every text is stored as text
(a reporter's "=HYPERLINK(…)" stays text), numbers stay numbers, dates are real date cells, and
the file is written to a temporary file and moved into place.

The counting rules (hot spots, hot times) live in est_cli.weekview.rules; `sheets` lays them out
on the toolkit of `layout`.
"""

from __future__ import annotations

from pathlib import Path

from est_cli.outputs.atomic import write_atomically
from est_cli.outputs.xlsx import FONT_NAME, set_default_font
from est_cli.weekview import WeekView
from est_cli.workbook.layout import title
from est_cli.workbook.sheets import WeekSheets

SHEETS = ("Översikt", "Händelser", "Platser och tider", "Inrapportering", "Avvisat", "Att kontrollera")


def write_week_workbook(view: WeekView, path: Path) -> None:
    """Write the compiled workbook for `view` to `path` (atomically: temp file, then os.replace)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    set_default_font(wb, Font(name=FONT_NAME, size=10, family=2))
    wb.properties.creator = "est"
    wb.properties.title = title(view)
    sheets = [wb.active] + [wb.create_sheet() for _ in SHEETS[1:]]
    for ws, name in zip(sheets, SHEETS, strict=True):
        ws.title = name
    b = WeekSheets(view)
    b.overview(sheets[0])
    b.events(sheets[1])
    b.places_and_times(sheets[2])
    b.expected(sheets[3])
    b.rejected(sheets[4])
    b.to_check(sheets[5])
    wb.active = 0
    for ws in sheets:
        ws.sheet_view.tabSelected = ws is sheets[0]

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, wb.save)


__all__ = ["SHEETS", "write_week_workbook"]
