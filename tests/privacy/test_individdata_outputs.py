"""No individdata in any output (issue 15): phone numbers, e-mail addresses, apartment numbers, vehicle
registrations and probable personal names planted in every kind of input – xlsx cells, a sheet name, a
file name, a Word report, an Excel-saved CSV, an e-mail's subject, sender and attachment name – the week
run through every command, and every byte est writes searched for each planted string in every form:
the terminal, JSON, the SQLite file and its WAL, every part of every xlsx and docx, CSV and PNG.

Ages and street numbers are kept in the intern text with a warning, and never reach the extern.
False positives are measured too: the demo week's places and organisations stay as they were written.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import html
import json
import re
import zipfile
from pathlib import Path

import pytest

from helpers import run_est

openpyxl = pytest.importorskip("openpyxl")
docx = pytest.importorskip("docx")

# What is planted, as a search pattern for every form it may take (case, spacing, separators), and
# where it is planted (a hit names it).
PLANTED: dict[str, re.Pattern[str]] = {
    "namn i kommentar (Kalle Anderbjörk)": re.compile(r"anderbj[öo]rk", re.I),
    "namn i kommentar (Ahmed Yusufi)": re.compile(r"yusufi", re.I),
    "namn som rapportör (Lisa Bergkvist)": re.compile(r"bergkvist", re.I),
    "namn med titel (fru Nilsström)": re.compile(r"nilsstr[öo]m", re.I),
    "namn i bladnamn (Emma Vikgren)": re.compile(r"vikgren", re.I),
    "namn i filnamn (Olle Strandqvist)": re.compile(r"strandqvist", re.I),
    "namn i Word (Maria Sjölunde)": re.compile(r"sj[öo]lunde", re.I),
    "namn i CSV (Johan Ekmarker)": re.compile(r"ekmarker", re.I),
    "namn i mejlets ämne (Sara Lindbacka)": re.compile(r"lindbacka", re.I),
    "namn som avsändare (Anna Fjällgren)": re.compile(r"fj[äa]llgren", re.I),
    "namn i bilagans namn (Erik Holmsjö)": re.compile(r"holmsj[öo]", re.I),
    "telefon (070-123 45 67)": re.compile(r"0?70[\s\-\u2013]*123[\s\-]*45[\s\-]*67|\+46\s*70\s*123"),
    "telefon i Word (08-765 43 21)": re.compile(r"765[\s\-]*43[\s\-]*21"),
    "telefon i mejlets ämne (0735-55 66 77)": re.compile(r"73[5]?[\s\-]*55[\s\-]*66[\s\-]*77"),
    "e-post (kalle.anderbjork@privat.se)": re.compile(r"privat\.se|kalle\.anderbjork", re.I),
    "e-post i CSV (j.ekmarker@hemma.nu)": re.compile(r"hemma\.nu", re.I),
    "avsändarens adress (anna.fjallgren@gmail.com)": re.compile(r"anna\.fjallgren", re.I),
    # The number after its word, or standing in prose (not a byte count or a hash in an export's manifest).
    "lägenhet (lgh 8813)": re.compile(r"(?:lgh|lägenhet)\W{0,3}8813|[A-Za-zåäö,] 8813\b", re.I),
    "lägenhet i CSV (lägenhet 4417)": re.compile(r"(?:lgh|lägenhet)\W{0,3}4417|[A-Za-zåäö,] 4417\b", re.I),
    "regnr (XKJ 482)": re.compile(r"XKJ[\s\-]*482", re.I),
    "regnr i Word (MLB 27C)": re.compile(r"MLB[\s\-]*27C", re.I),
}
# Kept in the intern text with a warning; never in the extern.
INTERN_ONLY: dict[str, re.Pattern[str]] = {
    "ålder (15-åring)": re.compile(r"15\s*-?\s*åring", re.I),
    "gatuadress (Lertagsgatan 12)": re.compile(r"Lertagsgatan\s+12\b"),
}


def leaks(text: str, planted: dict[str, re.Pattern[str]] = PLANTED) -> list[str]:
    return [what for what, pattern in planted.items() if pattern.search(text)]


def file_texts(path: Path) -> list[tuple[str, str]]:
    """(where, text) of a file: its bytes, and every part of a zip (xlsx, docx) with and without tags."""
    data = path.read_bytes()
    texts = [(path.name, data.decode("utf-8", "replace"))]
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for part in archive.namelist():
                text = archive.read(part).decode("utf-8", "replace")
                # As written, without tags (Word splits a text over runs), and with character references
                # read (openpyxl writes "å" as "&#229;").
                for form in (text, re.sub(r"<[^>]+>", "", text)):
                    texts += [(f"{path.name} › {part}", form), (f"{path.name} › {part}", html.unescape(form))]
    return texts


# ---------------------------------------------------------------------------------- the inputs

COMMENT = (
    "Ahmed Yusufi (ring 070-123 45 67) såg Kalle Anderbjörk, en 15-åring, vid Lertagsgatan 12, lgh 8813; "
    "bil XKJ 482; mejl kalle.anderbjork@privat.se"
)


def polis_workbook(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Vivalla Emma Vikgren"
    for row in [
        ["Checklista vecka 47"],
        ["Vecka", "2026-W47"],
        ["Område", "Vivalla"],
        ["Organisation", "Polis"],
        ["Rapportör", "Lisa Bergkvist"],
        [],
        ["Punkt", "Förekomst", "Antal", "Plats", "Kommentar", "Åtgärd"],
        ["Skadegörelse", "Ja", 2, "Lertagsgatan 12, lgh 8813", COMMENT, "fru Nilsström informerad"],
        ["Brand", "Ja", 1, "Vivalla centrum", "Papperskorg", ""],
    ]:
        ws.append(row)
    wb.save(path)


def word_report(path: Path) -> None:
    document = docx.Document()
    for line in ("Vecka: 47", "Område: Baronbackarna", "Organisation: Kommun", "Rapportör: Fältgruppen"):
        document.add_paragraph(line)
    table = document.add_table(rows=3, cols=3)
    rows = [
        ["Punkt", "Förekomst", "Kommentar"],
        ["Skadegörelse", "X", "Maria Sjölunde (08-765 43 21) såg en moped MLB 27C"],
        ["Brand", "Nej", ""],
    ]
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    document.save(path)


def event_log_csv(path: Path) -> None:
    """As Excel on Swedish Windows saves it: semicolons, cp1252."""
    lines = [
        "Vecka;2026-W47",
        "Område;Vivalla",
        "Organisation;ÖBO",
        "Rapportör;Väktare",
        "",
        "Datum;Tid;Händelse;Plats;Antal;Beskrivning",
        "2026-11-17;22:10;Skadegörelse;Trapphus, lägenhet 4417;1;Johan Ekmarker hörde bråk, mejl j.ekmarker@hemma.nu",
    ]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def mail_with_attachment(path: Path, attachment: Path) -> None:
    msg = email.message.EmailMessage()
    msg["From"] = "Anna Fjällgren <anna.fjallgren@gmail.com>"
    msg["To"] = "est@orebro.example"
    msg["Subject"] = "Checklista v.47 från Sara Lindbacka, ring 0735-55 66 77"
    msg["Date"] = "Tue, 17 Nov 2026 09:00:00 +0100"
    msg.set_content("Hej! Se bilaga.")
    msg.add_attachment(
        attachment.read_bytes(),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename="checklista Erik Holmsjö.xlsx",
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
    ]:
        ws.append(row)
    wb.save(path)


# ---------------------------------------------------------------------------------- the run


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    root = tmp_path_factory.mktemp("individdata")
    ws = root / "EST"
    outputs: dict[str, str] = {}
    codes: dict[str, int] = {}

    def est(*args: str, cwd: Path = ws, separate: bool = False) -> int:
        done = run_est(*args, cwd=cwd, columns=120, subprocess_=separate)
        outputs[f"{' '.join(args)} (stdout)"], outputs[f"{' '.join(args)} (stderr)"] = done.stdout, done.stderr
        codes[" ".join(args)] = done.returncode
        return done.returncode

    assert est("init", str(ws), "--schema", "orebro", "--kommun", "Örebro", "--omrade", "Vivalla", cwd=root) == 0
    inbox = ws / "inkorg"
    polis_workbook(inbox / "polis Olle Strandqvist v47.xlsx")
    word_report(inbox / "faltgruppen.docx")
    event_log_csv(inbox / "vaktare.csv")
    attachment = root / "bilaga.xlsx"
    mail_attachment(attachment)
    mail_with_attachment(inbox / "brev.eml", attachment)
    for args in [
        ("validate", "--json", "inkorg"),
        ("validate", "inkorg"),
        ("merge", "--dry-run"),
        ("--debug", "merge", "--json"),
        ("merge", "--alla"),
        ("render",),
        ("render", "--variant", "extern", "--utkast"),
        ("render", "--quarter", "2026-Q4"),
        ("trend", "--quarter", "2026-Q4", "--json"),
        ("trend", "--quarter", "2026-Q4", "--format", "csv", "--output", "utkast/trend.csv"),
        (
            "trend",
            "--quarter",
            "2026-Q4",
            "--format",
            "xlsx",
            "--output",
            "utkast/trend.xlsx",
            "--chart",
            "utkast/t.png",
        ),
        ("händelse", "list", "--json"),
        ("händelse", "list"),
        ("rapport", "list", "--json"),
        ("rapport", "visa", "1"),
        ("plats", "list", "--json"),
        ("logg", "--json"),
        ("arkiv", "export", "utkast/arkiv.zip"),
    ]:
        est(*args, separate=args[0] == "--debug")
    return ws, outputs, codes


def test_the_job_ran(ran):
    _, outputs, codes = ran
    assert set(codes.values()) == {0}, {k: v for k, v in codes.items() if v} | {
        k: v[-400:] for k, v in outputs.items() if "stderr" in k and v
    }


def test_the_search_finds_what_was_planted(ran):
    """The control: the same search over the inputs finds every planted string."""
    ws, _, _ = ran
    texts = [t for p in (ws / "inkorg").rglob("*") if p.is_file() for _, t in file_texts(p)]
    names = " ".join(p.name for p in (ws / "inkorg").rglob("*"))
    found = {w for t in [*texts, names] for w in leaks(t)}
    # The e-mail's attachment travels base64-encoded: its cells are searched in the test's own file,
    # its name as the e-mail says it.
    found |= {w for _, t in file_texts(ws.parent / "bilaga.xlsx") for w in leaks(t)}
    mail = email.message_from_bytes((ws / "inkorg" / "brev.eml").read_bytes(), policy=email.policy.default)
    found |= set(leaks(" ".join(str(part.get_filename()) for part in mail.iter_attachments())))
    assert found == set(PLANTED)
    assert {w for t in texts for w in leaks(t, INTERN_ONLY)} == set(INTERN_ONLY)


def test_every_hit_is_named_by_its_cell_and_never_repeated(ran):
    _, outputs, _ = ran
    data = json.loads(outputs["validate --json inkorg (stdout)"])
    found = {
        (Path(f["path"]).name, x["code"], x["location"]["cell"])
        for f in data["files"]
        for x in f["findings"]
        if x["code"].endswith(("-masked", "-in-text"))
    }
    polis = "polis [namn] v47.xlsx"
    for expected in [
        (polis, "name-masked", "B5"),  # the reporter
        (polis, "apartment-masked", "D8"),
        (polis, "address-in-text", "D8"),
        (polis, "name-masked", "E8"),
        (polis, "phone-masked", "E8"),
        (polis, "email-masked", "E8"),
        (polis, "regnr-masked", "E8"),
        (polis, "age-in-text", "E8"),
        (polis, "name-masked", "F8"),
        ("vaktare.csv", "apartment-masked", "D7"),
        ("vaktare.csv", "name-masked", "F7"),
        ("vaktare.csv", "email-masked", "F7"),
    ]:
        assert expected in found, expected
    codes = {(name, code) for name, code, _ in found}
    assert {("faltgruppen.docx", "name-masked"), ("faltgruppen.docx", "phone-masked")} <= codes
    assert ("faltgruppen.docx", "regnr-masked") in codes
    mail = {
        (x["location"]["sheet"], x["code"])
        for f in data["files"]
        if f["path"].endswith("brev.eml")
        for x in f["findings"]
    }
    assert {
        ("e-post: ämne", "name-masked"),
        ("e-post: ämne", "phone-masked"),
        ("e-post: avsändare", "name-masked"),
    } <= mail


def test_the_terminal_shows_the_markers_as_written(ran):
    """Reporters' text passes rich as text: "[namn]" is no markup tag to swallow."""
    _, outputs, _ = ran
    shown = outputs["validate inkorg (stdout)"] + outputs["validate inkorg (stderr)"]
    assert "([namn])" in shown and "([lägenhet])" in shown and "[individdata]" in shown
    assert "Vivalla [namn]" in shown  # the sheet's name, as est shows where
    listed = outputs["händelse list (stdout)"]
    assert "[lägenhet]" in listed


