"""How every workbook we write prints: landscape A4, one page wide, header rows repeated, a footer.

The one place for it, shared by the blank checklist, the compiled week and the compilation.
"""

from __future__ import annotations


def print_setup(ws, title_rows: str | None, footer_left: str, sheet_name_right: bool = False) -> None:
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
