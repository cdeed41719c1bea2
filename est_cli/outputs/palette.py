"""The colours every output shares (hex RGB without '#'), so that the workbook, the trend and the
lägesbild mean the same thing by the same colour: navy headings, red for more events, green for
fewer, and one colour per reporting status."""

from __future__ import annotations

NAVY = "1F4E78"  # header rows and titles
GREY_TEXT = "595959"
BORDER_COLOR = "BFBFBF"
SUBTOTAL_FILL = "DDEBF7"
INCREASE_FILL, INCREASE_FONT = "FFC7CE", "9C0006"  # more events than the comparison: red
DECREASE_FILL, DECREASE_FONT = "C6EFCE", "006100"  # fewer: green
HEAT_FILLS = ("FCE4D6", "F8CBAD", "F4B084", "EE8E52")  # light → strong, for the hot-times matrix
# Per ExpectedStatus value (est_cli.weekview): came in, late, missing, reported without being expected.
STATUS_FILLS = {"inkommen": "C6EFCE", "sen": "FFD591", "saknas": "FFC7CE", "ej förväntad": "D9D9D9"}