@pytest.mark.parametrize("stream", ["stdout", "stderr"])
def test_nothing_on_the_terminal_or_in_json(ran, stream):
    _, outputs, _ = ran
    found = [
        f"{command}: {hit}"
        for command, text in outputs.items()
        if command.endswith(f"({stream})")
        for hit in leaks(text)
    ]
    assert not found, found


def test_nothing_in_the_archive_or_its_wal(ran):
    ws, _, _ = ran
    files = [p for p in (ws / "arkiv").iterdir() if p.is_file()]
    assert any(p.name == "est.db" for p in files)
    found = [f"{where}: {hit}" for p in files for where, text in file_texts(p) for hit in leaks(text)]
    assert not found, found
    import sqlite3

    with sqlite3.connect(ws / "arkiv" / "est.db") as conn:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")]
        dump = "\n".join(str(row) for t in tables for row in conn.execute(f'select * from "{t}"'))
    assert not leaks(dump), leaks(dump)
    assert "[namn]" in dump and "[telefon]" in dump and "[lägenhet]" in dump and "[regnr]" in dump
    assert "@gmail.com" in dump  # the sender: not a function mailbox est.toml knows, so its domain only


def test_nothing_in_workbooks_documents_csv_or_charts(ran):
    ws, _, _ = ran
    files = [p for p in ws.rglob("*") if p.is_file() and "inkorg" not in p.parts and "arkiv" not in p.parts]
    assert len([p for p in files if p.suffix in (".xlsx", ".docx")]) >= 4
    assert any(p.suffix == ".png" for p in files) and any(p.suffix == ".csv" for p in files)
    found = [f"{where}: {hit}" for p in files for where, text in file_texts(p) for hit in leaks(text)]
    assert not found, found


