"""Issue 13's stories end to end: a saved-late original against an e-mailed correction, a misspelt area
moved with `est område byt`, a wrong report withdrawn and restored – and the archive's log."""

from __future__ import annotations

import json
import os
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from helpers import run_est as est
from helpers import said

WEEK = "2026-W48"


def checklist(area: str = "Norrby", burglaries: int = 3, organisation: str = "Fältgruppen") -> str:
    return (
        f"Vecka;{WEEK}\nBostadsområde;{area}\nOrganisation;{organisation}\nRapportör;Fältassistent\n\n"
        f"Händelse;Antal\nInbrott/inbrottsförsök, stölder;{burglaries}\nKlotter, skadegörelse;1\n"
    )


def saved_file(path: Path, text: str, saved: datetime) -> Path:
    path.write_text(text, "utf-8")
    os.utime(path, (saved.timestamp(), saved.timestamp()))
    return path


def mailed(path: Path, text: str, sent: datetime) -> Path:
    message = EmailMessage()
    message["From"] = "falt@boras.example.se"
    message["To"] = "est@boras.example.se"
    message["Subject"] = "Rättelse checklista Norrby"
    message["Date"] = format_datetime(sent.astimezone())
    message.set_content("Rättelse: 4 inbrott, inte 3.")
    message.add_attachment(text.encode("utf-8"), maintype="text", subtype="csv", filename="norrby.csv")
    path.write_bytes(bytes(message))
    return path


@pytest.fixture
def ws(tmp_path):
    root = tmp_path / "ws"
    made = est(
        "init", str(root), "--schema", "boras", "--kommun", "Borås", "--omrade", "Norrby", "--omrade", "Hässleholmen"
    )
    assert made.returncode == 0, made.stderr
    return root


def merge(ws: Path, *paths: Path):
    ran = est("merge", *map(str, paths), "--week", WEEK, cwd=ws)
    assert ran.returncode in (0, 1), ran.stderr
    return ran


def reports(ws: Path, *args: str) -> list[dict]:
    ran = est("rapport", "list", "--json", *args, cwd=ws)
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout)["reports"]


def workbook_total(ws: Path, area: str) -> int | None:
    wb = load_workbook(ws / "utkast" / WEEK / f"sammanstallning-{WEEK}.xlsx", read_only=True)
    for row in wb["Översikt"].iter_rows(values_only=True):
        if row and row[0] == area and row[1] == f"Summa {area}":
            return row[2]
    return None


def trend_total(ws: Path, area: str) -> int:
    ran = est("trend", "--from", WEEK, "--to", WEEK, "--json", cwd=ws)
    assert ran.returncode == 0, ran.stderr
    return sum(row["total"] or 0 for row in json.loads(ran.stdout)["rows"] if row["area"] == area)


def test_an_emailed_correction_wins_over_an_original_saved_to_disk_later(ws, tmp_path):
    # The original attachment was saved to disk on Sunday; the correction came by e-mail on Thursday.
    original = saved_file(tmp_path / "norrby.csv", checklist(burglaries=3), datetime(2026, 11, 29, 18, 0))
    correction = mailed(tmp_path / "rättelse.eml", checklist(burglaries=4), datetime(2026, 11, 26, 14, 5))
    merge(ws, original)
    ran = merge(ws, correction)
    listed = reports(ws, "--week", WEEK)
    assert [(r["source"], r["state"], r["received_from"]) for r in listed] == [
        ("norrby.csv", "ersatt", "fil"),
        ("rättelse.eml › norrby.csv", "aktiv", "e-post"),
    ]
    assert listed[1]["received"] == "2026-11-26T14:05"
    text = said(ran)
    assert "Osäker ordning" in text and "e-brevets datum mot när filen sparades" in text
    assert f"est rapport gäller {listed[0]['id']}" in text
    assert trend_total(ws, "Norrby") == 5  # 4 burglaries and 1 graffiti, once

    # The coordinator knows better: the other one is chosen, and everything follows.
    chose = est("rapport", "gäller", str(listed[0]["id"]), cwd=ws)
    assert chose.returncode == 0, chose.stderr
    assert [r["state"] for r in reports(ws, "--week", WEEK)] == ["aktiv", "ersatt"]
    assert trend_total(ws, "Norrby") == 4 and workbook_total(ws, "Norrby") == 4


def test_two_emails_are_compared_by_their_dates_without_a_warning(ws, tmp_path):
    first = mailed(tmp_path / "a.eml", checklist(burglaries=3), datetime(2026, 11, 25, 9, 0))
    second = mailed(tmp_path / "b.eml", checklist(burglaries=4), datetime(2026, 11, 26, 14, 5))
    ran = merge(ws, second)
    ran = merge(ws, first)  # merged later, but sent earlier: it is the one replaced
    assert [(r["source"], r["state"]) for r in reports(ws)] == [
        ("b.eml › norrby.csv", "aktiv"),
        ("a.eml › norrby.csv", "ersatt"),
    ]
    assert "Osäker ordning" not in said(ran)


