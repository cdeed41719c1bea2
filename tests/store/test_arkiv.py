"""`est arkiv export|import`: a round trip that loses nothing (every column of every row, ids and
links kept), the restored archive works (same trend, new merges get new ids), and every way a file
or target can be wrong is refused with nothing written."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from est_cli import store
from est_cli.demo import make_demo_workspace
from est_cli.insatser import add_insats
from est_cli.merge import merge_paths
from est_cli.store import Archive, portable
from est_cli.store import tables as t
from est_cli.store.portable import PortableError, data_tables, export_archive, import_archive
from est_cli.weeks import IsoWeek
from est_cli.workspace import load_workspace

from helpers import run_est as est
from helpers import said
from pg import use_archive

W46, W47, W48 = IsoWeek(2026, 46), IsoWeek(2026, 47), IsoWeek(2026, 48)


def polis_csv(folder: Path, name: str, week: IsoWeek, skadegorelse: int, when: datetime, area: str = "Vivalla") -> Path:
    path = folder / name
    path.write_text(
        f"Vecka;{week}\r\nOmråde;{area}\r\nOrganisation;Polis\r\nRapportör;Kommunpolis\r\nDatum;{week.monday()}\r\n\r\n"
        f"Punkt;Förekomst;Antal;Plats\r\nSkadegörelse;Ja;{skadegorelse};Torget\r\nBrand;Nej;;\r\n",
        encoding="utf-8",
    )
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def dump(url: str) -> dict[str, list[tuple]]:
    """Every row of every table (schema_version too), ordered by id."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table.name: [
                    tuple(row)
                    for row in conn.execute(
                        select(table).order_by(*(list(table.primary_key.columns) or list(table.columns)))
                    )
                ]
                for table in t.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.as_posix()}"


@pytest.fixture(scope="module")
def source(tmp_path_factory, orebro):
    """A real archive: the example week (with rejected rows and findings), ÖBO's compilation merged
    after its sources (superseding them), a corrected resubmission, and two insatser."""
    from est_cli.merge import write_outputs

    root = tmp_path_factory.mktemp("arkiv")
    obo, _ = make_demo_workspace(root / "obo")
    obo_archive = Archive.open(obo.archive_url())
    result = merge_paths([obo.inbox], obo, orebro, obo_archive, week=W47, organisation="ÖBO")
    write_outputs(result, obo, orebro, obo_archive, "ÖBO")
    obo_archive.close()
    compiled = obo.drafts / "2026-W47" / "sammanstallning-öbo-2026-W47.xlsx"

    ws, _ = make_demo_workspace(root / "ws")
    archive = Archive.open(ws.archive_url())
    merge_paths([ws.inbox], ws, orebro, archive, week=W47)
    merge_paths([compiled], ws, orebro, archive, week=W47)
    extra = root / "extra"
    extra.mkdir()
    first = polis_csv(extra, "polis v46.csv", W46, 2, datetime(2026, 11, 11, 9, 0))
    fixed = polis_csv(extra, "polis v46 rättad.csv", W46, 5, datetime(2026, 11, 11, 10, 0))
    merge_paths([first], ws, orebro, archive)
    merge_paths([fixed], ws, orebro, archive)
    add_insats(
        archive,
        schema=orebro,
        workspace_areas=ws.areas,
        area="Vivalla",
        item=None,
        theme="skadegörelse",
        from_week="2026-W40",
        to_week=None,
        ansvarig="ÖBO",
        beskrivning="Extra belysning vid torget",
        today=date(2026, 11, 20),
    )
    add_insats(
        archive,
        schema=orebro,
        workspace_areas=ws.areas,
        area="Baronbackarna",
        item="brand",
        theme=None,
        from_week="2026-W30",
        to_week="2026-W35",
        ansvarig="Räddningstjänsten",
        beskrivning="Brandvandring",
        today=date(2026, 11, 20),
    )
    archive.close()
    return ws


