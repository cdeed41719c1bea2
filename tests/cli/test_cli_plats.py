"""Issue 14, part 2: places. The workspace's platser.csv makes a reporter's spelling the registered place –
one event in `est händelse list`, the week's counts, the trend and the hot spots – also when the
coordinator edits the file by hand after the merge; `est plats list` shows the spellings and suggests
merges, `est plats samma` writes them into platser.csv."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from openpyxl import load_workbook

from helpers import run_est as est
from helpers import said

WEEK = "2026-W48"
HEADER = "Vecka;Område;Organisation;Rapportör;Datum;Tid;Händelse;Plats;Antal;Kommentar"
TUNNEL = "Gångtunneln vid Bettorpsgatan"


def event_log(path: Path, organisation: str, rows: list[str], area: str = "Norrby") -> Path:
    lines = [HEADER] + [f"48;{area};{organisation};{organisation} {area};{row}" for row in rows]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


@pytest.fixture
def ws(tmp_path):
    root = tmp_path / "ws"
    made = est(
        "init", str(root), "--schema", "orebro", "--kommun", "Örebro", "--omrade", "Norrby", "--omrade", "Oxhagen"
    )
    assert made.returncode == 0, made.stderr
    polis = event_log(
        tmp_path / "polis.csv",
        "Polisen",
        [
            f"2026-11-24;21:50;Brand;{TUNNEL};1;Brand i papperskorg",
            "2026-11-23;;Skadegörelse;Bettorpsgatan;1;Klotter på väggen",
            "2026-11-22;;Skadegörelse;Bettorpsg.;1;Krossad lampa",
        ],
    )
    rtj = event_log(
        tmp_path / "rtj.csv", "Räddningstjänsten", ["2026-11-24;22:10;Brand;Bettorpsgatan tunneln;1;Papperskorgsbrand"]
    )
    falt = event_log(
        tmp_path / "falt.csv",
        "Fältgruppen",
        [
            "2026-11-25;;Skadegörelse;Bettorpsgatan, gångtunneln;1;Klotter i tunneln",
            "2026-11-26;;Skadegörelse;Betorpsgatan;1;Nedskräpning",
        ],
    )
    oxhagen = event_log(tmp_path / "ox.csv", "Polisen", ["2026-11-24;;Skadegörelse;Torget;1;Klotter"], "Oxhagen")
    ran = est("merge", str(polis), str(rtj), str(falt), str(oxhagen), "--week", WEEK, cwd=root)
    assert ran.returncode in (0, 1), ran.stderr
    return root


def fires(ws: Path) -> list[list[int]]:
    ran = est("händelse", "list", "--json", cwd=ws)
    assert ran.returncode == 0, ran.stderr
    return [e["observations"] for e in json.loads(ran.stdout)["events"] if e["key"] == "brand"]


def brand_trend(ws: Path) -> tuple[int, int]:
    ran = est("trend", "--from", WEEK, "--to", WEEK, "--area", "Norrby", "--json", cwd=ws)
    assert ran.returncode == 0, ran.stderr
    row = next(r for r in json.loads(ran.stdout)["rows"] if r["key"] == "brand")
    return row["total"], row["reported"]


def workbook(ws: Path) -> tuple[tuple, dict[str, int]]:
    """(Brand in Översikt: events, reported) and the hot spots of Norrby in 'Platser och tider'."""
    wb = load_workbook(ws / "utkast" / WEEK / f"sammanstallning-{WEEK}.xlsx", read_only=True)
    rows = list(wb["Översikt"].iter_rows(values_only=True))
    reported = next(r for r in rows if r and r[0] == "Område").index("Rapporterat denna vecka")
    brand = next((r[2], r[reported]) for r in rows if r and r[:2] == ("Norrby", "Brand"))
    spots = {r[1]: r[2] for r in wb["Platser och tider"].iter_rows(values_only=True) if r and r[0] == "Norrby"}
    return brand, spots


def excel_register(ws: Path, rows: list[str]) -> None:
    """platser.csv as Excel on a Swedish Windows saves 'CSV (semikolonavgränsad)'."""
    (ws / "platser.csv").write_bytes("\r\n".join(["Plats;Alias;Område", *rows, ""]).encode("cp1252"))


def test_an_alias_in_platser_csv_makes_one_event_and_one_hot_spot_without_a_merge(ws):
    assert [len(f) for f in fires(ws)] == [1, 1]
    assert brand_trend(ws) == (2, 2)
    brand, spots = workbook(ws)
    assert brand == (2, None) and spots[TUNNEL] == 2 and spots["Bettorpsgatan tunneln"] == 1

    excel_register(ws, [f"{TUNNEL};Bettorpsgatan tunneln;Norrby"])  # edited by hand, after the merge
    listed = est("händelse", "list", "--json", cwd=ws)
    assert "Platsregistret (platser.csv) har ändrats" in said(listed)
    assert [len(f) for f in fires(ws)] == [2]  # Polisen's and Räddningstjänsten's fire: one event
    assert brand_trend(ws) == (1, 2)
    brand, spots = workbook(ws)  # the week's workbook was written again
    assert brand == (1, 2)
    # One hot spot in the register's spelling; "Bettorpsgatan" is now a part of one place only.
    assert spots[TUNNEL] == 3 and "Bettorpsgatan tunneln" not in spots and "Bettorpsgatan" not in spots
    assert est("render", "--week", WEEK, cwd=ws).returncode == 0
    from docx import Document

    text = "\n".join(p.text for p in Document(str(ws / "utkast" / WEEK / f"veckolagesbild-{WEEK}.docx")).paragraphs)
    # Each category names its own places: the fire reported by both is one event at one place, quoted
    # with both reporters; no "Var:" line names the alias as a place of its own.
    var = [line for line in text.splitlines() if line.startswith("Var:")]
    assert f"Var: {TUNNEL} (1)." in var and not any("Bettorpsgatan tunneln" in line for line in var)
    assert "Räddningstjänsten Norrby, Räddningstjänsten (Bettorpsgatan tunneln)" in text

    entries = json.loads(est("logg", "--json", cwd=ws).stdout)["entries"]
    change = entries[-1]
    assert change["action"] == "platser" and change["details"]["fewer_events"] == 1
    assert change["details"]["weeks"] == [WEEK] and change["details"]["observations"] == 1
    assert "platsregistret" in est("logg", cwd=ws).stdout

    excel_register(ws, [f"{TUNNEL};;Norrby"])  # the alias taken out again
    assert brand_trend(ws) == (2, 2)
    assert [len(f) for f in fires(ws)] == [1, 1]
    brand, spots = workbook(ws)
    assert brand == (2, None) and spots["Bettorpsgatan tunneln"] == 1
    assert est("logg", "--json", cwd=ws).stdout.count('"platser"') == 2


def test_a_broken_register_stops_with_the_file_and_row(ws):
    excel_register(ws, [f"{TUNNEL};;Norrby", "Bettorpsgatan, gångtunneln;;Norrby"])
    for command in (["händelse", "list"], ["trend", "--from", WEEK, "--to", WEEK], ["plats", "list"], ["render"]):
        ran = est(*command, cwd=ws)
        assert ran.returncode == 2 and "Traceback" not in ran.stderr, command
        assert "platser.csv" in said(ran) and "rad 3:" in said(ran)


def plats_list(ws: Path, *args: str) -> dict:
    ran = est("plats", "list", "--json", *args, cwd=ws)
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout)


def test_plats_list_shows_spellings_and_suggests_merges_that_samma_makes(ws):
    same = est("plats", "samma", TUNNEL, "Bettorpsgatan tunneln", "--område", "Norrby", cwd=ws)
    assert same.returncode == 0, same.stderr
    text = said(same)
    assert "”Bettorpsgatan tunneln” räknas nu som ”Gångtunneln vid Bettorpsgatan” i Norrby" in text
    assert "platser.csv, ny rad 2" in text and "1 händelse färre" in text and "est render --week 2026-W48" in text
    data = (ws / "platser.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.decode("utf-8-sig").splitlines()[0] == "plats;alias;område"
    assert [len(f) for f in fires(ws)] == [2]

    listed = plats_list(ws)
    assert set(listed) == {"period", "registerfil", "platser", "förslag", "utan_plats", "registrerade_utan_händelser"}
    assert listed["period"] == {"från": WEEK, "till": WEEK}
    tunnel = next(p for p in listed["platser"] if p["plats"] == TUNNEL)
    assert set(tunnel) == {"plats", "område", "registrerad", "händelser", "veckor", "veckolista", "stavningar"}
    assert (tunnel["område"], tunnel["registrerad"], tunnel["händelser"], tunnel["veckor"]) == ("Norrby", True, 2, 1)
    assert sorted(s["stavning"] for s in tunnel["stavningar"]) == [
        "Bettorpsgatan tunneln",
        "Bettorpsgatan, gångtunneln",
        TUNNEL,
    ]
    assert {(p["plats"], p["registrerad"]) for p in listed["platser"] if p["område"] == "Norrby"} == {
        (TUNNEL, True),
        ("Bettorpsgatan", False),
        ("Bettorpsg.", False),
        ("Betorpsgatan", False),
    }
    (suggestion,) = listed["förslag"]
    assert set(suggestion) == {"område", "plats", "registrerad", "stavningar", "händelser", "kommando"}
    assert (suggestion["område"], suggestion["plats"], suggestion["händelser"]) == ("Norrby", TUNNEL, 3)
    assert {s["stavning"]: s["skäl"] for s in suggestion["stavningar"]} == {
        "Bettorpsgatan": "del av platsen",
        "Bettorpsg.": "del av platsen, förkortning",
        "Betorpsgatan": "del av platsen, liknande stavning",
    }
    command = shlex.split(suggestion["kommando"])
    assert command[:3] == ["est", "plats", "samma"] and command[-2:] == ["--område", "Norrby"]

    done = est(*command[1:], cwd=ws)
    assert done.returncode == 0, done.stderr
    assert "3 observationer (vecka 2026-W48) räknas nu till en annan plats" in said(done)
    again = plats_list(ws, "--week", WEEK, "--area", "Norrby")
    assert again["förslag"] == [] and [(p["plats"], p["händelser"]) for p in again["platser"]] == [(TUNNEL, 5)]
    assert len(again["platser"][0]["stavningar"]) == 6
    _, spots = workbook(ws)
    assert spots == {TUNNEL: 5}
    rows = (ws / "platser.csv").read_text("utf-8-sig").splitlines()
    assert rows[1] == f'{TUNNEL};"Bettorpsgatan tunneln; Betorpsgatan; Bettorpsg.; Bettorpsgatan";Norrby'


def test_plats_samma_says_what_it_cannot_do(ws):
    alone = est("plats", "samma", TUNNEL, cwd=ws)
    assert alone.returncode == 2 and "minst en annan stavning" in said(alone)
    unsure = est("plats", "samma", "Skolan", "Skolgården", cwd=ws)  # in no area yet, and two areas
    assert unsure.returncode == 2 and "--område" in said(unsure)
    inferred = est("plats", "samma", "Torget", "Torg", cwd=ws)  # Torget is reported in Oxhagen only
    assert inferred.returncode == 0 and "i Oxhagen" in said(inferred)
    misspelt = est("plats", "samma", "Torg", "Torget", "--område", "Oxhagn", cwd=ws)
    assert misspelt.returncode == 2 and "'Oxhagn' finns varken" in said(misspelt) and "Oxhagen" in said(misspelt)
    already = est("plats", "samma", "Torg", "torget", "--område", "Oxhagen", cwd=ws)
    assert already.returncode == 0 and "redan samma plats" in said(already)
    excel_register(ws, ["Torget;;Oxhagen", "Centrum;;Oxhagen"])
    two = est("plats", "samma", "Torget", "Centrum", "--område", "Oxhagen", cwd=ws)
    assert two.returncode == 2 and "två platser" in said(two) and "rad 2" in said(two)
    assert (ws / "platser.csv").read_bytes().startswith(b"Plats;Alias")  # untouched


def test_plats_list_reads_at_80_columns(ws):
    assert est("plats", "samma", TUNNEL, "Bettorpsgatan tunneln", "--område", "Norrby", cwd=ws).returncode == 0
    for args in (["plats", "list"], ["plats", "list", "--from", "2026-W45", "--to", WEEK], ["plats", "--help"]):
        ran = est(*args, cwd=ws)
        assert ran.returncode == 0, ran.stderr
        lines = (ran.stdout + ran.stderr).splitlines()
        # A command to copy stands whole on its own line, as a file path does.
        assert [line for line in lines if len(line) > 80 and not line.startswith("    est plats samma ")] == []
    shown = est("plats", "list", cwd=ws).stdout
    assert "✓ Gångtunneln vid Bettorpsgatan" in shown and "Troligen samma plats" in shown
    assert '    est plats samma "Gångtunneln vid Bettorpsgatan" "Betorpsgatan" "Bettorpsg."' in shown
    empty = est("plats", "list", "--week", "2026-W10", cwd=ws)
    assert empty.returncode == 0 and "Inga platser" in said(empty)
    assert plats_list(ws, "--week", "2026-W10")["platser"] == []