def test_a_misspelt_area_is_moved_with_the_command_est_suggests(ws, tmp_path):
    right = saved_file(
        tmp_path / "polis.csv", checklist(organisation="Polisen", burglaries=2), datetime(2026, 11, 25, 8)
    )
    wrong = saved_file(tmp_path / "falt.csv", checklist(area="Norby"), datetime(2026, 11, 25, 9))
    ran = merge(ws, right, wrong)
    assert "est område byt Norby Norrby --week 2026-W48" in said(ran)
    assert trend_total(ws, "Norby") == 4 and workbook_total(ws, "Norby") == 4

    dry = est("område", "byt", "Norby", "Norrby", "--week", WEEK, "--dry-run", cwd=ws)
    assert dry.returncode == 0 and "Inget är ändrat" in said(dry)
    assert [r["area"] for r in reports(ws)] == ["Norby", "Norrby"]

    moved = est("område", "byt", "Norby", "Norrby", "--week", WEEK, cwd=ws)
    assert moved.returncode == 0, moved.stderr
    assert "flyttat till Norrby" in said(moved) and "sammanstallning-2026-W48.xlsx" in moved.stderr
    assert [(r["area"], r["organisation"], r["state"]) for r in reports(ws)] == [
        ("Norrby", "Fältgruppen", "aktiv"),
        ("Norrby", "Polisen", "aktiv"),
    ]
    assert trend_total(ws, "Norrby") == 7 and workbook_total(ws, "Norrby") == 7
    assert workbook_total(ws, "Norby") is None
    render = est("render", "--week", WEEK, cwd=ws)
    assert render.returncode == 0, render.stderr
    from docx import Document

    texts = [p.text for p in Document(str(ws / "utkast" / WEEK / f"veckolagesbild-{WEEK}.docx")).paragraphs]
    assert not any("Norby" in t for t in texts)


def test_a_moved_report_replaces_the_same_reporters_report_under_the_right_name(ws, tmp_path):
    first = saved_file(tmp_path / "a.csv", checklist(burglaries=1), datetime(2026, 11, 24, 8))
    later = saved_file(tmp_path / "b.csv", checklist(area="norby ", burglaries=5), datetime(2026, 11, 25, 8))
    merge(ws, first, later)
    moved = est("område", "byt", "Norby", "Norrby", cwd=ws)
    assert moved.returncode == 0, moved.stderr
    assert [(r["source"], r["state"]) for r in reports(ws)] == [("a.csv", "ersatt"), ("b.csv", "aktiv")]
    assert "är nu ersatt av" in said(moved)
    assert trend_total(ws, "Norrby") == 6


def test_a_withdrawn_report_is_counted_nowhere_and_comes_back(ws, tmp_path):
    polis = saved_file(
        tmp_path / "polis.csv", checklist(organisation="Polisen", burglaries=2), datetime(2026, 11, 25, 8)
    )
    falt = saved_file(tmp_path / "falt.csv", checklist(), datetime(2026, 11, 25, 9))
    merge(ws, polis, falt)
    falt_id = next(r["id"] for r in reports(ws) if r["organisation"] == "Fältgruppen")
    assert trend_total(ws, "Norrby") == 7

    no_reason = est("rapport", "återkalla", str(falt_id), cwd=ws)
    assert no_reason.returncode == 2 and "--orsak" in said(no_reason)
    gone = est("rapport", "återkalla", str(falt_id), "--orsak", "Skickad två gånger", cwd=ws)
    assert gone.returncode == 0, gone.stderr
    assert f"est rapport återställ {falt_id}" in said(gone)
    assert [r["state"] for r in reports(ws) if r["id"] == falt_id] == ["återkallad"]
    assert trend_total(ws, "Norrby") == 3 and workbook_total(ws, "Norrby") == 3
    shown = est("rapport", "visa", str(falt_id), cwd=ws)
    assert "Läge: återkallad" in shown.stdout and "Orsak: Skickad två gånger" in shown.stdout

    back = est("rapport", "återställ", str(falt_id), cwd=ws)
    assert back.returncode == 0, back.stderr
    assert trend_total(ws, "Norrby") == 7 and workbook_total(ws, "Norrby") == 7

    missing = est("rapport", "återkalla", "999", "--orsak", "x", cwd=ws)
    assert missing.returncode == 2 and "ingen rapport nr 999" in said(missing)

    log = est("logg", "--json", cwd=ws)
    entries = json.loads(log.stdout)["entries"]
    assert [e["action"] for e in entries] == ["merge", "återkalla", "återställ"]
    assert entries[1]["details"] == {"reason": "Skickad två gånger", "report": falt_id, "week": WEEK}
    assert set(entries[0]) == {"id", "time", "user", "action", "details"} and entries[0]["user"]
    shown_log = est("logg", cwd=ws)
    assert "återkallade" in shown_log.stdout and max(len(line) for line in shown_log.stdout.splitlines()) <= 80


def test_rapport_list_fits_80_columns(ws, tmp_path):
    merge(ws, saved_file(tmp_path / "falt.csv", checklist(), datetime(2026, 11, 25, 9)))
    listed = est("rapport", "list", cwd=ws)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any("Norrby" in line and "aktiv" in line for line in lines)