@pytest.fixture(scope="module")
def exported(source, tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "est-arkiv.zip"
    archive = Archive.open(source.archive_url())
    try:
        result = export_archive(archive, path)
    finally:
        archive.close()
    return path, result


def fresh_workspace(source, folder: Path):
    """A second workspace with the same settings and no archive yet."""
    folder.mkdir(parents=True)
    shutil.copy(source.root / "est.toml", folder / "est.toml")
    return load_workspace(folder)


def rewrite(src: Path, dst: Path, members: dict[str, bytes] | None = None, manifest=None, rehash: bool = False) -> Path:
    """A copy of an export with some members replaced; `manifest(dict)` may edit the manifest;
    `rehash` makes the manifest's sha256/rows/bytes fit the replaced members (a consistent file)."""
    members = members or {}
    with zipfile.ZipFile(src) as zin:
        data = {name: zin.read(name) for name in zin.namelist()}
    data.update(members)
    doc = json.loads(data["manifest.json"])
    if rehash:
        for entry in doc["tables"].values():
            body = data.get(entry["file"], b"")
            entry.update(sha256=hashlib.sha256(body).hexdigest(), rows=body.count(b"\n"), bytes=len(body))
    if manifest:
        manifest(doc)
    data["manifest.json"] = json.dumps(doc).encode()
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, body in data.items():
            zout.writestr(name, body)
    return dst


# ------------------------------------------------------------------ the round trip


def test_the_source_holds_every_kind_of_row(source):
    rows = dump(source.archive_url())
    reports = {r[0]: r for r in rows["reports"]}
    superseded_by = t.reports.columns.keys().index("superseded_by")
    assert sum(1 for r in reports.values() if r[superseded_by]) >= 4  # ÖBO's three sources + the corrected one
    # A report pointing to a later one: the import must set such links after inserting both.
    assert any(r[superseded_by] > r[0] for r in reports.values() if r[superseded_by])
    assert rows["compilation_sources"] and rows["insatser"] and rows["merges"]
    assert any(f[t.findings.columns.keys().index("severity")] == "error" for f in rows["findings"])
    assert sum(f[t.files.columns.keys().index("rows_rejected")] for f in rows["files"]) > 0
    assert any(f[t.files.columns.keys().index("email_date")] for f in rows["files"])


def test_every_column_of_every_table_is_exported(exported):
    path, result = exported
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        # schema_version is carried by the manifest itself; event_surplus is derived, recomputed on import;
        # place_register is derived too: the first command after an import keys the places again
        assert set(manifest["tables"]) | portable.NOT_EXPORTED == set(t.metadata.tables)
        assert portable.NOT_EXPORTED == {"schema_version", "event_surplus", "place_register"}
        for table in t.metadata.sorted_tables:
            if table.name in portable.NOT_EXPORTED:
                continue
            entry = manifest["tables"][table.name]
            assert entry["columns"] == [c.name for c in table.columns], table.name
            lines = zf.read(entry["file"]).decode("utf-8").splitlines()
            assert len(lines) == entry["rows"] == result.counts[table.name]
            assert all(list(json.loads(line)) == entry["columns"] for line in lines), table.name
    assert manifest["format"] == "est-arkiv" and manifest["format_version"] == portable.FORMAT_VERSION
    assert manifest["schema_version"] == t.SCHEMA_VERSION and manifest["est_version"]
    assert datetime.fromisoformat(manifest["created_at"])


def test_round_trip_loses_nothing(source, exported, tmp_path, db):
    path, _ = exported
    target = db or sqlite_url(tmp_path / "restored.db")  # also the move from SQLite to PostgreSQL
    result = import_archive(lambda: Archive.open(target), path)
    before, after = dump(source.archive_url()), dump(target)
    *restored_log, import_entry = after["log"]
    assert import_entry[3] == "import" and json.loads(import_entry[4])["file"] == path.name  # the import is logged
    after["log"] = restored_log
    assert after.pop("place_register") == []  # keyed with the workspace's platser.csv by the next command
    for table in t.metadata.sorted_tables:
        if table.name != "place_register":
            assert after[table.name] == before[table.name], table.name
    assert result.counts == {table.name: len(before[table.name]) for table in data_tables()}
    assert result.upgraded_to is None and result.schema_version == t.SCHEMA_VERSION


def test_restored_archive_works(source, exported, tmp_path, orebro, db):
    path, _ = exported
    restored = use_archive(fresh_workspace(source, tmp_path / "restored"), db)
    import_archive(lambda: Archive.open(restored.archive_url()), path)
    w = ["--from", "2026-W45", "--to", "2026-W48", "--json"]
    old = est("trend", *w, "--workspace", str(source.root))
    new = est("trend", *w, "--workspace", str(restored.root))
    assert old.returncode == new.returncode == 0, new.stderr
    assert json.loads(new.stdout) == json.loads(old.stdout)
    assert any(row["total"] for row in json.loads(new.stdout)["rows"])
    insatser = [est("insats", "list", "--json", "--workspace", str(ws.root)) for ws in (source, restored)]
    assert json.loads(insatser[0].stdout) == json.loads(insatser[1].stdout)

    archive = Archive.open(restored.archive_url())
    with archive.read() as conn:
        assert store.active_counts(conn, ["2026-W46", "2026-W47"]) == _counts(source, ["2026-W46", "2026-W47"])
        before_ids = {table.name: conn.execute(select(table.c.id)).scalars().all() for table in data_tables()}
    # The restored archive takes new merges: a corrected W46 report supersedes the restored one.
    later = polis_csv(tmp_path, "polis v46 sen rättelse.csv", W46, 7, datetime(2026, 11, 12, 8, 0))
    new_week = polis_csv(tmp_path, "polis v48.csv", W48, 1, datetime(2026, 11, 25, 8, 0))
    result = merge_paths([later, new_week], restored, orebro, archive)
    assert len(result.new_files) == 2 and len(result.superseded) == 1
    with archive.read() as conn:
        counts = store.active_counts(conn, ["2026-W46"])
        after_ids = {table.name: conn.execute(select(table.c.id)).scalars().all() for table in data_tables()}
    archive.close()
    assert counts[("2026-W46", "vivalla", "skadegorelse")] == 7
    for name in ("merges", "files", "reports", "observations"):
        added = set(after_ids[name]) - set(before_ids[name])
        assert added and min(added) > max(before_ids[name]), name


def _counts(ws, weeks):
    archive = Archive.open(ws.archive_url())
    try:
        with archive.read() as conn:
            return store.active_counts(conn, weeks)
    finally:
        archive.close()


def test_an_empty_archive_round_trips(tmp_path):
    empty = Archive.open(sqlite_url(tmp_path / "empty.db"))
    result = export_archive(empty, tmp_path / "tom.zip")
    empty.close()
    assert set(result.counts.values()) == {0}
    again = import_archive(lambda: Archive.open(sqlite_url(tmp_path / "again.db")), tmp_path / "tom.zip")
    assert set(again.counts.values()) == {0}


# ------------------------------------------------------------------ refusals: nothing is written


def test_refuses_a_target_that_is_not_empty(source, exported):
    path, _ = exported
    before = dump(source.archive_url())
    with pytest.raises(PortableError, match="är inte tomt") as caught:
        import_archive(lambda: Archive.open(source.archive_url()), path)
    assert not caught.value.damaged
    assert "rapporter:" in str(caught.value) and "est init" in str(caught.value)
    assert dump(source.archive_url()) == before


def test_an_archive_with_only_insatser_is_not_empty(exported, tmp_path, orebro):
    target = sqlite_url(tmp_path / "insats.db")
    archive = Archive.open(target)
    add_insats(
        archive,
        schema=orebro,
        workspace_areas=["Vivalla"],
        area="Vivalla",
        item=None,
        theme="brand",
        from_week="2026-W40",
        to_week=None,
        ansvarig="Kommunen",
        beskrivning="Brandvandring",
    )
    archive.close()
    with pytest.raises(PortableError, match="insatser: 1"):
        import_archive(lambda: Archive.open(target), exported[0])


def test_tampered_table_is_refused_before_the_target_is_touched(exported, tmp_path):
    path, _ = exported
    with zipfile.ZipFile(path) as zf:
        body = zf.read("observations.jsonl")
    tampered = rewrite(
        path, tmp_path / "ändrad.zip", {"observations.jsonl": body.replace(b'"count":1', b'"count":9', 1)}
    )
    opened = []
    with pytest.raises(PortableError, match="skadad eller ändrad: tabellen observations") as caught:
        import_archive(lambda: opened.append(1), tampered)
    assert caught.value.damaged and not opened
    # Rows dropped from the end (same manifest): refused too.
    truncated = rewrite(path, tmp_path / "kortad.zip", {"observations.jsonl": body[: body.rindex(b"\n", 0, -1) + 1]})
    with pytest.raises(PortableError, match="skadad eller ändrad"):
        import_archive(lambda: opened.append(1), truncated)
    assert not opened


def test_rows_that_do_not_hang_together_roll_everything_back(exported, tmp_path):
    """A consistent file (sha256 fits) whose observations point to a report that is not there:
    the database refuses the last table, and the tables inserted before it are rolled back."""
    path, _ = exported
    with zipfile.ZipFile(path) as zf:
        lines = zf.read("observations.jsonl").splitlines(keepends=True)
    row = json.loads(lines[-1])
    row["report_id"] = 99_999
    lines[-1] = (json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    broken = rewrite(path, tmp_path / "trasig.zip", {"observations.jsonl": b"".join(lines)}, rehash=True)
    target = sqlite_url(tmp_path / "target.db")
    Archive.open(target).close()
    before = dump(target)
    with pytest.raises(PortableError, match="hänger inte ihop") as caught:
        import_archive(lambda: Archive.open(target), broken)
    assert caught.value.damaged
    assert dump(target) == before and not any(before[table.name] for table in data_tables())


def test_newer_versions_are_refused(exported, tmp_path):
    path, _ = exported
    newer_schema = rewrite(path, tmp_path / "ny.zip", manifest=lambda m: m.update(schema_version=t.SCHEMA_VERSION + 1))
    with pytest.raises(PortableError, match="nyare version av est") as caught:
        import_archive(lambda: pytest.fail("opened"), newer_schema)
    assert not caught.value.damaged and f"arkivversion {t.SCHEMA_VERSION + 1}" in str(caught.value)
    newer_format = rewrite(path, tmp_path / "nytt.zip", manifest=lambda m: m.update(format_version=99))
    with pytest.raises(PortableError, match="nyare version av est"):
        import_archive(lambda: pytest.fail("opened"), newer_format)


def _as_version_1(manifest: dict) -> None:
    manifest["schema_version"] = 1
    del manifest["tables"]["insatser"]  # version 2 added the insatser register


def test_an_older_version_is_imported_and_brought_forward(exported, tmp_path):
    path, _ = exported
    old = rewrite(path, tmp_path / "v1.zip", manifest=_as_version_1)
    target = sqlite_url(tmp_path / "v1.db")
    result = import_archive(lambda: Archive.open(target), old)
    assert (result.schema_version, result.upgraded_to) == (1, t.SCHEMA_VERSION)
    assert result.counts["insatser"] == 0 and result.counts["reports"] == exported[1].counts["reports"]
    assert dump(target)["schema_version"] == [(t.SCHEMA_VERSION,)]


def test_an_older_version_fills_a_nullable_column_and_refuses_a_required_one(exported, tmp_path):
    path, _ = exported
    with zipfile.ZipFile(path) as zf:
        files_rows = [json.loads(line) for line in zf.read("files.jsonl").splitlines()]
        obs_rows = [json.loads(line) for line in zf.read("observations.jsonl").splitlines()]

    def without(rows, column):
        return "".join(
            json.dumps({k: v for k, v in r.items() if k != column}, ensure_ascii=False) + "\n" for r in rows
        ).encode()

    def drop_column(table, column):
        def edit(manifest):
            _as_version_1(manifest)
            manifest["tables"][table]["columns"].remove(column)

        return edit

    nullable = rewrite(
        path,
        tmp_path / "utan-avsändare.zip",
        {"files.jsonl": without(files_rows, "email_sender")},
        manifest=drop_column("files", "email_sender"),
        rehash=True,
    )
    target = sqlite_url(tmp_path / "fill.db")
    import_archive(lambda: Archive.open(target), nullable)
    assert {row[t.files.columns.keys().index("email_sender")] for row in dump(target)["files"]} == {None}

    required = rewrite(
        path,
        tmp_path / "utan-nyckel.zip",
        {"observations.jsonl": without(obs_rows, "key")},
        manifest=drop_column("observations", "key"),
        rehash=True,
    )
    with pytest.raises(PortableError, match="kan inte föras över till arkivversion") as caught:
        import_archive(lambda: pytest.fail("opened"), required)
    assert "kolumnen key i tabellen observations saknas" in str(caught.value)


def test_same_version_with_a_missing_or_unknown_column_is_refused(exported, tmp_path):
    path, _ = exported
    unknown = rewrite(path, tmp_path / "okänd.zip", manifest=lambda m: m["tables"]["files"]["columns"].append("extra"))
    with pytest.raises(PortableError, match="kolumnen extra i tabellen files finns inte"):
        import_archive(lambda: pytest.fail("opened"), unknown)
    missing = rewrite(path, tmp_path / "saknas.zip", manifest=lambda m: m["tables"].pop("findings"))
    with pytest.raises(PortableError, match="tabellen findings saknas"):
        import_archive(lambda: pytest.fail("opened"), missing)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p.write_text("Vecka;47\n", "utf-8"), "inte en zip-fil"),
        (lambda p: zipfile.ZipFile(p, "w").writestr("a.txt", "hej"), "manifest.json saknas"),
        (lambda p: zipfile.ZipFile(p, "w").writestr("manifest.json", "{inte json"), "går inte att läsa"),
        (lambda p: zipfile.ZipFile(p, "w").writestr("manifest.json", '{"format": "annat"}'), "inte från est"),
    ],
)
def test_files_that_are_no_export_are_refused(tmp_path, make, message):
    path = tmp_path / "fel.zip"
    make(path)
    with pytest.raises(PortableError, match=message) as caught:
        import_archive(lambda: pytest.fail("opened"), path)
    assert caught.value.damaged and str(path) in str(caught.value)


