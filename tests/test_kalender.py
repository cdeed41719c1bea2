"""What is coming: Swedish public holidays from the holidays library and est.toml's [[kalender]]."""

from __future__ import annotations

from datetime import date

import pytest

from est_cli.kalender import CalendarError, coming, parse_calendar
from est_cli.workspace import WorkspaceError, init_workspace, load_workspace


def test_holidays_and_the_workspace_calendar_in_date_order():
    entries = parse_calendar(
        [
            {"namn": "Valborg", "datum": "04-30"},
            {"namn": "Påsklov", "datum": "2026-04-06 – 2026-04-10", "omrade": "Vivalla"},
        ]
    )
    assert coming(entries, date(2026, 3, 29)) == [
        "fredag 3 april: Långfredagen",
        "söndag 5 april: Påskdagen",
        "6 april – 10 april: Påsklov (Vivalla)",
        "måndag 6 april: Annandag påsk",
    ]
    assert coming(entries, date(2026, 4, 26)) == [
        "torsdag 30 april: Valborg",
        "fredag 1 maj: Första maj",
        "torsdag 14 maj: Kristi himmelsfärdsdag",
    ]
    # Across the new year: this year's and next year's.
    assert coming([], date(2026, 12, 20)) == [
        "torsdag 24 december: Julafton",
        "fredag 25 december: Juldagen",
        "lördag 26 december: Annandag jul",
        "torsdag 31 december: Nyårsafton",
        "fredag 1 januari: Nyårsdagen",
        "onsdag 6 januari: Trettondedag jul",
    ]


def test_a_bad_entry_is_named(tmp_path):
    with pytest.raises(CalendarError, match="Höstlov: datum = '26/10' går inte att läsa"):
        parse_calendar([{"namn": "Höstlov", "datum": "26/10"}])
    ws = init_workspace(tmp_path / "ws", "Örebro", "orebro", ["Vivalla"])
    config = ws.root / "est.toml"
    assert load_workspace(ws.root).calendar[0].name == "Valborg"  # est init writes an example
    config.write_text(config.read_text("utf-8").replace('datum = "04-30"', 'datum = "04-31"'), "utf-8")
    with pytest.raises(WorkspaceError, match="Valborg: datum = '04-31' är inget giltigt datum"):
        load_workspace(ws.root)
