"""Issue 14, part 1: events, not just reports. The same event reported by two organisations counts
once – in the workbook, the lägesbild and the trend – and `est händelse list|samma|skilj` shows and
corrects the grouping, persistently and logged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from helpers import run_est as est
from helpers import said

WEEK = "2026-W48"
HEADER = "Vecka;Område;Organisation;Rapportör;Datum;Tid;Händelse;Plats;Antal;Kommentar"


def event_log(path: Path, organisation: str, rows: list[str]) -> Path:
    lines = [HEADER] + [f"48;Norrby;{organisation};{organisation} Norrby;{row}" for row in rows]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


@pytest.fixture
def ws(tmp_path):
    root = tmp_path / "ws"
    made = est("init", str(root), "--schema", "orebro", "--kommun", "Örebro", "--omrade", "Norrby")
    assert made.returncode == 0, made.stderr
    polis = event_log(
        tmp_path / "polis.csv",
        "Polisen",
        [
            "2026-11-24;21:50;Brand;Lertagsgatan;1;Papperskorgsbrand",
            ";21-23;Samlingsplats för ungdomar;Vivalla centrum;2;Ca 15 ungdomar vid centrum kl 21-23",
            "2026-11-23;;Skadegörelse;Gångtunneln vid Bettorpsgatan;1;Klotter i tunneln",
            ";;Skadegörelse;;3;",
        ],
    )
    rtj = event_log(
        tmp_path / "rtj.csv", "Räddningstjänsten", ["2026-11-24;22:10;Brand;lertagsgatan;1;Brand i papperskorg"]
    )
    falt = event_log(
        tmp_path / "falt.csv",
        "Fältgruppen",
        [
            ";;Samlingsplats för ungdomar;Vivalla  centrum;2;Ca 15 ungdomar vid centrum kl 21-23",
            "2026-11-25;;Skadegörelse;Bettorpsgatan, gångtunneln;1;Klotter i tunneln",
            ";;Skadegörelse;;3;",
        ],
    )
    ran = est("merge", str(polis), str(rtj), str(falt), "--week", WEEK, cwd=root)
    assert ran.returncode in (0, 1), ran.stderr
    return root


def events(ws: Path, *args: str) -> list[dict]:
    ran = est("händelse", "list", "--json", *args, cwd=ws)
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout)["events"]


def overview(ws: Path) -> dict[str, tuple[int, int | None]]:
    """Kategori → (this week, Rapporterat) in the workbook's Översikt for Norrby."""
    wb = load_workbook(ws / "utkast" / WEEK / f"sammanstallning-{WEEK}.xlsx", read_only=True)
    header = next(r for r in wb["Översikt"].iter_rows(values_only=True) if r and r[0] == "Område")
    reported = header.index("Rapporterat denna vecka")
    return {
        row[1]: (row[2], row[reported])
        for row in wb["Översikt"].iter_rows(values_only=True)
        if row and row[0] == "Norrby" and isinstance(row[2], int) and row[2]
    }


def trend(ws: Path) -> dict[str, tuple[int, int]]:
    ran = est("trend", "--from", WEEK, "--to", WEEK, "--json", cwd=ws)
    assert ran.returncode == 0, ran.stderr
    return {row["key"]: (row["total"], row["reported"]) for row in json.loads(ran.stdout)["rows"] if row["total"]}


def test_the_same_event_from_two_organisations_counts_once_everywhere(ws):
    listed = events(ws, "--week", WEEK)
    assert set(listed[0]) == {
        "id",
        "week",
        "area",
        "key",
        "label",
        "count",
        "reported",
        "place",
        "date",
        "time",
        "observations",
        "organisations",
    }
    fire = [e for e in listed if e["key"] == "brand"]
    assert len(fire) == 1 and len(fire[0]["observations"]) == 2
    assert (fire[0]["count"], fire[0]["reported"], fire[0]["date"]) == (1, 2, "2026-11-24")
    assert fire[0]["organisations"] == ["Polisen", "Räddningstjänsten"]
    youth = [e for e in listed if e["key"] == "samlingsplats_ungdomar"]
    assert [(e["count"], e["reported"], len(e["observations"])) for e in youth] == [(2, 4, 2)]
    # Without place or date never merged; the same place on two dates is two events.
    damage = sorted((e["count"], e["place"], e["date"]) for e in listed if e["key"] == "skadegorelse")
    assert damage == [
        (1, "Bettorpsgatan, gångtunneln", "2026-11-25"),
        (1, "Gångtunneln vid Bettorpsgatan", "2026-11-23"),
        (3, "", None),
        (3, "", None),
    ]
    assert overview(ws) == {
        "Skadegörelse": (8, None),
        "Brand": (1, 2),
        "Samlingsplats för ungdomar": (2, 4),
        "Antal rapporter": (3, None),  # what the comparisons rest on
        "Summa Norrby": (11, 14),
    }
    assert trend(ws) == {"skadegorelse": (8, 8), "brand": (1, 2), "samlingsplats_ungdomar": (2, 4)}
    # The two spellings of the tunnel are one hot spot with both events.
    wb = load_workbook(ws / "utkast" / WEEK / f"sammanstallning-{WEEK}.xlsx", read_only=True)
    spots = [r for r in wb["Platser och tider"].iter_rows(values_only=True) if r and r[0] == "Norrby"]
    assert any(r[1] in ("Gångtunneln vid Bettorpsgatan", "Bettorpsgatan, gångtunneln") and r[2] == 2 for r in spots)
    # Händelser: the rows of one event are next to each other and share the event's number.
    rows = [r for r in wb["Händelser"].iter_rows(values_only=True) if r and r[0] == "Norrby"]
    numbers = [r[13] for r in rows]  # Händelse (Spridning follows it)
    shared = [n for n in numbers if isinstance(n, str)]
    assert sorted(set(shared)) == sorted(f"{e['id']} (×2)" for e in listed if len(e["observations"]) == 2)
    assert all(numbers[numbers.index(n) + 1] == n for n in set(shared))
    assert events(ws, "--area", "Oxhagen") == []


