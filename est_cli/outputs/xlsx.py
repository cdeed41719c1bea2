"""What every workbook est writes shares: text that stays text, row heights for wrapped text, the
print set-up, the default font and the palette. openpyxl is imported inside the functions.

Rules (design.md): a reporter's "=HYPERLINK(…)" is stored as text, never as a formula; characters
XML cannot hold are dropped; Excel's 32,767-character limit per cell is kept.
"""

from __future__ import annotations

from typing import Any

from est_cli.text import FORMULA_START

FONT_NAME = "Arial"  # on every Office machine; LibreOffice renders it metric-compatibly
EXCEL_MAX_TEXT = 32767


def cell_text(text: str) -> str:
    """Text fit for a cell: characters XML cannot hold removed, Excel's length limit kept."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if len(text) > EXCEL_MAX_TEXT:
        text = text[: EXCEL_MAX_TEXT - 1] + "…"
    return text


def put_text(cell: Any, value: str) -> None:
    """Store text in an openpyxl cell as text, never as a formula (the one place for it)."""
    text = cell_text(value)
    cell.value = text
    cell.data_type = "s"  # openpyxl would make "=…" a formula; Excel must see text
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True  # keeps it text when someone edits the cell in Excel


def wrapped_lines(text: str, chars: float) -> int:
    """Estimated lines of `text` wrapped at `chars` characters a line.

    Wraps at spaces like Excel and LibreOffice do; a word longer than the line starts a new line
    and is broken by characters; every line break of the text starts a new line. On the safe side:
    a row too tall beats clipped text.
    """
    width = max(1, int(chars))
    total = 0
    for part in str(text or "").split("\n"):
        lines, used = 1, 0
        for word in part.split():
            n = len(word)
            if used and used + 1 + n <= width:
                used += 1 + n
                continue
            if used:
                lines += 1
            lines += (n - 1) // width
            used = n - (n - 1) // width * width
        total += lines
    return max(1, total)


def column_lines(text: str, width: float) -> int:
    """Estimated wrapped lines of `text` in a column `width` Excel units wide (Arial 10)."""
    return wrapped_lines(text, width * 1.2 - 1)


def set_default_font(wb: Any, font: Any) -> None:
    """Make `font` the workbook's default (the Normal style and style 0).

    Column widths are measured in the default font's digit width, so Arial 10 here makes widths
    come out the same in Excel and LibreOffice. openpyxl has no public API for this; if its
    internals change we keep its default (Calibri 11), which only changes the look slightly.
    """
    try:
        from openpyxl.utils.indexed_list import IndexedList

        if len(wb._fonts) == 1:
            wb._fonts = IndexedList([font])
            wb._named_styles["Normal"].font = font
    except Exception:  # pragma: no cover - depends on openpyxl internals
        pass


class Looks:
    """The fonts, fills and borders est's report workbooks share (the week's workbook, the trend):
    navy header row with white bold text, a navy title, grey sub-lines and notes, a light grid; and
    the red/green colouring of a change. openpyxl is imported when the first workbook is made."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        from est_cli.outputs.palette import BORDER_COLOR, GREY_TEXT, NAVY

        self.Alignment, self.Font, self.PatternFill = Alignment, Font, PatternFill
        self.thin = Side(style="thin", color=BORDER_COLOR)
        self.box = Border(left=self.thin, right=self.thin, top=self.thin, bottom=self.thin)
        self.header_font = Font(name=FONT_NAME, size=10, bold=True, color="FFFFFF")
        self.header_fill = PatternFill("solid", fgColor=NAVY)
        self.title_font = Font(name=FONT_NAME, size=14, bold=True, color=NAVY)
        self.sub_font = Font(name=FONT_NAME, size=10, color=GREY_TEXT)
        self.note_font = Font(name=FONT_NAME, size=9, italic=True, color=GREY_TEXT)
        self.normal = Font(name=FONT_NAME, size=10)
        self.bold = Font(name=FONT_NAME, size=10, bold=True)

    def colour_change(
        self, cell: Any, direction: int, good_when_up: bool | None = False, bold: bool | None = None
    ) -> None:
        """Red fill and text for a change for the worse (more events, or fewer where more is good
        news), green for the better; nothing for no change, nor where a change is neither
        (`good_when_up` None: context such as the wider world)."""
        from est_cli.outputs.palette import DECREASE_FILL, DECREASE_FONT, INCREASE_FILL, INCREASE_FONT

        if not direction or good_when_up is None:
            return
        bad = (direction > 0) != good_when_up
        cell.fill = self.PatternFill("solid", fgColor=INCREASE_FILL if bad else DECREASE_FILL)
        cell.font = self.Font(name=FONT_NAME, size=10, bold=bold, color=INCREASE_FONT if bad else DECREASE_FONT)


def print_setup(ws: Any, title_rows: str | None, footer_left: str, sheet_name_right: bool = False) -> None:
    """Landscape A4 fitted to the page width, `title_rows` ('10:10') repeated, 'Sida X av Y' footer."""
    from openpyxl.worksheet.properties import PageSetupProperties

    if title_rows:
        ws.print_title_rows = title_rows
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = 0.5
    ws.page_margins.bottom = 0.6
    ws.page_margins.footer = 0.25
    ws.oddFooter.left.text = footer_left.replace("&", "&&")  # "&" starts a header/footer code
    ws.oddFooter.left.size = 8
    ws.oddFooter.center.text = "Sida &P av &N"
    ws.oddFooter.center.size = 9
    if sheet_name_right:
        ws.oddFooter.right.text = "&A"
        ws.oddFooter.right.size = 8


__all__ = [
    "EXCEL_MAX_TEXT",
    "FONT_NAME",
    "Looks",
    "cell_text",
    "column_lines",
    "print_setup",
    "put_text",
    "set_default_font",
    "wrapped_lines",
]
