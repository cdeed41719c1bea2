"""No individdata in any output: personnummer planted everywhere a reporter can write, the whole
week run through the CLI, and every byte est writes searched for the digits in every form.

One workspace for the module (the CLI runs take most of the time); each output family is its own
test, so a leak names the output. A hit lists where: file (and zip part), or command and stream.
"""

from __future__ import annotations

import email.message
import json
import re
import zipfile
from pathlib import Path

import pytest

from helpers import run_est

openpyxl = pytest.importorskip("openpyxl")
docx = pytest.importorskip("docx")


def _luhn_digit(nine: str) -> str:
    total = 0
    for index, char in enumerate(nine):
        digit = int(char) * (2 if index % 2 == 0 else 1)
        total += digit - 9 if digit > 9 else digit
    return str((10 - total % 10) % 10)


def pnr(century: str, yymmdd: str, serial: str) -> tuple[str, str, str]:
    """(century, yymmdd, last four) of a valid personnummer; day + 60 for a samordningsnummer."""
    return century, yymmdd, serial + _luhn_digit(yymmdd + serial)


# Where each one is planted (a hit says which place leaked).
PLANTED = {
    "rapportör": pnr("19", "640823", "323"),
    "område": pnr("19", "121212", "121"),
    "plats": pnr("20", "000229", "123"),  # leap day 2000
    "kommentar": pnr("19", "640883", "323"),  # samordningsnummer
    "punkt": pnr("19", "710305", "456"),
    "förekomst": pnr("19", "550101", "781"),
    "bladnamn": pnr("19", "880616", "234"),
    "åtgärd": pnr("19", "920417", "552"),
    "csv-filnamn": pnr("19", "830921", "118"),
    "csv-beskrivning": pnr("20", "050612", "345"),
    "csv-plats": pnr("19", "770707", "770"),
    "word-rapportör": pnr("19", "690101", "999"),
    "word-kommentar": pnr("19", "450505", "505"),
    "mejl-ämne": pnr("19", "610203", "040"),
    "mejl-text": pnr("19", "590909", "090"),
    "mejl-avsändare": pnr("19", "800815", "158"),
    "bilaga-filnamn": pnr("19", "910131", "313"),
    "mapp": pnr("19", "731224", "242"),
    "antal": pnr("19", "660606", "606"),
    "insats-beskrivning": pnr("19", "840229", "842"),  # leap day 1984
    "insats-ansvarig": pnr("19", "580808", "858"),
}


# Contact details, kept in the archive and the intern veckolägesbild, masked in the extern one.
PHONE, EMAIL, AREA_PHONE = "019-12 34 56", "a.b@exempel.se", "070-987 65 43"


def written(where: str, style: int = 0) -> str:
    """The planted number as a reporter writes it, in varying forms."""
    century, yymmdd, last4 = PLANTED[where]
    forms = [
        f"{yymmdd}-{last4}",
        f"{century}{yymmdd}{last4}",
        f"{yymmdd} {last4}",
        f"{century}{yymmdd}-{last4}",
        f"{yymmdd}{last4}",
    ]
    return forms[style % len(forms)]


# Every form: with or without the century, with any separator or none.
SEARCH = {
    where: (yymmdd, re.compile(rf"(?:18|19|20)?{yymmdd}[\s\-+\u2013\u2011\u00a0]*{last4}"))
    for where, (_, yymmdd, last4) in PLANTED.items()
}


def _found(text: str) -> list[str]:
    return [where for where, (yymmdd, pattern) in SEARCH.items() if yymmdd in text and pattern.search(text)]


def leaks(text: str) -> list[str]:
    hits = _found(text)
    # Terminal tables may wrap a number over two lines: also search the digits alone.
    digits = re.sub(r"\D", "", text)
    hits += [
        f"{where} (siffrorna)"
        for where, (_, yymmdd, last4) in PLANTED.items()
        if yymmdd + last4 in digits and where not in hits
    ]
    return hits


def file_leaks(path: Path) -> list[str]:
    """Every planted number found in a file: raw bytes, and every part of a zip (xlsx, docx)."""
    data = path.read_bytes()
    found = [f"{path.name}: {w}" for w in leaks_bytes(data)]
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for part in archive.namelist():
                text = archive.read(part).decode("utf-8", "replace")
                plain = re.sub(r"<[^>]+>", "", text)  # Word may split a text over runs
                found += [
                    f"{path.name} › {part}: {w}"
                    for w in sorted(set(leaks_bytes(text.encode()) + leaks_bytes(plain.encode())))
                ]
    return found