def test_a_corrupt_zip_member_is_refused(exported, tmp_path):
    """Bytes flipped inside the compressed data: zip's own CRC check or the sha256 catches it."""
    path, _ = exported
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("observations.jsonl")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 20, start + 40):
        data[offset] ^= 0xFF
    corrupt = tmp_path / "korrupt.zip"
    corrupt.write_bytes(bytes(data))
    with pytest.raises(PortableError) as caught:
        import_archive(lambda: pytest.fail("opened"), corrupt)
    assert caught.value.damaged


def test_export_is_atomic(source, tmp_path, monkeypatch):
    path = tmp_path / "backup.zip"
    path.write_bytes(b"the previous backup")
    real = portable._write_table

    def fail_on_findings(conn, table, zf):
        if table.name == "findings":
            raise OSError(28, "No space left on device")
        return real(conn, table, zf)

    monkeypatch.setattr(portable, "_write_table", fail_on_findings)
    archive = Archive.open(source.archive_url())
    try:
        with pytest.raises(PortableError, match="kan inte skrivas"):
            export_archive(archive, path)
    finally:
        archive.close()
    assert path.read_bytes() == b"the previous backup"
    assert [p.name for p in tmp_path.iterdir()] == ["backup.zip"]


def test_postgresql_sequences_follow_the_imported_ids():
    """Engine-specific: after explicit ids, PostgreSQL's sequences are set to max(id); SQLite needs nothing."""
    from sqlalchemy.dialects import postgresql, sqlite

    from est_cli.store.engine import advance_sequences

    class Recorder:
        def __init__(self, dialect):
            self.dialect, self.sql = dialect, []

        def execute(self, statement, params=None):
            self.sql.append((str(statement), params))

    pg = Recorder(postgresql.dialect())
    advance_sequences(pg, data_tables())
    assert [params["table"] for _, params in pg.sql] == [table.name for table in data_tables()]
    statement, params = next((s, p) for s, p in pg.sql if p["table"] == "reports")
    assert params == {"table": "reports", "column": "id"}
    assert statement == (
        "SELECT setval(pg_get_serial_sequence(:table, :column), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM reports"
    )
    lite = Recorder(sqlite.dialect())
    advance_sequences(lite, data_tables())
    assert lite.sql == []