def test_skilj_and_samma_correct_the_grouping_persistently_and_logged(ws):
    fire = next(e for e in events(ws) if e["key"] == "brand")
    rtj = max(fire["observations"])
    split = est("händelse", "skilj", str(rtj), cwd=ws)
    assert split.returncode == 0, split.stderr
    assert "Sammanställningen är uppdaterad" in said(split)
    assert sorted(len(e["observations"]) for e in events(ws) if e["key"] == "brand") == [1, 1]
    assert overview(ws)["Brand"] == (2, None) and trend(ws)["brand"] == (2, 2)
    again = est("händelse", "skilj", str(rtj), cwd=ws)
    assert again.returncode == 2 and "redan en egen händelse" in said(again)

    tunnel = sorted(i for e in events(ws) if e["key"] == "skadegorelse" and e["place"] for i in e["observations"])
    joined = est("händelse", "samma", *map(str, tunnel), cwd=ws)
    assert joined.returncode == 0, joined.stderr
    assert overview(ws)["Skadegörelse"] == (7, 8) and trend(ws)["skadegorelse"] == (7, 8)
    joined_back = est("händelse", "samma", str(rtj), str(min(fire["observations"])), cwd=ws)
    assert joined_back.returncode == 0 and trend(ws)["brand"] == (1, 2)

    youth = next(e for e in events(ws) if e["key"] == "samlingsplats_ungdomar")
    mixed = est("händelse", "samma", str(rtj), str(youth["observations"][0]), cwd=ws)
    assert mixed.returncode == 2 and "olika punkter" in said(mixed)
    unknown = est("händelse", "skilj", "9999", cwd=ws)
    assert unknown.returncode == 2 and "ingen observation nr 9999" in said(unknown)
    alone = est("händelse", "samma", str(rtj), cwd=ws)
    assert alone.returncode == 2 and "minst två" in said(alone)

    entries = json.loads(est("logg", "--json", cwd=ws).stdout)["entries"]
    assert [e["action"] for e in entries] == ["merge", "händelse skilj", "händelse samma", "händelse samma"]
    assert entries[1]["details"] == {"area": "Norrby", "event": fire["id"], "observation": rtj, "week": WEEK}
    assert entries[2]["details"] == {"area": "Norrby", "event": tunnel[0], "observations": tunnel, "week": WEEK}
    shown = est("logg", cwd=ws)
    assert max(len(line) for line in shown.stdout.splitlines()) <= 80


def test_handelse_list_fits_80_columns(ws):
    listed = est("händelse", "list", cwd=ws)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any("Brand" in line and "1 (2)" in line for line in lines)
    shown = est("trend", "--from", WEEK, "--to", WEEK, cwd=ws)
    assert any(line.startswith("Brand") and "1 (2)" in line for line in shown.stdout.splitlines())
    assert max(len(line) for line in shown.stdout.splitlines()) <= 80


def test_the_demos_double_reported_fire_counts_once_and_twice_after_skilj(tmp_path):
    """Lertagsgatan 17/11 21:50, from Polisen and Nerikes Brandkår: Brand in Vivalla is 3 events
    (4 reported) in the workbook, the veckolägesbild and the trend; 4 after `est händelse skilj`."""
    from docx import Document

    root = tmp_path / "demo"
    assert est("demo", str(root)).returncode == 0
    week = "2026-W47"

    def numbers() -> tuple:
        wb = load_workbook(root / "utkast" / week / f"sammanstallning-{week}.xlsx", read_only=True)
        rows = list(wb["Översikt"].iter_rows(values_only=True))
        reported = next(r for r in rows if r and r[0] == "Område").index("Rapporterat denna vecka")
        book = next((r[2], r[reported]) for r in rows if r and r[:2] == ("Vivalla", "Brand"))
        ran = est("trend", "--from", week, "--to", week, "--area", "Vivalla", "--json", cwd=root)
        row = next(r for r in json.loads(ran.stdout)["rows"] if r["key"] == "brand")
        assert est("render", "--week", week, "--force", cwd=root).returncode == 0
        doc = Document(str(root / "utkast" / week / f"veckolagesbild-{week}.docx"))
        line = next(p.text for p in doc.paragraphs if p.text.startswith("Brand: "))
        return book, (row["total"], row["reported"]), line

    assert numbers() == ((3, 4), (3, 4), "Brand: 3 händelser (4 rapporter)")
    # The kvartalsanalys counts events too, the reports' sum beside them.
    assert est("render", "--quarter", "2026-Q4", cwd=root).returncode == 0
    analysis = Document(str(root / "utkast" / "2026-Q4" / "kvartalsanalys-2026-Q4.docx"))
    cells = [[c.text for c in row.cells] for table in analysis.tables for row in table.rows]
    assert ["3 (4)"] == [row[1] for row in cells if row[0] == "Brand" and "(" in row[1]]
    fire = next(
        e for e in events(root, "--week", week, "--area", "Vivalla") if e["key"] == "brand" and e["reported"] > 1
    )
    assert fire["place"] == "Lertagsgatan" and fire["organisations"] == ["Polis", "Nerikes Brandkår"]
    split = est("händelse", "skilj", str(max(fire["observations"])), cwd=root)
    assert split.returncode == 0, split.stderr
    assert numbers() == ((4, None), (4, 4), "Brand: 4")
