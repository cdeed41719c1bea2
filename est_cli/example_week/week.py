"""The example week itself: the eleven inbox files (twelve reports) in the order expected.json lists
them – the Excel files in `week_excel`, the Word, CSV and e-mail files in `week_other`."""

from __future__ import annotations

from collections.abc import Callable

from est_cli.example_week.spec import InboxFile
from est_cli.example_week.week_excel import (
    fritid_vivalla,
    kommun_baronbackarna,
    obo,
    polis_vivalla,
    raddningstjansten,
)
from est_cli.example_week.week_other import (
    faltgruppen,
    fritidsgarden_baronbackarna,
    polis_baronbackarna,
    trygghetsvard,
    vaktare,
    vivallaskolan,
)

# --------------------------------------------------------------------------- the inbox
# The files in the order expected.json lists them (and the inbox is written).
INBOX_FILES: tuple[Callable[[], InboxFile], ...] = (
    polis_vivalla,
    kommun_baronbackarna,
    obo,
    raddningstjansten,
    faltgruppen,
    vivallaskolan,
    fritidsgarden_baronbackarna,
    polis_baronbackarna,
    vaktare,
    trygghetsvard,
    fritid_vivalla,
)


def build_inbox() -> list[InboxFile]:
    """The eleven files of the example inbox (twelve reports) and what each should yield."""
    return [make() for make in INBOX_FILES]