def leaks_bytes(data: bytes) -> list[str]:
    return _found(data.decode("utf-8", "replace"))


# ---------------------------------------------------------------------------------- the inputs


def polis_workbook(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = f"Vivalla {written('bladnamn')}"
    rows = [
        ["Checklista vecka 47"],
        ["Vecka", "2026-W47"],
        ["Område", "Vivalla"],
        ["Organisation", "Polis"],
        ["Rapportör", f"Områdespolis ({written('rapportör', 1)})"],
        [],
        ["Punkt", "Förekomst", "Antal", "Plats", "Kommentar", "Åtgärd"],
        [
            "Skadegörelse",
            "Ja",
            2,
            f"Torget vid {written('plats', 2)}",
            f"Klotter, anmälare {written('kommentar', 3)}, ring {PHONE} eller {EMAIL}",
            f"Kontakt med {written('åtgärd')}",
        ],
        [f"Misshandel {written('punkt', 4)}", "Ja", 1, "", "", ""],
        ["Brand", written("förekomst"), "", "", "", ""],
        ["Arrangemang", "Ja", written("antal", 1), "", "", ""],
        ["Samlingsplats för ungdomar", "Ja", 1, "Centrum", '=HYPERLINK("x")', ""],
    ]
    for row in rows:
        ws.append(row)
    wb.save(path)


def event_log_csv(path: Path) -> None:
    lines = [
        "Vecka;2026-W47",
        "Område;Vivalla",
        "Organisation;ÖBO",
        "Rapportör;Väktare",
        "",
        "Datum;Tid;Händelse;Plats;Antal;Beskrivning",
        f"2026-11-17;22:10;Skadegörelse;Gatan {written('csv-plats', 3)};1;Bråk, en person ({written('csv-beskrivning', 1)}) omhändertogs",
        "2026-11-18;01:30;Brand;Vivalla centrum;1;Papperskorg",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def word_report(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Vecka: 47")
    document.add_paragraph(f"Område: Baronbackarna {written('område', 2)} tel {AREA_PHONE}")
    document.add_paragraph("Organisation: Kommun")
    document.add_paragraph(f"Rapportör: Fältgruppen {written('word-rapportör', 3)}")
    table = document.add_table(rows=3, cols=3)
    for row, values in zip(
        table.rows,
        [
            ["Punkt", "Förekomst", "Kommentar"],
            ["Skadegörelse", "X", f"Ungdom {written('word-kommentar')} pratade med oss"],
            ["Brand", "Nej", ""],
        ],
    ):
        for cell, value in zip(row.cells, values):
            cell.text = value
    document.save(path)


def mail_with_attachment(path: Path, attachment: Path) -> None:
    msg = email.message.EmailMessage()
    msg["From"] = f"Trygghetsvärd {written('mejl-avsändare')} <tv@obo.example>"
    msg["To"] = "est@orebro.example"
    msg["Subject"] = f"Checklista v.47 ang. {written('mejl-ämne', 1)}"
    msg["Date"] = "Tue, 17 Nov 2026 09:00:00 +0100"
    msg.set_content(f"Hej! Se bilaga. Det gäller {written('mejl-text', 2)}.")
    msg.add_attachment(
        attachment.read_bytes(),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=f"checklista {written('bilaga-filnamn', 3)}.xlsx",
    )
    path.write_bytes(bytes(msg))


def mail_attachment(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [
        ["Vecka", "47"],
        ["Område", "Vivalla"],
        ["Organisation", "ÖBO"],
        ["Rapportör", "Trygghetsvärd"],
        [],
        ["Punkt", "Förekomst", "Kommentar"],
        ["Skadegörelse", "Ja", "Trapphus"],
        ["Brand", "Nej", ""],
    ]:
        ws.append(row)
    wb.save(path)


# ---------------------------------------------------------------------------------- the run


@pytest.fixture(scope="module")
def job(tmp_path_factory):
    root = tmp_path_factory.mktemp("privacy")
    outputs: dict[str, str] = {}  # "command (stream)" → text
    ws = root / "EST"

    def est(*args: str, cwd: Path = ws, separate: bool = False) -> int:
        """`est ARGS` typed in `cwd`: in this process (fast), or as its own process when `separate`.
        (run_est never passes EST_DB_URL on: this test reads the SQLite archive's bytes.)"""
        ran = run_est(*args, cwd=cwd, columns=120, subprocess_=separate)
        outputs[f"{' '.join(args)} (stdout)"], outputs[f"{' '.join(args)} (stderr)"] = ran.stdout, ran.stderr
        return ran.returncode

    assert (
        est(
            "init",
            str(ws),
            "--schema",
            "orebro",
            "--kommun",
            "Örebro",
            "--omrade",
            "Vivalla",
            "--omrade",
            "Baronbackarna",
            cwd=root,
        )
        == 0
    )
    inbox = ws / "inkorg" / f"vecka 47 {written('mapp', 1)}"
    inbox.mkdir(parents=True)
    polis_workbook(inbox / "polis v47.xlsx")
    event_log_csv(inbox / f"väktare {written('csv-filnamn')}.csv")
    word_report(inbox / "faltgruppen.docx")
    attachment = root / "bilaga.xlsx"
    mail_attachment(attachment)
    mail_with_attachment(inbox / "brev.eml", attachment)
    return ws, outputs, est


@pytest.fixture(scope="module")
def ran(job):
    ws, outputs, est = job
    checks = [
        ("validate", "--schema", "orebro", "--json", "inkorg"),
        ("validate", "--schema", "orebro", "inkorg"),
        ("merge", "--dry-run"),
        ("--debug", "merge", "--json"),
        ("merge",),  # everything known: the human summary of the archive's week
        ("merge", "--organisation", "Polis", "--json"),
        (
            "insats",
            "add",
            "--area",
            "Vivalla",
            "--theme",
            "skadegorelse",
            "--from",
            "2026-W46",
            "--ansvarig",
            f"Fältgruppen {written('insats-ansvarig')}",
            f"Extra väktare, kontakt {written('insats-beskrivning', 2)}",
        ),
        ("insats", "list"),
        ("insats", "list", "--json"),
        ("render",),
        ("render", "--variant", "extern", "--utkast"),
        ("render", "--quarter", "2026-Q4"),
        ("trend", "--quarter", "2026-Q4"),
        ("trend", "--quarter", "2026-Q4", "--format", "csv"),
        ("trend", "--quarter", "2026-Q4", "--json"),
        ("trend", "--quarter", "2026-Q4", "--format", "csv", "--output", "utkast/trend.csv"),
        (
            "trend",
            "--quarter",
            "2026-Q4",
            "--by",
            "theme",
            "--format",
            "xlsx",
            "--output",
            "utkast/trend.xlsx",
            "--chart",
            "utkast/trend.png",
        ),
        ("trend", "--insatser", "--quarter", "2026-Q4"),
    ]
    codes = {" ".join(args): est(*args, separate=args[0] == "--debug") for args in checks}
    return ws, outputs, codes


def test_the_job_ran(ran):
    ws, outputs, codes = ran
    # validate/merge exit 1 only when a whole file is rejected; nothing here is.
    assert set(codes.values()) == {0}, {k: v for k, v in codes.items() if v} | {
        k: v[-600:] for k, v in outputs.items() if "stderr" in k and v
    }
    data = json.loads(outputs["--debug merge --json (stdout)"])
    assert data["totals"]["reports"] == 4 and data["totals"]["rejected_files"] == 0
    codes_found = {f["code"] for f in data["files"][0]["findings"]} | {
        f["code"] for file in data["files"] for f in file["findings"]
    }
    assert "personnummer-masked" in codes_found
    drafts = {p.relative_to(ws / "utkast").as_posix() for p in (ws / "utkast").rglob("*") if p.is_file()}
    assert {
        "2026-W47/sammanstallning-2026-W47.xlsx",
        "2026-W47/sammanstallning-polis-2026-W47.xlsx",
        "2026-W47/veckolagesbild-2026-W47.docx",
        "trend.csv",
        "trend.xlsx",
        "trend.png",
    } <= drafts
    assert any(name.endswith("-extern.docx") for name in drafts) and any("2026-Q4" in name for name in drafts)


def test_the_search_finds_what_was_planted(ran):
    """The control: the same search over the reporters' own files finds every number in them."""
    ws, _, _ = ran
    (polis,) = ws.glob("inkorg/*/polis v47.xlsx")
    found = {hit.split(": ")[-1] for hit in file_leaks(polis)}
    assert found == {"rapportör", "plats", "kommentar", "punkt", "förekomst", "bladnamn", "åtgärd", "antal"}
    (csv_file,) = ws.glob("inkorg/*/väktare *.csv")
    assert sorted(leaks(csv_file.read_text("utf-8") + csv_file.as_posix())) == [
        "csv-beskrivning",
        "csv-filnamn",
        "csv-plats",
        "mapp",
    ]


def test_every_place_a_reporter_writes_is_masked_and_warned(ran):
    _, outputs, _ = ran
    data = json.loads(outputs["validate --schema orebro --json inkorg (stdout)"])
    masked = sorted(
        (Path(f["path"]).name, (x["location"]["sheet"] or "").split(" › ")[-1], x["location"]["cell"] or "")
        for f in data["files"]
        for x in f["findings"]
        if x["code"] == "personnummer-masked"
    )
    mask = "[personnummer borttaget]"
    sheet = f"Vivalla {mask}"
    for place in [("polis v47.xlsx", sheet, c) for c in ("B5", "D8", "E8", "F8", "A9", "B10", "C11")]:
        assert place in masked, place
    assert [m for m in masked if m[0] == f"väktare {mask}.csv"], masked
    assert [m for m in masked if m[0] == "faltgruppen.docx"], masked


@pytest.mark.parametrize("stream", ["stdout", "stderr"])
def test_no_personnummer_on_the_terminal_or_in_json(ran, stream):
    _, outputs, _ = ran
    found = [
        f"{command}: {hit}"
        for command, text in outputs.items()
        if command.endswith(f"({stream})")
        for hit in leaks(text)
    ]
    assert not found, found


def test_no_personnummer_in_the_archive(ran):
    ws, _, _ = ran
    files = [p for p in (ws / "arkiv").iterdir() if p.is_file()]
    assert any(p.name == "est.db" for p in files)
    found = [hit for p in files for hit in file_leaks(p)]
    assert not found, found
    import sqlite3

    with sqlite3.connect(ws / "arkiv" / "est.db") as conn:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")]
        dump = "\n".join(str(row) for t in tables for row in conn.execute(f'select * from "{t}"'))
    assert "[personnummer borttaget]" in dump
    assert not leaks(dump), leaks(dump)


def test_no_personnummer_in_workbooks_documents_csv_or_charts(ran):
    ws, _, _ = ran
    # Everything written anywhere under the test's folder (utkast/, the trend files, anything else),
    # except the reporters' own files in inkorg/ and the archive (tested above).
    files = [p for p in ws.parent.rglob("*") if p.is_file() and "inkorg" not in p.parts and "arkiv" not in p.parts]
    files = [p for p in files if p.name != "bilaga.xlsx"]  # the test's own input, before it went into the e-mail
    assert len([p for p in files if p.suffix in (".xlsx", ".docx")]) >= 6
    found = [hit for p in files for hit in file_leaks(p)]
    assert not found, found
    # The compiled workbook still shows the row, with the number masked.
    wb = openpyxl.load_workbook(ws / "utkast" / "2026-W47" / "sammanstallning-2026-W47.xlsx")
    texts = [str(c.value) for sheet in wb for row in sheet.iter_rows() for c in row if c.value]
    assert any(t.startswith("Klotter, anmälare [personnummer borttaget]") for t in texts)


def test_phone_and_email_masked_in_both_veckolagesbilder(ran):
    ws, _, _ = ran

    def text(path: Path) -> str:
        with zipfile.ZipFile(path) as archive:
            return re.sub(r"<[^>]+>", "", archive.read("word/document.xml").decode("utf-8"))

    (extern,) = ws.glob("utkast/2026-W47/*-extern.docx")
    (intern,) = [p for p in ws.glob("utkast/2026-W47/veckolagesbild-*.docx") if p != extern]
    # Masked before storing: in neither version, the intern working copy included.
    for shown in (text(extern), text(intern)):
        assert not [x for x in (PHONE, EMAIL, AREA_PHONE) if x in shown]
        assert "[telefon]" in shown  # the area name a reporter wrote, with a number in it