def test_core_does_not_print_or_import_typer():
    source_text = Path(portable.__file__).read_text("utf-8")
    assert "typer" not in source_text and "print(" not in source_text


# ------------------------------------------------------------------ the command line


def test_cli_export_then_import(source, tmp_path):
    backup = tmp_path / "säkerhetskopia.zip"
    made = est("arkiv", "export", str(backup), "--workspace", str(source.root))
    assert made.returncode == 0, made.stderr
    assert made.stdout == "" and "Traceback" not in made.stderr
    assert "Arkivet är sparat i" in said(made) and "rapporter" in made.stderr and "observationer" in made.stderr
    assert "insatser" in made.stderr and max(len(line) for line in made.stderr.splitlines()) <= 80
    assert backup.is_file() and [p.name for p in tmp_path.iterdir()] == [backup.name]

    restored = fresh_workspace(source, tmp_path / "ny")
    read = est("arkiv", "import", str(backup), "--workspace", str(restored.root))
    assert read.returncode == 0, read.stderr
    assert "är inläst i arkivet" in said(read) and max(len(line) for line in read.stderr.splitlines()) <= 80
    restored_tables = dump(restored.archive_url())
    assert [entry[3] for entry in restored_tables.pop("log")][-1] == "import"
    assert restored_tables.pop("place_register") == []  # keyed with the workspace's platser.csv by the next command
    assert restored_tables == {
        name: rows for name, rows in dump(source.archive_url()).items() if name not in ("log", "place_register")
    }

    again = est("arkiv", "import", str(backup), "--workspace", str(restored.root))
    assert again.returncode == 2 and "är inte tomt" in said(again) and "Traceback" not in again.stderr