def test_ages_and_street_numbers_only_in_the_intern_version(ran):
    ws, _, _ = ran
    (extern,) = ws.glob("utkast/2026-W47/*-extern.docx")
    extern_text = " ".join(t for _, t in file_texts(extern))
    assert not leaks(extern_text, INTERN_ONLY), leaks(extern_text, INTERN_ONLY)
    workbook = ws / "utkast" / "2026-W47" / "sammanstallning-2026-W47.xlsx"
    intern_text = " ".join(t for _, t in file_texts(workbook))
    assert set(leaks(intern_text, INTERN_ONLY)) == set(INTERN_ONLY)  # kept for the coordinator, with a warning


def test_the_police_rows_are_marked_for_restricted_spreading(ran):
    ws, _, _ = ran
    wb = openpyxl.load_workbook(ws / "utkast" / "2026-W47" / "sammanstallning-2026-W47.xlsx")
    rows = [[c.value for c in r] for r in wb["Händelser"].iter_rows()]
    header = next(r for r in rows if r and r[0] == "Område")
    spread = header.index("Spridning")
    organisation = header.index("Organisation")
    body = rows[rows.index(header) + 1 :]
    assert {r[spread] for r in body if r[organisation] == "Polis"} == {"Begränsad spridning"}
    assert {r[spread] for r in body if r[organisation] != "Polis"} == {None}


