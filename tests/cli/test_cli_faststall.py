"""From draft to fastställd lägesbild (issue 16): the intern draft edited the way a person edits it in
Word (python-docx) – and once saved again by LibreOffice –, read back by `est fastställ`; the extern
built from the decision; the decided levels over time; the action list week to week."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from helpers import run_est, soffice

docx = pytest.importorskip("docx")
WEEK = "2026-W47"


def est(ws: Path, *args: str):
    return run_est(*args, cwd=ws, columns=120)


@pytest.fixture
def ws(demo_ws):
    return demo_ws


def draft(ws: Path) -> Path:
    return ws / "utkast" / WEEK / f"veckolagesbild-{WEEK}.docx"


def edit(src: Path, out: Path, levels=("Orange", "gul – lugnare"), box: str | None = None) -> Path:
    """What the meeting does in Word: the level column, the samlad bedömning, Vivalla's bedömning, a new
    action, the participants."""
    doc = docx.Document(str(src))
    for table in doc.tables:
        header = [c.text for c in table.rows[0].cells]
        if header[:2] == ["Område", "Förslag till nivå"]:
            for row, level in zip(table.rows[1:], levels):
                row.cells[1].text = level
        if header[:2] == ["Nr", "Åtgärd"]:
            row = next(r for r in table.rows[1:] if not r.cells[1].text.strip())
            for cell, value in zip(
                row.cells, ["", "Se över belysningen i gångtunneln", "Kommun/Fastighetskontoret", "v.49", "öppen"]
            ):
                cell.text = value
        if box and header[:1] == ["Förslag till nivå"]:
            table.rows[0].cells[1].text = box
            box = None  # the first area's box only
    paragraphs = doc.paragraphs
    texts = [p.text for p in paragraphs]
    paragraphs[
        texts.index("Samlad bedömning") + 1
    ].text = "Oroligt i Vivalla kvällstid efter stenkastningen; Baronbackarna lugnare."
    first = texts.index("Bedömning")  # Vivalla's
    paragraphs[first + 1].text = "Stenkastningen mot buss och räddningsfordon är allvarlig; fortsatt närvaro kvällstid."
    for p in paragraphs:
        if p.text.startswith("Deltagare: "):
            p.text = "Deltagare: Polis/Kommunpolis, Kommun/Brottsförebyggande samordnare, ÖBO/Trygghetsvärd"
    doc.save(str(out))
    return out


def test_the_meeting_decides_and_the_extern_comes_from_the_decision(ws):
    edited = edit(draft(ws), ws / "utkast" / "möte v47.docx")
    done = est(ws, "fastställ", str(edited))
    assert done.returncode == 0, done.stderr
    said = " ".join(done.stderr.split())
    assert "Veckolägesbilden för vecka 47 är fastställd." in said and "Vivalla: orange" in said
    assert "Åtgärder: 1 nya, 0 klara" in said

    levels = json.loads(est(ws, "trend", "--nivåer", "--quarter", "2026-Q4", "--json").stdout)
    assert levels["rows"] == [
        {"area": "Vivalla", "levels": {WEEK: "orange"}},
        {"area": "Baronbackarna", "levels": {WEEK: "gul"}},
    ]

    extern = est(ws, "render", "--variant", "extern", "--force")
    assert extern.returncode == 0, extern.stderr
    path = ws / "utkast" / WEEK / f"veckolagesbild-{WEEK}-extern.docx"
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )
    footer = document.sections[0].footer.paragraphs[0].text
    assert "Fastställd vid EST-mötet 19 november 2026" in footer
    assert "sekretessprövning" in text and "KAN LÄMNAS UT" not in text.upper()
    assert "Oroligt i Vivalla kvällstid efter stenkastningen; Baronbackarna lugnare." in text
    assert "Stenkastningen mot buss och räddningsfordon är allvarlig; fortsatt närvaro kvällstid." in text
    rows = {r.cells[0].text: r.cells[1].text for t in document.tables for r in t.rows[1:]}
    assert rows == {"Vivalla": "Orange", "Baronbackarna": "Gul"}
    # No proposal, calculation, placeholder or reporter's words.
    for absent in (
        "Förslag",
        "förslag",
        "[Skriv",
        "signalpoäng",
        "Underlag saknas",
        "Papperskorgsbrand",
        "Lertagsgatan",
        "Områdespolis",
        "Mopedåkning",
        "Fältgruppen",
    ):
        assert absent not in text, absent
    with zipfile.ZipFile(path) as archive:
        assert not any("Lertagsgatan" in archive.read(n).decode("utf-8", "replace") for n in archive.namelist())

    # The kvartalsanalys shows each area's decided levels week by week.
    assert est(ws, "render", "--quarter", "2026-Q4").returncode == 0
    analysis = docx.Document(str(ws / "utkast" / "2026-Q4" / "kvartalsanalys-2026-Q4.docx"))
    lines = [p.text for p in analysis.paragraphs]
    assert "Fastställda nivåer vecka för vecka" in lines
    assert "Vivalla: 1 orange (1 av 14 veckor fastställda)" in lines
    assert "Baronbackarna: 1 gul (1 av 14 veckor fastställda)" in lines
    # … and what the weeks held: the holidays (and est.toml's [[kalender]]) of the quarter.
    assert "Helgdagar, lov och kända händelser under perioden" in lines
    assert "torsdag 24 december: Julafton" in lines and "lördag 31 oktober: Alla helgons dag" in lines

    logged = json.loads(est(ws, "logg", "--json").stdout)["entries"]
    assert logged[-1]["action"] == "fastställ" and logged[-1]["details"]["levels"] == {
        "Vivalla": "orange",
        "Baronbackarna": "gul",
    }


def test_a_copy_saved_by_libreoffice_in_another_folder_is_recognised(ws, tmp_path):
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice saknas")
    edited = edit(draft(ws), tmp_path / "mötet.docx")
    (tmp_path / "lo").mkdir()
    saved = soffice(edited, "docx", tmp_path / "lo", tmp_path / "profile")
    first = est(ws, "fastställ", str(saved))
    assert first.returncode == 0, first.stderr
    again = est(ws, "fastställ", str(edited))
    assert again.returncode == 0 and "ersätter den som fastställdes tidigare" in " ".join(again.stderr.split())
    actions = json.loads(est(ws, "åtgärd", "list", "--json").stdout)["actions"]
    assert [a["text"] for a in actions] == ["Se över belysningen i gångtunneln"]  # taken in once


def test_an_empty_level_or_a_conflict_stores_nothing(ws, tmp_path):
    empty = edit(draft(ws), tmp_path / "tom.docx", levels=("", "Gul"))
    done = est(ws, "fastställ", str(empty))
    assert done.returncode == 1
    assert "Nivån för Vivalla är inte ifylld i tabellen i avsnitt 1" in " ".join(done.stderr.split())
    conflict = edit(draft(ws), tmp_path / "konflikt.docx", box="Röd")
    done = est(ws, "fastställ", str(conflict))
    assert done.returncode == 1
    assert "Vivalla: tabellen i avsnitt 1 säger orange, men avsnittet 2.1 Vivalla säger röd" in " ".join(
        done.stderr.split()
    )
    assert json.loads(est(ws, "trend", "--nivåer", "--quarter", "2026-Q4", "--json").stdout)["rows"] == []
    refused = est(ws, "render", "--variant", "extern", "--force")
    assert refused.returncode == 2
    assert "est fastställ FIL.docx" in " ".join(refused.stderr.split())
    drafted = est(ws, "render", "--variant", "extern", "--utkast", "--force")
    assert drafted.returncode == 0, drafted.stderr


def test_a_document_of_another_workspace_is_refused(ws, tmp_path):
    other = edit(draft(ws), tmp_path / "annan.docx")
    doc = docx.Document(str(other))
    doc.core_properties.keywords = f"EST, veckolägesbild, vecka={WEEK}, kommun=Borås, variant=intern"
    doc.save(str(other))
    done = est(ws, "fastställ", str(other))
    assert done.returncode == 2
    assert "är veckolägesbilden för Borås, inte för den här arbetsytan (Örebro)" in " ".join(done.stderr.split())


def test_an_action_follows_the_group_until_it_is_done(ws):
    assert est(ws, "fastställ", str(edit(draft(ws), ws / "utkast" / "möte.docx"))).returncode == 0
    added = est(
        ws, "åtgärd", "add", "Trygghetsvandring i Baronbackarna", "--ansvarig", "ÖBO/Husvärd", "--klart", "2026-W46"
    )
    assert added.returncode == 0, added.stderr
    # The next draft lists the open actions; the one due before the week is marked.
    assert est(ws, "render", "--force").returncode == 0
    rows = [
        [c.text for c in r.cells]
        for t in docx.Document(str(draft(ws))).tables
        for r in t.rows
        if t.rows[0].cells[0].text == "Nr"
    ]
    assert rows[1][:4] == ["1", "Se över belysningen i gångtunneln", "Kommun/Fastighetskontoret", "v.49"]
    assert rows[2][:4] == ["2", "Trygghetsvandring i Baronbackarna", "ÖBO/Husvärd", "v.46 – försenad"]
    assert est(ws, "åtgärd", "klar", "1").returncode == 0
    assert est(ws, "render", "--force").returncode == 0
    texts = [c.text for t in docx.Document(str(draft(ws))).tables for r in t.rows for c in r.cells]
    assert "Se över belysningen i gångtunneln" not in texts and "Trygghetsvandring i Baronbackarna" in texts
    listed = json.loads(est(ws, "åtgärd", "list", "--öppna", "--json").stdout)["actions"]
    assert [(a["id"], a["försenad"]) for a in listed] == [(2, True)]


def test_the_monthly_draft_agrees_with_trend_for_the_month(ws):
    """Issue 19: `est render --month` from the same period machinery as the quarter; its numbers are
    `est trend --month`'s (problems only in the area's total, as everywhere)."""
    done = est(ws, "render", "--month", "2026-11")
    assert done.returncode == 0, done.stderr
    path = ws / "utkast" / "2026-11" / "manadslagesbild-2026-11.docx"
    document = docx.Document(str(path))
    assert document.paragraphs[0].text == "Månadslägesbild november 2026 (v.45–48) – Örebro"
    figures = json.loads(est(ws, "trend", "--month", "2026-11", "--json").stdout)
    assert (figures["period"], figures["label"]) == ({"from": "2026-W45", "to": "2026-W48"}, "2026-11")
    summary = next(t for t in document.tables if t.rows[0].cells[0].text == "Område" and len(t.rows[0].cells) > 3)
    shown = {r.cells[0].text: r.cells[2].text for r in summary.rows[1:]}
    for area in ("Vivalla", "Baronbackarna"):
        total = sum(r["total"] or 0 for r in figures["rows"] if r["area"] == area and r["kind"] == "problem")
        assert shown[area] == str(total), area
    assert shown == {"Vivalla": "35", "Baronbackarna": "26"}


def test_titles_the_meeting_retyped_are_still_found(ws):
    """A meeting that retypes a heading ('SAMLAD BEDÖMNING v.47', 'Bedömning:') loses nothing."""
    edited = edit(draft(ws), ws / "utkast" / "möte v47.docx")
    doc = docx.Document(str(edited))
    for p in doc.paragraphs:
        if p.text == "Samlad bedömning":
            p.text = "SAMLAD BEDÖMNING v.47"
        elif p.text == "Bedömning":
            p.text = "Bedömning:"
    doc.save(str(edited))
    done = est(ws, "fastställ", str(edited))
    assert done.returncode == 0, done.stderr
    extern = est(ws, "render", "--variant", "extern", "--force")
    assert extern.returncode == 0, extern.stderr
    document = docx.Document(str(ws / "utkast" / WEEK / f"veckolagesbild-{WEEK}-extern.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Oroligt i Vivalla kvällstid efter stenkastningen; Baronbackarna lugnare." in text
    assert "Stenkastningen mot buss och räddningsfordon är allvarlig; fortsatt närvaro kvällstid." in text
