"""A Norrköping-sized week: 70 checklists in mixed layouts, merged, counted and re-merged."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from est_cli import store
from est_cli.merge import merge_paths
from est_cli.store import Archive
from est_cli.weeks import IsoWeek
from est_cli.workspace import init_workspace

from pg import use_archive

AREAS = ["Vivalla", "Baronbackarna", "Brickebacken", "Oxhagen", "Varberga"]
ORGS = ["Polis", "Kommun", "ÖBO"]


def _write(path: Path, style: int, area: str, org: str, reporter: str, answers: dict[str, int], orebro) -> None:
    labels = {item.id: item.label for item in orebro.items}
    if style == 0:  # est-like xlsx, one row per item with Ja/Nej + Antal
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        for r, (k, v) in enumerate(
            (
                ("Vecka", "v.47"),
                ("Område", area),
                ("Organisation", org),
                ("Rapportör", reporter),
                ("Datum", "2026-11-18"),
            ),
            start=1,
        ):
            ws.cell(r, 1, k), ws.cell(r, 2, v)
        ws.append([])
        ws.append(["Nr", "Punkt", "Förekomst", "Antal", "Plats"])
        for n, item in enumerate(orebro.items, start=1):
            count = answers.get(item.id, 0)
            ws.append(
                [
                    n,
                    f"{n}. {item.label}",
                    "Ja" if count else "Nej",
                    count if count > 1 else None,
                    "Centrum" if count else None,
                ]
            )
        wb.save(path)
    elif style == 1:  # semicolon CSV in cp1252, X marks, upper case labels, Antal only when > 1
        lines = [
            "Vecka;2026-W47",
            f"Bostadsområde;{area}",
            f"Verksamhet;{org}",
            f"Funktion;{reporter}",
            "",
            "Kategori;Ja/Nej;Antal;Adress",
        ]
        for item in orebro.items:
            count = answers.get(item.id, 0)
            lines.append(f"{item.label.upper()};{'X' if count else ''};{count if count > 1 else ''};")
        path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    else:  # event log CSV, one row per event
        lines = ["Vecka;Område;Organisation;Rapportör;Datum;Händelse;Plats"]
        for key, count in answers.items():
            lines += [f"47;{area};{org};{reporter};2026-11-17;{labels[key]};Torget"] * count
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_seventy_checklists(tmp_path, orebro, db):
    rng = random.Random(47)
    expected_reporters: dict[str, dict[str, list[str]]] = {a: {o: [] for o in ORGS} for a in AREAS}
    hand_count: Counter = Counter()  # as reported: every report's counts summed
    # Event logs (style 2) list each event as a row on 2026-11-17 at Torget without a time: the same
    # item at the same place on the same date from different reports is one event, so the area's
    # events of an item are the checklists' counts plus the largest event log's count (not the sum).
    checklists: Counter = Counter()
    event_logs: dict[tuple[str, str], int] = {}
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    n = 0
    for area in AREAS:
        for org in ORGS:
            for k in range(5):
                reporter = f"{org} rapportör {k + 1}"
                expected_reporters[area][org].append(reporter)
                if n >= 70 or (area, org, k) in {("Oxhagen", "Kommun", 4), ("Varberga", "Polis", 0)}:
                    continue  # these do not report this week
                answers = {item.id: rng.choice([0, 0, 1, 2, 3]) for item in orebro.items}
                answers = {key: v for key, v in answers.items() if v}
                style = n % 3
                for key, v in answers.items():
                    hand_count[(area, key)] += v
                    if style == 2:
                        event_logs[(area, key)] = max(event_logs.get((area, key), 0), v)
                    else:
                        checklists[(area, key)] += v
                suffix = ("xlsx", "csv", "csv")[style]
                _write(inbox / f"rapport {n:02d} {area}.{suffix}", style, area, org, reporter, answers, orebro)
                n += 1
    assert n == 70
    ws = use_archive(init_workspace(tmp_path / "ws", "Norrköping", "orebro", AREAS, expected_reporters), db)
    archive = Archive.open(ws.archive_url())
    result = merge_paths([inbox], ws, orebro, archive, week=IsoWeek(2026, 47), year=2026)
    assert len(result.new_files) == 70 and not result.rejected
    view = result.views["2026-W47"]
    got = Counter({(row.area, row.key): row.this_week for row in view.overview if row.this_week})
    assert got == checklists + Counter(event_logs)
    reported = Counter({(row.area, row.key): row.reported_this_week for row in view.overview})
    assert +reported == hand_count
    missing = sorted((e.area, e.organisation, e.reporter) for e in view.expected if e.status == "saknas")
    assert missing == sorted(
        [("Oxhagen", "Kommun", "Kommun rapportör 5"), ("Varberga", "Polis", "Polis rapportör 1")]
        + [
            (a, o, f"{o} rapportör {k + 1}")
            for a in AREAS
            for o in ORGS
            for k in range(5)
            if AREAS.index(a) * 15 + ORGS.index(o) * 5 + k >= 72
        ]
    )
    with archive.read() as conn:
        before = store.archive_totals(conn)
    again = merge_paths([inbox], ws, orebro, archive, week=IsoWeek(2026, 47), year=2026)
    assert not again.new_files
    with archive.read() as conn:
        assert store.archive_totals(conn) == before
    assert before["rows_read"] == before["rows_stored"] + before["rows_rejected"]
    archive.close()
