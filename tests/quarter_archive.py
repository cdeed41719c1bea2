"""A quarter of reports in one archive, counted by hand: the data the trend, insatser and
kvartalsanalys tests share.

Örebro, areas Vivalla and Baronbackarna. Weekly CSV reports:

Vivalla, Polis/Områdespolis – skadegörelse (brand):
  2025-W27 … 2025-W39: 2 each week (brand 0)                     → 2025-Q3 = 26
  2026-W14 … 2026-W26: 1 each week (brand 0)                     → 2026-Q2 = 13
  2026-Q3, W27 … W39:  2 0 1 3 – – 4 1 0 2 5 1 2                → 21   (W31, W32: no report at all)
                       brand 1 in W27 and W35                     → 2
  W33 first came in as 9, then as a corrected resubmission with 4 (the 9 must never count).
Vivalla, ÖBO/Husvärd: skadegörelse 1 in 2026-W27 … W30          → 4    (Q3 total 25)
Vivalla, Malmö checklist (another schema, same archive), 2026-W36:
  "Klotter, skadegörelse" 3 (Polis) and "Klotter och skadegörelse kopplat till fastigheter och
  bostadsområde" 2 (Fastighetsbolag): both theme skadegorelse   → theme total 2026-Q3 = 30
Baronbackarna, Polis: skadegörelse 1 in 2026-W27 … W29, nothing else at all.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

from est_cli.merge import merge_paths
from est_cli.schema import load_schema
from est_cli.store import Archive
from est_cli.weeks import IsoWeek
from est_cli.workspace import init_workspace

from pg import use_archive

VIVALLA_Q3 = {27: 2, 28: 0, 29: 1, 30: 3, 31: None, 32: None, 33: 4, 34: 1, 35: 0, 36: 2, 37: 5, 38: 1, 39: 2}
BASE_TIME = datetime(2026, 1, 1, 8, 0)


def write_report(
    folder: Path,
    name: str,
    week: IsoWeek,
    area: str,
    organisation: str,
    reporter: str,
    rows: dict[str, int],
    when: datetime | None = None,
) -> Path:
    lines = [
        f"Vecka;{week}",
        f"Område;{area}",
        f"Organisation;{organisation}",
        f"Rapportör;{reporter}",
        "",
        "Punkt;Antal",
        *[f"{label};{n}" for label, n in rows.items()],
    ]
    path = folder / name
    path.write_text("\r\n".join(lines) + "\r\n", "utf-8")
    moment = when or (BASE_TIME + timedelta(days=week.week))
    os.utime(path, (moment.timestamp(), moment.timestamp()))
    return path


def build_archive(root: Path, db: str | None = None):
    """The workspace and archive described above; returns (workspace, archive)."""
    orebro, malmo = load_schema("orebro"), load_schema("malmo")
    ws = use_archive(init_workspace(root / "ws", "Örebro", "orebro", ["Vivalla", "Baronbackarna"]), db)
    inbox = root / "in"
    inbox.mkdir()
    files: list[Path] = []

    def polis(week: IsoWeek, skade: int, brand: int = 0, area: str = "Vivalla") -> None:
        files.append(
            write_report(
                inbox,
                f"{area}-polis-{week}.csv",
                week,
                area,
                "Polis",
                "Områdespolis",
                {"Skadegörelse": skade, "Brand": brand},
            )
        )

    for n in range(27, 40):
        polis(IsoWeek(2025, n), 2)
    for n in range(14, 27):
        polis(IsoWeek(2026, n), 1)
    for n, count in VIVALLA_Q3.items():
        if count is not None and n != 33:
            polis(IsoWeek(2026, n), count, brand=1 if n in (27, 35) else 0)
    for n in range(27, 31):
        files.append(
            write_report(
                inbox, f"Vivalla-husvard-{n}.csv", IsoWeek(2026, n), "Vivalla", "ÖBO", "Husvärd", {"Skadegörelse": 1}
            )
        )
    for n in range(27, 30):
        polis(IsoWeek(2026, n), 1, area="Baronbackarna")
    archive = Archive.open(ws.archive_url())
    merge_paths([inbox], ws, orebro, archive)

    # W33: first a report with 9, then the corrected one with 4 (received later): only 4 counts.
    fix = root / "fix"
    fix.mkdir()
    first = write_report(
        fix,
        "polis v33.csv",
        IsoWeek(2026, 33),
        "Vivalla",
        "Polis",
        "Områdespolis",
        {"Skadegörelse": 9, "Brand": 0},
        datetime(2026, 8, 12, 9, 0),
    )
    merge_paths([first], ws, orebro, archive)
    fixed = write_report(
        fix,
        "polis v33 rättad.csv",
        IsoWeek(2026, 33),
        "Vivalla",
        "Polis",
        "Områdespolis",
        {"Skadegörelse": 4, "Brand": 0},
        datetime(2026, 8, 12, 11, 0),
    )
    result = merge_paths([fixed], ws, orebro, archive)
    assert len(result.superseded) == 1

    other = root / "malmo"
    other.mkdir()
    m1 = write_report(
        other, "malmo-polis.csv", IsoWeek(2026, 36), "Vivalla", "Polis", "Kommunpolis", {"Klotter, skadegörelse": 3}
    )
    m2 = write_report(
        other,
        "malmo-fastighet.csv",
        IsoWeek(2026, 36),
        "Vivalla",
        "Fastighetsbolag",
        "Bovärd",
        {"Klotter och skadegörelse kopplat till fastigheter och bostadsområde": 2},
    )
    merge_paths([m1, m2], ws, malmo, archive)
    return ws, archive