# ---------------------------------------------------------------------------------- false positives


def test_the_demo_week_loses_no_place_or_organisation(tmp_path):
    """The demo's 11 files: no name, phone, plate or apartment found where there is none."""
    done = run_est("demo", str(tmp_path / "demo"), columns=120)
    assert done.returncode == 0, done.stderr
    data = json.loads(run_est("validate", "--json", "inkorg", cwd=tmp_path / "demo").stdout)
    codes = [x["code"] for f in data["files"] for x in f["findings"]]
    assert [c for c in codes if c.endswith("-masked") and c != "personnummer-masked"] == []
    assert [c for c in codes if c.endswith("-in-text")] == []


def test_the_allow_list_keeps_a_place_named_like_a_person(tmp_path):
    from est_cli.individdata import allow_list
    from est_cli.ingest import Options, ingest_path
    from est_cli.schema import load_schema

    path = tmp_path / "fritid.csv"
    path.write_bytes(
        "Vecka;2026-W47\r\nOmråde;Vivalla\r\nOrganisation;Kommun\r\nRapportör;Fritidsledare\r\n\r\n"
        "Punkt;Antal;Plats;Kommentar\r\nSkadegörelse;1;Ronja Rövardotter;Klotter vid gården\r\n".encode("cp1252")
    )
    orebro = load_schema("orebro")
    place = ingest_path(path, orebro, Options()).reports[0].observations[0].place
    assert place == "[namn]"  # looks like a name: masked …
    kept = ingest_path(path, orebro, Options(allowed=allow_list(["Ronja Rövardotter"]))).reports[0]
    assert kept.observations[0].place == "Ronja Rövardotter"  # … unless est.toml says it is a place here


