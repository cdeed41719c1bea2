"""Synthetic workspaces for the benchmark, cached under bench/.cache/.

- week-xlsx / week-docx: an empty workspace whose inkorg/ holds 70 filled checklists of one week
  (est's own templates, filled with openpyxl / python-docx; ~15 table rows each).
- archive-{1,2,5}y: a workspace whose archive holds N years × 52 weeks × 5 areas × 10 reports;
  archive-1w the same for the one week 2026-W47 only.
  Reports are inserted with est_cli.store.store_file on FileResult/Report objects (the same code
  path `est merge` stores with), not by merging 13,000 files: reading is measured by the week
  benchmarks, and merging 13,000 CSV files would take minutes per archive.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import time
from datetime import timedelta
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"
AREAS = ["Vivalla", "Baronbackarna", "Brickebacken", "Oxhagen", "Varberga"]
ORGS = ["Kommun", "Polis", "ÖBO", "Räddningstjänsten", "Fältgruppen"]
PLACES = ["Torget", "Gångtunneln", "Busshållplatsen", "Skolgården", "Parkeringen", "Centrumhuset"]
WEEK = "2026-W47"
LAST_YEAR = 2026
REPORTS_PER_WEEK = 10  # per area
N_FILES = 70


def _workspace(folder: Path):
    from est_cli.workspace import init_workspace

    if folder.exists():
        shutil.rmtree(folder)
    return init_workspace(folder, "Örebro", "orebro", AREAS)


def _who(i: int) -> tuple[str, str, str]:
    return AREAS[i % len(AREAS)], ORGS[(i // len(AREAS)) % len(ORGS)], f"Rapportör {i:02d}"


def week_xlsx(folder: Path) -> None:
    from openpyxl import load_workbook

    from est_cli.schema import load_schema
    from est_cli.templating import XLSX_COLUMNS
    from est_cli.templating.checklist_xlsx import (
        HEADER_FIRST_ROW,
        SHEET_CHECKLIST,
        TABLE_HEADER_ROW,
        write_xlsx_template,
    )

    _workspace(folder)
    schema = load_schema("orebro")
    blank = folder / "blank.xlsx"
    write_xlsx_template(schema, blank)
    col = {name: i + 1 for i, name in enumerate(XLSX_COLUMNS)}
    rng = random.Random(47)
    for i in range(N_FILES):
        wb = load_workbook(blank)
        ws = wb[SHEET_CHECKLIST]
        area, org, reporter = _who(i)
        for offset, value in enumerate(["2026-W47", area, org, reporter, "2026-11-18"]):
            ws.cell(HEADER_FIRST_ROW + offset, 2).value = value
        # Item rows start after the table header; ~15 rows: 8 items + up to 7 event rows below.
        row = TABLE_HEADER_ROW + 1
        items = []
        while ws.cell(row, col["Punkt"]).value:
            items.append(ws.cell(row, col["Punkt"]).value)
            happened = rng.random() < 0.4
            ws.cell(row, col["Förekomst"]).value = "Ja" if happened else "Nej"
            if happened:
                _event(ws, row, col, rng)
            row += 1
        for _ in range(7):
            ws.cell(row, col["Punkt"]).value = rng.choice(items[:7])
            ws.cell(row, col["Förekomst"]).value = "Ja"
            _event(ws, row, col, rng)
            row += 1
        wb.save(folder / "inkorg" / f"Checklista v47 {area} {org} {i:02d}.xlsx")
    blank.unlink()


def _event(ws, row, col, rng) -> None:
    ws.cell(row, col["Antal"]).value = rng.randint(1, 4)
    ws.cell(row, col["Plats"]).value = rng.choice(PLACES)
    # Inside week 47's reporting period by default (the seven days up to Wednesday 18 November 10:00).
    ws.cell(row, col["Datum"]).value = f"2026-11-{rng.randint(12, 17)}"
    ws.cell(row, col["Tid"]).value = f"{rng.randint(8, 23)}:00"
    ws.cell(row, col["Allvarlighetsgrad"]).value = rng.randint(1, 4)
    ws.cell(row, col["Kommentar"]).value = "Påhittad händelse för prestandatestet"


def week_docx(folder: Path) -> None:
    from docx import Document

    from est_cli.schema import load_schema
    from est_cli.templating import DOCX_COLUMNS
    from est_cli.templating.checklist_docx import write_docx_template

    _workspace(folder)
    schema = load_schema("orebro")
    blank = folder / "blank.docx"
    write_docx_template(schema, blank)
    rng = random.Random(47)
    antal = DOCX_COLUMNS.index("Antal")
    plats = DOCX_COLUMNS.index("Plats")
    for i in range(N_FILES):
        doc = Document(str(blank))
        header, table = doc.tables[0], doc.tables[1]
        area, org, reporter = _who(i)
        for row, value in zip(header.rows, ["47", area, org, reporter, "2026-11-18"]):
            row.cells[1].text = value
        for row in table.rows[1:]:
            if rng.random() < 0.4:
                cells = row.cells
                cells[antal].text = str(rng.randint(1, 4))
                cells[plats].text = rng.choice(PLACES)
        doc.save(folder / "inkorg" / f"EST vecka 47 {area} {org} {i:02d}.docx")
    blank.unlink()


def archive(folder: Path, years: int, weeks: int | None = None) -> None:
    """`years` × 52 weeks (or just `weeks`) × 5 areas × 10 reports, ~15 observations each, ending in 2026-W47."""
    from est_cli.findings import Location
    from est_cli.model import FileResult, Observation, Report
    from est_cli.schema import load_schema
    from est_cli.store import Archive, start_merge, store_file
    from est_cli.weeks import IsoWeek

    ws = _workspace(folder)
    schema = load_schema("orebro")
    items = [(item.id, item.label, item.theme) for section in schema.sections for item in section.items]
    arch = Archive.open(ws.archive_url())
    rng = random.Random(years)
    end = IsoWeek.parse(WEEK).monday()
    n = 0
    with arch.write() as conn:
        for w in range(weeks or years * 52):
            monday = end - timedelta(weeks=w)
            iso = monday.isocalendar()
            week = f"{iso[0]}-W{iso[1]:02d}"
            merge_id = start_merge(conn, week, None)
            for a, area in enumerate(AREAS):
                for r in range(REPORTS_PER_WEEK):
                    n += 1
                    org = ORGS[r % len(ORGS)]
                    obs = []
                    for row, (item_id, label, theme) in enumerate(items):
                        obs.append(
                            Observation(
                                item_id,
                                label,
                                1 if rng.random() < 0.3 else 0,
                                Location(sheet="Checklista", row=11 + row, col=4),
                                theme=theme,
                            )
                        )
                    for k in range(7):
                        item_id, label, theme = rng.choice(items)
                        obs.append(
                            Observation(
                                item_id,
                                label,
                                rng.randint(1, 3),
                                Location(sheet="Checklista", row=19 + k, col=4),
                                theme=theme,
                                place=rng.choice(PLACES),
                                # Thursday to Tuesday: inside the week's default reporting period.
                                date=monday + timedelta(days=rng.randint(-4, 1)),
                                time=f"{rng.randint(8, 23)}:00",
                                severity=rng.randint(1, 4),
                                comment="Påhittad händelse",
                            )
                        )
                    report = Report(
                        "orebro",
                        week,
                        area,
                        org,
                        f"Rapportör {r}",
                        datum=monday + timedelta(days=2),
                        source_name=f"{week} {area} {r}.csv",
                        sheet="Checklista",
                        observations=obs,
                    )
                    sha = hashlib.sha256(f"{years}-{week}-{area}-{r}".encode()).hexdigest()
                    result = FileResult(
                        Path(f"/nonexistent/{week}-{a}-{r}.csv"),
                        sha,
                        [report],
                        rows_read=len(obs),
                        rows_stored=len(obs),
                    )
                    store_file(conn, merge_id, result, report.source_name, None, {})
    arch.engine.dispose()


MUNICIPALITIES = 50


def regional(folder: Path, source: Path) -> None:
    """The regional scale: 50 municipalities × the five-year archive, in one SQLite archive.

    Each municipality is a copy of archive-5y made in SQL (INSERT … SELECT with shifted ids), its
    areas named "K07 Vivalla" and so on, so that 250 areas never mix: 650,000 reports and
    ~9.75 million observations. The archive has no municipality column yet (docs/performance.md),
    so the area name carries it.
    """
    import sqlite3

    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns(".done"))
    db = folder / "arkiv" / "est.db"
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("ATTACH DATABASE ? AS src", (str(source / "arkiv" / "est.db"),))
    cols = {
        t: [r[1] for r in con.execute(f"PRAGMA src.table_info({t})")]
        for t in ("merges", "files", "reports", "observations", "findings")
    }
    span = {t: con.execute(f"SELECT MAX(id) FROM src.{t}").fetchone()[0] or 0 for t in cols}
    shifted = {  # column → the table whose id it refers to
        "merges": {"id": "merges"},
        "files": {"id": "files", "merge_id": "merges"},
        "reports": {"id": "reports", "file_id": "files", "superseded_by": "reports"},
        "observations": {"id": "observations", "report_id": "reports"},
        "findings": {"id": "findings", "file_id": "files"},
    }
    con.execute("UPDATE reports SET area = 'K01 ' || area, area_key = 'k01 ' || area_key")
    for k in range(2, MUNICIPALITIES + 1):
        for t, names in cols.items():
            exprs = []
            for c in names:
                if c in shifted[t]:
                    exprs.append(f"{c} + {(k - 1) * span[shifted[t][c]]}")
                elif t == "reports" and c in ("area", "area_key"):
                    exprs.append(f"'{'K' if c == 'area' else 'k'}{k:02d} ' || {c}")
                elif t == "files" and c == "sha256":
                    exprs.append(f"sha256 || '-{k:02d}'")
                else:
                    exprs.append(c)
            con.execute(f"INSERT INTO main.{t} ({', '.join(names)}) SELECT {', '.join(exprs)} FROM src.{t}")
        con.commit()
    con.execute("ANALYZE")
    con.commit()
    con.close()


def ensure(name: str, build, *args) -> Path:
    folder = CACHE / name
    done = folder / ".done"
    if not done.exists():
        started = time.perf_counter()
        build(folder, *args)
        done.write_text(f"{time.perf_counter() - started:.1f}\n")
        print(f"  generated {name} in {time.perf_counter() - started:.1f} s", flush=True)
    return folder


def regional_workspace() -> Path:
    """Built on request only (`python -m bench --regional`): ~1.6 GB, a minute or two to make."""
    return ensure("regional", regional, all_workspaces()["archive-5y"])


WORKSPACES = ("week-xlsx", "week-docx", "archive-1w", "archive-1y", "archive-2y", "archive-5y")


def current_archives(workspaces) -> None:
    """Bring each cached archive to this est's version (and its place keys in step with the register)
    once, before the clock starts: a cache made by an older est would otherwise be migrated inside every
    timed run (each run gets a fresh copy)."""
    from est_cli.place_sync import sync_places
    from est_cli.store import Archive
    from est_cli.workspace import load_workspace

    for folder in workspaces:
        if (folder / "arkiv" / "est.db").exists():
            workspace = load_workspace(folder)
            archive = Archive.open(workspace.archive_url())
            try:
                # The place keys made with the workspace's register once, as the first command after an
                # upgrade does (est_cli.place_sync): not inside every timed run.
                sync_places(archive, workspace)
            finally:
                archive.close()


def all_workspaces() -> dict[str, Path]:
    CACHE.mkdir(exist_ok=True)
    return {
        "week-xlsx": ensure("week-xlsx", week_xlsx),
        "week-docx": ensure("week-docx", week_docx),
        "archive-1w": ensure("archive-1w", archive, 0, 1),
        **{f"archive-{y}y": ensure(f"archive-{y}y", archive, y) for y in (1, 2, 5)},
    }


if __name__ == "__main__":  # python -m bench.generate: build what is missing, bring all up to date
    made = all_workspaces()
    assert tuple(made) == WORKSPACES
    current_archives(made.values())
