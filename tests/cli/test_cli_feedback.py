"""Återkoppling (issue 17): e-mail drafts that Outlook and Thunderbird open as unsent messages – thanks
and the reporter's own problems, reminders with a blank checklist, the fastställd lägesbild to the
distribution lists. Every draft parsed with the standard library."""

from __future__ import annotations

import email
import email.policy
import io
import zipfile
from pathlib import Path

import pytest

from helpers import run_est

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")
WEEK = "2026-W47"


def est(ws: Path, *args: str):
    return run_est(*args, cwd=ws, columns=120)


@pytest.fixture
def ws(demo_ws):
    return demo_ws


def read(path: Path):
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def body(msg) -> str:
    return msg.get_body(("plain",)).get_content()


def decide(ws: Path) -> None:
    src = ws / "utkast" / WEEK / f"veckolagesbild-{WEEK}.docx"
    doc = docx.Document(str(src))
    for table in doc.tables:
        if [c.text for c in table.rows[0].cells][:2] == ["Område", "Förslag till nivå"]:
            table.rows[1].cells[1].text, table.rows[2].cells[1].text = "Orange", "Gul"
    texts = [p.text for p in doc.paragraphs]
    doc.paragraphs[texts.index("Samlad bedömning") + 1].text = "Oroligt i Vivalla kvällstid."
    out = ws / "utkast" / "möte.docx"
    doc.save(str(out))
    assert est(ws, "fastställ", str(out)).returncode == 0


def test_feedback_to_each_reporter_with_their_own_problems_only(ws, tmp_path):
    decide(ws)
    done = est(ws, "återkoppling", "-o", str(tmp_path / "ut"))
    assert done.returncode == 0, done.stderr
    drafts = {p.name: read(p) for p in (tmp_path / "ut").glob("*.eml")}
    assert len(drafts) == 10  # every reporter function that sent something in week 47
    for msg in drafts.values():
        assert msg["X-Unsent"] == "1" and msg["Subject"] == "Tack för rapporten vecka 47 – EST Örebro"
        (attachment,) = list(msg.iter_attachments())
        with zipfile.ZipFile(io.BytesIO(attachment.get_content())) as archive:  # a .docx that opens
            assert "word/document.xml" in archive.namelist()
    fritid = drafts["aterkoppling-2026-W47-kommun-fritidsgården-vivalla.eml"]
    assert fritid["To"] == "fritidsgarden-vivalla@kommun.example.se"
    text = body(fritid)
    assert "Fritidsgården Vivalla v47.xlsx, Blad1!B13: Förekomst 'kanske' kunde inte tolkas" in text  # its cell
    assert "Mopedåkning på gångvägar: 3" in text
    # Only their own: not another reporter's file, findings or comments.
    assert "ÖBO EST v47.xlsx" not in text and "Papperskorgsbrand" not in text and "personnummer" not in text
    polis = body(drafts["aterkoppling-2026-W47-polis-områdespolis.eml"])
    assert "Allt i filen kunde läsas" in polis and "kanske" not in polis
    obo = body(drafts["aterkoppling-2026-W47-öbo-husvärd.eml"])
    assert "Skriv aldrig personnummer i checklistan." in obo  # its own masked personnummer, named by cell


def test_reminders_to_the_missing_with_a_blank_checklist(ws, tmp_path):
    done = est(ws, "påminn", "--week", WEEK, "-o", str(tmp_path / "p"))
    assert done.returncode == 0, done.stderr
    drafts = sorted((tmp_path / "p").glob("*.eml"))
    assert [read(p)["To"] for p in drafts] == ["faltgruppen@kommun.example.se", "socialtjansten@kommun.example.se"]
    msg = read(next(p for p in drafts if "socialtjänsten" in p.name))
    assert msg["X-Unsent"] == "1" and "Vivalla vecka 47" in body(msg) and "senast onsdag 18 nov kl. 10:00" in body(msg)
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_filename().endswith(".xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(attachment.get_content()))  # a checklist that opens
    assert any("Skadegörelse" in str(c.value) for row in wb.worksheets[0].iter_rows() for c in row if c.value)


def test_the_lagesbild_goes_out_only_when_fastställd(ws, tmp_path):
    refused = est(ws, "skicka", "-o", str(tmp_path / "s"))
    assert refused.returncode == 2 and "est fastställ" in refused.stderr
    decide(ws)
    done = est(ws, "skicka", "--till", "Områdesgrupp Vivalla", "-o", str(tmp_path / "s"))
    assert done.returncode == 0, done.stderr
    msg = read(tmp_path / "s" / f"lagesbild-{WEEK}.eml")
    assert msg["To"] is None and msg["Bcc"] == "vivalla@orebro.example.se, partnerskap-vivalla@orebro.example.se"
    assert "Vivalla: orange" in body(msg) and "Oroligt i Vivalla kvällstid." in body(msg)
    (attachment,) = list(msg.iter_attachments())
    document = docx.Document(io.BytesIO(attachment.get_content()))
    assert "Fastställd vid EST-mötet" in document.sections[0].footer.paragraphs[0].text
    unknown = est(ws, "skicka", "--till", "Alla", "-o", str(tmp_path / "s2"))
    assert unknown.returncode == 2 and "Sändlistan 'Alla' finns inte" in " ".join(unknown.stderr.split())


def test_reporting_statistics_per_function(ws):
    import json

    data = json.loads(est(ws, "rapport", "statistik", "--month", "2026-11", "--json").stdout)
    rows = {(r["area"], r["organisation"], r["reporter"]): r for r in data["rows"]}
    assert data["period"] == {"from": "2026-W45", "to": "2026-W48"}
    fritid = rows[("Vivalla", "Kommun", "Fritidsgården Vivalla")]
    assert (fritid["weeks_expected"], fritid["weeks_reported"], fritid["on_time"], fritid["files_with_errors"]) == (
        4,
        1,
        1,
        1,
    )
    tv = rows[("Vivalla", "ÖBO", "Trygghetsvärd")]
    assert (tv["weeks_reported"], tv["late"], tv["on_time"]) == (1, 1, 0)  # its e-mail came after the deadline
    assert rows[("Vivalla", "Kommun", "Socialtjänsten")]["weeks_reported"] == 0
    # The monthly (and quarterly) analysis shows the same, per function.
    assert est(ws, "render", "--month", "2026-11").returncode == 0
    analysis = docx.Document(str(ws / "utkast" / "2026-11" / "manadslagesbild-2026-11.docx"))
    table = next(
        t
        for t in analysis.tables
        if [c.text for c in t.rows[0].cells] == ["Område", "Organisation · funktion", "Rapporterat"]
    )
    shown = {(r.cells[0].text, r.cells[1].text): r.cells[2].text for r in table.rows[1:]}
    assert shown[("Vivalla", "Kommun · Fritidsgården Vivalla")] == "1 av 4 veckor, 1 i tid, 1 fil med fel"
