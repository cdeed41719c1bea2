"""The reporting period end to end: a workspace whose week runs torsdag 00:00 – onsdag 10:00, a weekday
table and an event log with events outside the period – through `est validate --json`, `est merge`'s
summary, the compiled workbook and both veckolägesbilder."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from helpers import run_est

openpyxl = pytest.importorskip("openpyxl")

PERIOD = "12–18 november 2026 kl. 10"
SENTENCE = "Händelser 12–18 november 2026, rapporter till onsdag 18 november kl. 10"
DAYS = ["tor 12/11", "fre 13/11", "lör 14/11", "sön 15/11", "mån 16/11", "tis 17/11", "ons 18/11 till kl. 10"]
# A weekday table: "Tor" in the week-47 report is the Thursday before the deadline, 12 November (ISO week 46).
WEEKDAYS_CSV = (
    "Vecka;2026-W47\nOmråde;Vivalla\nOrganisation;Kommun\nRapportör;Fältgruppen\n\n"
    "Händelse;Mån;Tis;Ons;Tor;Fre;Lör;Sön\n"
    "Skadegörelse;;1;;2;;;\n"  # Tis C7 → 17/11, Tor E7 → 12/11
    "Brand;;;;;1;;\n"  # Fre F8 → 13/11
)
# An event log: one event inside, one before the period and one after the deadline.
EVENTS_CSV = (
    "Vecka;2026-W47\nOmråde;Vivalla\nOrganisation;Polis\nRapportör;Områdespolis\n\n"
    "Punkt;Antal;Plats;Datum;Tid\n"
    "Skadegörelse;1;Lertagsgatan;2026-11-17;21:30\n"
    "Brand;1;Vivalla centrum;2026-11-10;22:00\n"  # A8: before Thursday 12 November
    "Brand;1;Vivalla centrum;2026-11-18;14:00\n"  # A9: after the deadline
)


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    root = tmp_path_factory.mktemp("period") / "ws"
    made = run_est("init", str(root), "--schema", "orebro", "--kommun", "Örebro", "--omrade", "Vivalla")
    assert made.returncode == 0, made.stderr
    config = root / "est.toml"
    text = config.read_text("utf-8")
    assert '# rapportperiod = "torsdag 00:00 – onsdag 10:00"' in text
    config.write_text(text.replace("# rapportperiod = ", "rapportperiod = "), "utf-8")
    (root / "inkorg" / "faltgruppen.csv").write_text(WEEKDAYS_CSV, "utf-8")
    (root / "inkorg" / "polis.csv").write_text(EVENTS_CSV, "utf-8")
    return root


@pytest.fixture(scope="module")
def merged(ws):
    validated = run_est("validate", "inkorg", "--json", cwd=ws)
    ran = run_est("merge", cwd=ws, columns=200)
    assert ran.returncode == 0, ran.stderr
    rendered = [run_est("render", "--variant", variant, "--utkast", cwd=ws) for variant in ("intern", "extern")]
    assert all(r.returncode == 0 for r in rendered), [r.stderr for r in rendered]
    return {"validate": validated, "merge": ran}


def test_validate_names_each_event_outside_the_period_with_its_cell(merged):
    doc = json.loads(merged["validate"].stdout)
    found = [
        (f["path"].rsplit("/", 1)[-1], x["code"], x["severity"], x["location"]["cell"], x["message"])
        for f in doc["files"]
        for x in f["findings"]
    ]
    assert [row[:4] for row in found] == [
        ("polis.csv", "date-outside-period", "warning", "A8"),
        ("polis.csv", "date-outside-period", "warning", "A9"),
    ]
    assert found[0][4] == (
        f"Händelsen har datumet 2026-11-10 kl. 22:00, utanför rapportperioden {PERIOD} (vecka 47). "
        "Den sparas och räknas ändå i vecka 47; kontrollera datumet."
    )
    assert "2026-11-18 kl. 14:00" in found[1][4]
    # nothing lost: every row is stored, the two outside the period with them
    (polis,) = [f for f in doc["files"] if f["path"].endswith("polis.csv")]
    assert (polis["rows_read"], polis["rows_stored"], polis["status"]) == (3, 3, "warnings")
    assert polis["reports"][0]["counts"] == {"skadegorelse": 1, "brand": 2}


def test_merge_summary_lists_the_warning_with_file_and_cell(ws, merged):
    said = " ".join(merged["merge"].stderr.split())
    assert "polis.csv" in said
    assert f"polis, cell A8: Händelsen har datumet 2026-11-10 kl. 22:00, utanför rapportperioden {PERIOD}" in said
    assert f"Rapportperiod vecka 2026-W47: {SENTENCE}." in said
    assert "2 händelser med datum utanför rapportperioden räknas i veckan men på ingen dag" in said
    # merge --json keeps its keys and adds the period of each week
    again = json.loads(run_est("merge", "--json", "--dry-run", "--alla", cwd=ws).stdout)
    assert again["merge"]["reporting_periods"] == {
        "2026-W47": {"from": "2026-11-12T00:00", "to": "2026-11-18T10:00", "text": SENTENCE, "events_outside": 2}
    }
    assert {"week", "late", "missing", "workbooks"} <= set(again["merge"])


def workbook(ws):
    return openpyxl.load_workbook(ws / "utkast" / "2026-W47" / "sammanstallning-2026-W47.xlsx")


def test_workbook_states_the_period_and_lays_the_days_out_over_it(ws, merged):
    book = workbook(ws)
    front = [book["Översikt"].cell(r, 1).value for r in range(1, 6)]
    assert f"Rapportperiod v.47: {SENTENCE}." in front
    # still counted for the report's week: Brand = Fre 13/11 from the weekday table + the two outside
    overview = {row[1]: row[2] for row in book["Översikt"].iter_rows(values_only=True) if row[0] == "Vivalla"}
    assert overview["Brand"] == 3 and overview["Skadegörelse"] == 4

    sheet = book["Platser och tider"]
    rows = {row[5]: row[6:12] for row in sheet.iter_rows(min_row=4, values_only=True) if row[5]}
    assert list(rows)[:11] == ["Dag", *DAYS, "Utanför rapportperioden", "Okänt datum", "Summa"]
    #                                    Natt Morg Efterm Kväll Okänd Summa
    assert rows["tor 12/11"] == (0, 0, 0, 0, 2, 2)
    assert rows["fre 13/11"] == (0, 0, 0, 0, 1, 1)
    assert rows["tis 17/11"] == (0, 0, 0, 1, 1, 2)
    assert rows["Utanför rapportperioden"] == (0, 0, 1, 1, 0, 2)
    assert rows["Summa"] == (0, 0, 1, 2, 4, 7)
    assert sheet.cell(3, 6).value == f"När – dag och tid på dygnet, rapportperioden {PERIOD}"

    # the weekday table's "Tor" cell is dated inside the period: Thursday 12 November
    events = book["Händelser"]
    assert f"2 av händelserna har datum utanför rapportperioden ({PERIOD}) och räknas ändå i veckan" in (
        events.cell(2, 1).value
    )
    header = next(r for r in range(1, 10) if events.cell(r, 1).value == "Område")
    titles = [c.value for c in events[header]]
    dated = {
        (row[titles.index("Kategori")], row[titles.index("Plats")] or "", row[titles.index("Datum")])
        for row in events.iter_rows(min_row=header + 1, values_only=True)
        if row[0]
    }
    assert ("Skadegörelse", "", datetime(2026, 11, 12)) in dated
    assert ("Brand", "", datetime(2026, 11, 13)) in dated

    check = book["Att kontrollera"]
    warnings = [
        (row[0], row[1], row[2]) for row in check.iter_rows(values_only=True) if row[2] == "date-outside-period"
    ]
    assert warnings == [
        ("polis.csv", "polis!A8", "date-outside-period"),
        ("polis.csv", "polis!A9", "date-outside-period"),
    ]


@pytest.mark.parametrize("variant, name", [("intern", "veckolagesbild-2026-W47.docx"),
                                           ("extern", "veckolagesbild-2026-W47-extern.docx")])  # fmt: skip
def test_both_documents_state_the_period_and_its_days(ws, merged, variant, name):
    from docx import Document

    doc = Document(str(ws / "utkast" / "2026-W47" / name))
    facts = {row.cells[0].text: row.cells[1].text for t in doc.tables[:2] for row in t.rows if len(row.cells) == 2}
    assert facts["Rapportperiod"] == SENTENCE and facts["Vecka"] == "47, 2026"
    (table,) = [t for t in doc.tables if t.rows[0].cells[0].text == "Dag"]
    got = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in table.rows[1:]}
    assert list(got) == [*DAYS, "Utanför rapportperioden", "Okänt datum", "Summa"]
    assert got["tor 12/11"] == ["", "", "", "", "2", "2"]
    assert got["lör 14/11"] == ["", "", "", "", "", "0"]  # a day of the period without events: 0, not missing
    assert got["Utanför rapportperioden"] == ["", "", "1", "1", "", "2"]
    assert got["Summa"] == ["0", "0", "1", "2", "4", "7"]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Bilaga: När händelserna inträffade, 12–18 november 2026" in text
    assert "2 händelser med datum utanför rapportperioden räknas i veckan" in text
    assert "16–22 november" not in text  # the ISO week is not the period