def test_police_counts_only_when_est_toml_says_lagra_antal(tmp_path):
    """`lagra = "antal"`: only item, count, week and area of the police's reports go into the archive –
    for an archive shared on a server – while the other organisations' details are kept."""
    import sqlite3

    ws = tmp_path / "EST"
    assert run_est("init", str(ws), "--schema", "orebro", "--kommun", "Örebro", "--omrade", "Vivalla").returncode == 0
    config = ws / "est.toml"
    text = config.read_text("utf-8")
    assert '[organisationer."Polis"]\nspridning = "intern"\nlagra = "allt"' in text  # documented, the default
    config.write_text(text.replace('lagra = "allt"', 'lagra = "antal"'), "utf-8")
    polis_workbook(ws / "inkorg" / "polis.xlsx")
    event_log_csv(ws / "inkorg" / "vaktare.csv")
    assert run_est("merge", cwd=ws).returncode == 0
    with sqlite3.connect(ws / "arkiv" / "est.db") as conn:
        rows = list(
            conn.execute(
                "select r.organisation, o.key, o.count, o.place, o.comment, o.action, o.time, o.date, o.severity "
                "from observations o join reports r on r.id = o.report_id order by r.organisation, o.key"
            )
        )
    police = [r for r in rows if r[0] == "Polis"]
    assert [(r[1], r[2]) for r in police] == [("brand", 1), ("skadegorelse", 2)]
    assert all(not any(r[3:]) for r in police)  # no place, comment, action, time, date or severity
    guards = [r for r in rows if r[0] == "ÖBO"]
    assert guards and guards[0][3] == "Trapphus, [lägenhet]"  # the others keep their details


def test_a_bad_data_protection_setting_is_named(tmp_path):
    ws = tmp_path / "EST"
    assert run_est("init", str(ws), "--schema", "orebro", "--kommun", "Örebro", "--omrade", "Vivalla").returncode == 0
    config = ws / "est.toml"
    config.write_text(config.read_text("utf-8").replace('lagra = "allt"', 'lagra = "inget"'), "utf-8")
    done = run_est("merge", cwd=ws)
    assert done.returncode == 2
    said = " ".join(done.stderr.split())  # wrapped at the terminal's width
    assert 'est.toml: [organisationer."Polis"] lagra ska vara "allt" eller "antal", inte \'inget\'' in said
    assert "Traceback" not in done.stderr


def test_a_word_masked_again_and_again_is_suggested_for_the_allow_list_without_being_printed(tmp_path):
    ws = tmp_path / "EST"
    assert run_est("init", str(ws), "--schema", "orebro", "--kommun", "Örebro", "--omrade", "Vivalla").returncode == 0
    rows = "".join(
        f"{item};1;Ronja Rövardotter;Kväll {n}\r\n" for n, item in enumerate(["Skadegörelse", "Brand", "Övrigt"])
    )
    (ws / "inkorg" / "fritid.csv").write_bytes(
        (
            "Vecka;2026-W47\r\nOmråde;Vivalla\r\nOrganisation;Kommun\r\nRapportör;Fritidsledare\r\n\r\n"
            "Punkt;Antal;Plats;Kommentar\r\n" + rows
        ).encode("cp1252")
    )
    done = run_est("merge", cwd=ws, columns=100)
    said = " ".join(done.stderr.split())
    assert "Samma ord togs bort som troligt personnamn 3 gånger (fritid.csv)" in said
    assert "[individdata] tillat" in said and "Rövardotter" not in done.stderr + done.stdout
    config = ws / "est.toml"
    config.write_text(config.read_text("utf-8").replace("tillat = []", 'tillat = ["Ronja Rövardotter"]'), "utf-8")
    # A file read again after the allow-list: the place is kept.
    (ws / "inkorg" / "fritid2.csv").write_bytes(
        (ws / "inkorg" / "fritid.csv").read_bytes().replace(b"Kommun", b"Kultur")
    )
    again = run_est("merge", cwd=ws, columns=100)
    assert "personnamn" not in again.stderr