def test_cli_json_and_db_without_a_workspace(source, tmp_path):
    backup = tmp_path / "b.zip"
    made = est("arkiv", "export", str(backup), "--json", "--db", source.archive_url(), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    doc = json.loads(made.stdout)
    assert doc["schema_version"] == t.SCHEMA_VERSION and doc["tables"]["reports"] > 0 and doc["file"] == str(backup)
    target = tmp_path / "pg-stand-in.db"
    read = est("arkiv", "import", str(backup), "--json", "--db", sqlite_url(target), cwd=tmp_path)
    assert read.returncode == 0, read.stderr
    assert json.loads(read.stdout)["tables"] == doc["tables"] and read.stderr == ""
    human = est("arkiv", "import", "b.zip", "--db", sqlite_url(tmp_path / "second.db"), cwd=tmp_path)
    assert human.returncode == 0 and "arkiv = … i est.toml" in said(human)  # how to use the new archive


def test_cli_errors_are_swedish_lines_with_the_right_exit_code(exported, tmp_path):
    path, _ = exported
    target = ["--db", sqlite_url(tmp_path / "mål.db")]
    # A long temporary path wraps mid-word at 80 columns; the message is what is tested here.
    missing = est("arkiv", "import", str(tmp_path / "finns-inte.zip"), *target, cwd=tmp_path, columns=200)
    assert missing.returncode == 2 and "finns-inte.zip finns inte" in said(missing)
    not_zip = tmp_path / "anteckning.zip"
    not_zip.write_text("hej", "utf-8")
    wrong = est("arkiv", "import", str(not_zip), *target, cwd=tmp_path)
    assert wrong.returncode == 1 and "ingen exportfil från est" in said(wrong)
    newer = rewrite(path, tmp_path / "ny.zip", manifest=lambda m: m.update(schema_version=t.SCHEMA_VERSION + 1))
    refused = est("arkiv", "import", str(newer), *target, cwd=tmp_path)
    assert refused.returncode == 2 and "Uppdatera est" in said(refused)
    assert not (tmp_path / "mål.db").exists()  # nothing was created for a file that failed its checks
    no_file = est("arkiv", "export", cwd=tmp_path)
    assert no_file.returncode == 2 and "Ange filen" in said(no_file)
    no_folder = est("arkiv", "export", str(tmp_path / "saknas" / "b.zip"), *target, cwd=tmp_path)
    assert no_folder.returncode == 2 and "saknas finns inte" in said(no_folder)
    for result in (missing, wrong, refused, no_file, no_folder):
        assert "Traceback" not in result.stderr and result.stdout == ""


def test_cli_help_lists_arkiv():
    top = est("--help")
    assert "arkiv" in top.stdout
    for command in ("export", "import"):
        shown = est("arkiv", command, "--help")
        assert shown.returncode == 0 and "Exempel" in shown.stdout


def test_an_export_without_place_keys_gets_them_and_counts_events(exported, tmp_path):
    """An export from before the events (version 4: no observations.place_key, no event_links) is
    imported with every observation's place key filled, so the same event reported twice counts once."""
    path, _ = exported
    with zipfile.ZipFile(path) as zf:
        obs_rows = [json.loads(line) for line in zf.read("observations.jsonl").splitlines()]
    body = "".join(
        json.dumps({k: v for k, v in r.items() if k != "place_key"}, ensure_ascii=False) + "\n" for r in obs_rows
    ).encode()

    def as_version_4(manifest):
        manifest["schema_version"] = 4
        manifest["tables"]["observations"]["columns"].remove("place_key")
        for table in ("log", "event_links"):
            manifest["tables"].pop(table, None)

    old = rewrite(path, tmp_path / "v4.zip", {"observations.jsonl": body}, manifest=as_version_4, rehash=True)
    target = sqlite_url(tmp_path / "v4.db")
    import_archive(lambda: Archive.open(target), old)
    archive = Archive.open(target)
    try:
        with archive.read() as conn:
            keys = conn.execute(select(t.observations.c.place, t.observations.c.place_key)).all()
            counted, reported = store.counts_and_reported(conn, ["2026-W47"])
    finally:
        archive.close()
    assert keys and all(key is not None for _, key in keys)
    assert {key for place, key in keys if place.strip() == "Lertagsgatan"} == {"lertagsgatan"}
    assert counted[("2026-W47", "vivalla", "brand")] < reported[("2026-W47", "vivalla", "brand")]
